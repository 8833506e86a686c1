"""The streaming batch runner behind ``wireclaims extract``: read, skip, extract, write, in order.

Memory does not grow with the dump: inputs are read lazily, at most ``2 * workers`` batches are
in flight, and results are written as they come (SQLite commits every ``batch_size`` articles,
one transaction each). Resuming from a JSONL output holds the ids already in it (a database
output is asked instead).

Resuming: ``existing_ids(output)`` gives the article ids already stored (a ``StoredIds`` that
looks each id up in the SQLite ``articles`` table, or the ids of a JSONL output, whose torn last
line, left by a killed run, is cut off first); ``run_batch(..., skip=ids)`` does not process
those again. A killed run leaves whole committed batches only, so running again with the same
inputs and ``skip`` loses no article and writes none twice. Rejects are not skipped: they are
made again (and replaced in SQLite).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from collections.abc import Set as AbstractSet
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.orphans import exit_with_parent
from extractor.readers import Columns, Located, iter_files, read_located
from extractor.writers import (
    POSTGRES_SCHEMES,
    SQLITE_SUFFIXES,
    Counts,
    JsonlWriter,
    Writer,
    open_read_only,
    rejects_path,
)
from models import Article, ArticleResult, Reject

if TYPE_CHECKING:
    from spacy.language import Language

#: Same as ``extractor.api.MAX_CHARS`` (not imported: that would load spaCy for ``--help``).
MAX_CHARS = 100_000
#: The ``source`` given to rejects made inside the pipeline; replaced by the input's file and line.
PIPELINE_SOURCE = "<input>"


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch: the readers' options, sizes, limit, workers."""

    published: dt.date | None = None
    columns: Columns = field(default_factory=Columns)
    batch_size: int = 16
    max_chars: int = MAX_CHARS
    limit: int | None = None
    workers: int = 1


@dataclass
class Progress:
    """What a run has done so far (``read`` counts inputs, skipped ones included)."""

    read: int = 0
    skipped: int = 0
    articles: int = 0
    claims: int = 0
    rejects: int = 0


@dataclass
class Hooks:
    """Callbacks for a run; all optional."""

    on_reject: Callable[[Reject], None] | None = None
    on_warning: Callable[[str], None] | None = None
    on_progress: Callable[[Progress], None] | None = None
    progress: Progress = field(default_factory=Progress)


def run_batch(paths: Iterable[Path], writer: Writer, nlp: Language, *, options: BatchOptions = BatchOptions(),
              skip: Collection[str] = frozenset(), hooks: Hooks | None = None) -> Counts:
    """Read ``paths``, extract every article whose id is not in ``skip``, write results and
    rejects to ``writer`` in input order; return the writer's counts.

    Rejects made inside the pipeline are given the file and line of their article.
    """
    hooks = hooks or Hooks()
    done = hooks.progress
    entries = _entries(paths, options, skip, hooks)
    outputs = _extract_pooled(entries, nlp, options) if options.workers > 1 else _extract_here(entries, nlp, options)
    for entry, out in outputs:
        if isinstance(out, ArticleResult):
            writer.write(out, entry.item)
            done.articles, done.claims = done.articles + 1, done.claims + len(out.claims)
        else:
            if out.source == PIPELINE_SOURCE:
                out = out.model_copy(update={"source": entry.source, "line": entry.line})
            writer.reject(out)
            done.rejects += 1
            if hooks.on_reject is not None:
                hooks.on_reject(out)
        if hooks.on_progress is not None:
            hooks.on_progress(done)
    return writer.counts


def _entries(paths: Iterable[Path], options: BatchOptions, skip: Collection[str], hooks: Hooks) -> Iterator[Located]:
    """The inputs to process: at most ``limit`` read, those whose id is in ``skip`` left out."""
    read = read_located(paths, published=options.published, on_warning=hooks.on_warning, columns=options.columns)
    for entry in islice(read, options.limit):
        hooks.progress.read += 1
        if isinstance(entry.item, Article) and entry.item.id in skip:
            hooks.progress.skipped += 1
            if hooks.on_progress is not None:
                hooks.on_progress(hooks.progress)
            continue
        yield entry


def _extract_here(entries: Iterator[Located], nlp: Language, options: BatchOptions) -> Iterator[tuple]:
    from extractor.api import extract_many

    located: deque[Located] = deque()

    def items() -> Iterator[Article | Reject]:
        for entry in entries:
            located.append(entry)
            yield entry.item

    outputs = extract_many(items(), nlp, batch_size=options.batch_size, max_chars=options.max_chars,
                           source=PIPELINE_SOURCE)
    for out in outputs:
        yield located.popleft(), out


# --- worker processes -----------------------------------------------------------------------

_WORKER_NLP: Language | None = None


def _start_worker(nlp: Language) -> None:
    """Pool initializer: keep the pipeline; leave Ctrl-C to the parent, which shuts the pool down."""
    global _WORKER_NLP  # one pipeline per worker process
    exit_with_parent()  # a parent killed with -9 leaves no worker behind
    _WORKER_NLP = nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(items: list[Article | Reject], batch_size: int, max_chars: int) -> list[ArticleResult | Reject]:
    from extractor.api import extract_many

    assert _WORKER_NLP is not None, "worker started without a pipeline"
    return list(extract_many(items, _WORKER_NLP, batch_size=batch_size, max_chars=max_chars, source=PIPELINE_SOURCE))


