"""One record -> table rows, written once for every database sink.

``article_rows(result, article, flavour)`` gives each table's rows for one article as tuples in
the column order of ``extractor.io.tables``. What differs between SQLite, PostgreSQL and Parquet
is only how four kinds of value are stored, and that is the ``Flavour`` a sink passes: calendar
days, nested fields (lists of mentions, aliases), full records, and flags.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from extractor.analysis.group_index import group_rows as claim_group_rows
from extractor.io.tables import column_names
from models import Article, ArticleResult, Claim

#: The tables ``article_rows`` fills, with their columns in order.
COLUMNS = {table: column_names(table) for table in ("articles", "quantities", "claims", "officials", "countries",
                                                   "dates", "claim_groups")}


@dataclass(frozen=True)
class Flavour:
    """How one sink stores values: ``nested(items, extra)`` gets a list of mentions (keeping the
    ``extra`` fields beside text and span, for sinks with a fixed shape) or of strings."""

    day: Callable[[str | None], Any]
    nested: Callable[[Sequence[Any], tuple[str, ...]], Any]
    record: Callable[[BaseModel], Any]
    flag: Callable[[bool], Any]


def article_rows(result: ArticleResult, article: Article, f: Flavour) -> dict[str, list[tuple]]:
    """One article's rows, per table, in column order."""
    aid = result.article_id
    return {
        "articles": [(aid, article.title, article.url, article.source, article.language, f.day(result.published),
                      result.published_source, result.pipeline, result.schema_version, article.text,
                      f.record(result))],
        "quantities": [(aid, i, q.text, *q.span, q.value, q.low, q.high, q.bound, q.change, q.unit, q.counted, q.per)
                       for i, q in enumerate(result.quantities)],
        "claims": [claim_row(aid, claim, f) for claim in result.claims],
        "officials": [(aid, i, o.name, o.title, o.country, o.organization, f.nested(o.aliases, ()),
                       f.nested(o.mentions, ())) for i, o in enumerate(result.officials)],
        "countries": [(aid, c.code, c.name, f.nested(c.mentions, ("form",))) for c in result.countries],
        "dates": [(aid, i, d.text, *d.span, d.type, d.value, f.day(d.begin), f.day(d.end))
                  for i, d in enumerate(result.dates)],
    }


def group_rows(result: ArticleResult) -> list[tuple]:
    """The ``claim_groups`` rows of one article (SQLite and PostgreSQL; ``extractor.analysis.group_index``)."""
    return [(result.article_id, *row) for row in claim_group_rows(result)]


def claim_row(aid: str, claim: Claim, f: Flavour) -> tuple:
    subject, predicate, time, source = claim.subject, claim.predicate, claim.time, claim.source
    return (
        claim.id, aid, claim.quantity, claim.sentence.text,
        subject and subject.text, subject and subject.country,
        predicate and predicate.text, predicate and predicate.lemma, f.nested(claim.places, ("country",)),
        f.day(time and time.begin), f.day(time and time.end), time and time.text,
        source and source.text, source and source.name, source and source.title,
        source and source.kind, source and source.country, source and source.cue,
        f.flag(claim.hedged), f.nested(claim.qualifiers, ("kind",)), f.record(claim),
    )


def as_day(value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` value as a ``datetime.date``, or ``None`` when it is not a real calendar day."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
