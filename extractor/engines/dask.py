"""Extract on a Dask cluster: shard the input, extract each shard on a worker, merge in order.

The driver plans shards by streaming over the inputs (file by file, line ranges of ``shard_size``
non-blank lines; small ``.txt`` files are grouped); it never holds the articles. Each worker loads
the pipeline once (``NlpPlugin``, a ``distributed.WorkerPlugin``), reads its line range itself and
writes one JSONL shard, ``<shards_dir>/<id>.jsonl``, through a temporary file and a rename: running a
shard again replaces it whole. The driver then merges the shards in input order into the output
through ``extractor.io.sinks.registry.open_writer`` (any output kind), rejects included, so the output equals
a single-process run's.

Shard lines are ``{"result": ..., "article": ...}`` or ``{"reject": ...}``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import tempfile
import warnings
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import WorkerPlugin
from pydantic import BaseModel, ConfigDict

from extractor.api import extract_many, load
from extractor.chunking import MAX_CHARS
from extractor.engines.hooks import PIPELINE_SOURCE, relocate
from extractor.engines.shard_sizes import is_jsonl, shard_size_for
from extractor.engines.warm import warm_up
from extractor.io.readers import iter_files, read_jsonl, read_located
from extractor.io.sinks.registry import STDOUT, Counts, Writer, open_writer
from extractor.pipeline import pipeline_name
from models import Article, ArticleResult, Reject

if TYPE_CHECKING:
    from distributed import Client
    from spacy.language import Language

#: The most articles (non-blank input lines, or ``.txt`` files) a shard is given unless told otherwise.
SHARD_SIZE = 500

#: Workers of the ``LocalCluster`` started when no client or scheduler address is given.
DEFAULT_WORKERS = 2
_PLUGIN_PREFIX = "wireclaims-nlp-"

#: Pipelines loaded in this process, by (model name, strict_components) (filled by ``NlpPlugin.setup`` or on demand).
_PIPELINES: dict[tuple[str, bool], Language] = {}


@dataclass(frozen=True)
class Segment:
    """A piece of one input file: JSONL lines ``first``..``last`` (1-based, inclusive; ``last`` ``None``:
    to the end), or a whole file.

    ``offset`` is the byte offset of line ``first`` in a plain ``.jsonl`` file (a gzipped one is
    read from its start); ``first`` is ``None`` for a whole file (``.txt``, missing, unsupported).
    """

    path: str
    first: int | None = None
    last: int | None = None
    offset: int | None = None


@dataclass(frozen=True)
class Shard:
    """One unit of work: its id (its position in the input) and the segments it reads."""

    index: int
    segments: tuple[Segment, ...]

    @property
    def name(self) -> str:
        return f"{self.index:06d}.jsonl"


@dataclass
class DaskSummary:
    """What ``run_dask`` did: the writer's counts, the pipeline, how many shards and where."""

    counts: Counts
    pipeline: str
    output: str
    shards: int
    shards_dir: Path
    warnings: list[str] = field(default_factory=list)


class _ShardLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    result: ArticleResult | None = None
    article: Article | None = None
    where: str | None = None
    reject: Reject | None = None


@dataclass(frozen=True)
class ShardReport:
    """What one shard run wrote: its counts and the pipeline that ran."""

    index: int
    counts: Counts
    pipeline: str


# --- planning (driver) -------------------------------------------------------------------------


def plan_shards(inputs: Iterable[Path], shard_size: int = SHARD_SIZE) -> Iterator[Shard]:
    """Shards over ``inputs`` in input order, streaming (one pass over each JSONL file's lines)."""
    if shard_size < 1:
        raise ValueError(f"shard_size must be at least 1, not {shard_size}")
    index, pending = 0, []
    for path in iter_files(inputs):
        if is_jsonl(path) and path.is_file():
            if pending:
                yield Shard(index, tuple(pending))
                index, pending = index + 1, []
            for segment in _jsonl_segments(path, shard_size):
                yield Shard(index, (segment,))
                index += 1
            continue
        pending.append(Segment(str(path)))
        if len(pending) >= shard_size:
            yield Shard(index, tuple(pending))
            index, pending = index + 1, []
    if pending:
        yield Shard(index, tuple(pending))



def _jsonl_segments(path: Path, shard_size: int) -> Iterator[Segment]:
    gzipped = path.name.lower().endswith(".gz")
    first: int | None = None
    count = position = offset = number = 0
    try:
        with (gzip.open(path, "rb") if gzipped else path.open("rb")) as stream:
            for number, raw in enumerate(stream, start=1):
                if raw.strip():
                    if first is None:
                        first, offset = number, position
                    count += 1
                    if count == shard_size:
                        yield Segment(str(path), first, number, None if gzipped else offset)
                        first, count = None, 0
                position += len(raw)
    except (OSError, EOFError, zlib.error):
        # the worker reading on to the end meets the same error and rejects it as one process would
        yield Segment(str(path), first or number + 1, None, None)
        return
    if first is not None:
        yield Segment(str(path), first, number, None if gzipped else offset)


# --- reading one shard (worker) ------------------------------------------------------------------


