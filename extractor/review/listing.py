"""Paginated lists of articles and claims, filtered and sorted in SQL (LIMIT/OFFSET).

Every filter is a parameterized ``WHERE`` term on an indexed column (``store.REVIEW_SCHEMA``
creates the missing indexes); sort columns come from a fixed table, never from the request.
``articles_query`` and ``claims_query`` return the SQL so tests can ``EXPLAIN QUERY PLAN`` it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from extractor.review.forms import ArticleFilters, ClaimFilters

PAGE_SIZE = 50

_CLAIM_ORDER = {
    "article": "c.article_id", "value": "q.value", "subject": "c.subject", "country": "c.subject_country",
    "source": "c.source_name", "kind": "c.source_kind", "begin": "c.time_begin", "end": "c.time_end",
    "hedged": "c.hedged", "status": "r.status",
}

_CLAIM_COLUMNS = (
    "c.id, c.article_id, c.quantity, c.subject, c.subject_country, c.predicate, c.time_begin, c.time_end, "
    "c.time_text, c.source_name, c.source_text, c.source_kind, c.hedged, q.text AS q_text, "
    "q.value AS q_value, q.bound AS q_bound, r.status AS status, r.corrected AS corrected")

_CLAIM_FROM = (
    "FROM claims c LEFT JOIN quantities q ON q.article_id = c.article_id AND q.idx = c.quantity "
    "LEFT JOIN reviews r ON r.article_id = c.article_id AND r.claim_id = c.id")


@dataclass(frozen=True)
class Page:
    """One page of rows and what the pager needs."""

    rows: list[sqlite3.Row]
    total: int
    number: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return 0 if not self.total else (self.number - 1) * self.size + 1

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def article_where(f: ArticleFilters) -> tuple[str, list[object]]:
    """The ``WHERE`` clause (or ``""``) and parameters of the articles list."""
    terms: list[str] = []
    params: list[object] = []
    if f.q:
        terms.append("(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')")
        params += [_like(f.q), _like(f.q)]
    if f.country:
        terms.append("EXISTS (SELECT 1 FROM countries k WHERE k.article_id = a.article_id AND k.code = ?)")
        params.append(f.country)
    if f.official:
        terms.append("EXISTS (SELECT 1 FROM officials o WHERE o.article_id = a.article_id "
                     "AND (o.name LIKE ? ESCAPE '\\' OR o.aliases LIKE ? ESCAPE '\\'))")
        params += [_like(f.official), _like(f.official)]
    for op, value in ((">=", f.published_from), ("<=", f.published_to)):
        if value:
            terms.append(f"a.published {op} ?")
            params.append(value)
    if f.hedged is not None:
        negate = "" if f.hedged else "NOT "  # one pass over claims_hedged, not one per article
        terms.append(f"a.article_id {negate}IN (SELECT h.article_id FROM claims h WHERE h.hedged = 1)")
    return (f"WHERE {' AND '.join(terms)}" if terms else ""), params


def articles_query(f: ArticleFilters) -> tuple[str, list[object]]:
    """The SQL of one page of the articles list, newest first."""
    where, params = article_where(f)
    sql = ("SELECT a.article_id, a.title, a.published, substr(a.text, 1, 200) AS lead, "
           "(SELECT COUNT(*) FROM claims c WHERE c.article_id = a.article_id) AS n_claims, "
           "(SELECT COUNT(*) FROM reviews r WHERE r.article_id = a.article_id) AS n_reviews "
           f"FROM articles a {where} ORDER BY a.published DESC, a.article_id LIMIT ? OFFSET ?")
    return sql, [*params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE]


def list_articles(conn: sqlite3.Connection, f: ArticleFilters) -> Page:
    """One page of articles matching ``f``."""
    where, params = article_where(f)
    (total,) = conn.execute(f"SELECT COUNT(*) FROM articles a {where}", params).fetchone()
    sql, page_params = articles_query(f)
    return Page(rows=conn.execute(sql, page_params).fetchall(), total=total, number=f.page)


def claim_where(f: ClaimFilters) -> tuple[str, list[object]]:
    """The ``WHERE`` clause (or ``""``) and parameters of the claims table."""
    terms: list[str] = []
    params: list[object] = []
    if f.hedged is not None:
        terms.append("c.hedged = ?")
        params.append(int(f.hedged))
    for column, value in (("c.source_kind", f.source_kind), ("c.subject_country", f.country)):
        if value:
            terms.append(f"{column} = ?")
            params.append(value)
    if f.period_from:  # the claim's period overlaps [from, to]
        terms.append("c.time_end >= ?")
        params.append(f.period_from)
    if f.period_to:
        terms.append("c.time_begin <= ?")
        params.append(f.period_to)
    if f.status == "unreviewed":
        terms.append("r.status IS NULL")
    elif f.status:
        terms.append("r.status = ?")
        params.append(f.status)
    return (f"WHERE {' AND '.join(terms)}" if terms else ""), params


def claims_query(f: ClaimFilters) -> tuple[str, list[object]]:
    """The SQL of one page of the claims table."""
    where, params = claim_where(f)
    direction = "DESC" if f.desc else "ASC"
    tie = f"c.id {direction}" if f.sort == "article" else "c.article_id, c.id"
    order = f"{_CLAIM_ORDER[f.sort]} {direction}, {tie}"
    sql = f"SELECT {_CLAIM_COLUMNS} {_CLAIM_FROM} {where} ORDER BY {order} LIMIT ? OFFSET ?"
    return sql, [*params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE]


def list_claims(conn: sqlite3.Connection, f: ClaimFilters) -> Page:
    """One page of claims matching ``f``."""
    where, params = claim_where(f)
    reviews = _CLAIM_FROM[_CLAIM_FROM.index("LEFT JOIN reviews"):] if f.status else ""
    (total,) = conn.execute(f"SELECT COUNT(*) FROM claims c {reviews} {where}", params).fetchone()
    sql, page_params = claims_query(f)
    return Page(rows=conn.execute(sql, page_params).fetchall(), total=total, number=f.page)


def facets(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The values offered in the filter menus (each a scan of one index, not of a table)."""
    def distinct(sql: str) -> list[str]:
        return [row[0] for row in conn.execute(sql) if row[0]]

    return {
        "countries": distinct("SELECT DISTINCT code FROM countries ORDER BY code"),
        "subject_countries": distinct("SELECT DISTINCT subject_country FROM claims ORDER BY subject_country"),
    }
