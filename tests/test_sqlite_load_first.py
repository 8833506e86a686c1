"""A new SQLite output is loaded first and indexed when its writer closes (half the writer's CPU);
an existing one keeps its indexes up to date; a run stopped before closing leaves a database that
answers every query and gets its indexes from the next writer that opens it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from extractor.api import extract_many
from extractor.io.sinks.sqlite import SqliteWriter
from extractor.io.tables import FTS_TABLE, WRITE_INDEXES, sqlite_ddl
from models import Article

#: Every index the SQLite script declares.
SQLITE_INDEXES = set(re.findall(r"CREATE INDEX IF NOT EXISTS (\w+)", sqlite_ddl()))


@pytest.fixture(scope="module")
def pairs(nlp_blank, wikinews_articles) -> list[tuple]:
    articles = wikinews_articles[:6]
    return list(zip(extract_many(articles, nlp_blank), articles))


def _names(conn: sqlite3.Connection, kind: str) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def _search(path: Path, word: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (word,)).fetchone()[0]


def test_a_new_database_is_indexed_when_its_writer_closes(tmp_path, pairs):
    path = tmp_path / "new.db"
    writer = SqliteWriter(path)
    assert writer.load_first
    for result, article in pairs[:3]:
        writer.write(result, article)
    writer.flush()
    assert _names(writer._conn, "index") & SQLITE_INDEXES == set(WRITE_INDEXES)
    assert FTS_TABLE not in _names(writer._conn, "table")
    for result, article in pairs[3:]:
        writer.write(result, article)
    writer.close()
    with sqlite3.connect(path) as conn:
        assert SQLITE_INDEXES <= _names(conn, "index")
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        indexed = conn.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
    assert claims == sum(len(result.claims) for result, _ in pairs) > 0 and indexed == claims
    assert _search(path, "said") > 0


def test_an_existing_database_keeps_its_indexes_up_to_date(tmp_path, pairs):
    path = tmp_path / "old.db"
    with SqliteWriter(path) as writer:
        writer.write(*pairs[0])
    writer = SqliteWriter(path)
    assert not writer.load_first
    assert SQLITE_INDEXES <= _names(writer._conn, "index")
    for result, article in pairs[1:]:
        writer.write(result, article)
    writer.close()
    with sqlite3.connect(path) as conn:
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        assert conn.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0] == claims


def test_a_stopped_run_gets_its_indexes_from_the_next_writer(tmp_path, pairs):
    path = tmp_path / "stopped.db"
    writer = SqliteWriter(path)
    for result, article in pairs[:4]:
        writer.write(result, article)
    writer.flush()
    writer._conn.close()  # the run stops here: no close(), so no secondary indexes
    with sqlite3.connect(path) as conn:
        assert _names(conn, "index") & SQLITE_INDEXES == set(WRITE_INDEXES)
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    with SqliteWriter(path) as writer:
        assert not writer.load_first
        writer.write(*pairs[4])
    with sqlite3.connect(path) as conn:
        assert SQLITE_INDEXES <= _names(conn, "index")
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        assert conn.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0] == claims