def read_shard(shard: Shard, published: dt.date | None = None) -> Iterator[tuple[str, int | None, Article | Reject]]:
    """The shard's items as ``(source, line, item)``, exactly as ``read_located`` gives them."""
    for segment in shard.segments:
        if segment.first is None:
            for located in read_located([Path(segment.path)], published=published):
                yield located.source, located.line, located.item
        else:
            yield from _read_lines(segment, published)


def _read_lines(segment: Segment, published: dt.date | None) -> Iterator[tuple[str, int | None, Article | Reject]]:
    for located in read_jsonl(Path(segment.path), published, first=segment.first, last=segment.last,
                              offset=segment.offset):
        yield located.source, located.line, located.item


# --- running one shard (worker) ------------------------------------------------------------------


class NlpPlugin(WorkerPlugin):
    """Loads the wireclaims pipeline once per worker process (registered by ``run_dask``)."""

    def __init__(self, model: str = "auto", strict_components: bool = False) -> None:
        self.model, self.strict_components = model, strict_components
        self.name = _PLUGIN_PREFIX + model + ("-strict" if strict_components else "")

    def setup(self, worker) -> None:
        pipeline(self.model, self.strict_components)


def pipeline(model: str, strict_components: bool = False) -> Language:
    """The pipeline for ``model`` in this process, loaded (and warmed up) on first use;
    ``strict_components``: its components' errors raise (spaCy's error handler, set in this worker),
    rejecting the article."""
    if (model, strict_components) not in _PIPELINES:
        warnings.filterwarnings("ignore", message="Classifier dependencies not installed", category=UserWarning)
        _PIPELINES[model, strict_components] = warm_up(load(model, strict_components=strict_components))
    return _PIPELINES[model, strict_components]


