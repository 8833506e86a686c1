"""The desk sees the resolved source: a claim said by "he" shows the person's name in the SQL
columns the review app lists, in the CSV, in ClaimReview's author and in the claim groups.

Two short articles written in wire style state the same figure, each through a pronoun source.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3

import pytest

from extractor.analysis.exports import claim_reviews, load_articles, load_reviews, write_csv
from extractor.analysis.groups import group_claims
from extractor.api import extract_many
from extractor.io.sinks.sqlite import SqliteWriter
from models import Article

pytestmark = pytest.mark.slow  # runs the model pipeline and writes a database

ARTICLES = [
    Article(id="desk-a", published=dt.date(2016, 9, 20), text=(
        "Transport Minister Ana Ruiz visited the port of Valencia in Spain on Monday.\n\n"
        "She said 4,000 containers were stranded in Spain in August.")),
    Article(id="desk-b", published=dt.date(2016, 9, 21), text=(
        "Port director Paul Mensah spoke to reporters on Tuesday.\n\n"
        "He said 4,000 containers were stranded in Spain in August.")),
]


@pytest.fixture(scope="module")
def stored(nlp_model, tmp_path_factory):
    results = list(extract_many(ARTICLES, nlp_model))
    path = tmp_path_factory.mktemp("desk") / "claims.db"
    with SqliteWriter(path) as writer:
        for article, result in zip(ARTICLES, results):
            writer.write(result, article)
    return path, results


def test_sources_desk_records_hold_the_resolved_name(stored):
    _, results = stored
    names = {(r.article_id, c.source.text, c.source.name) for r in results for c in r.claims if c.source}
    assert ("desk-b", "He", "Paul Mensah") in names
    assert ("desk-a", "She", "Ana Ruiz") in names


def test_sources_desk_sql_and_csv_show_the_name(stored):
    path, _ = stored
    with sqlite3.connect(path) as conn:  # the columns the review app's claim list reads
        rows = set(conn.execute("SELECT source_text, source_name FROM claims WHERE article_id = 'desk-b'"))
    conn.close()
    assert rows == {("He", "Paul Mensah")}
    out = io.StringIO()
    write_csv(load_articles(path), load_reviews(path), out)
    assert {row["source_name"] for row in csv.DictReader(io.StringIO(out.getvalue()))} >= {"Paul Mensah", "Ana Ruiz"}


def test_sources_desk_claimreview_author_is_the_name(stored):
    path, _ = stored
    items = claim_reviews(load_articles(path), load_reviews(path), review_url="https://desk.example.org/c",
                          include_unreviewed=True)
    authors = {item["itemReviewed"]["author"]["name"] for item in items if "author" in item["itemReviewed"]}
    assert "Paul Mensah" in authors and "He" not in authors


def test_sources_desk_groups_show_the_name(stored):
    _, results = stored
    sources = {m.source for g in group_claims(results) for m in g.members}
    assert "Paul Mensah" in sources and "He" not in sources
