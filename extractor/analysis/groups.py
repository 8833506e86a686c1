"""Claims that state the same thing, across articles and within one, and whether they conflict.

Two claims are *related* when all of these hold:

- same subject: both ``subject.country`` equal (a stated nationality), or both null and the same
  head noun of what is counted (``subject.text``, else ``quantity.counted``; last word, lower case,
  plural ``-s``/``-ies`` stripped: "Russian citizens" ~ "citizens", "jobs" ~ "job");
- same ``predicate.lemma``; same ``unit`` and ``per`` of the quantity (so 200 km never meets 200,000
  people, nor a daily rate a total), and the same movement (``group_words.movement``: the quantity's
  ``change``, else its verb's or its sentence's movement word), so "dropped 118.40 points" never
  meets "rose 392.50 points";
- a figure counted in a measure noun ("118.40 points", ``measure_nouns.tsv``) takes as its subject
  what its sentence says moved ("the FTSE 100"), and is left out when the sentence names nothing;
- the place countries overlap (a claim with no place country is never grouped);
- the periods overlap: ``time.begin``/``time.end`` as a closed interval of days, a null end is open.
  A claim with no period (no ``time``, or both ends null) is related only to claims with none,
  and for the conflict test below it covers "up to its article's publication day";
- they are not two numbers of one sentence (an enumeration such as "4,300 jobs in France, 3,700 in
  Germany" is several facts, not one repeated). A sentence whose claims share predicate and places
  but differ in number cannot say which place goes with which number: such claims are left out.

Groups are the connected components of that relation (``min_size`` members or more).

Conflict, for two related members (see ``interval``): each member's quantity is an interval of
values, ``[low, high]`` from the contract (null = unbounded); an ``exact`` value is ``[v, v]``; an
``approximate`` value is ``v`` ± ``TOLERANCE`` (10%). Then

- same period (equal begin and end, or both unknown): conflict when the intervals are disjoint
  ("more than 200,000" vs "98,000"); "more than 200,000" vs "more than 250,000" can both hold;
- one period inside the other, for a plain count (no unit, rate or change): conflict only when the
  part's lowest value exceeds the whole's highest (a count over a shorter period may be smaller);
- periods that only partly overlap, or measures other than plain counts over different periods,
  are never called a conflict.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from extractor.analysis.group_words import is_measure, label, measured, movement
from extractor.analysis.render import exact_number
from extractor.analysis.summary import places_phrase
from models import ArticleResult, Claim, Quantity

#: Relative tolerance of an ``approximate`` value: "about 200,000" is 180,000 .. 220,000.
TOLERANCE = 0.10

Interval = tuple[float | None, float | None]
Period = tuple[str | None, str | None]


class GroupMember(BaseModel):
    """One claim of a group, flattened for display."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    article_id: str
    claim_id: str
    sentence: str
    quantity_text: str
    value: float | None
    low: float | None
    high: float | None
    bound: str
    unit: str | None = None
    subject: str | None = None
    places: list[str] = []
    time_text: str | None = None
    time_begin: str | None = None
    time_end: str | None = None
    source: str | None = None
    source_kind: str | None = None
    hedged: bool = False


