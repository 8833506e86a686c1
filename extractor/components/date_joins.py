"""How neighbouring temporal expressions combine, and which are not temporal at all.

- ``joinable``: "between A and B", "from A to B", "A - B", "2014 to 2018" make one interval;
  "two days after today", "three weeks from Monday" one date.
- ``merge_day_and_time``: a day and a clock time side by side ("tomorrow 8:00am", "October 14
  at 8:00", "9am on Tuesday", "3 p.m. Monday") are one TIMEX3 time, ``2016-11-08T08:00``.
- ``not_temporal``: "wait one second", "six months' worth of food": a length used as an amount.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extractor.normalize.lexicon import tagged
from extractor.normalize.timex import Timex, words

#: The words between and around dates that join them (``date_context.tsv`` says each use).
CONNECTORS = tagged("date_context", "connector")
OFFSET_WORDS = tagged("date_context", "offset")
DAY_TIME_GAP = tagged("date_context", "day_time_gap")
_MOMENT_VERBS = tagged("date_context", "moment_verb")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T(?:MO|AF|EV|NI))?$")
_CLOCK = re.compile(r"T\d\d:\d\d")
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_MOMENT = re.compile(r"^(?:a|one|just a)\s+(?:second|sec|minute|moment)$")


def joinable(doc: Doc, left: tuple[int, int], right: tuple[int, int]) -> bool:
    """Whether the word between two adjacent date spans joins them into one expression."""
    if right[0] - left[1] != 1:
        return False
    joiner = doc[left[1]].lower_
    before = doc[left[0] - 1].lower_ if left[0] > 0 else ""
    if joiner in OFFSET_WORDS:  # "two days after today": a length, then the day it counts from
        unit = words()["unit"]
        return any(t.lower_ in unit for t in doc[left[0]:left[1]]) and doc[left[0]].lower_ not in ("the",)
    if joiner not in CONNECTORS:
        return False
    if joiner in ("-", "–"):
        return True
    if joiner == "and":
        return before == "between"
    if before == "from":
        return True
    # "2014 to 2018", "2014 through May 2018": a year, then a later date with a year
    return bool(_YEAR.match(doc[left[1] - 1].text)) and any(_YEAR.match(t.text) for t in doc[right[0]:right[1]])


def _kind(timex: Timex) -> str | None:
    value = timex.value or ""
    if timex.type == "set" and re.fullmatch(r"XXXX-WXX-\d|P1D|T(?:MO|AF|EV|NI)", value):
        return "day"  # "Thursdays at 17.30", "every day at 7:13 p.m.": a recurring time
    if timex.type in ("date", "time") and _DAY.match(value) and timex.mod is None:
        return "day"
    if timex.type == "time" and _CLOCK.search(value) and not re.match(r"^\d{4}-\d{2}-\d{2}T(?:MO|AF|EV|NI)$", value):
        return "clock"
    return None


def _gap_ok(doc: Doc, left: Span, right: Span) -> bool:
    gap = doc[left.end:right.start]
    return len(gap) <= 2 and all(t.lower_ in DAY_TIME_GAP for t in gap) and left.sent == right.sent


def _day_time(day: Timex, clock: Timex) -> Timex:
    stamp = clock.value[clock.value.index("T"):]
    if day.type == "set":  # TIMEX3: every day at 19:13 is the set T19:13
        prefix = day.value if day.value.startswith("XXXX") else ""
        return Timex("set", f"{prefix}{stamp}", timezone=clock.timezone)
    return Timex("time", f"{day.value[:10]}{stamp}", day.begin, day.end, timezone=clock.timezone)


def merge_day_and_time(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """Each day-and-clock pair side by side becomes one span and one time value."""
    out: list[tuple[Span, Timex]] = []
    for span, timex in resolved:
        if out:
            prev, prev_timex = out[-1]
            kinds = {_kind(prev_timex), _kind(timex)}
            if kinds == {"day", "clock"} and _gap_ok(span.doc, prev, span):
                day, clock = (prev_timex, timex) if _kind(prev_timex) == "day" else (timex, prev_timex)
                out[-1] = (span.doc[prev.start:span.end], _day_time(day, clock))
                continue
        out.append((span, timex))
    return out


def not_temporal(span: Span) -> bool:
    """A length that is an amount, not a time: "wait one second", "six months' worth of food"."""
    doc = span.doc
    after = [t.lower_ for t in doc[span.end:span.end + 2]]
    if after[:1] in (["'"], ["'s"], ["’"], ["’s"]) and after[1:] == ["worth"]:
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return bool(_MOMENT.match(span.text.lower())) and before in _MOMENT_VERBS
