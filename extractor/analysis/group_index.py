"""Claim groups stored at extract time: each claim's bucket key in the ``claim_groups`` table.

Groups (``extractor.analysis.groups``) are connected components inside buckets of claims that share
subject, predicate, unit, rate and movement. The writers store, beside each claim, its bucket (a hash
of that key; null for a claim that is never grouped) and the item the relation and the conflict test
read (``encode``), in the same transaction as the claim itself: a re-extracted article's rows leave
and come back together. The groups of one claim are then those of its bucket alone
(``groups_of_claim``: one indexed read), and every group is found from the buckets holding two claims
or more (``stored_groups``), with no record read or validated.

Both give exactly what ``group_claims`` gives over the records in the order written (tested on the
corpus): the buckets' items are read in article order (``articles.rowid``), then claim order.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from extractor.analysis.groups import ClaimGroup, GroupMember, Item, article_items, groups_of_buckets
from models import ArticleResult

TABLE = "claim_groups"
_READ = (f"SELECT g.bucket, g.article_id, g.item FROM {TABLE} g JOIN articles a ON a.article_id = g.article_id "
         "WHERE g.bucket {} ORDER BY a.rowid, g.idx")


def group_rows(result: ArticleResult) -> list[tuple[str, int, str | None, str | None]]:
    """``(claim_id, idx, bucket, item)`` for each claim of ``result`` (the article id is the writer's)."""
    return [(claim.id, number, None if item is None else bucket(item.key),
             None if item is None else json.dumps(encode(item), ensure_ascii=False))
            for number, claim, item in article_items(result, start=0)]


def bucket(key: tuple) -> str:
    """A stable hash of a bucket key (subject, predicate, unit, rate, movement)."""
    return hashlib.sha1(json.dumps(list(key), ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def encode(item: Item) -> dict:
    """What ``decode`` needs to rebuild ``item`` (its member without the article id: the row has it)."""
    return {"member": item.member.model_dump(mode="json", exclude={"article_id"}), "key": list(item.key),
            "countries": sorted(item.countries), "period": item.period and list(item.period),
            "published": item.published, "interval": list(item.interval), "plain": item.plain_count,
            "sentence": list(item.sentence[1]), "places": item.places}


def decode(order: int, article_id: str, data: dict) -> Item:
    period = data["period"]
    return Item(order, GroupMember(article_id=article_id, **data["member"]), tuple(data["key"]),
                frozenset(data["countries"]), None if period is None else tuple(period), data["published"],
                tuple(data["interval"]), data["plain"], (article_id, tuple(data["sentence"])), data["places"])


def has_stored_groups(conn: sqlite3.Connection) -> bool:
    """True when ``claim_groups`` exists and holds a row for every claim (a database written before
    the table existed, or by another tool, does not)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)).fetchone() is None:
        return False
    # one statement, so one snapshot even while an extract commits
    (same,) = conn.execute(f"SELECT (SELECT count(*) FROM claims) = (SELECT count(*) FROM {TABLE})").fetchone()
    return bool(same)


def groups_of_claim(conn: sqlite3.Connection, article_id: str, claim_id: str, *,
                    min_size: int = 2) -> list[ClaimGroup]:
    """The group (at most one) holding this claim, from its bucket alone."""
    row = conn.execute(f"SELECT bucket FROM {TABLE} WHERE article_id = ? AND claim_id = ?",
                       (article_id, claim_id)).fetchone()
    if row is None or row[0] is None:
        return []
    groups = _groups(conn.execute(_READ.format("= ?"), (row[0],)), min_size)
    return [group for group in groups
            if any((m.article_id, m.claim_id) == (article_id, claim_id) for m in group.members)]


def stored_groups(conn: sqlite3.Connection, *, min_size: int = 2) -> list[ClaimGroup]:
    """Every group of the database, from the buckets of ``min_size`` claims or more."""
    busy = f"IN (SELECT bucket FROM {TABLE} WHERE bucket IS NOT NULL GROUP BY bucket HAVING count(*) >= ?)"
    return _groups(conn.execute(_READ.format(busy), (min_size,)), min_size)


def _groups(rows: Iterable[tuple[str, str, str]], min_size: int) -> list[ClaimGroup]:
    buckets: dict[str, list[Item]] = defaultdict(list)
    for order, (key, article_id, item) in enumerate(rows):
        buckets[key].append(decode(order, article_id, json.loads(item)))
    return groups_of_buckets(buckets.values(), min_size=min_size)
