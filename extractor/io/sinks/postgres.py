"""PostgreSQL output: the SQLite writer's tables, typed for PostgreSQL (psycopg 3).

``open_writer("postgresql://…")`` (or ``postgres://…``) gives a ``PostgresWriter``. The tables are
those of the SQLite output (both declared in ``extractor.io.tables``) with PostgreSQL types:
``jsonb`` for nested fields and the full records, ``double precision`` for numbers, ``date`` for
calendar days (``published``, ``time_begin``/``time_end``, ``begin_day``/``end_day``; a value that is
not a real day is left NULL there and kept as written in ``record``), ``boolean`` for ``hedged``.
``articles`` and ``rejects`` carry a ``seq`` identity column in place of SQLite's rowid: the order
written.

Tables and indexes are created if missing (under an advisory lock, so concurrent writers may start
together). Each batch of ``batch_size`` articles (rejects ride along) is one transaction: an article
id written again replaces all its rows (delete, then insert: it moves to the end of the order),
a reject replaces the one at the same ``(source, line)``, and a run that dies leaves only whole
batches. An article PostgreSQL cannot store (a NUL character in its text) becomes a reject.
NUL characters in a reject's ``raw``/``reason`` are stored as U+FFFD.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.types.json import Jsonb

from extractor.io.rows import COLUMNS, Flavour, article_rows, as_day, group_rows
from extractor.io.sinks.base import BATCH_SIZE, Batching, Counts, StoredIds
from extractor.io.tables import postgres_ddl
from models import Article, ArticleResult, Reject

SCHEMA = postgres_ddl()
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('wireclaims schema'))"
_DELETE = ("WITH " + ", ".join(f"d_{t} AS (DELETE FROM {t} WHERE article_id = ANY(%(ids)s))"
                               for t in COLUMNS if t != "articles")
           + " DELETE FROM articles WHERE article_id = ANY(%(ids)s)")
_INSERT = {table: "INSERT INTO {} ({}) VALUES ({})".format(
    table, ", ".join(f'"{column}"' for column in columns), ", ".join(["%s"] * len(columns)))
    for table, columns in COLUMNS.items()}
#: What PostgreSQL may refuse in one article (a NUL character, a repeated key): that article is rejected.
_REFUSED = (psycopg.DataError, psycopg.IntegrityError)

Pending = tuple[ArticleResult, Article] | Reject


def redact(url: str) -> str:
    """The URL with its password (if any) replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _connect(url: str) -> psycopg.Connection:
    """A connection; a server that cannot be reached is an ``OSError`` (``ConnectionError``)."""
    try:
        return psycopg.connect(url, autocommit=False)
    except psycopg.OperationalError as err:
        raise ConnectionError(f"cannot connect to {redact(url)}: {str(err).strip()}") from None


class PostgresWriter(Batching):
    """PostgreSQL output: one transaction per ``batch_size`` articles (rejects ride along)."""

    def __init__(self, url: str, *, batch_size: int = BATCH_SIZE) -> None:
        self.url = url
        self.counts = Counts()
        self.batch_size = max(1, batch_size)
        self._pending: list[Pending] = []
        self._conn = _connect(url)
        try:
            with self._conn.transaction():
                self._conn.execute(_LOCK)
                self._conn.execute(SCHEMA)
        except BaseException:
            self._conn.close()
            raise

    def flush(self) -> None:
        """Write what is pending in one transaction; if PostgreSQL refuses an article, redo the
        batch article by article so that only the refused ones become rejects."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        try:
            with self._conn.transaction():
                counts = _store_batch(self._conn, pending)
        except _REFUSED:
            with self._conn.transaction():
                counts = self._store_one_by_one(pending)
        self.counts.merge(counts)

    def describe(self) -> str:
        return redact(self.url)

    def _store_one_by_one(self, pending: list[Pending]) -> Counts:
        counts = Counts()
        for item in pending:
            try:
                with self._conn.transaction():  # a savepoint
                    counts.merge(_store_batch(self._conn, [item]))
            except _REFUSED as err:
                result = item[0] if isinstance(item, tuple) else None
                counts.merge(_store_batch(self._conn, [Reject(
                    source=redact(self.url), article_id=result and result.article_id,
                    reason=f"could not store the records: {str(err).strip()}")]))
        return counts


def _store_batch(conn: psycopg.Connection, pending: list[Pending]) -> Counts:
    """Store a batch inside the caller's transaction: replace its articles, then its rejects."""
    counts = Counts()
    latest: dict[str, tuple[ArticleResult, Article]] = {}
    for item in pending:
        if isinstance(item, Reject):
            _store_reject(conn, item)
            counts.rejects += 1
            continue
        if item[0].article_id in latest:
            counts.replaced += 1
            del latest[item[0].article_id]  # re-inserted below: the later one wins, at its place
        latest[item[0].article_id] = item
        counts.add(item[0])
    if latest:
        counts.replaced += conn.execute(_DELETE, {"ids": list(latest)}).rowcount
        with conn.cursor() as cursor:
            for table, rows in _rows(latest.values()).items():
                if rows:
                    cursor.executemany(_INSERT[table], rows)
    return counts


