"""The ``wireclaims`` command line: parses options, calls the library, sets exit codes.

Records go to the output file (or stdout with ``-o -``); rejects, warnings and the summary go
to stderr. Exit codes: 0 done (rejects do not fail a run), 1 ``--strict`` and something was
rejected (or ``show`` of an unknown id), 2 bad usage or nothing could be read, 130
``extract`` interrupted (Ctrl-C or SIGTERM; what was done is kept: resume with ``--skip-existing``).
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import sqlite3
import sys
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
)
from rich.text import Text

from extractor.batch import (
    AppendingJsonlWriter,
    BatchOptions,
    Hooks,
    StoredIds,
    count_inputs,
    existing_ids,
    run_batch,
)
from extractor.batch import Progress as BatchProgress
from extractor.commands_claims import export, groups
from extractor.readers import Columns
from extractor.render import render_claims
from extractor.review.command import review
from extractor.writers import (
    PARQUET_SUFFIX,
    POSTGRES_SCHEMES,
    SQLITE_SUFFIXES,
    STDOUT,
    Counts,
    Writer,
    find_result,
    open_writer,
)
from models import ArticleResult, Reject

if TYPE_CHECKING:
    from spacy.language import Language

#: Same as ``extractor.api.MAX_CHARS`` (not imported here: that would load spaCy for ``--help``).
MAX_CHARS = 100_000
DEFAULT_OUTPUT = "claims.db"
#: Inputs between two progress lines on stderr.
PROGRESS_EVERY = 1000

app = typer.Typer(
    name="wireclaims",
    help="Turn news wire articles into structured, checkable claim records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"wireclaims: error: {message}", err=True)
    raise typer.Exit(code)


def _say(message: str) -> None:
    typer.echo(f"wireclaims: {message}", err=True)


@app.command()
def extract(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="INPUT", show_default=False,
        help="Article dumps: .jsonl, .jsonl.gz, .csv, .txt, .html or .htm files, or directories "
             "(read recursively).")],
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="OUT",
        help="Output: .db/.sqlite/.sqlite3 (SQLite), .jsonl, .parquet (a directory of one Parquet file "
             "per table), a postgresql://… URL, or '-' for JSONL on stdout.")]
        = DEFAULT_OUTPUT,
    published: Annotated[str | None, typer.Option(
        metavar="DATE", help="Publication date (ISO 8601) for articles that carry none.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit with status 1 when any input was rejected.")] = False,
    model: Annotated[str, typer.Option(
        help="spaCy pipeline: 'auto' (English model if installed), 'blank', or a model name or path.")]
        = "auto",
    batch_size: Annotated[int, typer.Option(
        min=1, help="Articles per spaCy batch (and per SQLite transaction).")] = 16,
    max_chars: Annotated[int, typer.Option(
        min=1, help="Process articles longer than this many characters in pieces split at paragraph "
                    "breaks (records still index the whole text).")] = MAX_CHARS,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print no progress bar, per-reject lines, warnings or summary "
                              "(errors still go to stderr).")] = False,
    limit: Annotated[int | None, typer.Option(
        min=1, metavar="N", help="Stop after reading N inputs (skipped ones included).")] = None,
    skip_existing: Annotated[bool, typer.Option(
        "--skip-existing", help="Do not process articles whose id is already in OUT. Re-running an "
                                "interrupted or killed run with this flag resumes it: no article is "
                                "lost or written twice.")] = False,
    workers: Annotated[int, typer.Option(
        min=1, metavar="N", help="Worker processes, each with its own pipeline; output keeps the input "
                                 "order.")] = 1,
    id_column: Annotated[str, typer.Option(
        metavar="NAME", help="CSV input: the column holding the article id.")] = "id",
    text_column: Annotated[str, typer.Option(
        metavar="NAME", help="CSV input: the column holding the article text.")] = "text",
    published_column: Annotated[str, typer.Option(
        metavar="NAME", help="CSV input: the column holding the publication date.")] = "published",
    engine: Annotated[str, typer.Option(
        help="'local' (processes on this machine) or 'dask' (input shards on a Dask cluster, merged "
             "into OUT in input order).")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        metavar="ADDRESS", help="Dask scheduler address for --engine dask; without it a local cluster "
                                "of --workers processes is started.")] = None,
    shard_size: Annotated[int, typer.Option(min=1, help="Articles per shard with --engine dask.")] = 500,
) -> None:
    """Extract claim records from articles into a SQLite database or a JSONL file.

    Output is committed batch by batch. Interrupted (Ctrl-C, kill)? Run again with --skip-existing to resume.
    """
    _check_inputs(inputs)
    options = BatchOptions(
        published=_parse_published(published) if published is not None else None,
        columns=Columns(id=id_column, text=text_column, published=published_column),
        batch_size=batch_size, max_chars=max_chars, limit=limit, workers=workers)
    _check_output(output)
    if engine not in ("local", "dask"):
        _fail(f"unknown engine {engine!r}: use 'local' or 'dask'")
    if engine == "dask":
        _extract_dask(inputs, output, options, model=model, scheduler=scheduler, shard_size=shard_size,
                      quiet=quiet, strict=strict)
        return
    skip = _resume_ids(output) if skip_existing else frozenset()
    nlp = _load(model)
    from extractor.pipeline import pipeline_name

    tell = (lambda message: None) if quiet else _say
    hooks = Hooks(on_reject=lambda reject: quiet or typer.echo(reject.message(), err=True),
                  on_warning=lambda warning: tell(f"warning: {warning}"))
    writer = _open_output(output, batch_size, append=skip_existing)
    with _interruptible(writer), writer, _closing(skip), _progress_display(inputs, hooks, quiet, limit):
        run_batch(inputs, writer, nlp, options=options, skip=skip, hooks=hooks)
    if not quiet:
        _summary(pipeline_name(nlp), writer, hooks.progress.skipped)
    if writer.counts.articles == 0 and not hooks.progress.skipped:
        _fail("no article could be read")
    if strict and writer.counts.rejects:
        raise typer.Exit(1)


def _extract_dask(inputs: list[Path], output: str, options: BatchOptions, *, model: str,
                  scheduler: str | None, shard_size: int, quiet: bool, strict: bool) -> None:
    """``extract --engine dask``: shards on a cluster, one output merged in input order."""
    from extractor.dask_engine import run_dask  # imported here: keeps --help fast

    tell = (lambda message: None) if quiet else _say
    try:
        summary = run_dask(inputs, output, scheduler=scheduler, workers=options.workers, shard_size=shard_size,
                           model=model, published=options.published, max_chars=options.max_chars,
                           on_reject=lambda reject: quiet or typer.echo(reject.message(), err=True),
                           on_warning=lambda warning: tell(f"warning: {warning}"))
    except (OSError, TimeoutError) as err:
        _fail(f"dask engine failed: {err}")
    counts = summary.counts
    tell(f"pipeline {summary.pipeline} on dask ({summary.shards} shards)")
    tell(f"{counts.articles} articles processed, {counts.quantities} quantities, {counts.claims} claims, "
         f"{counts.officials} officials, {counts.countries} countries, {counts.dates} dates, "
         f"{counts.rejects} rejects")
    tell(f"output {summary.output}")
    if counts.articles == 0:
        _fail("no article could be read")
    if strict and counts.rejects:
        raise typer.Exit(1)


def run_extract(
    paths: Iterable[Path],
    writer: Writer,
    nlp: Language,
    *,
    published: dt.date | None = None,
    batch_size: int = 16,
    max_chars: int = MAX_CHARS,
    on_reject: Callable[[Reject], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Counts:
    """Kept for callers of the first API: ``run_batch`` with one worker.

    ``on_progress`` is called with the number of inputs done every ``PROGRESS_EVERY`` inputs.
    """
    hooks = Hooks(on_reject=on_reject, on_warning=on_warning, on_progress=_every(on_progress))
    options = BatchOptions(published=published, batch_size=batch_size, max_chars=max_chars)
    return run_batch(paths, writer, nlp, options=options, hooks=hooks)


def _every(on_progress: Callable[[int], None] | None) -> Callable[[Progress], None] | None:
    """A progress hook that reports every ``PROGRESS_EVERY`` inputs done."""
    if on_progress is None:
        return None
    last = [0]

    def hook(progress: Progress) -> None:
        done = progress.articles + progress.rejects + progress.skipped
        if done // PROGRESS_EVERY > last[0] // PROGRESS_EVERY:
            on_progress(done // PROGRESS_EVERY * PROGRESS_EVERY)
        last[0] = done

    return hook


def _resume_ids(output: str) -> Collection[str]:
    if output == STDOUT:
        _fail("--skip-existing needs an output file, not stdout")
    try:
        return existing_ids(output)
    except (OSError, ValueError, sqlite3.Error) as err:
        _fail(f"cannot resume from {output}: {getattr(err, 'strerror', None) or err}")


def _closing(ids: Collection[str]) -> AbstractContextManager:
    """Closes a ``StoredIds``'s connection to the output when the run ends."""
    return ids if isinstance(ids, StoredIds) else nullcontext()


