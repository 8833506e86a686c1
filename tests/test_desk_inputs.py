"""Inputs as newsrooms keep them: plain-text files with a title line, a date in the file name or a
sidecar, and publication dates written as people write them (10/12/2016, with a day order)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli.app import app
from extractor.io.article_fields import file_name_day, read_published, split_title
from extractor.io.readers import Columns, read_articles
from extractor.io.sinks.registry import read_results
from models import Article, Reject

ROOT = Path(__file__).resolve().parents[1]


def corpus(article_id: str) -> Article:
    with (ROOT / "corpus" / "wikinews.jsonl").open(encoding="utf-8") as stream:
        return next(a for a in (Article.model_validate_json(line) for line in stream) if a.id == article_id)


def undated_body(article: Article) -> str:
    """The article's text without its dateline paragraph ("March 19, 2007")."""
    return article.text.split("\n\n", 1)[1]


@pytest.mark.parametrize("text, title", [
    # headline, blank line, story: Wikinews 62929 and 112579 as a newsroom saves them
    ("A380 makes maiden flight to US\n\nThe Airbus A380, the world's largest passenger plane, was set to land.",
     "A380 makes maiden flight to US"),
    ("Dow falls 340 points amid unemployment and retail sales rates news\n\nThe Dow Jones Industrial Average fell.",
     "Dow falls 340 points amid unemployment and retail sales rates news"),
    # a short headline straight above the text
    ("Boeing pushes back 737 replacement development\nBoeing said on Friday it would delay the plane.",
     "Boeing pushes back 737 replacement development"),
    # a first line that is a sentence, a dateline or a lead-in is the text's own
    ("The Airbus A380 landed in Chicago on Monday.\n\nIt carried about 500 people.", None),
    ("March 19, 2007\n\nThe Airbus A380, the world's largest passenger plane, was set to land.", None),
    ("WASHINGTON:\nThe Federal Reserve cut rates on Tuesday.", None),
    ("The Airbus A380 landed in Chicago on Monday after a test flight from Frankfurt via New York that carried",
     None),
])
def test_desk_inputs_title_line(text, title):
    found, body = split_title(text)
    assert found == title
    assert body == (text if title is None else text.split("\n", 1)[1].lstrip("\n"))


def test_desk_inputs_no_wikinews_dateline_is_a_title(wikinews_articles):
    assert all(split_title(a.text)[0] is None for a in wikinews_articles)


@pytest.mark.parametrize("value, order, day", [
    ("10/12/2016", "MDY", "2016-10-12"),
    ("10/12/2016", "DMY", "2016-12-10"),
    ("3.9.2008", "DMY", "2008-09-03"),
    ("October 12, 2016", "MDY", "2016-10-12"),
    ("12 October 2016", "DMY", "2016-10-12"),
    ("Thursday, September 4, 2008", "MDY", "2008-09-04"),
    ("2016-10-12", "DMY", "2016-10-12"),             # ISO is ISO whatever the order
    ("2016-10-12T08:30:00Z", "MDY", "2016-10-12T08:30:00Z"),
    # unreadable: left as written, for the record's validation to reject
    ("13/13/2016", "MDY", "13/13/2016"),
    ("yesterday", "MDY", "yesterday"),               # relative: no clock is read
    ("October 2016", "MDY", "October 2016"),         # no day
])
def test_desk_inputs_read_published(value, order, day):
    assert read_published(value, order) == day


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_desk_inputs_written_dates_read_and_only_unreadable_rejected(tmp_path):
    text = undated_body(corpus("wikinews-62929"))
    path = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "text": text, "published": "03/19/2007"},
        {"id": "b", "text": text, "published": "19/03/2007"},
        {"id": "c", "text": text, "published": "the day after"}])
    mdy = list(read_articles([path]))
    assert mdy[0].published.isoformat() == "2007-03-19"
    assert isinstance(mdy[1], Reject) and mdy[1].reason == "published '19/03/2007' is not an ISO 8601 date"
    assert isinstance(mdy[2], Reject)
    dmy = list(read_articles([path], columns=Columns(date_order="DMY")))
    assert isinstance(dmy[0], Reject) and dmy[1].published.isoformat() == "2007-03-19"


def test_desk_inputs_txt_title_file_name_date_and_sidecar(tmp_path):
    a380, dow = corpus("wikinews-62929"), corpus("wikinews-112579")
    named = tmp_path / "2007-03-19-a380.txt"
    named.write_text(f"{a380.title}\n\n{undated_body(a380)}", encoding="utf-8")
    side = tmp_path / "dow.txt"
    side.write_text(undated_body(dow), encoding="utf-8")
    (tmp_path / "dow.json").write_text(json.dumps({"published": "09/04/2008", "title": dow.title, "url": dow.url}),
                                       encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text(undated_body(a380), encoding="utf-8")
    first, second, third = read_articles([named, side, plain])
    assert (first.id, first.title, first.published.isoformat()) == ("2007-03-19-a380", a380.title, "2007-03-19")
    assert first.text == undated_body(a380)
    assert (second.title, second.url, second.published.isoformat()) == (dow.title, dow.url, "2008-09-04")
    assert (third.title, third.published) == (None, None)
    assert file_name_day(Path("20161008_fed.txt")).isoformat() == "2016-10-08"
    assert file_name_day(Path("2016-13-08.txt")) is None


def test_desk_inputs_bad_sidecar_is_that_articles_reject(tmp_path):
    (tmp_path / "a.txt").write_text("The Dow fell 344.65 points on Thursday.", encoding="utf-8")
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The Dow fell 344.65 points on Thursday.", encoding="utf-8")
    (tmp_path / "b.json").write_text('{"published": "someday"}', encoding="utf-8")
    first, second = read_articles([tmp_path])
    assert isinstance(first, Reject) and first.reason.startswith("sidecar a.json is not readable JSON")
    assert isinstance(second, Reject) and second.reason == "published 'someday' is not an ISO 8601 date"


def test_desk_inputs_summary_counts_articles_without_a_date(tmp_path):
    a380 = corpus("wikinews-62929")
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(undated_body(a380), encoding="utf-8")
    (tmp_path / "2007-03-19-dated.txt").write_text(undated_body(a380), encoding="utf-8")
    out = tmp_path / "claims.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "-o", str(out), "--model", "blank"])
    assert result.exit_code == 0, result.stderr
    assert ("wireclaims: 2 articles had no publication date: relative dates left unresolved"
            in result.stderr)
    dated = next(r for r in read_results(out) if r.article_id == "2007-03-19-dated")
    monday = next(d for d in dated.dates if d.text == "Monday")
    assert monday.begin == "2007-03-19"   # "on Monday", anchored by the file name's date