class ClaimGroup(BaseModel):
    """Claims stating the same thing; ``id`` is a hash of the members' sorted ``article_id/claim_id``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    subject: str
    predicate: str
    countries: list[str]
    members: list[GroupMember]
    conflict: bool
    reason: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Item:
    """One groupable claim: what the relation and the conflict test read (``key`` picks its bucket)."""

    order: int
    member: GroupMember
    key: tuple
    countries: frozenset[str]
    period: Period | None
    published: str | None
    interval: Interval
    plain_count: bool
    sentence: tuple[str, tuple[int, int]]
    places: str = ""


def group_claims(results: Iterable[ArticleResult], *, min_size: int = 2) -> list[ClaimGroup]:
    """The groups of related claims in ``results`` with at least ``min_size`` members, in text order."""
    buckets: dict[tuple, list[Item]] = defaultdict(list)
    for item in _items(results):
        buckets[item.key].append(item)
    return groups_of_buckets(buckets.values(), min_size=min_size)


def groups_of_buckets(buckets: Iterable[list[Item]], *, min_size: int = 2) -> list[ClaimGroup]:
    """The groups within buckets of items with one ``key`` each (items in text order), in text order."""
    parts = [part for bucket in buckets for part in _components(bucket) if len(part) >= min_size]
    return [_group(part) for part in sorted(parts, key=lambda part: part[0].order)]


def group_id(members: Iterable[GroupMember]) -> str:
    """A stable id: a hash of the sorted ``article_id/claim_id`` of the members."""
    keys = sorted(f"{m.article_id}/{m.claim_id}" for m in members)
    return hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()[:16]


def interval(quantity: Quantity, *, tolerance: float = TOLERANCE) -> Interval:
    """The values a quantity allows: ``(low, high)``, ``None`` for an open side."""
    value = quantity.value
    if quantity.bound == "approximate" and value is not None:
        ends = sorted((value * (1 - tolerance), value * (1 + tolerance)))
        return ends[0], ends[1]
    if quantity.low is not None or quantity.high is not None:
        return quantity.low, quantity.high
    if quantity.bound == "exact" and value is not None:
        return value, value
    return None, None


def head_noun(text: str | None) -> str | None:
    """The last word of a noun phrase, lower case, crude singular: "Russian citizens" -> "citizen"."""
    words = re.findall(r"[^\W\d_]+", text or "")
    if not words:
        return None
    word = words[-1].lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _items(results: Iterable[ArticleResult]) -> Iterator[Item]:
    order = 0
    for result in results:
        for order, _, item in article_items(result, order + 1):
            if item is not None:
                yield item


def article_items(result: ArticleResult, start: int = 1) -> Iterator[tuple[int, Claim, Item | None]]:
    """Each claim of ``result``, numbered from ``start``, with its item (``None``: it is never grouped)."""
    ambiguous = _enumerated(result)
    for number, claim in enumerate(result.claims, start=start):
        if claim.id in ambiguous or not 0 <= claim.quantity < len(result.quantities):
            yield number, claim, None
        else:
            yield number, claim, _item(number, result, claim, result.quantities[claim.quantity])


def _enumerated(result: ArticleResult) -> set[str]:
    """Ids of claims sharing sentence, predicate and places with a claim of another number."""
    seen: dict[tuple, set[str]] = defaultdict(set)
    ids: dict[tuple, list[str]] = defaultdict(list)
    for claim in result.claims:
        if claim.predicate is None or not 0 <= claim.quantity < len(result.quantities):
            continue
        key = (claim.sentence.span, claim.predicate.lemma, tuple(sorted(_countries(claim))))
        seen[key].add(result.quantities[claim.quantity].text)
        ids[key].append(claim.id)
    return {cid for key, numbers in seen.items() if len(numbers) > 1 for cid in ids[key]}


def _countries(claim: Claim) -> frozenset[str]:
    return frozenset(place.country for place in claim.places if place.country)


def _subject_key(claim: Claim, quantity: Quantity) -> str | None:
    if claim.subject is not None and claim.subject.country:
        return claim.subject.country
    head = head_noun(claim.subject.text if claim.subject is not None else quantity.counted)
    if head is None and is_measure(quantity.unit):   # "118.40 points": unit point, nothing counted
        head = quantity.unit
    if is_measure(head):
        thing = measured(claim, quantity)
        return None if thing is None else f"@{thing}"
    return None if head is None else f"~{head}"


def _item(order: int, result: ArticleResult, claim: Claim, quantity: Quantity) -> Item | None:
    countries = _countries(claim)
    if claim.predicate is None or not countries:  # the cheap tests first: most claims stop here
        return None
    subject = _subject_key(claim, quantity)
    if subject is None:
        return None
    time = claim.time
    period = (time.begin, time.end) if time is not None and (time.begin or time.end) else None
    moves = movement(claim, quantity)
    key = (subject, claim.predicate.lemma.lower(), quantity.unit, quantity.per, moves)
    plain = quantity.unit is None and quantity.per is None and quantity.change is None
    article_id = result.article_id
    places = places_phrase(claim, claim.predicate.span) if claim.predicate.span is not None else ""
    return Item(order, _member(article_id, claim, quantity), key, countries, period, result.published,
                 interval(quantity), plain, (article_id, claim.sentence.span), places)


def _member(article_id: str, claim: Claim, quantity: Quantity) -> GroupMember:
    time, source = claim.time, claim.source
    return GroupMember(
        article_id=article_id, claim_id=claim.id, sentence=claim.sentence.text,
        quantity_text=quantity.text, value=quantity.value, low=quantity.low, high=quantity.high,
        bound=quantity.bound, unit=quantity.unit, subject=claim.subject.text if claim.subject else None,
        places=[f"{p.text} ({p.country})" if p.country else p.text for p in claim.places],
        time_text=time.text if time else None, time_begin=time.begin if time else None,
        time_end=time.end if time else None,
        source=(source.name or source.text) if source else None, source_kind=source.kind if source else None,
        hedged=claim.hedged,
    )


def _related(a: Item, b: Item) -> bool:
    if a.sentence == b.sentence or not a.countries & b.countries:
        return False
    if a.period is None or b.period is None:
        return a.period is None and b.period is None
    return _overlap(a.period, b.period)


def _overlap(a: Period, b: Period) -> bool:
    """Closed day intervals; ISO days compare as strings; a null end is open."""
    return (a[1] is None or b[0] is None or b[0] <= a[1]) and (b[1] is None or a[0] is None or a[0] <= b[1])


def _contains(outer: Period, inner: Period) -> bool:
    begins = outer[0] is None or (inner[0] is not None and outer[0] <= inner[0])
    ends = outer[1] is None or (inner[1] is not None and inner[1] <= outer[1])
    return begins and ends


def _components(items: list[Item]) -> list[list[Item]]:
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if _related(a, items[j]):
                parent[root(j)] = root(i)
    parts: dict[int, list[Item]] = defaultdict(list)
    for i, item in enumerate(items):
        parts[root(i)].append(item)
    return list(parts.values())


def _group(items: list[Item]) -> ClaimGroup:
    members = [item.member for item in items]
    reason = next((why for i, a in enumerate(items) for b in items[i + 1:]
                   if _related(a, b) and (why := conflict_reason(a, b)) is not None), None)
    subject, predicate = items[0].key[0].lstrip("~@"), items[0].key[1]
    countries = sorted(set().union(*(item.countries for item in items)))
    said = [subject] if items[0].key[0].startswith("@") else [m.subject for m in members]
    words = label(subject, said, predicate, items[0].places, [item.period for item in items],
                  moving=items[0].key[4])
    return ClaimGroup(id=group_id(members), subject=subject, predicate=predicate, countries=countries,
                      members=members, conflict=reason is not None, reason=reason, label=words)


def conflict_reason(a: Item, b: Item) -> str | None:
    """Why two related claims cannot both hold, or ``None`` when they can."""
    same = _effective(a) == _effective(b)
    if same and _disjoint(a.interval, b.interval):
        return f"{_describe(a)} and {_describe(b)} cannot both hold for the same period ({_period_text(a)})"
    if same or not (a.plain_count and b.plain_count):
        return None
    for part, whole in ((a, b), (b, a)):
        if _contains(_effective(whole), _effective(part)) and _exceeds(part.interval, whole.interval):
            return (f"{_describe(part)} for {_period_text(part)} exceeds {_describe(whole)}"
                    f" for the longer {_period_text(whole)}")
    return None


def _effective(item: Item) -> Period:
    """The period a claim covers; with none stated, up to its article's publication day."""
    return item.period or (None, item.published)


