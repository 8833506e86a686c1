"""Results out: JSONL or SQLite, chosen by the output's suffix; and reading them back.

``open_writer(path)`` returns a ``Writer``: ``write(result, article)``, ``reject(reject)``,
``close()``, a context manager, and ``counts`` for the run's summary.

- ``.jsonl``: one ``ArticleResult`` per line, in input order; rejects go to the sibling file
  ``<stem>.rejects.jsonl`` (created only when there is one; a stale one is removed on open).
  ``-`` writes the records to stdout and keeps no rejects file.
- ``.db`` / ``.sqlite`` / ``.sqlite3``: SQLite (WAL mode), one transaction per batch. Re-running an
  article id replaces all its rows; a reject replaces the earlier reject at the same
  ``(source, line)`` (or ``(source, article_id)`` when it has no line). ``articles.record`` holds
  the full ``ArticleResult`` JSON, so ``read_results`` gives back exactly what was written.
  The schema is ``SCHEMA`` (declared in ``extractor.io.tables``); no clock time is stored.
- ``postgresql://…`` / ``postgres://…``: the same tables in PostgreSQL (``extractor.io.sinks.postgres``).
- ``.parquet``: a directory of Parquet files, one per table, replaced whole by each run
  (``extractor.io.sinks.parquet``).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from extractor.io.tables import sqlite_ddl
from models import Article, ArticleResult, Reject

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
#: A directory of Parquet files, one per table (``extractor.io.sinks.parquet``).
PARQUET_SUFFIX = ".parquet"
#: PostgreSQL URLs (``extractor.io.sinks.postgres``).
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
#: Articles per SQLite transaction.
BATCH_SIZE = 64
STDOUT = "-"

#: Tables, indexes and meta rows, from the one declaration in ``extractor.io.tables``.
SCHEMA = sqlite_ddl()

_ARTICLE_TABLES = ("quantities", "claims", "officials", "countries", "dates")


@dataclass
class Counts:
    """What a writer has written so far."""

    articles: int = 0
    quantities: int = 0
    claims: int = 0
    officials: int = 0
    countries: int = 0
    dates: int = 0
    rejects: int = 0
    replaced: int = 0

    def add(self, result: ArticleResult) -> None:
        self.articles += 1
        for name in ("quantities", "claims", "officials", "countries", "dates"):
            setattr(self, name, getattr(self, name) + len(getattr(result, name)))

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Writer(Protocol):
    """Where results and rejects go."""

    counts: Counts

    def write(self, result: ArticleResult, article: Article) -> None: ...
    def reject(self, reject: Reject) -> None: ...
    def close(self) -> None: ...
    def describe(self) -> str: ...
    def __enter__(self) -> Writer: ...
    def __exit__(self, *exc: object) -> None: ...


class _Closing:
    counts: Counts

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class _Batching(_Closing):
    """A database writer: results and rejects wait in ``_pending`` until ``batch_size`` articles
    are there, then ``flush`` stores them in one transaction; ``close`` flushes the rest."""

    batch_size: int
    _pending: list
    _conn: Any

    def write(self, result: ArticleResult, article: Article) -> None:
        self._pending.append((result, article))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def reject(self, reject: Reject) -> None:
        self._pending.append(reject)

    def flush(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._conn.close()


def open_writer(path: Path | str, *, batch_size: int = BATCH_SIZE) -> Writer:
    """The writer for ``path``: ``.jsonl``, ``.db``/``.sqlite``/``.sqlite3``, ``-``, a ``.parquet``
    directory (``extractor.io.sinks.parquet``) or a ``postgresql://`` URL (``extractor.io.sinks.postgres``)."""
    if str(path) == STDOUT:
        return JsonlWriter(None)
    if str(path).startswith(POSTGRES_SCHEMES):
        from extractor.io.sinks.postgres import PostgresWriter

        return PostgresWriter(str(path), batch_size=batch_size)
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        return JsonlWriter(path)
    if path.suffix.lower() in SQLITE_SUFFIXES:
        return SqliteWriter(path, batch_size=batch_size)
    if path.suffix.lower() == PARQUET_SUFFIX:
        from extractor.io.sinks.parquet import ParquetWriter

        return ParquetWriter(path)  # row groups have their own size: batch_size is for databases
    raise ValueError(f"unsupported output {str(path)!r}: use a .jsonl, .db, .sqlite, .sqlite3 or .parquet "
                     "path, a postgresql:// URL, or -")


