"""The ``wireclaims`` command line: parses options, calls the library, sets exit codes.

Records go to the output file (or stdout with ``-o -``); rejects, warnings and the summary go
to stderr. Exit codes: 0 done (rejects do not fail a run), 1 ``--strict`` and something was
rejected (or ``show`` of an unknown id), 2 bad usage or nothing could be read.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from extractor.readers import Located, read_located
from extractor.writers import (
    SQLITE_SUFFIXES, STDOUT, Counts, Writer, find_result, open_writer, render_claims,
)
from models import Article, ArticleResult, Reject

if TYPE_CHECKING:
    from spacy.language import Language

#: Same as ``extractor.api.MAX_CHARS`` (not imported here: that would load spaCy for ``--help``).
MAX_CHARS = 1_000_000
DEFAULT_OUTPUT = "claims.db"
#: Inputs between two progress lines on stderr.
PROGRESS_EVERY = 1000
_PIPELINE_SOURCE = "<input>"

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
        help="Article dumps: .jsonl, .jsonl.gz or .txt files, or directories (read recursively).")],
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="OUT",
        help="Output file: .db/.sqlite/.sqlite3 (SQLite) or .jsonl; '-' writes JSONL to stdout.")]
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
        min=1, help="Reject articles whose text is longer than this many characters.")] = MAX_CHARS,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print no per-reject lines, warnings or summary (errors still go to stderr).")]
        = False,
) -> None:
    """Extract claim records from articles into a SQLite database or a JSONL file."""
    _check_inputs(inputs)
    anchor = _parse_published(published) if published is not None else None
    _check_output(output)
    nlp = _load(model)
    from extractor.pipeline import pipeline_name

    tell = (lambda message: None) if quiet else _say
    try:
        writer = open_writer(output, batch_size=batch_size)
    except (OSError, sqlite3.Error) as err:
        _fail(f"cannot open output {output}: {getattr(err, 'strerror', None) or err}")
    with writer:
        run_extract(inputs, writer, nlp, published=anchor, batch_size=batch_size, max_chars=max_chars,
                    on_reject=lambda reject: quiet or typer.echo(reject.message(), err=True),
                    on_warning=lambda warning: tell(f"warning: {warning}"),
                    on_progress=lambda done: tell(f"{done:,} inputs done"))
    if not quiet:
        _summary(pipeline_name(nlp), writer)
    if writer.counts.articles == 0:
        _fail("no article could be read")
    if strict and writer.counts.rejects:
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
    """Read ``paths``, extract, write every result and reject to ``writer``; return its counts.

    Rejects made inside the pipeline are given the file and line of their article;
    ``on_progress`` is called with the number of inputs done every ``PROGRESS_EVERY`` inputs.
    """
    from extractor.api import extract_many

    located: deque[Located] = deque()

    def items() -> Iterator[Article | Reject]:
        for entry in read_located(paths, published=published, on_warning=on_warning):
            located.append(entry)
            yield entry.item

    outputs = extract_many(items(), nlp, batch_size=batch_size, max_chars=max_chars, source=_PIPELINE_SOURCE)
    for done, out in enumerate(outputs, start=1):
        entry = located.popleft()
        if on_progress is not None and done % PROGRESS_EVERY == 0:
            on_progress(done)
        if isinstance(out, ArticleResult):
            writer.write(out, entry.item)
            continue
        if out.source == _PIPELINE_SOURCE:
            out = out.model_copy(update={"source": entry.source, "line": entry.line})
        writer.reject(out)
        if on_reject is not None:
            on_reject(out)
    return writer.counts


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
    if output == STDOUT:
        return
    path = Path(output)
    if path.suffix.lower() not in (".jsonl", *SQLITE_SUFFIXES):
        _fail(f"unsupported output {output!r}: use a .jsonl, .db, .sqlite or .sqlite3 file, or -")
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


def _summary(pipeline: str, writer: Writer) -> None:
    counts = writer.counts
    replaced = f" ({counts.replaced} replaced)" if counts.replaced else ""
    _say(f"pipeline {pipeline}")
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
    db: Annotated[Path, typer.Option(
        "--db", help="The output to read: a SQLite database (or a .jsonl output).")] = Path(DEFAULT_OUTPUT),
) -> None:
    """Print an article's claims readably: quantity, subject, predicate, places, time, source."""
    if not db.is_file():
        _fail(f"no such output: {db}")
    try:
        result = find_result(db, article_id)
    except Exception as err:  # a corrupt file: one line, not a traceback
        _fail(f"cannot read {db}: {err}")
    if result is None:
        _fail(f"article {article_id!r} not found in {db}", code=1)
    typer.echo(render_claims(result), nl=False)


def main() -> None:
    """Entry point for ``python -m extractor``."""
    app(prog_name="wireclaims")
