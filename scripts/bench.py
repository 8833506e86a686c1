"""Benchmark: words/s, CPU time and peak memory of bare spaCy vs wireclaims (1 worker, 2 workers,
Dask on 2 workers; and, to tell the machine's share of two workers' CPU from the engine's, bare spaCy
and one-worker wireclaims as two processes side by side on half the corpus each), flat memory over 10,000 articles, and the long-article timing.

Every configuration runs in its own subprocess (so peaks do not mix); this process polls the RSS
of that subprocess and all its descendants with psutil. Timing starts after the model is loaded
(for the Dask run: after the cluster is up and every worker has loaded the pipeline) and ends
when the last record is written. Ratios are taken within one run. Each configuration reports wall
time and CPU time (``scripts/bench_configs.py``): on a shared machine wall time measures the
machine's load as much as the work, so the ratios are given both ways. For a run on N workers the
CPU-time figure is the wall time an idle machine with a core per worker would need: the busiest
worker's CPU seconds, or all the CPU seconds (parent included) over N if that is more (the pool's
workers are counted together, so for it the second).

    .venv/bin/python scripts/bench.py [--words 200000] [--rounds 1] [--baseline DIR]
                                      [--memory-articles 10000] [--skip-memory]
                                      [--length-sizes 5 50] [--length-models blank auto] [--skip-length]

``--baseline DIR`` also runs the one-worker configuration with the code of another checkout
(``git worktree add DIR COMMIT``), alternating with this one's in every round. With ``--rounds``
above 1 each configuration keeps its round with the least CPU time. The long-article timing is
``scripts/bench_length.py`` (its own table, appended). Writes everything to stdout and to
``bench-out/bench.md``.
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
from bench_configs import CHILDREN, CORPUS, ENGINE_SLICE_ARTICLES, MODEL, SLICE_ARTICLES

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-out"
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


# --- the configurations (each in a child process: scripts/bench_configs.py) -------------------------

#: One thread of BLAS per process in every configuration, so "1 worker" is one core and two
#: workers are not competing with each other's BLAS threads.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# --- measuring a child from outside ----------------------------------------------------------------


@dataclass
class Measured:
    timed: dict
    #: (monotonic time, tree RSS, largest process RSS), from the start of the timed work
    samples: list[tuple[float, int, int]] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.timed["wall"]

    @property
    def cpu(self) -> float:
        return self.timed["parent_cpu"] + sum(self.timed["worker_cpu"])

    @property
    def projected(self) -> float:
        """Wall seconds on an idle machine with a core per worker (see the module docstring)."""
        known, workers = self.timed["worker_cpu"], self.timed["workers"]
        if not workers:
            return self.cpu
        busiest = max(known) if len(known) == workers else 0.0  # the pool's workers are counted together
        return max(busiest, self.cpu / workers)

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


def measure(config: str, corpus: Path, code: Path | None = None) -> Measured:
    """Run ``config`` in a subprocess over ``corpus`` (with the code of checkout ``code``, if given)."""
    command = [sys.executable, __file__, "--child", config, "--corpus", str(corpus)]
    env = {**os.environ, **SINGLE_THREADED}
    if code is not None:
        env["PYTHONPATH"] = str(code)  # before the editable install of this checkout
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=code or ROOT, env=env)
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
    timed = json.loads(stdout.strip().splitlines()[-1])
    return Measured(timed, [s for s in samples if s[0] >= timed["began"]])  # time.monotonic is system-wide


def best_of(rounds: int, configs: list[tuple[str, str, Path | None]], corpus: Path) -> dict[str, Measured]:
    """Each (key, config, code) measured ``rounds`` times, in turn; the round with the least CPU kept."""
    runs: dict[str, Measured] = {}
    for _ in range(rounds):
        for key, config, code in configs:
            run = measure(config, corpus, code)
            print(f"bench: {key}: {run.seconds:.1f} s wall, {run.cpu:.1f} s CPU", file=sys.stderr)
            if key not in runs or run.cpu < runs[key].cpu:
                runs[key] = run
    return runs


# --- report ------------------------------------------------------------------------------------------

ROWS = [
    ("bare spaCy `nlp.pipe` (" + MODEL + ")", "bare"),
    ("bare spaCy on wireclaims' matrix kernels (numpy's BLAS, one thread)", "bare_kernels"),
    ("wireclaims, 1 worker (`run_batch` → SQLite)", "wireclaims"),
    ("baseline code, 1 worker (`run_batch` → SQLite)", "baseline"),
    ("wireclaims, 2 workers (`--workers 2` → SQLite)", "workers2"),
    ("wireclaims, 2 workers (`--engine dask`, LocalCluster of 2 processes → SQLite)", "dask2"),
    ("bare spaCy, 2 processes side by side (each on half, no pool)", "bare2"),
    ("wireclaims, 2 one-worker runs side by side (each on half → its own SQLite, no pool)", "halves"),
]


def table(words: int, articles: int, runs: dict[str, Measured]) -> str:
    bare, one = runs["bare"], runs["wireclaims"]
    lines = [f"Corpus: corpus/wikinews.jsonl repeated, {articles:,} articles, {words:,} words "
             "(whitespace-separated). Wall: elapsed time; CPU: user + system seconds of every process "
             "of the run; for N workers \"×\" by CPU uses the busiest worker, or all CPU over N if more.", "",
             "| configuration | words/s | CPU s (parent + workers) | words per CPU s | × bare, wall | × bare, CPU "
             "| × 1 worker, wall | × 1 worker, CPU | peak RSS, largest process | peak RSS, tree |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, key in ROWS:
        if key not in runs:
            continue
        run = runs[key]
        split = " + ".join(f"{w:.1f}" for w in run.timed["worker_cpu"])
        cpu = f"{run.timed['parent_cpu']:.1f}" + (f" + ({split})" if split else "")
        lines.append(f"| {label} | {words / run.seconds:,.0f} | {cpu} | {words / run.cpu:,.0f} | "
                     f"{bare.seconds / run.seconds:.2f} | {bare.projected / run.projected:.2f} | "
                     f"{one.seconds / run.seconds:.2f} | {one.projected / run.projected:.2f} | "
                     f"{run.peak_process / MB:,.0f} MB | {run.peak_tree / MB:,.0f} MB |")
    return "\n".join(lines + [""] + targets(runs))


def targets(runs: dict[str, Measured]) -> list[str]:
    """The issue's targets, each with its ratio by wall and by CPU time."""
    def both(a: Measured, b: Measured) -> str:
        return f"{b.seconds / a.seconds:.2f}× by wall, {b.projected / a.projected:.2f}× by CPU"

    bare, one, two, dask = (runs[k] for k in ("bare", "wireclaims", "workers2", "dask2"))
    workers = max(runs[k].peak_process for k in ("wireclaims", "workers2", "dask2")) / MB
    lines = [f"Targets: 1 worker ≥ 1.1× bare spaCy ({both(one, bare)}); 2 workers ≥ 1.9× 1 worker "
            f"({both(two, one)}); Dask ≥ 0.9× the local pool ({both(dask, two)}); peak RSS per worker "
            f"< 500 MB (largest process {workers:,.0f} MB)."]
    return lines + side_by_side(runs)