def _disjoint(a: Interval, b: Interval) -> bool:
    return _exceeds(a, b) or _exceeds(b, a)


def _exceeds(part: Interval, whole: Interval) -> bool:
    """Every value ``part`` allows is above every value ``whole`` allows."""
    return part[0] is not None and whole[1] is not None and part[0] > whole[1]


def _describe(item: Item) -> str:
    member = item.member
    low, high = (exact_number(v) if v is not None else None for v in item.interval)
    span = f"{low or '-inf'} .. {high or 'inf'}"
    return f"{member.quantity_text!r} ({member.bound}, {span}) in {member.article_id}"


def _period_text(item: Item) -> str:
    if item.period is None:
        return f"no stated period, up to {item.published or '...'}"
    return f"{item.period[0] or '...'} to {item.period[1] or '...'}"


def render_groups(groups: Iterable[ClaimGroup]) -> str:
    """Groups as plain text: one block per group, its members, and the conflict reason."""
    blocks = []
    for group in groups:
        status = f"CONFLICT: {group.reason}" if group.conflict else "no conflict"
        lines = [f"group {group.id}  {len(group.members)} claims  {group.label}".rstrip(),
                 f"  subject {group.subject}  predicate {group.predicate}  countries {', '.join(group.countries)}",
                 f"  {status}"]
        for m in group.members:
            when = f"{m.time_begin or '...'} to {m.time_end or '...'}" if (m.time_begin or m.time_end) else "-"
            lines.append(f"  - {m.article_id} {m.claim_id}  {m.quantity_text!r} ({m.bound})  time {when}"
                         f"  source {m.source or '-'}")
            lines.append(f"      {m.sentence.replace(chr(10), ' ')}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
