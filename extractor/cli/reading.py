"""Commands that read an output: ``show`` and ``list``, and the one way every command names and
checks the output it reads (``DB``: a positional argument, any kind ``extractor.io.sinks.registry``
knows: SQLite, JSONL, a Parquet directory, a postgresql:// URL)."""

from __future__ import annotations

from typing import Annotated

import typer

from extractor.analysis.render import render_claims
from extractor.cli.common import fail, say
from extractor.io.sinks import registry

DEFAULT_OUTPUT = "claims.db"
DB_HELP = "The output of 'extract' to read: SQLite (.db), .jsonl, .parquet or a postgresql:// URL."


def check_readable(db: str) -> None:
    """Fail with one line unless ``db`` is an output kind that exists."""
    try:
        registry.kind_of(db)
    except ValueError as err:
        fail(str(err))
    if registry.missing(db):
        fail(f"no such output: {db}")


def show(
    first: Annotated[str, typer.Argument(metavar="DB", show_default=False, help=DB_HELP)],
    article_id: Annotated[str | None, typer.Argument(
        metavar="ARTICLE_ID", show_default=False, help="The article id to show.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Deprecated: give the output first, 'show DB ARTICLE_ID'.")] = None,
) -> None:
    """Print an article's claims readably: quantity, subject, predicate, places, time, source."""
    if article_id is None:  # the old form: show ARTICLE_ID [--db DB]
        article_id, first = first, db or DEFAULT_OUTPUT
        say(f"note: 'show ARTICLE_ID --db DB' is deprecated; use 'show DB ARTICLE_ID' (reading {first})")
    elif db is not None:
        fail("give the output once: 'show DB ARTICLE_ID'")
    check_readable(first)
    try:
        result = registry.find_result(first, article_id)
    except Exception as err:  # noqa: BLE001 - a corrupt store: one line, not a traceback
        fail(f"cannot read {first}: {err}")
    if result is None:
        fail(f"article {article_id!r} not found in {first}", code=1)
    typer.echo(render_claims(result), nl=False)


def list_articles(
    db: Annotated[str, typer.Argument(metavar="DB", show_default=False, help=DB_HELP)],
) -> None:
    """List the articles of an output: id, publication date, claims, quantities and title."""
    check_readable(db)
    try:
        titles = registry.read_titles(db)
        rows = [(r.article_id, r.published or "-", len(r.claims), len(r.quantities), titles.get(r.article_id) or "")
                for r in registry.read_results(db)]
    except Exception as err:  # noqa: BLE001 - a corrupt store: one line, not a traceback
        fail(f"cannot read {db}: {err}")
    width = max([len("article"), *(len(row[0]) for row in rows)])
    typer.echo(f"{'article':<{width}}  {'published':<10}  {'claims':>6}  {'quantities':>10}  title")
    for article_id, published, claims, quantities, title in rows:
        typer.echo(f"{article_id:<{width}}  {published:<10}  {claims:>6}  {quantities:>10}  {title}".rstrip())
    say(f"{len(rows)} articles, {sum(row[2] for row in rows)} claims")
