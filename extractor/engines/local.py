"""The streaming batch runner behind ``wireclaims extract``: read, skip, extract, write, in order.

Memory does not grow with the dump: inputs are read lazily, at most ``IN_FLIGHT_PER_WORKER *
workers`` batches are in flight (and as many read ahead, so the end of the input can be cut into
shrinking batches), and results are written as they come (SQLite commits every ``batch_size``
articles, one transaction each). The workers hand the parent records already in its writer's form
(``Prepared``) when the writer says how (``prepare``). Resuming from a JSONL output holds the ids already in it (a database
output is asked instead).

Resuming: ``extractor.io.sinks.registry.existing_ids(output)`` gives the article ids already stored (a ``StoredIds`` that
looks each id up in the SQLite ``articles`` table, or the ids of a JSONL output, whose torn last
line, left by a killed run, is cut off first); ``run_batch(..., skip=ids)`` does not process
those again. A killed run leaves whole committed batches only, so running again with the same
inputs and ``skip`` loses no article and writes none twice. Rejects are not skipped: they are
made again (and replaced in SQLite).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.api import extract_many
from extractor.chunking import batch_chars, batches, text_length
from extractor.engines.hooks import PIPELINE_SOURCE, BatchOptions, Hooks, relocate
from extractor.engines.orphans import exit_with_parent
from extractor.engines.warm import warm_up
from extractor.io.readers import Located, read_located
from extractor.io.sinks.base import ARTICLE_TABLES, Prepare, Prepared, table_sizes
from extractor.io.sinks.registry import Counts, Writer
from models import Article, ArticleResult, Reject

if TYPE_CHECKING:
    from spacy.language import Language


def run_batch(paths: Iterable[Path], writer: Writer, nlp: Language, *, options: BatchOptions = BatchOptions(),
              skip: Collection[str] = frozenset(), hooks: Hooks | None = None) -> Counts:
    """Read ``paths``, extract every article whose id is not in ``skip``, write results and
    rejects to ``writer`` in input order; return the writer's counts.

    Rejects made inside the pipeline are given the file and line of their article. With
    ``workers > 1`` and a writer that has ``prepare``, the workers prepare the records for it.
    """
    hooks = hooks or Hooks()
    done = hooks.progress
    entries = _entries(paths, options, skip, hooks)
    if options.workers > 1:
        outputs = _extract_pooled(entries, nlp, options, getattr(writer, "prepare", None))
    else:
        outputs = _extract_here(entries, nlp, options)
    for entry, out in outputs:
        if isinstance(out, ArticleResult | Prepared):
            writer.write(out, entry.item)
            done.articles, done.claims = done.articles + 1, done.claims + table_sizes(out)[_CLAIMS]
            done.undated += out.published is None
        else:
            out = relocate(out, entry.source, entry.line)
            writer.reject(out)
            done.rejects += 1
            if hooks.on_reject is not None:
                hooks.on_reject(out)
        if hooks.on_progress is not None:
            hooks.on_progress(done)
    return writer.counts


#: Where the claims are in ``table_sizes``.
_CLAIMS = ARTICLE_TABLES.index("claims")


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


def _work(items: list[Article | Reject], batch_size: int, max_chars: int,
          prepare: Prepare | None) -> list[ArticleResult | Prepared | Reject]:
    """One chunk's outputs, each result prepared for the writer when ``prepare`` is given (the
    articles are the ones sent, in order: a result is its article's, a reject is itself)."""
    assert _WORKER_NLP is not None, "worker started without a pipeline"
    outputs = extract_many(items, _WORKER_NLP, batch_size=batch_size, max_chars=max_chars, source=PIPELINE_SOURCE)
    if prepare is None:
        return list(outputs)
    return [prepare(out, item) if isinstance(out, ArticleResult) else out
            for item, out in zip(items, outputs, strict=True)]


#: Batches in flight per worker: the results come back in input order, so while the parent waits for
#: the oldest batch (a long article in it) the other worker goes on with what is queued. Four rather
#: than two: 0.97x the wall time of two for the same CPU (six alternating 192-article runs on 2
#: workers, 53.7 against 55.3 s); the parent holds about 2 MB more.
IN_FLIGHT_PER_WORKER = 4