def side_by_side(runs: dict[str, Measured]) -> list[str]:
    """How much of the two workers' CPU is the machine's (two busy processes) and how much the engine's."""
    if "halves" not in runs or "bare2" not in runs:
        return []
    bare, one, two, pair, bare_pair = (runs[k] for k in ("bare", "wireclaims", "workers2", "halves", "bare2"))
    return ["", f"Two busy processes: bare spaCy side by side costs {bare_pair.cpu / bare.cpu:.2f}× the CPU of one "
            f"bare run, two one-worker wireclaims runs side by side {pair.cpu / one.cpu:.2f}× one worker's (the "
            f"machine's share: no engine in either); the pool's two workers cost {two.cpu / pair.cpu:.2f}× the "
            f"side-by-side runs (the engine's own share: forking, pickling, the parent's reading and writing), "
            f"Dask's {runs['dask2'].cpu / pair.cpu:.2f}×."]


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


def interleaved(result: dict) -> str:
    """The drift-free ratio: the three one-process configurations in turn on short slices."""
    cpu, ratios = result["cpu"], sorted(result["slice_ratios"])
    quartile = [ratios[int(q * (len(ratios) - 1))] for q in (0.25, 0.5, 0.75)]
    return (f"\nInterleaved in one process ({result['slices']} slices of {SLICE_ARTICLES} articles, the three in "
            f"turn on each slice, the order rotating): CPU seconds bare spaCy {cpu['bare']:.1f}, bare spaCy on "
            f"wireclaims' kernels {cpu['bare_kernels']:.1f}, wireclaims 1 worker {cpu['wireclaims']:.1f}: wireclaims "
            f"is **{cpu['bare'] / cpu['wireclaims']:.2f}× bare spaCy** by CPU "
            f"({cpu['bare_kernels'] / cpu['wireclaims']:.2f}× bare spaCy on the same kernels); per slice, bare "
            f"spaCy's CPU over wireclaims': median {quartile[1]:.2f}, quartiles {quartile[0]:.2f}–{quartile[2]:.2f}.")


def interleaved_engines(result: dict) -> str:
    """The engines' drift-free ratios: one worker, the pool and Dask in turn on the whole corpus, then
    on slices."""
    whole, sliced = result["whole"], result["sliced"]
    runs_whole = f"{whole['runs']} runs of the whole corpus ({result['articles']:,} articles)"
    runs_sliced = f"{sliced['runs']} runs on slices of {ENGINE_SLICE_ARTICLES} articles"
    return (f"\nEngines interleaved from one driving process, the three in turn, the order rotating. "
            f"{_engines(whole['engines'], runs_whole)} {_engines(sliced['engines'], runs_sliced)}")


