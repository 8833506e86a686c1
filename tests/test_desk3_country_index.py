"""The review app's country filter reads the index ``claims_place_countries`` (each claim's article,
source country and places) and ``officials_country``: declared with the writer's indexes, made by the
writer when it opens a database written before them, and left out of PostgreSQL (the app reads
SQLite). The filter's time at 100,000 claims is measured by scripts/time_country_filter.py (README
"Reviewing claims"); here the query plan is asserted, never a time."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from test_review import corpus_articles, write_db

from extractor.io.sinks.sqlite import SqliteWriter
from extractor.io.tables import REVIEW_INDEXES, postgres_ddl, sqlite_ddl
from extractor.review import forms, listing, store

NEW = ("officials_country", "claims_place_countries")


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, nlp_blank) -> Path:
    """The seed, ten Wikinews articles and a <script> article, by the extractor's own writer."""
    return write_db(tmp_path_factory.mktemp("country") / "claims.db", corpus_articles(wikinews=10), nlp_blank)


def sql(db: Path, query: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


def plan(db: Path, query: str, params: list[object]) -> str:
    """The query plan as the app's connection (with its empty reviews table) sees it."""
    conn = store.connect(db)
    try:
        return " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}", params))
    finally:
        conn.close()


def test_country_indexes_are_review_indexes_of_sqlite_only():
    assert set(NEW) <= set(REVIEW_INDEXES)
    assert all(f"CREATE INDEX IF NOT EXISTS {name} " in sqlite_ddl() for name in NEW)
    assert "officials_country" in postgres_ddl() and "claims_place_countries" not in postgres_ddl()


@pytest.mark.parametrize("country", ["US", "GB", "KZ"])
def test_country_filter_100k_reads_the_index_not_the_claims(db_100k, country):
    """The count and the page read the places and source countries from the covering index."""
    filters = forms.parse_claim_filters({"country": country})
    where, params = listing.claim_where(filters)
    for query, query_params in ((f"SELECT COUNT(*) FROM claims c {where}", params),
                                listing.claims_query(filters)):
        steps = plan(db_100k, query, query_params)
        assert "SEARCH x USING COVERING INDEX claims_place_countries (article_id=?)" in steps, steps
        assert "SEARCH officials USING INDEX officials_country (country=?)" in steps, steps


def older(db: Path, tmp_path: Path) -> Path:
    """A copy of ``db`` as an older version wrote it: without the two indexes."""
    path = Path(shutil.copy(db, tmp_path / "older.db"))
    with sqlite3.connect(path) as conn:
        for name in NEW:
            conn.execute(f"DROP INDEX {name}")
    return path


def test_writer_opening_an_older_database_makes_the_indexes(db, tmp_path):
    path = older(db, tmp_path)
    SqliteWriter(path).close()  # what `wireclaims extract ... -o older.db` does first
    names = {row[0] for row in sql(path, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert set(NEW) <= names


def every_country(db: Path) -> list[str]:
    return [code for (code,) in sql(db, "SELECT code FROM countries UNION SELECT subject_country FROM claims "
                                        "WHERE subject_country IS NOT NULL UNION SELECT source_country FROM claims "
                                        "WHERE source_country IS NOT NULL")]


def test_country_filter_selects_what_the_claims_say_with_or_without_the_index(db, tmp_path):
    """For every country of the database: nationality, source country or a place is the country."""
    path = older(db, tmp_path)
    for country in every_country(db):
        said = sql(db, "SELECT article_id, id FROM claims c WHERE subject_country = ? OR source_country = ? OR "
                       "EXISTS (SELECT 1 FROM json_each(c.places) p WHERE json_extract(p.value, '$.country') = ?)",
                   (country,) * 3)
        filters = forms.parse_claim_filters({"country": country})
        for database in (db, path):
            assert listing.claim_keys(store.connect(database), filters) == set(said), (country, database)
