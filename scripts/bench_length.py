"""Benchmark: time and peak memory against article length, and a huge article in a batch.

Each size runs in its own subprocess (so peaks do not mix): one article made of the Wikinews corpus
repeated (paragraph breaks between the stories) to the size asked, extracted by the CLI to SQLite
between two ordinary articles. Reported per size: CPU seconds, wall seconds, seconds per MB, peak RSS
of the process, the records the long article became (one per part of at most
``extractor.chunking.PART_CHARS`` characters), and whether the two small articles around the long one
were written (first and last, in input order).

    .venv/bin/python scripts/bench_length.py [--sizes 0.25 1 5] [--model blank] [--max-chars N]
    .venv/bin/python scripts/bench_length.py --sizes 5 50 --model auto   # minutes, not hours

Linear growth shows as a flat "s/MB" column; the last line gives the ratio of the largest size's
s/MB to the smallest's (1.0 is perfectly linear; a quadratic cost doubles it with every doubling).
Writes the table to stdout and to ``bench-out/bench_length-MODEL.md``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "wikinews.jsonl"
OUT = ROOT / "bench-out"
MB = 1_000_000
#: A first run with a tiny long article measures the fixed cost (loading Python, spaCy, the pipeline,
#: the word tables), taken off every size's CPU time in the "net" columns.
STARTUP_MB = 0.001


def write_input(path: Path, megabytes: float) -> None:
    """Three articles: a short one, the long one, a short one (streamed, never all in memory)."""
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8") if line.strip()]
    target = int(megabytes * MB)
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "before", "text": texts[0], "published": "2022-10-04"}) + "\n")
        out.write('{"id": "long", "published": "2022-10-04", "text": "')
        size, index = 0, 0
        while size < target:
            piece = (texts[index % len(texts)] + "\n\n")[: target - size]
            out.write(json.dumps(piece)[1:-1])
            size, index = size + len(piece), index + 1
        out.write('"}\n')
        out.write(json.dumps({"id": "after", "text": texts[1], "published": "2022-10-04"}) + "\n")


def run_one(megabytes: float, model: str, max_chars: int | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="wc-length-") as tmp:
        source, db = Path(tmp) / "in.jsonl", Path(tmp) / "out.db"
        write_input(source, megabytes)
        command = [sys.executable, "-m", "extractor", "extract", str(source), "-o", str(db), "-q",
                   "--model", model, *(["--max-chars", str(max_chars)] if max_chars else [])]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"extract failed ({done.returncode}): {done.stderr[-2000:]}")
        with sqlite3.connect(db) as conn:
            ids = [row[0] for row in conn.execute("SELECT article_id FROM articles ORDER BY rowid")]
            (claims,) = conn.execute("SELECT COUNT(*) FROM claims WHERE article_id = 'long' "
                                     "OR article_id LIKE 'long#%'").fetchone()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"mb": megabytes, "cpu": cpu, "wall": wall, "rss_mb": after.ru_maxrss / 1024,
            "claims": claims, "neighbours": ids[:1] == ["before"] and ids[-1:] == ["after"],
            "long": "long" in ids, "parts": sum(i == "long" or i.startswith("long#") for i in ids)}


def table(rows: list[dict], model: str) -> str:
    startup, rows = rows[0], rows[1:]
    lines = [f"model `{model}`; fixed cost (start-up, pipeline load, two short articles): "
             f"{startup['cpu']:.1f} s CPU, {startup['rss_mb']:.0f} MB", "",
             "| article | CPU s | net CPU s | net s/MB | wall s | peak RSS | claims | records | neighbours written |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        net = max(row["cpu"] - startup["cpu"], 0.0)
        row["net"] = net
        lines.append(f"| {row['mb']:g} MB | {row['cpu']:.1f} | {net:.1f} | {net / row['mb']:.1f} | {row['wall']:.1f} "
                     f"| {row['rss_mb']:.0f} MB | {row['claims']:,} | {row.get('parts', 1)} "
                     f"| {'yes' if row['neighbours'] else 'NO'} |")
    if len(rows) > 1 and rows[0]["net"] > 0:
        first, last = rows[0], rows[-1]
        ratio = (last["net"] / last["mb"]) / (first["net"] / first["mb"])
        lines += ["", f"net s/MB at {last['mb']:g} MB / at {first['mb']:g} MB: {ratio:.2f} (1.0 is linear; "
                      f"text {last['mb'] / first['mb']:g}x, net time {last['net'] / first['net']:.1f}x)"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 1, 5], help="article sizes in MB")
    parser.add_argument("--model", default="blank", help="pipeline (blank, auto or a model name)")
    parser.add_argument("--max-chars", type=int, default=None, help="piece size (default: the CLI's)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # one size, JSON out
    args = parser.parse_args(argv)
    if args.one:  # in its own process, so RUSAGE_CHILDREN's peak is this size's alone
        print(json.dumps(run_one(args.sizes[0], args.model, args.max_chars)))
        return
    rows = []
    for size in [STARTUP_MB, *args.sizes]:
        extra = ["--max-chars", str(args.max_chars)] if args.max_chars else []
        done = subprocess.run([sys.executable, __file__, "--one", "--sizes", str(size), "--model", args.model,
                               *extra], capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout))
        print(f"{size:g} MB: {rows[-1]['cpu']:.1f} s CPU, {rows[-1]['rss_mb']:.0f} MB peak", file=sys.stderr)
    text = table(rows, args.model)
    OUT.mkdir(exist_ok=True)
    (OUT / f"bench_length-{args.model}.md").write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
