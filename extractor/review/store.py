"""The review app's side of the database: the ``reviews`` table, indexes, and single-row reads.

Reviews are keyed by ``(article_id, claim_id)`` and never written into the extractor's tables:
``extractor.io.sinks.sqlite`` deletes and reinserts an article's claims on a re-run but leaves ``reviews``
alone, so a review survives re-extraction (claim ids are hashes of the article text). No clock
time is stored: ``updated_seq`` is a counter, one more than the highest so far.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.io.tables import REVIEW_INDEXES, review_indexes_ddl
from models import ArticleResult

STATUSES = ("confirmed", "disputed", "wrong_extraction", "needs_check")

_REVIEWS_COLUMNS = f"""(
    claim_id TEXT NOT NULL, article_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ({", ".join(f"'{s}'" for s in STATUSES)})),
    note TEXT, corrected TEXT, updated_seq INTEGER NOT NULL,
    PRIMARY KEY (article_id, claim_id))"""
#: Made by the first review saved (opening the app to read writes nothing to the file).
REVIEWS_TABLE = f"""
CREATE TABLE IF NOT EXISTS main.reviews {_REVIEWS_COLUMNS.replace("main.", "")};
CREATE INDEX IF NOT EXISTS main.reviews_status ON reviews (status);
CREATE INDEX IF NOT EXISTS main.reviews_seq ON reviews (updated_seq);
"""
#: The indexes the app's lists use: declared with the tables (``extractor.io.tables``), made by
#: ``extract``; a database written by an older version gets them when the app opens it.
REVIEW_SCHEMA = review_indexes_ddl()
_INDEX_NAMES = frozenset(REVIEW_INDEXES)
_REQUIRED_TABLES = ("articles", "claims", "quantities", "officials", "countries")


class NotAWireclaimsDb(ValueError):
    """The file is not an extractor SQLite output."""


@dataclass(frozen=True)
class Review:
    """A fact-checker's verdict on one claim; ``corrected`` holds only the fields they changed."""

    article_id: str
    claim_id: str
    status: str
    note: str
    corrected: dict[str, Any]
    updated_seq: int = 0


def connect(path: Path) -> sqlite3.Connection:
    """A connection with rows addressable by column name (waits up to 5 s for a writer). Before
    the first review there is no ``reviews`` table in the file: this connection reads an empty
    temporary one (in memory, not in the file)."""
    conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        if not _has_reviews(conn):
            conn.executescript(REVIEWS_TABLE.replace("main.", "temp."))
    except sqlite3.DatabaseError:
        pass  # not a database: the first query says so
    return conn


def _has_reviews(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'reviews'").fetchone() \
        is not None


def prepare(path: Path) -> None:
    """Check ``path`` is an extractor output; create ``reviews`` and any missing index.

    Raises ``FileNotFoundError`` or ``NotAWireclaimsDb`` with a one-line message.
    """
    if not path.is_file():
        raise FileNotFoundError(f"no such database: {path}")
    conn = connect(path)
    try:
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as err:
            raise NotAWireclaimsDb(_unreadable(path, err)) from None
        missing = [table for table in _REQUIRED_TABLES if table not in names]
        if missing:
            raise NotAWireclaimsDb(f"{path} is not a wireclaims output (no table {', '.join(missing)}); "
                                   "run `wireclaims extract ... -o FILE.db` first")
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        try:
            if not _INDEX_NAMES <= indexes:
                conn.executescript(REVIEW_SCHEMA)
            if "sqlite_stat1" not in names:
                # statistics for the query planner (without them it scans claims for a period filter);
                # ``extract`` leaves them, so only an older database gets them here
                conn.execute("ANALYZE")
        except sqlite3.OperationalError as err:
            raise NotAWireclaimsDb(_unreadable(path, err)) from None
    finally:
        conn.close()


def _unreadable(path: Path, err: sqlite3.DatabaseError) -> str:
    """Why SQLite refused ``path``: not a database at all, or one the app may not write."""
    with path.open("rb") as stream:
        is_sqlite = stream.read(16) == b"SQLite format 3\x00"
    if not is_sqlite:
        return f"{path} is not a SQLite database: {err}"
    return (f"{path} cannot be written ({err}): the review app stores reviews in it and SQLite needs to "
            "write the file and create files beside it; copy it to a writable directory")


def article_row(conn: sqlite3.Connection, article_id: str) -> sqlite3.Row | None:
    """The ``articles`` row of one article, or ``None``."""
    return conn.execute("SELECT article_id, title, url, source, published, text, record FROM articles "
                        "WHERE article_id = ?", (article_id,)).fetchone()


def article_result(row: sqlite3.Row) -> ArticleResult:
    """The full record kept in an ``articles`` row."""
    return ArticleResult.model_validate_json(row["record"])


def claim_row(conn: sqlite3.Connection, article_id: str, claim_id: str) -> sqlite3.Row | None:
    """One claim joined with its quantity and its article's title, or ``None``."""
    return conn.execute(
        "SELECT c.*, q.text AS q_text, q.value AS q_value, q.low AS q_low, q.high AS q_high, "
        "q.bound AS q_bound, q.unit AS q_unit, a.title AS article_title "
        "FROM claims c JOIN articles a ON a.article_id = c.article_id "
        "LEFT JOIN quantities q ON q.article_id = c.article_id AND q.idx = c.quantity "
        "WHERE c.article_id = ? AND c.id = ?", (article_id, claim_id)).fetchone()


def get_review(conn: sqlite3.Connection, article_id: str, claim_id: str) -> Review | None:
    """The stored review of one claim, or ``None``."""
    row = conn.execute("SELECT * FROM reviews WHERE article_id = ? AND claim_id = ?",
                       (article_id, claim_id)).fetchone()
    return _review(row) if row else None


def reviews_of_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Review]:
    """The reviews of one article's claims, by claim id."""
    rows = conn.execute("SELECT * FROM reviews WHERE article_id = ?", (article_id,))
    return {row["claim_id"]: _review(row) for row in rows}


def save_review(conn: sqlite3.Connection, review: Review) -> int:
    """Insert or replace a claim's review; returns its new ``updated_seq``. The first review
    makes the ``reviews`` table in the file."""
    if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'reviews'").fetchone():
        conn.execute("DROP TABLE temp.reviews")
        conn.executescript(REVIEWS_TABLE)
    conn.execute("BEGIN IMMEDIATE")
    try:
        (seq,) = conn.execute("SELECT COALESCE(MAX(updated_seq), 0) + 1 FROM reviews").fetchone()
        conn.execute(
            "INSERT INTO reviews (claim_id, article_id, status, note, corrected, updated_seq) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, claim_id) DO UPDATE SET "
            "status = excluded.status, note = excluded.note, corrected = excluded.corrected, "
            "updated_seq = excluded.updated_seq",
            (review.claim_id, review.article_id, review.status, review.note,
             json.dumps(review.corrected, ensure_ascii=False, sort_keys=True), seq))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return seq


def _review(row: sqlite3.Row) -> Review:
    return Review(article_id=row["article_id"], claim_id=row["claim_id"], status=row["status"],
                  note=row["note"] or "", corrected=json.loads(row["corrected"] or "{}"),
                  updated_seq=row["updated_seq"])