def _open_output(output: str, batch_size: int, *, append: bool) -> Writer:
    try:
        if append and output != STDOUT and Path(output).suffix.lower() == ".jsonl":
            return AppendingJsonlWriter(Path(output))
        return open_writer(output, batch_size=batch_size)
    except (OSError, sqlite3.Error) as err:
        _fail(f"cannot open output {output}: {getattr(err, 'strerror', None) or err}")


@contextmanager
def _interruptible(writer: Writer) -> Iterator[None]:
    """SIGTERM acts like Ctrl-C; either one ends the run after the writer keeps what is done."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except KeyboardInterrupt:
        _say(f"interrupted after {writer.counts.articles} articles written; "
             "run the same command with --skip-existing to resume")
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _progress_display(inputs: list[Path], hooks: Hooks, quiet: bool, limit: int | None):
    """A rich progress bar on a terminal; else a line every ``PROGRESS_EVERY`` inputs."""
    if quiet:
        return nullcontext()
    if not sys.stderr.isatty():
        hooks.on_progress = _every(lambda done: _say(f"{done:,} inputs done"))
        return nullcontext()
    return progress_bar(hooks, total=count_inputs(inputs, limit=limit))


class _RateColumn(ProgressColumn):
    """Articles per second over the run so far (results come in batches: no short-window rate),
    and the time left at that rate."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time or task.elapsed
        if not elapsed or not task.completed:
            return Text("-:--:-- left", style="progress.remaining")
        rate = task.completed / elapsed
        left = "" if task.total is None else f", {_clock(max(0.0, task.total - task.completed) / rate)} left"
        return Text(f"{rate:,.1f} articles/s{left}", style="progress.data.speed")


