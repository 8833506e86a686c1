"""A length said from the time of writing, in a sentence that looks ahead: a point or a stretch,
not a bare duration (TimeML reads the expression's role, not its words).

- "in two weeks" (future tense) is the date two weeks after the anchor: TIMEX3 DATE. In a past
  report ("the work was done in two weeks") it stays the length it took: DURATION P2W.
- "within nine months" (future tense) is the stretch from the anchor to nine months on: an
  anchored duration, value P9M with ``begin``/``end``. Looking back it stays a duration.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Span

from extractor.components.base import has_parse

from extractor.normalize.date_rules import shift_days
from extractor.normalize.timex import Timex, day_span

_LENGTH = re.compile(r"^P(\d+)([DWMY])$")


def from_now(span: Span, timex: Timex, anchor: date | None, future: bool) -> tuple[Span, Timex]:
    """``span`` and ``timex``, made a date ("in two weeks") or a stretch ("within a year") when a
    future sentence counts the length from the anchor; unchanged otherwise."""
    found = _LENGTH.match(timex.value or "") if timex.type == "duration" and timex.mod is None else None
    if found is None or anchor is None or not future or span.start == 0 or timex.begin is not None:
        return span, timex
    before = span.doc[span.start - 1]
    if not has_parse(span.doc) or before.head.pos_ not in ("VERB", "AUX", "ADV"):
        return span, timex  # "a recession in a decade": the length qualifies a noun
    window = span.doc[max(span.sent.start, span.start - 7):span.start]
    if any(t.tag_ in ("JJS", "RBS") or t.lower_ in ("first", "only") for t in window):
        return span, timex  # "its deepest recession in a decade", "the first time in 20 years"
    n, unit = int(found.group(1)), found.group(2)
    other = shift_days(anchor, n, unit)
    if other is None or span[0].lower_ in ("the", "next", "coming", "past", "last"):
        return span, timex
    whole = span.doc[span.start - 1:span.end]
    if before.lower_ == "in":
        return whole, day_span(other)
    if before.lower_ == "within":
        return whole, replace(timex, begin=anchor, end=other)
    return span, timex


_CLOCKISH = re.compile(r"^\d{1,2}$|^(?:between|from|and|to|until|till|through|-|–)$")


def bare_hours(span: Span) -> bool:
    """"between 3 and 5", "12-4": small numbers joined, with no a.m./p.m., minutes or part of the
    day: as often a count or a score as hours, so no time."""
    return len(span) >= 3 and all(_CLOCKISH.match(t.lower_) for t in span) and any(t.like_num for t in span)
