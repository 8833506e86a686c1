"""The review app's side of the database: the ``reviews`` table and single-row reads.

Reviews are keyed by ``(article_id, claim_id)`` and never written into the extractor's tables:
``extractor.io.sinks.sqlite`` deletes and reinserts an article's claims on a re-run but leaves ``reviews``
alone, so a review survives re-extraction (claim ids are hashes of the article text). Every review
saved is a new row (the audit trail: who, when, what); ``updated_seq`` numbers them, and the row
with the highest is a claim's current review (``current = 1``, so the lists join one row per claim).

Opening the app writes nothing to the file: the indexes its lists use come from the extract
writer's schema (``extractor.io.tables``), and the ``reviews`` table is made by the first review
(which also adds any of those indexes that a database written by an older version lacks).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.io.tables import REVIEW_INDEXES, review_indexes_ddl
from models import ArticleResult

STATUSES = ("confirmed", "disputed", "wrong_extraction", "needs_check")

_REVIEWS_COLUMNS = f"""(
    id INTEGER PRIMARY KEY, claim_id TEXT NOT NULL, article_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ({", ".join(f"'{s}'" for s in STATUSES)})),
    note TEXT, corrected TEXT, updated_seq INTEGER NOT NULL,
    reviewer TEXT, reviewed_at TEXT, current INTEGER NOT NULL DEFAULT 1)"""
_REVIEWS_INDEXES = """
CREATE INDEX IF NOT EXISTS main.reviews_claim ON reviews (article_id, claim_id, current);
CREATE INDEX IF NOT EXISTS main.reviews_status ON reviews (status, current);
CREATE INDEX IF NOT EXISTS main.reviews_seq ON reviews (updated_seq);
"""
#: Made by the first review saved (opening the app to read writes nothing to the file).
REVIEWS_TABLE = f"CREATE TABLE IF NOT EXISTS main.reviews {_REVIEWS_COLUMNS};\n{_REVIEWS_INDEXES}"
#: The columns a reviews table of an earlier version (one row per claim) lacks.
_NEW_COLUMNS = ("id", "reviewer", "reviewed_at", "current")
#: The indexes the app's lists use: declared with the tables (``extractor.io.tables``), made by
#: ``extract``; a database written before one was declared gets it with its first review here
#: (never when the app opens it: reading writes nothing).
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
    corrected: dict[str, Any] = field(default_factory=dict)
    updated_seq: int = 0
    reviewer: str = ""
    reviewed_at: str = ""


def connect(path: Path) -> sqlite3.Connection:
    """A connection with rows addressable by column name (waits up to 5 s for a writer). Before
    the first review there is no ``reviews`` table in the file: this connection reads an empty
    temporary one (in memory, not in the file)."""
    conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        have = _reviews_columns(conn)
        if not have:
            conn.executescript(REVIEWS_TABLE.replace("main.", "temp."))
        elif not set(_NEW_COLUMNS) <= have:  # an earlier version's table, read as this one (temp wins)
            conn.execute("CREATE TEMP VIEW reviews AS SELECT rowid AS id, *, NULL AS reviewer, NULL AS reviewed_at, "
                         "1 AS current FROM main.reviews")
    except sqlite3.DatabaseError:
        pass  # not a database: the first query says so
    return conn


def _reviews_columns(conn: sqlite3.Connection) -> set[str]:
    return {row[1] for row in conn.execute("PRAGMA main.table_info(reviews)")}


def has_fts(conn: sqlite3.Connection) -> bool:
    """Whether the file has the writer's full-text index over claim sentences (``claims_fts``)."""
    return conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'claims_fts'").fetchone() is not None


