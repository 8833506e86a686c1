"""Commands ``groups`` and ``export``, registered on the app by ``extractor.cli.app``:

    app.command()(groups)
    app.command()(export)

They validate paths and options and call ``extractor.analysis.groups`` / ``extractor.analysis.exports``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from extractor import __version__
from extractor.analysis.exports import (
    StoredArticle,
    claim_reviews,
    labelstudio_config,
    labelstudio_tasks,
    load_articles,
    load_reviews,
    write_csv,
)
from extractor.analysis.group_files import groups_from_db
from extractor.analysis.groups import render_groups
from extractor.cli.common import fail
from extractor.cli.reading import DB_HELP, check_readable
from extractor.io.sinks import registry


#: The environment variable that can hold the base URL of the review pages.
REVIEW_URL_ENV = "WIRECLAIMS_REVIEW_URL"


class GroupFormat(str, Enum):
    text = "text"
    json = "json"


class ExportFormat(str, Enum):
    claimreview = "claimreview"
    labelstudio = "labelstudio"
    csv = "csv"


def groups(
    db: Annotated[str, typer.Argument(metavar="DB", show_default=False, help=DB_HELP)],
    conflicts_only: Annotated[bool, typer.Option(
        "--conflicts-only", help="List only the groups whose claims conflict.")] = False,
    min_size: Annotated[int, typer.Option(min=1, help="Smallest number of claims in a listed group.")] = 2,
    output_format: Annotated[GroupFormat, typer.Option(
        "--format", help="'text' (one block per group) or 'json' (a list of groups).")] = GroupFormat.text,
) -> None:
    """List claims that state the same thing across articles, and whether they conflict."""
    check_readable(db)
    try:
        found = groups_from_db(db, min_size=min_size)
    except Exception as err:  # noqa: BLE001 - a corrupt store: one line, not a traceback
        fail(f"cannot read {db}: {err}")
    if conflicts_only:
        found = [group for group in found if group.conflict]
    if output_format is GroupFormat.json:
        typer.echo(json.dumps([group.model_dump(mode="json") for group in found], indent=2, ensure_ascii=False))
    else:
        typer.echo(render_groups(found), nl=False)
    conflicts = sum(group.conflict for group in found)
    typer.echo(f"wireclaims: {len(found)} groups, {conflicts} with a conflict", err=True)


def export(
    db: Annotated[str, typer.Argument(metavar="DB", show_default=False,
                                      help=DB_HELP + " Reviews are read from SQLite.")],
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", help="claimreview (schema.org JSON-LD), labelstudio (tasks + config), or csv.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Output file (default stdout). For labelstudio, the config is written beside it "
             "as <stem>.config.xml, so -o is required.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        help="ClaimReview: the fact-checking organization named as the review's author.")] = None,
    review_date: Annotated[str | None, typer.Option(
        metavar="DATE", help="ClaimReview: datePublished (YYYY-MM-DD) of reviewed claims; never the clock.")] = None,
    review_url: Annotated[str | None, typer.Option(
        metavar="URL", envvar=REVIEW_URL_ENV, show_envvar=True,
        help="ClaimReview (required): the page publishing the reviews; each review's url is "
             "URL#<claim id>.")] = None,
    include_unreviewed: Annotated[bool, typer.Option(
        "--include-unreviewed", help="ClaimReview: also export claims nobody reviewed (no rating; "
                                     "their reviewBody says so). Wrong extractions are never exported.")] = False,
) -> None:
    """Export claims as ClaimReview JSON-LD, Label Studio tasks with predictions, or CSV."""
    check_readable(db)
    sqlite = registry.kind_of(db) == "sqlite"
    if output is not None and not output.parent.is_dir():
        fail(f"output directory does not exist: {output.parent}")
    if output_format is ExportFormat.labelstudio and output is None:
        fail("--format labelstudio needs -o FILE (its labeling config is written beside it)")
    if output_format is ExportFormat.labelstudio and registry.kind_of(db) == "jsonl":
        fail("--format labelstudio needs the article texts, which a JSONL output does not keep: "
             "export from a database (.db, .parquet, postgresql://)")
    if review_date is not None:
        review_date = _iso_day(review_date)
    if output_format is ExportFormat.claimreview and not (review_url or "").strip():
        fail(f"--format claimreview needs --review-url URL (or {REVIEW_URL_ENV}): "
             "the page where the reviews are published")
    try:
        articles, reviews = (load_articles(db), load_reviews(db)) if sqlite else (_stored(db), {})
    except Exception as err:  # noqa: BLE001 - a corrupt store: one line, not a traceback
        fail(f"cannot read {db}: {err}")
    if output_format is ExportFormat.csv:
        _write_csv(articles, reviews, output)
        return
    if output_format is ExportFormat.claimreview:
        data = claim_reviews(articles, reviews, reviewer=reviewer, review_date=review_date, review_url=review_url,
                             include_unreviewed=include_unreviewed)
    else:
        data = labelstudio_tasks(articles, model_version=f"wireclaims-{__version__}")
        config = config_path(output)
        config.write_text(labelstudio_config(), encoding="utf-8")
        typer.echo(f"wireclaims: labeling config {config}", err=True)
    _write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)
    typer.echo(f"wireclaims: {len(data)} {output_format.value} records", err=True)


def _stored(db: str) -> list[StoredArticle]:
    """The records of an output other than SQLite, with the text, title and url it keeps beside
    them (none in JSONL), and no reviews: those live in the SQLite file the review app writes to."""
    fields = registry.read_columns(db, ("text", "title", "url"))
    return [StoredArticle(result, *fields.get(result.article_id, ("", None, None)), result.published)
            for result in registry.read_results(db)]


def config_path(output: Path) -> Path:
    """Where the Label Studio config goes beside the tasks file: ``<stem>.config.xml``."""
    return output.with_name(f"{output.stem}.config.xml")


def _iso_day(value: str) -> str:
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        fail(f"--review-date {value!r} is not a YYYY-MM-DD date")


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _write_csv(articles, reviews, output: Path | None) -> None:
    if output is None:
        rows = write_csv(articles, reviews, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as stream:
            rows = write_csv(articles, reviews, stream)
    typer.echo(f"wireclaims: {rows} csv rows", err=True)
