"""Time the review app's country filter on ~100,000 claims (README "Reviewing claims").

    python scripts/time_country_filter.py --db claims.db [--countries US KZ FI GB]

Copies ``--db`` (an extract of the corpus: ``make run``) to a temporary file with its claims copied
to about 100,000 by SQL (``copy_to_100k`` of tests/review_dbs.py, as the tests' ``db_100k``), lets
the writer open it once (as a re-run of ``extract`` would, so the file has every declared index), then prints, per
country, the claims it selects, the least of ``--rounds`` CPU times (``time.process_time``: on a
loaded machine wall time measures the other jobs) and wall times of one claims-table page (the count
and the page's rows), and the query plan of the count.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from extractor.io.sinks.sqlite import SqliteWriter  # noqa: E402
from extractor.review import forms, listing, store  # noqa: E402
from review_dbs import copy_to_100k  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--countries", nargs="+", default=["US", "KZ", "FI", "GB"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = copy_to_100k(args.db, Path(tmp) / "claims.db")
        SqliteWriter(db).close()  # the writer's schema on open: any index declared since
        conn = store.connect(db)
        print(f"{conn.execute('SELECT COUNT(*) FROM claims').fetchone()[0]:,} claims")
        for country in args.countries:
            filters = forms.parse_claim_filters({"country": country})
            cpu, wall = [], []
            for _ in range(args.rounds):
                start, start_wall = time.process_time(), time.perf_counter()
                page = listing.list_claims(conn, filters)
                cpu.append(time.process_time() - start)
                wall.append(time.perf_counter() - start_wall)
            where, params = listing.claim_where(filters)
            plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM claims c {where}", params)]
            print(f"{country}: {page.total:,} claims, {min(cpu) * 1000:.0f} ms CPU, {min(wall) * 1000:.0f} ms wall; "
                  f"plan: {' | '.join(plan)}")


if __name__ == "__main__":
    main()