def _engines(totals: dict, what: str) -> str:
    one, pool, dask = (totals[k] for k in ("wireclaims", "workers2", "dask2"))
    return (f"{what}: wall seconds one worker {one['wall']:.1f}, `--workers 2` {pool['wall']:.1f}, `--engine "
            f"dask` on 2 {dask['wall']:.1f}; CPU seconds (parent and workers) {one['cpu']:.1f}, {pool['cpu']:.1f}, "
            f"{dask['cpu']:.1f}. Two workers are **{one['wall'] / pool['wall']:.2f}× one worker by wall**, "
            f"{2 * one['cpu'] / pool['cpu']:.2f}× by CPU (all CPU over 2); Dask is **{pool['wall'] / dask['wall']:.2f}× "
            f"the pool by wall**, {pool['cpu'] / dask['cpu']:.2f}× by CPU.")


def unique_pass(runs: dict[str, Measured]) -> str:
    words = sum(len(json.loads(line)["text"].split()) for line in CORPUS.open(encoding="utf-8"))
    bare, one = runs["bare"], runs["wireclaims"]
    return (f"\nThe repeated corpus lets the normalizers' caches hit from the second pass on. One pass over the "
            f"{words:,} words of unique articles: bare spaCy {words / bare.seconds:,.0f} words/s "
            f"({words / bare.cpu:,.0f} per CPU s), wireclaims 1 worker {words / one.seconds:,.0f} words/s "
            f"({words / one.cpu:,.0f} per CPU s): {bare.seconds / one.seconds:.2f}× bare spaCy by wall, "
            f"{bare.cpu / one.cpu:.2f}× by CPU.")


def length_timing(sizes: list[str], models: list[str]) -> str:
    """``scripts/bench_length.py`` for each model (its own table, as it prints it)."""
    tables = []
    for model in models:
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_length.py"), "--sizes", *sizes,
                               "--model", model], capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, **SINGLE_THREADED})
        if done.returncode != 0:
            tables.append(f"Long articles ({model}): bench_length.py failed: {done.stderr.strip()[-500:]}")
        else:
            tables.append(f"Long articles, {model} pipeline (scripts/bench_length.py --sizes {' '.join(sizes)}):\n\n"
                          + done.stdout.strip())
    return "\n\n".join(tables)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="words in the speed corpus")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the speed runs (least CPU kept)")
    parser.add_argument("--baseline", type=Path, help="also run 1 worker with the code of this checkout")
    parser.add_argument("--memory-articles", type=int, default=10_000, help="articles in the flat-memory run")
    parser.add_argument("--length-sizes", nargs="+", default=["5", "50"], help="long-article sizes, MB")
    parser.add_argument("--length-models", nargs="+", default=["blank", "auto"], help="pipelines for those")
    parser.add_argument("--skip-speed", action="store_true", help="skip the speed runs")
    parser.add_argument("--skip-memory", action="store_true", help="skip the flat-memory run")
    parser.add_argument("--skip-length", action="store_true", help="skip the long-article timing")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    OUT.mkdir(exist_ok=True)
    if args.child:
        done = CHILDREN[args.child](args.corpus, OUT)
        print(done.as_json() if hasattr(done, "as_json") else json.dumps(done))
        return
    corpus = OUT / "speed.jsonl"
    words, articles = repeated_corpus(corpus, min_words=args.words)
    parts = []
    if not args.skip_speed:
        configs = [("bare", "bare", None), ("bare_kernels", "bare_kernels", None), ("wireclaims", "wireclaims", None)]
        configs += [("baseline", "wireclaims", args.baseline.resolve())] if args.baseline else []
        configs += [("workers2", "workers2", None), ("dask2", "dask2", None)]
        configs += [("bare2", "bare2", None), ("halves", "halves", None)]
        runs = best_of(args.rounds, configs, corpus)
        parts.append(table(words, articles, runs))
        parts.append(interleaved(measure("interleaved", corpus).timed))
        parts.append(interleaved_engines(measure("interleaved_engines", corpus).timed))
        parts.append(unique_pass(best_of(1, [("bare", "bare", None), ("wireclaims", "wireclaims", None)], CORPUS)))
    if not args.skip_memory:
        memory_corpus = OUT / "memory.jsonl"
        repeated_corpus(memory_corpus, min_articles=args.memory_articles)
        parts.append(flat_memory(args.memory_articles, measure("wireclaims", memory_corpus)))
    if not args.skip_length:
        parts.append("\n" + length_timing(args.length_sizes, args.length_models))
    report = "\n".join(parts)
    print(report)
    (OUT / "bench.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
