"""What every output sink shares: the run's ``Counts``, the ``Writer`` protocol, ``Prepared``
records, closing and batching, and ``StoredIds`` (the ids a database output already holds, asked
one by one).

Backends (``jsonl``, ``sqlite``, ``postgres``, ``parquet``) import this module only; nothing but
``extractor.io.sinks.registry`` imports a backend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from extractor import chunking
from models import Article, ArticleResult, Reject

#: Articles per database transaction.
BATCH_SIZE = 64
#: The tables holding one article's rows, besides ``articles``.
ARTICLE_TABLES = ("quantities", "claims", "officials", "countries", "dates")


def table_sizes(result: ArticleResult | Prepared) -> tuple[int, ...]:
    """How many items each of ``ARTICLE_TABLES`` gets from one article, in that order."""
    if isinstance(result, Prepared):
        return result.sizes
    return tuple(len(getattr(result, name)) for name in ARTICLE_TABLES)


def full(articles: int, chars: int, size: int) -> bool:
    """A writer's batch is full at ``size`` articles or ``chunking.batch_chars()`` characters of text."""
    return articles >= size or chars >= chunking.batch_chars()


@dataclass(frozen=True)
class Prepared:
    """One article's record in the form its writer stores (``payload``: table rows, a JSON line),
    with what the counts and the progress line read from it.

    A writer that has a ``prepare`` function lets the pool's workers make these: the process that
    writes then stores rows it did not build and never rebuilds the ``ArticleResult``, whose
    unpickling alone cost as much as storing it (about 0.9 ms an article), so the one process
    every worker waits on does a third of the work. A writer given an ``ArticleResult`` prepares
    it itself: both ways store the same bytes.
    """

    article_id: str
    published: dt.date | None
    #: how many items each of ``ARTICLE_TABLES`` gets, in that order
    sizes: tuple[int, ...]
    payload: Any

    @classmethod
    def of(cls, result: ArticleResult, payload: Any) -> Prepared:
        return cls(result.article_id, result.published, table_sizes(result), payload)



#: What a writer's ``prepare`` is: a module-level function, so a worker process can be sent it.
Prepare = Callable[[ArticleResult, Article], Prepared]


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

    def add(self, result: ArticleResult | Prepared) -> None:
        self.articles += 1
        for name, size in zip(ARTICLE_TABLES, table_sizes(result), strict=True):
            setattr(self, name, getattr(self, name) + size)

    def merge(self, more: Counts) -> None:
        for name, value in more.as_dict().items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Writer(Protocol):
    """Where results and rejects go. A writer may also have ``prepare`` (a ``Prepare``): then
    ``write`` takes what it returns as well as an ``ArticleResult``."""

    counts: Counts

    def write(self, result: ArticleResult | Prepared, article: Article) -> None: ...
    def reject(self, reject: Reject) -> None: ...
    def close(self) -> None: ...
    def describe(self) -> str: ...
    def __enter__(self) -> Writer: ...
    def __exit__(self, *exc: object) -> None: ...


class Closing:
    """A writer is a context manager that closes on leaving."""

    counts: Counts

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class Batching(Closing):
    """A database writer: results and rejects wait in ``_pending`` until ``batch_size`` articles
    are there, then ``flush`` stores them in one transaction; ``close`` flushes the rest."""

    batch_size: int
    _pending: list
    _conn: Any

    def write(self, result: ArticleResult | Prepared, article: Article) -> None:
        self._pending.append((result, article))
        if full(len(self._pending), sum(map(chunking.text_length, self._articles())), self.batch_size):
            self.flush()  # a batch of long articles' parts is one part: memory holds one part's record

    def _articles(self) -> Iterator[Article]:
        return (item[1] for item in self._pending if isinstance(item, tuple))

    def reject(self, reject: Reject) -> None:
        self._pending.append(reject)

    def flush(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._conn.close()


class StoredIds(AbstractSet[str]):
    """The ids of the articles a database output held when this was made, read from the database.

    Membership is one lookup on the ``articles`` primary key, so no id is kept in memory. Rows
    written after this was made (by the run that resumes) are left out, so the answer does not
    depend on when the writer committed: ids that predate it have an insertion number (SQLite's
    ``rowid``, PostgreSQL's ``seq``) up to ``last``, and a new row's is above every existing one's.
    Holds a read-only connection until ``close()``. ``mark`` is the driver's parameter marker.
    """

    def __init__(self, conn, last: int, *, order: str = "rowid", mark: str = "?") -> None:
        self._conn, self.last = conn, last
        self._member = f"SELECT 1 FROM articles WHERE article_id = {mark} AND {order} <= {mark}"
        self._count = f"SELECT count(*) FROM articles WHERE {order} <= {mark}"
        self._all = f"SELECT article_id FROM articles WHERE {order} <= {mark} ORDER BY {order}"

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and bool(self._rows(self._member, (article_id, self.last)))

    def __len__(self) -> int:
        return self._rows(self._count, (self.last,))[0][0]

    def __iter__(self) -> Iterator[str]:
        return (article_id for (article_id,) in self._conn.execute(self._all, (self.last,)))

    def _rows(self, sql: str, params: tuple) -> list[tuple]:
        """All rows at once: a statement read to its end ends its read transaction, which would
        otherwise keep the writer's WAL from being checkpointed."""
        return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> StoredIds:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
