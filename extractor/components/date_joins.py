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

from extractor.normalize.date_clock import is_evening, on_day
from extractor.normalize.dates import normalize
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
    if timex.type == "interval" and value.startswith("(T"):
        return "range"  # "from 7:00 to 8:00pm": two clock times
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


_PART = re.compile(r"^(?:\d{4}-\d{2}-\d{2})?(T(?:MO|AF|EV|NI|DT))$")


def _day_part(doc: Doc, day: Span, day_timex: Timex, part: Span, timex: Timex) -> Timex | None:
    """"next Monday afternoon", "Tuesday in the morning": the day's part of the day, one time."""
    found = _PART.match(timex.value or "") if timex.type == "time" else None
    gap = doc[day.end:part.start]
    if found is None or day_timex.type != "date" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day_timex.value or ""):
        return None
    if len(gap) > 1 or any(t.lower_ not in ("in", "on") for t in gap) or day.sent != part.sent:
        return None
    return Timex("time", day_timex.value + found.group(1), day_timex.begin, day_timex.end, mod=timex.mod)


def merge_day_and_time(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """Each day-and-clock pair side by side becomes one span and one time value."""
    out: list[tuple[Span, Timex]] = []
    for span, timex in resolved:
        if out:
            prev, prev_timex = out[-1]
            part = _day_part(span.doc, prev, prev_timex, span, timex)
            if part is not None:
                out[-1] = (span.doc[prev.start:span.end], part)
                continue
            kinds = {_kind(prev_timex), _kind(timex)}
            if kinds == {"day", "range"} and _gap_ok(span.doc, prev, span):
                (day_span, day), clock = ((prev, prev_timex), timex) if _kind(prev_timex) == "day" else ((span, timex), prev_timex)
                joined = on_day(clock, day, is_evening(day_span.text, day))
                if joined is not None:
                    out[-1] = (span.doc[prev.start:span.end], joined)
                    continue
            if kinds == {"day", "clock"} and _gap_ok(span.doc, prev, span):
                day, clock = (prev_timex, timex) if _kind(prev_timex) == "day" else (timex, prev_timex)
                out[-1] = (span.doc[prev.start:span.end], _day_time(day, clock))
                continue
        out.append((span, timex))
    return out


_HOUR = re.compile(r"^(?:0?[1-9]|1[0-2])(?:[:.][0-5]\d)?$")
_AT = tagged("date_context", "at_hour")
_AFTER_HOUR = tagged("date_context", "after_hour")


def _hour_words(doc: Doc, i: int) -> tuple[str, int] | None:
    """The hour at token ``i`` as digits ("4", "2.30", "seven twenty-seven" → "7:27") and its end."""
    if i >= len(doc):
        return None
    if _HOUR.match(doc[i].text):
        return doc[i].text.replace(".", ":"), i + 1
    number = words()["cardinal"]
    h = number.get(doc[i].lower_)
    if h is None or not 1 <= int(h) <= 12:
        return None
    end = i + 1
    while end < len(doc) and end - i <= 3 and (doc[end].lower_ in number or doc[end].text == "-" and end > i + 1):
        end += 1  # "seven twenty-seven" is "seven", "twenty", "-", "seven"
    minutes = sum(int(number[t.lower_]) for t in doc[i + 1:end] if t.lower_ in number)
    if end > i + 1 and doc[end - 1].text != "-" and 10 <= minutes <= 59:
        return f"{h}:{minutes:02d}", end
    return h, i + 1


def hour_after_day(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """"last night at 8", "Friday the 26th around 4", "tomorrow at seven twenty-seven": a bare
    hour said right after a day is that day's time (after noon when the day is an evening)."""
    out = []
    for span, timex in resolved:
        doc, i = span.doc, span.end
        found = _hour_words(doc, i + 1) if _kind(timex) == "day" and i < len(doc) and doc[i].lower_ in _AT else None
        if found is not None and (found[1] >= len(doc) or doc[found[1]].is_punct or doc[found[1]].lower_ in _AFTER_HOUR):
            h, _, mi = found[0].partition(":")
            hour = int(h) + (12 if is_evening(span.text, timex) and int(h) < 12 else 0)
            stamp = f"T{hour:02d}" + (f":{mi}" if mi else "")
            out.append((doc[span.start:found[1]], Timex("time", f"{timex.value[:10]}{stamp}", timex.begin, timex.end)))
            continue
        out.append((span, timex))
    return out


def with_year(resolved: list[tuple[Span, Timex]], anchor) -> list[tuple[Span, Timex]]:
    """"28 June in 2020", "the 4th of July of 1995", "26 June to 28 June in 2020": a day or month
    without its year, then "in"/"of" and a year, is one date of that year."""
    out: list[tuple[Span, Timex]] = []
    for span, timex in resolved:
        if out and _YEAR.match(span.text) and timex.type == "date":
            prev, prev_timex = out[-1]
            gap = span.doc[prev.end:span.start] if span.start - prev.end <= 1 else ()
            undated = len(gap) == 1 and not any(_YEAR.match(t.text) for t in prev) \
                and any(t.lower_ in words()["month"] for t in prev)
            if undated and len(gap) == 1 and gap[0].lower_ in ("in", "of") and prev_timex.type in ("date", "interval"):
                found = normalize(f"{prev.text} {span.text}", anchor)
                if found is not None and found.value and found.type == prev_timex.type:
                    out[-1] = (span.doc[prev.start:span.end], found)
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
