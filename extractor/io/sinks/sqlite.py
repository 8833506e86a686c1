"""SQLite output (``.db`` / ``.sqlite`` / ``.sqlite3``): WAL mode, one transaction per batch.

Re-running an article id replaces all its rows; a reject replaces the earlier reject at the same
``(source, line)`` (or ``(source, article_id)`` when it has no line). ``articles.record`` holds the
full ``ArticleResult`` JSON, so ``read_results`` gives back exactly what was written. The schema is
``SCHEMA`` (declared in ``extractor.io.tables``) and the FTS5 index over claim sentences
(``claims_fts``, filled for the rows already there when it is first made); closing the writer
gives the query planner its statistics (``ANALYZE``), so the review app has nothing to create or
analyze before it reads. No clock time is stored.

A writer that creates its database loads the rows first and makes the secondary indexes and the
full-text index when it closes: built once over the whole table they cost half of what keeping them
up to date row by row costs, which halves the writer's CPU (the parent process's main work in a
pool run). The primary keys, which the replacing of an article reads, and the index a reject's
replacement reads are there from the start. A run stopped before closing leaves a database without
the other indexes; the next writer to open it makes them (``SCHEMA`` and ``add_full_text`` create
what is missing). Until then every query still answers, only slower (the review app's text search
falls back to ``LIKE``).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

from extractor.io.rows import COLUMNS, Flavour, article_rows, group_rows
from extractor.io.sinks.base import ARTICLE_TABLES, BATCH_SIZE, Batching, Counts, Prepared, StoredIds
from extractor.io.tables import FTS_TABLE, sqlite_ddl, sqlite_fts_ddl
from models import Article, ArticleResult, Reject

SUFFIXES = (".db", ".sqlite", ".sqlite3")
#: Tables, indexes and meta rows, from the one declaration in ``extractor.io.tables``.
SCHEMA = sqlite_ddl()
#: The same without the indexes a new database gets when its writer closes.
LOAD_FIRST_SCHEMA = sqlite_ddl(load_first=True)
_INSERT = {table: f"INSERT INTO {table} VALUES ({', '.join(['?'] * len(columns))})"
           for table, columns in COLUMNS.items()}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _nested(items: Sequence, _extra: tuple[str, ...]) -> str:
    return _json([item.model_dump(mode="json") if isinstance(item, BaseModel) else item for item in items])


FLAVOUR = Flavour(day=lambda day: day, nested=_nested, record=lambda record: record.model_dump_json(), flag=int)


def prepare(result: ArticleResult, article: Article) -> Prepared:
    """The rows ``SqliteWriter`` inserts for one article (its tables', then ``claim_groups``)."""
    return Prepared.of(result, {**article_rows(result, article, FLAVOUR), "claim_groups": group_rows(result)})


#: SQLite errors about the file, not the article: the run stops on them (``extractor.cli.failures``).
_OUTPUT_ERRORS = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_CORRUPT",
                  "SQLITE_NOTADB")


def _whole_output_failed(err: sqlite3.Error) -> bool:
    return getattr(err, "sqlite_errorname", "").startswith(_OUTPUT_ERRORS)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchone() is not None


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """An existing database whose tables are not ours is refused before anything is written."""
    for table, columns in COLUMNS.items():
        found = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        if found and found != list(columns):
            raise sqlite3.DatabaseError(
                f"{path} already has a table {table!r} with other columns than wireclaims writes ("
                f"{', '.join(found[:6])}{', ...' if len(found) > 6 else ''}); write to another file")