def _store_reject(conn: psycopg.Connection, reject: Reject) -> None:
    if reject.line is None:
        conn.execute("DELETE FROM rejects WHERE source = %s AND line IS NULL AND article_id IS NOT DISTINCT FROM %s",
                     (_clean(reject.source), reject.article_id))
    else:
        conn.execute("DELETE FROM rejects WHERE source = %s AND line = %s", (_clean(reject.source), reject.line))
    conn.execute("INSERT INTO rejects (source, line, article_id, reason, raw) VALUES (%s, %s, %s, %s, %s)",
                 (_clean(reject.source), reject.line, _clean(reject.article_id), _clean(reject.reason),
                  _clean(reject.raw)))


def _clean(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL: a reject keeps a visible stand-in."""
    return value.replace("\x00", "\ufffd") if value else value


def _dumped(items, _extra: tuple[str, ...] = ()) -> Jsonb:
    return Jsonb([item if isinstance(item, str) else item.model_dump(mode="json") for item in items])


FLAVOUR = Flavour(day=as_day, nested=_dumped, record=lambda record: Jsonb(record.model_dump(mode="json")), flag=bool)


def _rows(items) -> dict[str, list[tuple]]:
    """Each table's rows for these articles."""
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
    for result, article in items:
        for table, more in article_rows(result, article, FLAVOUR).items():
            rows[table] += more
        rows["claim_groups"] += group_rows(result)
    return rows


def open_writer(url: str, *, batch_size: int = BATCH_SIZE) -> PostgresWriter:
    return PostgresWriter(url, batch_size=batch_size)


def existing_ids(url: str) -> StoredIds | set[str]:
    """The article ids in the database, asked one by one (``--skip-existing``); empty when it
    has no ``articles`` table yet."""
    conn = _connect(url)
    try:
        conn.autocommit, conn.read_only = True, True
        if conn.execute("SELECT to_regclass('articles')").fetchone()[0] is not None:
            last = conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
            return StoredIds(conn, last, order="seq", mark="%s")
    except BaseException:
        conn.close()
        raise
    conn.close()
    return set()


@contextmanager
def _reading(url: str) -> Iterator[psycopg.Connection]:
    conn = _connect(url)
    try:
        conn.read_only = True
        yield conn
    finally:
        conn.close()


def read_results(url: str) -> Iterator[ArticleResult]:
    """The records in a PostgreSQL output, in the order written (streamed with a server-side cursor)."""
    with _reading(url) as conn, conn.cursor(name="wireclaims_results") as cursor:
        cursor.itersize = 256
        cursor.execute("SELECT record::text FROM articles ORDER BY seq")
        for (record,) in cursor:
            yield ArticleResult.model_validate_json(record)


def read_rejects(url: str) -> Iterator[Reject]:
    """The rejects in a PostgreSQL output, in the order written."""
    with _reading(url) as conn:
        rows = conn.execute("SELECT source, line, article_id, reason, raw FROM rejects ORDER BY seq").fetchall()
    for source, line, article_id, reason, raw in rows:
        yield Reject(source=source, line=line, article_id=article_id, reason=reason, raw=raw)


def read_columns(url: str, columns: tuple[str, ...]) -> Iterator[tuple]:
    """``(article_id, *columns)`` of every article, in the order written (``columns`` of ``articles``)."""
    with _reading(url) as conn:
        yield from conn.execute(f"SELECT article_id, {', '.join(columns)} FROM articles ORDER BY seq").fetchall()


def find_result(url: str, article_id: str) -> ArticleResult | None:
    """One article's record from a PostgreSQL output, or ``None`` when it is not there."""
    with _reading(url) as conn:
        row = conn.execute("SELECT record::text FROM articles WHERE article_id = %s", (article_id,)).fetchone()
    return ArticleResult.model_validate_json(row[0]) if row else None
