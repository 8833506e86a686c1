"""Test databases of the review app beyond the ones the extractor writes (conftest's ``db_100k``)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path


def copy_to_100k(source: Path, db: Path) -> Path:
    """~100,000 claims at ``db``: ``source``'s real ones copied (with new ids) by SQL, with the
    planner statistics the writer leaves."""
    db = Path(shutil.copy(source, db))
    with sqlite3.connect(db) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(claims)")]
        copied = ", ".join("c.id || '~' || n.i" if name == "id" else f"c.{name}" for name in columns)
        (real,) = conn.execute("SELECT COUNT(*) FROM claims").fetchone()
        conn.execute(f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                     f"INSERT INTO claims SELECT {copied} FROM claims c, n", (100_000 // real,))
        conn.execute("ANALYZE")
    return db
