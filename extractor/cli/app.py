"""The ``wireclaims`` command line: parses options, calls the library, sets exit codes.

Records go to the output file (or stdout with ``-o -``); rejects, warnings and the summary go
to stderr. Exit codes: 0 done (rejects do not fail a run), 1 ``--strict`` and something was
rejected (or ``show`` of an unknown id), 2 bad usage or nothing could be read, 3 the output's
disk is full, 4 the output cannot be written any more (``extractor.cli.failures``), 130
``extract`` interrupted (Ctrl-C or SIGTERM; what was done is kept: resume with ``--skip-existing``).

Importing this module loads no spaCy (``--help`` and the commands that only read outputs stay
fast): the engines, which run the pipeline, are imported by ``extract`` when it runs
(``_run_local``, ``_extract_dask``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
from enum import Enum
from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Annotated

import typer

from extractor.chunking import MAX_CHARS
from extractor.cli.claims import export, groups
from extractor.cli.common import fail, say
from extractor.cli.failures import told
from extractor.io.inputs import printable
from extractor.cli.progress import progress_display
from extractor.cli.reading import DEFAULT_OUTPUT, list_articles, show
from extractor.cli.review import review
from extractor.engines.hooks import BatchOptions, Hooks
from extractor.io.readers import Columns
from extractor.io.sinks import registry
from extractor.io.sinks.registry import StoredIds, Writer
from models import ArticleResult

class DateOrder(str, Enum):
    MDY = "MDY"
    DMY = "DMY"


app = typer.Typer(
    name="wireclaims",
    help="Turn news wire articles into structured, checkable claim records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from extractor import __version__

        typer.echo(f"wireclaims {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_version, help="Print the version and exit.")] = False,
) -> None:
    """Turn news wire articles into structured, checkable claim records."""


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
    date_order: Annotated[DateOrder, typer.Option(
        "--date-order", help="Day order of a numeric publication date such as 10/12/2016: MDY (October "
                             "12) or DMY (10 December).")] = DateOrder.MDY,
    engine: Annotated[str, typer.Option(
        help="'local' (processes on this machine) or 'dask' (input shards on a Dask cluster, merged "
             "into OUT in input order).")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        metavar="ADDRESS", help="Dask scheduler address for --engine dask; without it a local cluster "
                                "of --workers processes is started.")] = None,
    shard_size: Annotated[int | None, typer.Option(
        min=1, help="Articles per shard with --engine dask (default: sized from the input, 4 shards per "
                    "worker, 16 to 500 articles).")] = None,
    strict_components: Annotated[bool, typer.Option(
        "--strict-components", help="An error inside a component rejects its article (naming the error) "
                                    "instead of becoming a warning in its record.")] = False,
) -> None:
    """Extract claim records from articles into a SQLite database or a JSONL file.

    Output is committed batch by batch. Interrupted (Ctrl-C, kill)? Run again with --skip-existing to resume.
    """
    _check_inputs(inputs)
    options = BatchOptions(
        published=_parse_published(published) if published is not None else None,
        columns=Columns(id=id_column, text=text_column, published=published_column, date_order=date_order.value),
        batch_size=batch_size, max_chars=max_chars, limit=limit, workers=workers)
    _check_output(output)
    if engine not in ("local", "dask"):
        fail(f"unknown engine {engine!r}: use 'local' or 'dask'")
    if engine == "dask":
        _extract_dask(inputs, output, options, model=model, scheduler=scheduler, shard_size=shard_size,
                      quiet=quiet, strict=strict, strict_components=strict_components)
        return
    _run_local(inputs, output, options, model=model, skip_existing=skip_existing, quiet=quiet, strict=strict,
               strict_components=strict_components)


def _run_local(inputs: list[Path], output: str, options: BatchOptions, *, model: str, skip_existing: bool,
               quiet: bool, strict: bool, strict_components: bool = False) -> None:
    """``extract`` on this machine: the process pool of ``extractor.engines.local``."""
    from extractor.engines.local import run_batch  # the pipeline (spaCy) loads only for a run
    from extractor.pipeline import pipeline_name

    skip = _resume_ids(output) if skip_existing else frozenset()
    nlp = _load(model, strict_components=strict_components)
    tell = (lambda message: None) if quiet else say
    hooks = Hooks(on_reject=lambda reject: quiet or typer.echo(reject.message(), err=True),
                  on_warning=lambda warning: tell(f"warning: {warning}"))
    writer = _open_output(output, options.batch_size, append=skip_existing)
    with told(lambda: writer.counts, writer.describe()), \
            _interruptible(writer), writer, _closing(skip), progress_display(inputs, hooks, quiet, options.limit):
        run_batch(inputs, writer, nlp, options=options, skip=skip, hooks=hooks)
    if not quiet:
        _summary(pipeline_name(nlp), writer, hooks.progress.skipped)
        if hooks.progress.undated:
            say(f"{hooks.progress.undated} articles had no publication date: relative dates left unresolved "
                "(give --published DATE, a published field, a sidecar NAME.json or a date in the file name)")
    if writer.counts.articles == 0 and not hooks.progress.skipped:
        fail("no article could be read")
    if strict and writer.counts.rejects:
        raise typer.Exit(1)


def _extract_dask(inputs: list[Path], output: str, options: BatchOptions, *, model: str,
                  scheduler: str | None, shard_size: int | None, quiet: bool, strict: bool,
                  strict_components: bool = False) -> None:
    """``extract --engine dask``: shards on a cluster, one output merged in input order."""
    from extractor.engines.dask import run_dask  # Dask and the pipeline load only for a run

    tell = (lambda message: None) if quiet else say
    try:
        summary = run_dask(inputs, output, scheduler=scheduler, workers=options.workers, shard_size=shard_size,
                           model=model, published=options.published, max_chars=options.max_chars,
                           on_reject=lambda reject: quiet or typer.echo(reject.message(), err=True),
                           on_warning=lambda warning: tell(f"warning: {warning}"), strict_components=strict_components)
    except (OSError, TimeoutError) as err:
        fail(f"dask engine failed: {err}")
    counts = summary.counts
    tell(f"pipeline {summary.pipeline} on dask ({summary.shards} shards)")
    tell(f"{counts.articles} articles processed, {counts.quantities} quantities, {counts.claims} claims, "
         f"{counts.officials} officials, {counts.countries} countries, {counts.dates} dates, "
         f"{counts.rejects} rejects")
    tell(f"output {summary.output}")
    if counts.articles == 0:
        fail("no article could be read")
    if strict and counts.rejects:
        raise typer.Exit(1)


def _resume_ids(output: str) -> Collection[str]:
    if output == registry.STDOUT:
        fail("--skip-existing needs an output file, not stdout")
    try:
        return registry.existing_ids(output)
    except (OSError, ValueError, sqlite3.Error) as err:
        fail(f"cannot resume from {output}: {getattr(err, 'strerror', None) or err}")


def _closing(ids: Collection[str]) -> AbstractContextManager:
    """Closes a ``StoredIds``'s connection to the output when the run ends."""
    return ids if isinstance(ids, StoredIds) else nullcontext()