def _extract_pooled(entries: Iterator[Located], nlp: Language, options: BatchOptions,
                    prepare: Prepare | None = None) -> Iterator[tuple]:
    """``workers`` processes, each with its own copy of ``nlp``; output in input order, results
    prepared by ``prepare`` in the workers when it is given.

    A worker that dies (killed, out of memory) rejects the articles in flight with the error;
    a new pool takes over for the rest.
    """
    window: deque[tuple[list[Located], Future]] = deque()
    pool = _pool(warm_up(nlp), options.workers)  # warmed once here, shared by the forked workers
    try:
        for chunk in _chunks(entries, options.batch_size, options.workers):
            window.append((chunk, _submit(pool, chunk, options, prepare)))
            if len(window) >= IN_FLIGHT_PER_WORKER * options.workers:
                chunk, future = window.popleft()
                yield from _collect(chunk, future)
                if _broken(future):
                    pool = _restart(pool, nlp, window, options, prepare)
        while window:
            chunk, future = window.popleft()
            yield from _collect(chunk, future)
            if _broken(future):
                pool = _restart(pool, nlp, window, options, prepare)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(nlp: Language, workers: int) -> ProcessPoolExecutor:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(nlp,))


def _submit(pool: ProcessPoolExecutor, chunk: list[Located], options: BatchOptions, prepare: Prepare | None) -> Future:
    return pool.submit(_work, [entry.item for entry in chunk], options.batch_size, options.max_chars, prepare)


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


def _restart(pool: ProcessPoolExecutor, nlp: Language, window: deque, options: BatchOptions,
             prepare: Prepare | None) -> ProcessPoolExecutor:
    """A fresh pool; the batches that were in flight are resubmitted to it."""
    pool.shutdown(wait=True, cancel_futures=True)
    pool = _pool(nlp, options.workers)
    for number, (chunk, _) in enumerate(list(window)):
        window[number] = (chunk, _submit(pool, chunk, options, prepare))
    return pool


#: The fewest articles in a chunk of the end of a run (``_taper``), unless ``--batch-size`` is smaller.
#: Per article, chunks of four cost a worker within 2% of chunks of sixteen; chunks of two cost 14%
#: more and of one 29% more (spaCy's work per batch; the bench corpus on two workers).
TAIL_CHUNK = 4


def _chunks(entries: Iterator[Located], size: int, workers: int) -> Iterator[list[Located]]:
    """``size`` entries a chunk, fewer once a chunk holds half a part of text (``chunking.batches``),
    the last ``IN_FLIGHT_PER_WORKER * workers`` chunks' entries cut smaller and smaller (``_taper``).

    The chunks are held back that many (the window's worth) before they are handed out, so when
    the input ends what is left is known while it can still be cut.
    """
    held: deque[list[Located]] = deque()
    for chunk in batches(entries, size, _length):
        held.append(chunk)
        if len(held) > IN_FLIGHT_PER_WORKER * workers:
            yield held.popleft()
    yield from _taper([entry for chunk in held for entry in chunk], size, workers)


def _taper(rest: list[Located], size: int, workers: int) -> Iterator[list[Located]]:
    """The last entries of a run in chunks of a ``2 * workers``-th of what is left (at least
    ``TAIL_CHUNK``, at most ``size``), closed early on text as ``chunking.batches`` closes them:
    guided self-scheduling. Whole chunks of ``size`` to the end leave one worker alone with the
    last of them, half a chunk's work on average (0.3 s of a 16-article chunk here, about 2% of a
    run of a thousand articles on two workers); shrinking chunks end the workers within a small
    chunk of each other, and spread a short input over all of them."""
    chunk: list[Located] = []
    held = 0
    for number, entry in enumerate(rest):
        if not chunk:
            want = min(size, max(TAIL_CHUNK, -(-(len(rest) - number) // (2 * workers))))
        chunk.append(entry)
        held += _length(entry)
        if len(chunk) >= want or held >= batch_chars():
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _length(entry: Located) -> int:
    return text_length(entry.item)
