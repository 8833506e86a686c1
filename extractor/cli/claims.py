"""Commands ``groups`` and ``export``, registered on the app by ``extractor.cli.app``:

    app.command()(groups)
    app.command()(export)

They validate paths and options and call ``extractor.analysis.groups`` / ``extractor.analysis.exports``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from extractor import __version__
from extractor.analysis.exports import (
    claim_reviews,
    labelstudio_config,
    labelstudio_tasks,
    load_articles,
    load_reviews,
    write_csv,
)
from extractor.analysis.groups import groups_from_db, render_groups
from extractor.cli.common import fail


class GroupFormat(str, Enum):
    text = "text"
    json = "json"


class ExportFormat(str, Enum):
    claimreview = "claimreview"
    labelstudio = "labelstudio"
    csv = "csv"


def _check_db(db: Path) -> None:
    if not db.is_file():
        fail(f"no such database: {db}")


def groups(
    db: Annotated[Path, typer.Argument(metavar="DB", show_default=False,
                                       help="The SQLite database written by 'extract'.")],
    conflicts_only: Annotated[bool, typer.Option(
        "--conflicts-only", help="List only the groups whose claims conflict.")] = False,
    min_size: Annotated[int, typer.Option(min=1, help="Smallest number of claims in a listed group.")] = 2,
    output_format: Annotated[GroupFormat, typer.Option(
        "--format", help="'text' (one block per group) or 'json' (a list of groups).")] = GroupFormat.text,
) -> None:
    """List claims that state the same thing across articles, and whether they conflict."""
    _check_db(db)
    try:
        found = groups_from_db(db, min_size=min_size)
    except (sqlite3.Error, ValueError) as err:
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
    db: Annotated[Path, typer.Argument(metavar="DB", show_default=False,
                                       help="The SQLite database written by 'extract'.")],
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
        metavar="URL", help="ClaimReview: the review page; each review's url is URL#<claim id>.")] = None,
) -> None:
    """Export claims as ClaimReview JSON-LD, Label Studio tasks with predictions, or CSV."""
    _check_db(db)
    if output is not None and not output.parent.is_dir():
        fail(f"output directory does not exist: {output.parent}")
    if output_format is ExportFormat.labelstudio and output is None:
        fail("--format labelstudio needs -o FILE (its labeling config is written beside it)")
    if review_date is not None:
        review_date = _iso_day(review_date)
    try:
        articles, reviews = load_articles(db), load_reviews(db)
    except (sqlite3.Error, ValueError) as err:
        fail(f"cannot read {db}: {err}")
    if output_format is ExportFormat.csv:
        _write_csv(articles, reviews, output)
        return
    if output_format is ExportFormat.claimreview:
        data = claim_reviews(articles, reviews, reviewer=reviewer, review_date=review_date, review_url=review_url)
    else:
        data = labelstudio_tasks(articles, model_version=f"wireclaims-{__version__}")
        config = config_path(output)
        config.write_text(labelstudio_config(), encoding="utf-8")
        typer.echo(f"wireclaims: labeling config {config}", err=True)
    _write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)
    typer.echo(f"wireclaims: {len(data)} {output_format.value} records", err=True)


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
