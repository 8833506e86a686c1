"""Benchmark: the review app's claim pages on a large database, alone and beside a running extract.

Builds (once, in a temporary directory) a database of about ``--claims`` claims: the bundled corpus
extracted with the blank pipeline, its claims copied under new ids in SQL and spread over new
articles so that claim groups form. Then asks ``--requests`` claim pages through Flask's test
client, right after the app starts, and reports p50/p95/max latency; then again while another
thread commits new claims every ``--commit-every`` seconds, as a concurrent extract does.

    .venv/bin/python scripts/bench_review.py [--claims 50000] [--requests 200]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(db: Path, claims: int) -> None:
    import extractor
    from extractor.api import extract_many
    from extractor.io.sinks.registry import open_writer
    from models import Article

    nlp = extractor.load("blank")
    articles = [Article.model_validate_json(line) for line in (ROOT / "corpus" / "wikinews.jsonl").open()]
    with open_writer(db) as writer:
        for result, article in zip(extract_many(articles, nlp), articles):
            writer.write(result, article)
    with sqlite3.connect(db) as conn:
        (real,) = conn.execute("SELECT COUNT(*) FROM claims").fetchone()
        tables = [t for t in ("articles", "claims", "quantities", "claim_groups")
                  if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (t,)).fetchone()]
        for table in tables:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            copied = ", ".join(f"{name} || '~' || n.i" if name == "article_id" else name for name in columns)
            conn.execute(f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                         f"INSERT INTO {table} SELECT {copied} FROM {table}, n", (claims // real,))


def timed(client, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> str:
    cut = statistics.quantiles(times, n=20)
    return f"{label}: p50 {statistics.median(times) * 1000:.0f} ms, p95 {cut[18] * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"


def writer_thread(db: Path, stop: threading.Event, every: float) -> None:
    """Commits 20 new claims (and their group buckets, where the database keeps them) every ``every`` s."""
    conn = sqlite3.connect(db, timeout=30)
    tables = {"claims": "id", "claim_groups": "claim_id"}
    tables = {t: key for t, key in tables.items()
              if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (t,)).fetchone()}
    columns = {t: [row[1] for row in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    n = 0
    while not stop.is_set():
        n += 1
        for table, key in tables.items():
            copied = ", ".join(f"{name} || 'w{n}'" if name == key else name for name in columns[table])
            conn.execute(f"INSERT INTO {table} SELECT {copied} FROM {table} ORDER BY rowid LIMIT 20")
        conn.commit()
        stop.wait(every)
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--commit-every", type=float, default=0.5)
    args = parser.parse_args()
    from extractor.review import create_app

    with tempfile.TemporaryDirectory(prefix="wc-review-") as tmp:
        db = Path(tmp) / "claims.db"
        build(db, args.claims)
        with sqlite3.connect(db) as conn:
            keys = conn.execute("SELECT article_id, id FROM claims").fetchall()
        print(f"{len(keys):,} claims", flush=True)
        urls = [f"/articles/{a}/claims/{c}" for a, c in random.Random(1).sample(keys, args.requests)]
        start = time.perf_counter()
        app = create_app(db)
        built = time.perf_counter() - start
        client = app.test_client()
        times = timed(client, urls)
        print(f"first page after start: {times[0] * 1000:.0f} ms (app built in {built:.1f} s, "
              f"{len(urls)} pages done {time.perf_counter() - start:.1f} s after the start)")
        print(report("alone", times), flush=True)
        app.config["GROUPS"].wait(600)
        print(f"every group (the /groups list) ready {time.perf_counter() - start:.1f} s after the start; claim "
              f"pages read {'their bucket' if app.config['GROUPS'].by_bucket else 'the computed groups'}", flush=True)
        stop = threading.Event()
        thread = threading.Thread(target=writer_thread, args=(db, stop, args.commit_every))
        thread.start()
        try:
            print(report(f"beside an extract committing every {args.commit_every} s", timed(client, urls)))
        finally:
            stop.set()
            thread.join()


if __name__ == "__main__":
    main()