def rejects_path(path: Path) -> Path:
    """The sibling file of a JSONL output that holds its rejects: ``<stem>.rejects.jsonl``."""
    return path.with_name(f"{path.stem}.rejects.jsonl")


class JsonlWriter(_Closing):
    """One ``ArticleResult`` per line; ``path=None`` writes to stdout."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.counts = Counts()
        self._rejects: IO[str] | None = None
        if path is None:
            self._out = sys.stdout
            return
        self._out = path.open("w", encoding="utf-8")
        rejects_path(path).unlink(missing_ok=True)

    def write(self, result: ArticleResult, article: Article) -> None:
        self._out.write(result.model_dump_json() + "\n")
        self.counts.add(result)

    def reject(self, reject: Reject) -> None:
        self.counts.rejects += 1
        if self.path is None:
            return
        if self._rejects is None:
            self._rejects = rejects_path(self.path).open("w", encoding="utf-8")
        self._rejects.write(reject.model_dump_json() + "\n")

    def close(self) -> None:
        if self.path is None:
            self._out.flush()
            return
        self._out.close()
        if self._rejects is not None:
            self._rejects.close()

    def describe(self) -> str:
        if self.path is None:
            return "stdout"
        if self._rejects is not None:
            return f"{self.path} (rejects in {rejects_path(self.path)})"
        return str(self.path)


class SqliteWriter(_Batching):
    """SQLite output: one transaction per ``batch_size`` articles (rejects ride along)."""

    def __init__(self, path: Path, *, batch_size: int = BATCH_SIZE) -> None:
        self.path = path
        self.counts = Counts()
        self.batch_size = max(1, batch_size)
        self._pending: list[ArticleResult | Reject | tuple[ArticleResult, Article]] = []
        self._conn = sqlite3.connect(path, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)

    def flush(self) -> None:
        """Write what is pending in one transaction."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        self._conn.execute("BEGIN")
        try:
            for item in pending:
                if isinstance(item, Reject):
                    self._store_reject(item)
                else:
                    self._store_article(*item)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def describe(self) -> str:
        return str(self.path)

    def _store_article(self, result: ArticleResult, article: Article) -> None:
        conn = self._conn
        conn.execute("SAVEPOINT article")
        try:
            replaced = _delete_article(conn, result.article_id)
            _insert_article(conn, result, article)
        except sqlite3.Error as err:
            conn.execute("ROLLBACK TO article")
            conn.execute("RELEASE article")
            self._store_reject(Reject(source=str(self.path), article_id=result.article_id,
                                      reason=f"could not store the records: {err}"))
            return
        conn.execute("RELEASE article")
        self.counts.add(result)
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


def _delete_article(conn: sqlite3.Connection, article_id: str) -> int:
    for table in _ARTICLE_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    return conn.execute("DELETE FROM articles WHERE article_id = ?", (article_id,)).rowcount


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _insert_article(conn: sqlite3.Connection, result: ArticleResult, article: Article) -> None:
    aid = result.article_id
    conn.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (aid, article.title, article.url, article.source, article.language, result.published,
                  result.published_source, result.pipeline, result.schema_version, article.text,
                  result.model_dump_json()))
    conn.executemany('INSERT INTO quantities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                     [(aid, i, q.text, *q.span, q.value, q.low, q.high, q.bound, q.change, q.unit,
                       q.counted, q.per) for i, q in enumerate(result.quantities)])
    conn.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [_claim_row(aid, claim) for claim in result.claims])
    conn.executemany("INSERT INTO officials VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [(aid, i, o.name, o.title, o.country, o.organization, _json(o.aliases),
                       _json([m.model_dump(mode="json") for m in o.mentions]))
                      for i, o in enumerate(result.officials)])
    conn.executemany("INSERT INTO countries VALUES (?, ?, ?, ?)",
                     [(aid, c.code, c.name, _json([m.model_dump(mode="json") for m in c.mentions]))
                      for c in result.countries])
    conn.executemany("INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(aid, i, d.text, *d.span, d.type, d.value, d.begin, d.end)
                      for i, d in enumerate(result.dates)])