class SqliteWriter(Batching):
    """SQLite output: one transaction per ``batch_size`` articles (rejects ride along)."""

    prepare = staticmethod(prepare)

    def __init__(self, path: Path, *, batch_size: int = BATCH_SIZE) -> None:
        self.path = path
        self.counts = Counts()
        self.batch_size = max(1, batch_size)
        self._pending: list[Reject | tuple[ArticleResult | Prepared, Article]] = []
        self._conn = sqlite3.connect(path, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        _check_schema(self._conn, path)
        #: a new database: its rows are loaded before the secondary indexes are made (on close)
        self.load_first = not _has_tables(self._conn)
        self._conn.executescript(LOAD_FIRST_SCHEMA if self.load_first else SCHEMA)
        if not self.load_first:
            add_full_text(self._conn)

    def close(self) -> None:
        try:
            self.flush()
            if self.load_first:
                self._conn.executescript(SCHEMA)
                add_full_text(self._conn)
            analyze(self._conn)
        finally:
            self._conn.close()

    def flush(self) -> None:
        """Write what is pending in one transaction."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        before = dataclasses.replace(self.counts)  # the counts say what is committed
        self._conn.execute("BEGIN")
        try:
            for item in pending:
                if isinstance(item, Reject):
                    self._store_reject(item)
                else:
                    self._store_article(*item)
            self._conn.execute("COMMIT")
        except BaseException:
            self.counts = before
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def describe(self) -> str:
        return str(self.path)

    def _store_article(self, result: ArticleResult | Prepared, article: Article) -> None:
        conn = self._conn
        prepared = result if isinstance(result, Prepared) else prepare(result, article)
        conn.execute("SAVEPOINT article")
        try:
            replaced = _delete_article(conn, prepared.article_id)
            for table, rows in prepared.payload.items():
                conn.executemany(_INSERT[table], rows)
        except sqlite3.Error as err:
            if _whole_output_failed(err):
                raise  # a full disk or a failing file stops the run (it is not this article's fault)
            conn.execute("ROLLBACK TO article")
            conn.execute("RELEASE article")
            self._store_reject(Reject(source=str(self.path), article_id=prepared.article_id,
                                      reason=f"could not store the records: {err}"))
            return
        conn.execute("RELEASE article")
        self.counts.add(prepared)
        self.counts.replaced += replaced

    def _store_reject(self, reject: Reject) -> None:
        if reject.line is None:
            self._conn.execute("DELETE FROM rejects WHERE source = ? AND line IS NULL AND article_id IS ?",
                               (reject.source, reject.article_id))
        else:
            self._conn.execute("DELETE FROM rejects WHERE source = ? AND line = ?", (reject.source, reject.line))
        self._conn.execute("INSERT INTO rejects VALUES (?, ?, ?, ?, ?)",
                           (reject.source, reject.line, reject.article_id, reject.reason, reject.raw))
        self.counts.rejects += 1


def add_full_text(conn: sqlite3.Connection) -> bool:
    """Create ``claims_fts`` and its triggers if missing (and index the claims already stored);
    ``False`` when this SQLite has no FTS5."""
    known = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone() is not None
    try:
        conn.executescript(sqlite_fts_ddl())
    except sqlite3.OperationalError as err:
        if "fts5" in str(err):
            return False
        raise
    if not known:
        conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
    return True


def analyze(conn: sqlite3.Connection) -> None:
    """Statistics for the query planner: a full ``ANALYZE`` the first time, then ``PRAGMA optimize``."""
    first = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None
    conn.execute("ANALYZE" if first else "PRAGMA optimize")


def _delete_article(conn: sqlite3.Connection, article_id: str) -> int:
    for table in (*ARTICLE_TABLES, "claim_groups"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    return conn.execute("DELETE FROM articles WHERE article_id = ?", (article_id,)).rowcount


def open_writer(path: Path | str, *, batch_size: int = BATCH_SIZE) -> SqliteWriter:
    return SqliteWriter(Path(path), batch_size=batch_size)


def read_results(path: Path | str) -> Iterator[ArticleResult]:
    """The records of an SQLite output, in the order written."""
    with connect_read_only(Path(path)) as conn:
        for (record,) in conn.execute("SELECT record FROM articles ORDER BY rowid"):
            yield ArticleResult.model_validate_json(record)


def read_rejects(path: Path | str) -> Iterator[Reject]:
    with connect_read_only(Path(path)) as conn:
        rows = conn.execute("SELECT source, line, article_id, reason, raw FROM rejects ORDER BY rowid")
        for source, line, article_id, reason, raw in rows:
            yield Reject(source=source, line=line, article_id=article_id, reason=reason, raw=raw)


def find_result(path: Path | str, article_id: str) -> ArticleResult | None:
    with connect_read_only(Path(path)) as conn:
        row = conn.execute("SELECT record FROM articles WHERE article_id = ?", (article_id,)).fetchone()
    return ArticleResult.model_validate_json(row[0]) if row else None


def read_columns(path: Path | str, columns: tuple[str, ...]) -> Iterator[tuple]:
    """``(article_id, *columns)`` of every article, in the order written (``columns`` of ``articles``)."""
    with connect_read_only(Path(path)) as conn:
        yield from conn.execute(f"SELECT article_id, {', '.join(columns)} FROM articles ORDER BY rowid").fetchall()


def existing_ids(path: Path | str) -> StoredIds | set[str]:
    """The ids stored in the database at ``path``, asked one by one; empty when it has no
    ``articles`` table (or does not exist)."""
    path = Path(path)
    if not path.is_file():
        return set()
    conn = open_read_only(path)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchall():
            return StoredIds(conn, conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchall()[0][0])
    except BaseException:
        conn.close()
        raise
    conn.close()
    return set()


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``: opening never creates an empty database)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


@contextmanager
def connect_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a database that must exist, closed on leaving."""
    if not path.is_file():
        raise FileNotFoundError(f"no such database: {path}")
    conn = open_read_only(path)
    try:
        yield conn
    finally:
        conn.close()