def _extract_pooled(entries: Iterator[Located], nlp: Language, options: BatchOptions) -> Iterator[tuple]:
    """``workers`` processes, each with its own copy of ``nlp``; output in input order.

    A worker that dies (killed, out of memory) rejects the articles in flight with the error;
    a new pool takes over for the rest.
    """
    window: deque[tuple[list[Located], Future]] = deque()
    pool = _pool(nlp, options.workers)
    try:
        for chunk in _chunks(entries, options.batch_size):
            window.append((chunk, _submit(pool, chunk, options)))
            if len(window) >= 2 * options.workers:
                chunk, future = window.popleft()
                yield from _collect(chunk, future)
                if _broken(future):
                    pool = _restart(pool, nlp, window, options)
        while window:
            chunk, future = window.popleft()
            yield from _collect(chunk, future)
            if _broken(future):
                pool = _restart(pool, nlp, window, options)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(nlp: Language, workers: int) -> ProcessPoolExecutor:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(nlp,))


def _submit(pool: ProcessPoolExecutor, chunk: list[Located], options: BatchOptions) -> Future:
    return pool.submit(_work, [entry.item for entry in chunk], options.batch_size, options.max_chars)


def _collect(chunk: list[Located], future: Future) -> Iterator[tuple]:
    try:
        outputs = future.result()
    except BrokenProcessPool as err:
        reason = f"worker process died: {err}"
        outputs = [item if isinstance(item, Reject) else
                   Reject(source=PIPELINE_SOURCE, article_id=item.id, reason=reason)
                   for item in (entry.item for entry in chunk)]
    yield from zip(chunk, outputs, strict=True)


def _broken(future: Future) -> bool:
    return isinstance(future.exception(), BrokenProcessPool)


def _restart(pool: ProcessPoolExecutor, nlp: Language, window: deque, options: BatchOptions) -> ProcessPoolExecutor:
    """A fresh pool; the batches that were in flight are resubmitted to it."""
    pool.shutdown(wait=True, cancel_futures=True)
    pool = _pool(nlp, options.workers)
    for number, (chunk, _) in enumerate(list(window)):
        window[number] = (chunk, _submit(pool, chunk, options))
    return pool


def _chunks(entries: Iterator[Located], size: int) -> Iterator[list[Located]]:
    while chunk := list(islice(entries, size)):
        yield chunk


# --- resuming and counting ------------------------------------------------------------------

def existing_ids(output: Path | str) -> Collection[str]:
    """The article ids already in ``output`` (none if it does not exist yet), to pass as ``skip``.

    For an SQLite or PostgreSQL output, a ``StoredIds`` that asks the database about each id: resuming holds
    no id in memory, however many are stored (close it when done). A JSONL output has no index
    and must be read through anyway: its ids are returned as a set, which grows with the output;
    use a database output where that matters. A JSONL output whose last line is torn (no final
    newline: the run was killed while writing) is cut back to its last whole line first. Raises
    ``ValueError`` naming the line for a JSONL line that is not a record.
    """
    if str(output).startswith(POSTGRES_SCHEMES):
        from extractor.postgres import stored_ids  # psycopg only when asked for

        return stored_ids(str(output)) or set()
    output = Path(output)
    if not output.is_file():
        return set()
    if output.suffix.lower() in SQLITE_SUFFIXES:
        stored = StoredIds.open(output)
        return set() if stored is None else stored
    _cut_torn_line(output)
    ids = set()
    with output.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                ids.add(_record_id(line, output, number))
    return ids


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

    @classmethod
    def open(cls, path: Path) -> StoredIds | None:
        """The ids stored in the SQLite database at ``path``; ``None`` when it has no ``articles`` table."""
        conn = open_read_only(path)
        try:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchall():
                return cls(conn, conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchall()[0][0])
        except BaseException:
            conn.close()
            raise
        conn.close()
        return None

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


def _record_id(line: bytes, output: Path, number: int) -> str:
    try:
        value = json.loads(line)
        return str(value["article_id"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"{output}:{number}: not a valid record, cannot resume from it") from None


def _cut_torn_line(path: Path) -> None:
    with path.open("rb+") as stream:
        size = stream.seek(0, 2)
        if size == 0:
            return
        stream.seek(size - 1)
        if stream.read(1) == b"\n":
            return
        end = size
        while end > 0:
            start = max(0, end - 65536)
            stream.seek(start)
            found = stream.read(end - start).rfind(b"\n")
            if found >= 0:
                stream.truncate(start + found + 1)
                return
            end = start
        stream.truncate(0)


class AppendingJsonlWriter(JsonlWriter):
    """A JSONL writer that keeps the records already in the file (for resuming)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counts = Counts()
        self._rejects = None
        self._out = path.open("a", encoding="utf-8")
        rejects_path(path).unlink(missing_ok=True)


def count_inputs(paths: Iterable[Path], *, limit: int | None = None) -> int:
    """How many inputs ``paths`` hold (for a progress bar's total): a fast pass, lines not parsed.

    JSONL lines that are not blank, CSV rows after the header (counted as lines, so an
    approximation when fields hold line breaks), one per ``.txt`` or HTML file.
    """
    total = 0
    for path in iter_files(paths):
        name = path.name.lower()
        try:
            if name.endswith((".jsonl", ".jsonl.gz", ".csv")):
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rb") as stream:
                    lines = sum(1 for line in stream if line.strip())
                total += max(0, lines - 1) if name.endswith(".csv") else lines
            else:
                total += 1
        except (OSError, EOFError):
            total += 1
        if limit is not None and total >= limit:
            return limit
    return total