def _open_output(output: str, batch_size: int, *, append: bool) -> Writer:
    try:
        return registry.open_writer(output, batch_size=batch_size, append=append)
    except (OSError, sqlite3.Error) as err:
        fail(f"cannot open output {output}: {getattr(err, 'strerror', None) or err}")


@contextmanager
def _interruptible(writer: Writer) -> Iterator[None]:
    """SIGTERM acts like Ctrl-C; either one ends the run after the writer keeps what is done."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except KeyboardInterrupt:
        say(f"interrupted after {writer.counts.articles} articles written; "
             "run the same command with --skip-existing to resume")
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_inputs(inputs: list[Path]) -> None:
    """Nothing at all at a path is bad usage; a broken link or a loop there is that input's reject."""
    missing = [printable(path) for path in inputs if not os.path.lexists(path)]
    if missing:
        fail(f"input not found: {', '.join(missing)}")


def _parse_published(value: str) -> dt.date:
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        fail(f"--published {value!r} is not an ISO 8601 date")


def _check_output(output: str) -> None:
    try:
        local = registry.is_file_output(output)
    except ValueError as err:
        fail(str(err))
    if local and not Path(output).parent.is_dir():
        fail(f"output directory does not exist: {Path(output).parent}")


def _load(model: str, *, strict_components: bool = False):
    from extractor.api import load  # spaCy: only when a run starts

    try:
        return load(model, strict_components=strict_components)
    except (OSError, ImportError) as err:
        fail(f"cannot load model {model!r}: {str(err).splitlines()[0]}")


def _summary(pipeline: str, writer: Writer, skipped: int = 0) -> None:
    counts = writer.counts
    replaced = f" ({counts.replaced} replaced)" if counts.replaced else ""
    say(f"pipeline {pipeline}")
    if skipped:
        say(f"{skipped} articles skipped (already in the output)")
    say(f"{counts.articles} articles processed{replaced}, {counts.quantities} quantities, "
        f"{counts.claims} claims, {counts.officials} officials, {counts.countries} countries, "
        f"{counts.dates} dates, {counts.rejects} rejects")
    say(f"output {writer.describe()}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output record (ArticleResult)."""
    typer.echo(json.dumps(ArticleResult.model_json_schema(), indent=2, ensure_ascii=False))


app.command()(show)
app.command("list")(list_articles)
app.command()(groups)
app.command()(export)
app.command()(review)


def main() -> None:
    """Entry point for ``python -m extractor``."""
    app(prog_name="wireclaims")