def _claim_row(aid: str, claim) -> tuple:
    subject, predicate, time, source = claim.subject, claim.predicate, claim.time, claim.source
    return (
        claim.id, aid, claim.quantity, claim.sentence.text,
        subject and subject.text, subject and subject.country,
        predicate and predicate.text, predicate and predicate.lemma,
        _json([p.model_dump(mode="json") for p in claim.places]),
        time and time.begin, time and time.end, time and time.text,
        source and source.text, source and source.name, source and source.title,
        source and source.kind, source and source.country, source and source.cue,
        int(claim.hedged), _json([q.model_dump(mode="json") for q in claim.qualifiers]),
        claim.model_dump_json(),
    )


def read_results(path: Path | str) -> Iterator[ArticleResult]:
    """The records in a JSONL or SQLite output, in the order written.

    Raises ``ValueError`` naming the line for a JSONL line that is not a valid record.
    """
    if str(path).startswith(POSTGRES_SCHEMES):
        from extractor.io.sinks import postgres

        yield from postgres.read_results(str(path))
        return
    path = Path(path)
    if path.suffix.lower() == PARQUET_SUFFIX:
        from extractor.io.sinks import parquet

        yield from parquet.read_results(path)
        return
    if path.suffix.lower() in SQLITE_SUFFIXES:
        with connect_read_only(path) as conn:
            for (record,) in conn.execute("SELECT record FROM articles ORDER BY rowid"):
                yield ArticleResult.model_validate_json(record)
        return
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield ArticleResult.model_validate_json(line)
            except ValueError as err:
                first = str(err).splitlines()
                raise ValueError(f"{path}:{number}: not a valid record: {' '.join(first[:3])}") from None


def _other_store(path: Path | str):
    """The module that reads a PostgreSQL or Parquet output, or ``None`` for JSONL/SQLite."""
    if str(path).startswith(POSTGRES_SCHEMES):
        from extractor.io.sinks import postgres

        return postgres
    if Path(path).suffix.lower() == PARQUET_SUFFIX:
        from extractor.io.sinks import parquet

        return parquet
    return None


def read_rejects(path: Path | str) -> Iterator[Reject]:
    """The rejects kept beside a JSONL output (``<stem>.rejects.jsonl``), or in a database."""
    if (store := _other_store(path)) is not None:
        yield from store.read_rejects(str(path) if store.__name__.endswith("postgres") else Path(path))
        return
    path = Path(path)
    if path.suffix.lower() in SQLITE_SUFFIXES:
        with connect_read_only(path) as conn:
            rows = conn.execute("SELECT source, line, article_id, reason, raw FROM rejects ORDER BY rowid")
            for source, line, article_id, reason, raw in rows:
                yield Reject(source=source, line=line, article_id=article_id, reason=reason, raw=raw)
        return
    sibling = rejects_path(path)
    if sibling.exists():
        with sibling.open("rb") as stream:
            yield from (Reject.model_validate_json(line) for line in stream if line.strip())


def find_result(path: Path | str, article_id: str) -> ArticleResult | None:
    """One article's record from an output, or ``None`` when it is not there."""
    if (store := _other_store(path)) is not None:
        return store.find_result(str(path) if store.__name__.endswith("postgres") else Path(path), article_id)
    path = Path(path)
    if path.suffix.lower() not in SQLITE_SUFFIXES:
        found = [result for result in read_results(path) if result.article_id == article_id]
        return found[-1] if found else None
    with connect_read_only(path) as conn:
        row = conn.execute("SELECT record FROM articles WHERE article_id = ?", (article_id,)).fetchone()
    return ArticleResult.model_validate_json(row[0]) if row else None


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
