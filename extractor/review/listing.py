"""Paginated lists of articles and claims, filtered and sorted in SQL (LIMIT/OFFSET).

Filters are parameterized ``WHERE`` terms on the columns the extract writer indexes
(``extractor.io.tables.INDEXES``); sort columns come from a fixed table, never from the request.
The text search reads the writer's FTS5 index ``claims_fts``; the country filter matches a claim
whose subject's nationality, one of its places or its source's country is the country. A page
number past the end gives the last page. ``articles_query`` and ``claims_query`` return the SQL so
tests can ``EXPLAIN QUERY PLAN`` it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

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
    "q.value AS q_value, q.bound AS q_bound, q.start AS q_start, q.\"end\" AS q_end, c.sentence, "
    "json_extract(c.record, '$.sentence.span[0]') AS s_start, r.status AS status, r.corrected AS corrected")

_REVIEWS_JOIN = "LEFT JOIN reviews r ON r.article_id = c.article_id AND r.claim_id = c.id AND r.current = 1"
_CLAIM_FROM = ("FROM claims c LEFT JOIN quantities q ON q.article_id = c.article_id AND q.idx = c.quantity "
               f"{_REVIEWS_JOIN}")
#: A claim is about a country when its subject's nationality, a place or its source's country is it.
#: A place's country is one the article names (``countries``) and a source's one the article names or
#: one of its officials has, so places and sources are read only in those articles (the subject's is
#: indexed), and read from the index ``claims_place_countries`` (article, source country, places), not
#: from the claims' rows; ``instr`` skips the places that do not hold the code before ``json_each``
#: parses them (US at 100,100 claims: 153-166 -> 102-111 ms of CPU; README "Reviewing claims").
_COUNTRY_TERM = ("(c.subject_country = ? OR c.rowid IN (SELECT x.rowid FROM claims x WHERE x.article_id IN "
                 "(SELECT article_id FROM countries WHERE code = ? UNION SELECT article_id FROM officials "
                 "WHERE country = ?) AND (x.source_country = ? OR instr(x.places, ?) AND EXISTS "
                 "(SELECT 1 FROM json_each(x.places) p WHERE json_extract(p.value, '$.country') = ?))))")


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


def _last_page(total: int, page: int) -> int:
    """``page``, or the last page when it is past the end (``?page=99`` of 3 pages is page 3)."""
    return min(page, max(1, -(-total // PAGE_SIZE)))


def list_articles(conn: sqlite3.Connection, f: ArticleFilters) -> Page:
    """One page of articles matching ``f``."""
    where, params = article_where(f)
    (total,) = conn.execute(f"SELECT COUNT(*) FROM articles a {where}", params).fetchone()
    f = replace(f, page=_last_page(total, f.page))
    sql, page_params = articles_query(f)
    return Page(rows=conn.execute(sql, page_params).fetchall(), total=total, number=f.page)


def fts_query(text: str) -> str:
    """A search box's words as an FTS5 query: each word a quoted phrase (so ``200,000`` or ``U.S.``
    are searched as written, never read as FTS5 syntax), all required; ``word*`` searches a prefix."""
    words = []
    for word in text.split():
        prefix = word.endswith("*") and len(word) > 1
        phrase = '"' + word.rstrip("*").replace('"', '""') + '"'
        words.append(phrase + (" *" if prefix else ""))
    return " ".join(words)


def claim_where(f: ClaimFilters, *, fts: bool = True) -> tuple[str, list[object]]:
    """The ``WHERE`` clause (or ``""``) and parameters of the claims table (``fts``: the database
    has ``claims_fts``; without it the search is a ``LIKE`` over the sentences)."""
    terms: list[str] = []
    params: list[object] = []
    if f.q and fts:
        terms.append("c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(fts_query(f.q))
    elif f.q:
        terms.append("c.sentence LIKE ? ESCAPE '\\'")
        params.append(_like(f.q))
    if f.hedged is not None:
        terms.append("c.hedged = ?")
        params.append(int(f.hedged))
    if f.source_kind:
        terms.append("c.source_kind = ?")
        params.append(f.source_kind)
    if f.country:
        terms.append(_COUNTRY_TERM)
        params += [f.country] * 4 + [f'"{f.country}"', f.country]
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


def claims_query(f: ClaimFilters, *, fts: bool = True) -> tuple[str, list[object]]:
    """The SQL of one page of the claims table."""
    where, params = claim_where(f, fts=fts)
    direction = "DESC" if f.desc else "ASC"
    tie = f"c.id {direction}" if f.sort == "article" else "c.article_id, c.id"
    order = f"{_CLAIM_ORDER[f.sort]} {direction}, {tie}"
    sql = f"SELECT {_CLAIM_COLUMNS} {_CLAIM_FROM} {where} ORDER BY {order} LIMIT ? OFFSET ?"
    return sql, [*params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE]


def list_claims(conn: sqlite3.Connection, f: ClaimFilters, *, fts: bool = True) -> Page:
    """One page of claims matching ``f``."""
    where, params = claim_where(f, fts=fts)
    reviews = _REVIEWS_JOIN if f.status else ""
    (total,) = conn.execute(f"SELECT COUNT(*) FROM claims c {reviews} {where}", params).fetchone()
    f = replace(f, page=_last_page(total, f.page))
    sql, page_params = claims_query(f, fts=fts)
    return Page(rows=conn.execute(sql, page_params).fetchall(), total=total, number=f.page)


def claim_keys(conn: sqlite3.Connection, f: ClaimFilters, *, fts: bool = True) -> set[tuple[str, str]]:
    """Every ``(article_id, claim_id)`` matching ``f``, all pages (what the page exports)."""
    where, params = claim_where(f, fts=fts)
    return {(row[0], row[1]) for row in conn.execute(f"SELECT c.article_id, c.id {_CLAIM_FROM} {where}", params)}


def neighbours(conn: sqlite3.Connection, article_id: str, claim_id: str, f: ClaimFilters | None = None, *,
               fts: bool = True) -> tuple[tuple[str, str] | None, ...]:
    """The claims before and after one among those ``f`` selects (the list the reviewer came from;
    all claims without one), and the next unreviewed after it there (wrapping round to the first;
    the next unreviewed anywhere when the list has none left), in the claims table's default order
    (article, then claim id)."""
    where, params = claim_where(f or ClaimFilters(), fts=fts)
    within = where.removeprefix("WHERE ") or "1"

    def one(condition: str, order: str, scope: str = within, scope_params: list[object] = params):
        row = conn.execute(f"SELECT c.article_id, c.id FROM claims c {_REVIEWS_JOIN} WHERE ({scope}) AND {condition} "
                           f"ORDER BY c.article_id {order}, c.id {order} LIMIT 1",
                           [*scope_params, article_id, claim_id]).fetchone()
        return (row[0], row[1]) if row else None

    later, earlier = "(c.article_id, c.id) > (?, ?)", "(c.article_id, c.id) < (?, ?)"
    todo = (one(f"r.status IS NULL AND {later}", "ASC") or one(f"r.status IS NULL AND {earlier}", "ASC")
            or one(f"r.status IS NULL AND {later}", "ASC", "1", [])
            or one(f"r.status IS NULL AND {earlier}", "ASC", "1", []))
    return one(earlier, "DESC"), one(later, "ASC"), todo


def facets(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The values offered in the filter menus (each a scan of one index, not of a table)."""
    def distinct(sql: str) -> list[str]:
        return [row[0] for row in conn.execute(sql) if row[0]]

    return {
        "countries": distinct("SELECT DISTINCT code FROM countries ORDER BY code"),
        "subject_countries": distinct("SELECT DISTINCT subject_country FROM claims ORDER BY subject_country"),
    }


def claim_countries(facet: dict[str, list[str]]) -> list[str]:
    """The claims table's country menu: the countries articles name and subjects' nationalities."""
    return sorted({*facet["countries"], *facet["subject_countries"]})