def run_shard(shard: Shard, shards_dir: str | Path, *, model: str = "auto",
              published: dt.date | None = None, max_chars: int = MAX_CHARS,
              strict_components: bool = False) -> ShardReport:
    """Extract one shard into ``<shards_dir>/<shard.name>``, replacing it atomically."""
    shards_dir = Path(shards_dir)
    nlp = pipeline(model, strict_components)
    located: deque[tuple[str, int | None, Article | Reject]] = deque()
    counts = Counts()

    def items() -> Iterator[Article | Reject]:
        for entry in read_shard(shard, published):
            located.append(entry)
            yield entry[2]

    handle, temp = tempfile.mkstemp(dir=shards_dir, prefix=f".{shard.index:06d}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for item in extract_many(items(), nlp, max_chars=max_chars, source=PIPELINE_SOURCE):
                out.write(_shard_line(item, located.popleft(), counts) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, shards_dir / shard.name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return ShardReport(shard.index, counts, pipeline_name(nlp))


def _shard_line(item: ArticleResult | Reject, entry: tuple[str, int | None, Article | Reject],
                counts: Counts) -> str:
    source, line, article = entry
    if isinstance(item, ArticleResult):
        counts.add(item)
        place = json.dumps(source if line is None else f"{source}:{line}", ensure_ascii=False)
        return f'{{"result":{item.model_dump_json()},"article":{article.model_dump_json()},"where":{place}}}'
    item = relocate(item, source, line)
    counts.rejects += 1
    return f'{{"reject":{item.model_dump_json()}}}'


# --- merging (driver) ----------------------------------------------------------------------------


def read_shard_file(path: Path) -> Iterator[tuple[ArticleResult, Article, str] | Reject]:
    """The items of a shard file, in order. Raises ``ValueError`` naming a line that is not valid."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                line = _ShardLine.model_validate_json(raw)
            except ValueError as err:
                raise ValueError(f"{path}:{number}: not a valid shard line: {str(err).splitlines()[0]}") from None
            if line.reject is not None:
                yield line.reject
            elif line.result is not None and line.article is not None:
                yield line.result, line.article, line.where or path.name
            else:
                raise ValueError(f"{path}:{number}: not a valid shard line: neither a result nor a reject")


def merge_shard(path: Path, writer: Writer, *, seen: dict[str, str] | None = None,
                on_reject: Callable[[Reject], None] | None = None,
                on_warning: Callable[[str], None] | None = None) -> None:
    """Write one shard file's results and rejects to ``writer``; ``seen`` tracks ids across shards."""
    for item in read_shard_file(path):
        if isinstance(item, Reject):
            writer.reject(item)
            if on_reject is not None:
                on_reject(item)
            continue
        result, article, where = item
        if seen is not None:
            first = seen.setdefault(result.article_id, where)
            if first != where and on_warning is not None:
                on_warning(f"{where}: article {result.article_id!r} repeats an id first read at {first}; "
                           "both are processed and the later one replaces the earlier in a database")
        writer.write(result, article)


# --- the whole run (driver) ----------------------------------------------------------------------


def shards_dir_for(output: str | Path) -> Path:
    """Where the shards of ``output`` go: ``<output>.shards`` beside it (``-``: in the working directory)."""
    if str(output) == STDOUT:
        return Path("wireclaims-stdout.shards")
    output = Path(output)
    return output.with_name(output.name + ".shards")


def run_dask(
    inputs: list[Path],
    output: str,
    *,
    client: Client | None = None,
    scheduler: str | None = None,
    workers: int = DEFAULT_WORKERS,
    shard_size: int | None = None,
    model: str = "auto",
    published: dt.date | None = None,
    max_chars: int = MAX_CHARS,
    keep_shards: bool = False,
    on_reject: Callable[[Reject], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    strict_components: bool = False,
) -> DaskSummary:
    """Extract ``inputs`` into ``output`` on Dask; the same records, in the same order, as one process.

    Uses ``client``; else connects to ``scheduler`` (an address); else starts a ``LocalCluster``
    of ``workers`` single-threaded worker processes. The shards are removed after the merge
    unless ``keep_shards``. ``on_progress`` is called with the number of shards merged. ``shard_size``
    ``None`` sizes the shards from the input and the cluster's worker threads (``shard_size_for``).

    On a remote cluster the workers read the input paths and write the shards directory
    themselves: both must be on a filesystem the driver and every worker share, under the
    same path. If a shard fails, its error is raised and the shards written so far are kept.
    ``strict_components``: each worker's pipeline raises on a component's error (its article is
    rejected, naming the error) instead of warning.
    """
    if client is not None:
        return _run(client, inputs, output, shard_size, model, published, max_chars, keep_shards,
                    on_reject, on_warning, on_progress, strict_components)
    from distributed import Client

    if scheduler is not None:
        with Client(scheduler) as own:
            return _run(own, inputs, output, shard_size, model, published, max_chars, keep_shards,
                        on_reject, on_warning, on_progress, strict_components)
    with local_cluster(workers) as cluster, Client(cluster) as own:
        return _run(own, inputs, output, shard_size, model, published, max_chars, keep_shards,
                    on_reject, on_warning, on_progress, strict_components)


#: Dask settings for the local cluster: no statistical profiler sampling every worker's stack every
#: 10 ms and no GIL monitor, which cost CPU on every worker and tell nothing a batch run needs; and
#: the workers' environment without Dask's ``MALLOC_TRIM_THRESHOLD_=65536``, which has glibc hand
#: back and fault in again the pages of every large array spaCy frees (``extractor.memory`` trims
#: the heap every 64 articles instead). One BLAS thread per worker, as Dask sets it. The event-loop
#: watchdog ticks every second instead of every 20 ms, the dashboard's system monitor samples every
#: 5 s instead of 0.5 s and a worker checks its memory every second instead of every 0.1 s (the
#: nanny's limits still apply): an idle 2-worker cluster cost 2.1 s of CPU in 20 s with Dask's
#: defaults (the scheduler's process 1.1 s, each worker 0.5 s) and 0.33 s with these, and a batch
#: run pays that cost all the time it runs.
LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False,
                        "distributed.admin.system-monitor.gil.enabled": False,
                        "distributed.admin.tick.interval": "1s",
                        "distributed.admin.system-monitor.interval": "5s",
                        "distributed.worker.memory.monitor-interval": "1s",
                        "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                                                                "OPENBLAS_NUM_THREADS": 1}}


def local_cluster(workers: int = DEFAULT_WORKERS, **options):
    """The ``LocalCluster`` of ``run_dask``: ``workers`` single-threaded processes, no dashboard port
    taken, ``LOCAL_CLUSTER_CONFIG`` (handed by the nannies to their workers)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                            **options)


def _run(client: Client, inputs: list[Path], output: str, shard_size: int | None, model: str,
         published: dt.date | None, max_chars: int, keep_shards: bool,
         on_reject, on_warning, on_progress, strict_components: bool = False) -> DaskSummary:
    client.register_plugin(NlpPlugin(model, strict_components))
    if shard_size is None:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        shard_size = shard_size_for(inputs, threads, most=SHARD_SIZE)
    shards_dir = shards_dir_for(output).resolve()  # workers may run in another directory
    shards_dir.mkdir(parents=True, exist_ok=True)
    run_id = os.urandom(4).hex()
    shards, futures = [], []
    for shard in plan_shards(inputs, shard_size):
        shards.append(shard)
        futures.append(client.submit(run_shard, shard, str(shards_dir), model=model, published=published,
                                     max_chars=max_chars, strict_components=strict_components,
                                     key=f"wireclaims-shard-{run_id}-{shard.index:06d}"))
    notes: list[str] = []
    pipeline_ran = model

    def warn(message: str) -> None:
        notes.append(message)
        if on_warning is not None:
            on_warning(message)

    with open_writer(output) as writer:
        seen: dict[str, str] = {}
        for done, (shard, future) in enumerate(zip(shards, futures), start=1):
            pipeline_ran = future.result().pipeline  # in input order; later shards keep running
            merge_shard(shards_dir / shard.name, writer, seen=seen, on_reject=on_reject, on_warning=warn)
            future.release()
            if on_progress is not None:
                on_progress(done)
    if not keep_shards:
        shutil.rmtree(shards_dir, ignore_errors=True)
    return DaskSummary(counts=writer.counts, pipeline=pipeline_ran, output=writer.describe(),
                       shards=len(shards), shards_dir=shards_dir, warnings=notes)