def _clock(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


@contextmanager
def progress_bar(hooks: Hooks, *, total: int | None, console: Console | None = None) -> Iterator[None]:
    """Show inputs read, claims, rejects, rate and ETA on stderr while a run goes on."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[claims]:,} claims, {task.fields[rejects]:,} rejects"),
               _RateColumn())
    with Progress(*columns, console=console or Console(stderr=True)) as bar:
        task = bar.add_task("articles", total=total, claims=0, rejects=0)

        def update(progress: BatchProgress) -> None:
            done = progress.articles + progress.rejects + progress.skipped
            bar.update(task, completed=done, claims=progress.claims, rejects=progress.rejects)

        hooks.on_progress = update
        yield


def _check_inputs(inputs: list[Path]) -> None:
    missing = [str(path) for path in inputs if not path.exists()]
    if missing:
        _fail(f"input not found: {', '.join(missing)}")


def _parse_published(value: str) -> dt.date:
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        _fail(f"--published {value!r} is not an ISO 8601 date")


def _check_output(output: str) -> None:
    if output == STDOUT or output.startswith(POSTGRES_SCHEMES):
        return
    path = Path(output)
    if path.suffix.lower() not in (".jsonl", PARQUET_SUFFIX, *SQLITE_SUFFIXES):
        _fail(f"unsupported output {output!r}: use a .jsonl, .db, .sqlite, .sqlite3 or .parquet path, "
              f"a postgresql:// URL, or -")
    if not path.parent.is_dir():
        _fail(f"output directory does not exist: {path.parent}")


def _load(model: str) -> Language:
    from extractor.api import load

    # quantulum3 warns on import that its optional unit classifier is missing: not the user's concern
    warnings.filterwarnings("ignore", message="Classifier dependencies not installed", category=UserWarning)
    try:
        return load(model)
    except (OSError, ImportError) as err:
        _fail(f"cannot load model {model!r}: {str(err).splitlines()[0]}")


def _summary(pipeline: str, writer: Writer, skipped: int = 0) -> None:
    counts = writer.counts
    replaced = f" ({counts.replaced} replaced)" if counts.replaced else ""
    _say(f"pipeline {pipeline}")
    if skipped:
        _say(f"{skipped} articles skipped (already in the output)")
    _say(f"{counts.articles} articles processed{replaced}, {counts.quantities} quantities, "
         f"{counts.claims} claims, {counts.officials} officials, {counts.countries} countries, "
         f"{counts.dates} dates, {counts.rejects} rejects")
    _say(f"output {writer.describe()}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output record (ArticleResult)."""
    typer.echo(json.dumps(ArticleResult.model_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ARTICLE_ID", help="The article id to show.", show_default=False)],
    db: Annotated[str, typer.Option(
        "--db", help="The output to read: SQLite, .jsonl, .parquet or a postgresql:// URL.")] = DEFAULT_OUTPUT,
) -> None:
    """Print an article's claims readably: quantity, subject, predicate, places, time, source."""
    if not db.startswith(POSTGRES_SCHEMES) and not Path(db).exists():
        _fail(f"no such output: {db}")
    try:
        result = find_result(db, article_id)
    except Exception as err:  # noqa: BLE001 - a corrupt store: one line, not a traceback
        _fail(f"cannot read {db}: {err}")
    if result is None:
        _fail(f"article {article_id!r} not found in {db}", code=1)
    typer.echo(render_claims(result), nl=False)


app.command()(groups)
app.command()(export)
app.command()(review)


def main() -> None:
    """Entry point for ``python -m extractor``."""
    app(prog_name="wireclaims")