def prepare(path: Path) -> None:
    """Check ``path`` is an extractor output the app can store reviews in, reading only.

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
    finally:
        conn.close()
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):  # asked, not tried: nothing written
        raise NotAWireclaimsDb(_unreadable(path, sqlite3.OperationalError("attempt to write a readonly database")))


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
        "q.bound AS q_bound, q.unit AS q_unit, q.start AS q_start, q.\"end\" AS q_end, "
        "a.title AS article_title "
        "FROM claims c JOIN articles a ON a.article_id = c.article_id "
        "LEFT JOIN quantities q ON q.article_id = c.article_id AND q.idx = c.quantity "
        "WHERE c.article_id = ? AND c.id = ?", (article_id, claim_id)).fetchone()


def get_review(conn: sqlite3.Connection, article_id: str, claim_id: str) -> Review | None:
    """The current (latest) review of one claim, or ``None``."""
    history = review_history(conn, article_id, claim_id)
    return history[0] if history else None


def review_history(conn: sqlite3.Connection, article_id: str, claim_id: str) -> list[Review]:
    """Every review of one claim, the latest first."""
    rows = conn.execute("SELECT * FROM reviews WHERE article_id = ? AND claim_id = ? ORDER BY updated_seq DESC",
                        (article_id, claim_id))
    return [_review(row) for row in rows]


def reviews_of_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Review]:
    """The current reviews of one article's claims, by claim id."""
    rows = conn.execute("SELECT * FROM reviews WHERE article_id = ? AND current = 1", (article_id,))
    return {row["claim_id"]: _review(row) for row in rows}


def save_reviews(conn: sqlite3.Connection, reviews: list[Review]) -> int:
    """Add each review as a new row, the claim's current one, in one transaction; returns the last
    ``updated_seq``. The first review makes the ``reviews`` table in the file (and brings one of an
    earlier version, a row per claim, to this layout)."""
    kind = conn.execute("SELECT type FROM temp.sqlite_master WHERE name = 'reviews'").fetchone()
    if kind:
        conn.execute(f"DROP {kind[0].upper()} temp.reviews")
    conn.execute("BEGIN IMMEDIATE")
    try:
        _ensure_table(conn)
        _ensure_indexes(conn)
        (seq,) = conn.execute("SELECT COALESCE(MAX(updated_seq), 0) FROM reviews").fetchone()
        for seq, review in enumerate(reviews, start=seq + 1):
            conn.execute("UPDATE reviews SET current = 0 WHERE article_id = ? AND claim_id = ? AND current = 1",
                         (review.article_id, review.claim_id))
            conn.execute(
                "INSERT INTO reviews (claim_id, article_id, status, note, corrected, updated_seq, reviewer, "
                "reviewed_at, current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (review.claim_id, review.article_id, review.status, review.note,
                 json.dumps(review.corrected, ensure_ascii=False, sort_keys=True), seq, review.reviewer or None,
                 review.reviewed_at or None))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return seq


def save_review(conn: sqlite3.Connection, review: Review) -> int:
    """Add one review (see ``save_reviews``); returns its ``updated_seq``."""
    return save_reviews(conn, [review])


def _ensure_table(conn: sqlite3.Connection) -> None:
    """The ``reviews`` table in this layout, inside the caller's transaction."""
    have = _reviews_columns(conn)
    if have and not set(_NEW_COLUMNS) <= have:  # one row per claim, no reviewer: copied over
        conn.execute("ALTER TABLE main.reviews RENAME TO reviews_v1")
        for index in ("reviews_status", "reviews_seq"):
            conn.execute(f"DROP INDEX IF EXISTS main.{index}")
    for statement in REVIEWS_TABLE.strip().split(";\n"):
        conn.execute(statement)
    if have and not set(_NEW_COLUMNS) <= have:
        conn.execute("INSERT INTO reviews (claim_id, article_id, status, note, corrected, updated_seq) "
                     "SELECT claim_id, article_id, status, note, corrected, updated_seq FROM reviews_v1")
        conn.execute("DROP TABLE reviews_v1")


def _ensure_indexes(conn: sqlite3.Connection) -> None:
    """The writer's indexes for the app's lists, on a database written before they were declared
    (and its planner statistics, without which a period filter scans the claims)."""
    have = {row[0] for row in conn.execute("SELECT name FROM main.sqlite_master WHERE type IN ('index', 'table')")}
    if _INDEX_NAMES <= have:
        return
    for statement in REVIEW_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    if "sqlite_stat1" not in have:
        conn.execute("ANALYZE")


def _review(row: sqlite3.Row) -> Review:
    keys = row.keys()
    return Review(article_id=row["article_id"], claim_id=row["claim_id"], status=row["status"],
                  note=row["note"] or "", corrected=json.loads(row["corrected"] or "{}"),
                  updated_seq=row["updated_seq"],
                  reviewer=(row["reviewer"] if "reviewer" in keys else None) or "",
                  reviewed_at=(row["reviewed_at"] if "reviewed_at" in keys else None) or "")
