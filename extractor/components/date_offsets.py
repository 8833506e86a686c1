"""A length said from the time of writing, in a sentence that looks ahead: a point or a stretch,
not a bare duration (TimeML reads the expression's role, not its words).

- "in two weeks" (future tense) is the date two weeks after the anchor: TIMEX3 DATE. In a past
  report ("the work was done in two weeks") it stays the length it took: DURATION P2W.
- "for two weeks starting Monday" is the two weeks from that Monday: an anchored duration.
- "from 10 am for 3 hours" is the stretch from that time: an anchored duration of clock times.
- "1 hour and 30 minutes" is one length, PT1H30M.
- "within nine months" (future tense) is the stretch from the anchor to nine months on: an
  anchored duration, value P9M with ``begin``/``end``. Looking back it stays a duration.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

from spacy.tokens import Span

from extractor.components.base import has_parse
from extractor.components.extensions import warn
from extractor.components.date_joins import hour_words

from extractor.normalize.date_clock import length as length_of
from extractor.normalize.lexicon import tagged
from extractor.normalize.date_rules import shift_days
from extractor.normalize.dates import normalize
from extractor.normalize.timex import Timex, day_span, words

_LENGTH = re.compile(r"^P(\d+)([DWMY])$")
_NOT_FROM_NOW = ("the", "next", "coming", "past", "last")


def from_now(span: Span, timex: Timex, anchor: date | None, future: bool) -> tuple[Span, Timex]:
    """``span`` and ``timex``, made a date ("in two weeks") or a stretch ("within a year") when a
    future sentence counts the length from the anchor; unchanged otherwise."""
    if anchor is not None and timex.value == "FUTURE_REF" and span.text.lower().endswith("from now"):
        return span, _minutes_from_now(span, timex, anchor)
    found = _LENGTH.match(timex.value or "") if timex.type == "duration" and timex.mod is None else None
    minutes = _minutes(timex) if found is None else None
    if found is None and minutes is None or anchor is None or not future or span.start == 0 or timex.begin is not None:
        return span, timex
    before = span.doc[span.start - 1].lower_
    if not has_parse(span.doc) or before not in ("in", "within") or span[0].lower_ in _NOT_FROM_NOW:
        return span, timex  # without a parse the tense was guessed from cue words only: keep the length
    window = span.doc[max(span.sent.start, span.start - 7):span.start]
    if any(t.tag_ in ("JJS", "RBS") or t.lower_ in ("first", "only") for t in window):
        return span, timex  # "its deepest recession in a decade", "the first time in 20 years"
    whole = span.doc[span.start - 1:span.end]
    if found is None:  # hours and minutes: "in 5 minutes" a time; "within 2 hours" from the anchor's day
        end = (datetime.combine(anchor, datetime.min.time()) + timedelta(minutes=minutes)).date()
        return (whole, _clock_on(whole, anchor, minutes)) if before == "in" else (whole, replace(timex, begin=anchor, end=end))
    point = day_span(shift_days(anchor, int(found[1]), found[2]))
    if point.begin is None:
        return span, timex
    return (whole, point) if before == "in" else (whole, replace(timex, begin=anchor, end=point.end))


def _minutes(timex: Timex) -> int | None:
    """The minutes of a length in hours and minutes ("2.5 hours" 150), else None."""
    hours = _HOURS.match(timex.value or "") if timex.type == "duration" and timex.mod is None else None
    if hours is None or not any(hours.groups()):
        return None
    return round(float(hours[1] or 0) * 60) + int(hours[2] or 0)


def _clock_on(span: Span, anchor: date, minutes: int) -> Timex:
    """TIMEX3 TIME ``minutes`` after the anchor (a whole number of days is that day, a DATE). The
    anchor is a publication date without a clock: the count starts at its first instant, 00:00,
    and the record's warnings say so (the day is sound, the clock is only as good as that)."""
    when = datetime.combine(anchor, datetime.min.time()) + timedelta(minutes=minutes)
    if minutes % (24 * 60) == 0:
        return day_span(when.date())
    warn(span.doc, f"dates: {span.text!r} at {span.start_char} counted from 00:00 of {anchor.isoformat()}"
                   " (the publication time is not given)")
    return Timex("time", when.strftime("%Y-%m-%dT%H:%M"), when.date(), when.date())


def _minutes_from_now(span: Span, timex: Timex, anchor: date) -> Timex:
    """"3 minutes from now", "two hours from now": the time that far after the anchor."""
    length = normalize(span.text[:-len("from now")], anchor)
    minutes = _minutes(length) if length is not None else None
    return timex if minutes is None else _clock_on(span, anchor, minutes)


_CLOCKISH = re.compile(r"^\d{1,2}$|^(?:between|from|and|to|until|till|through|-|–)$")


_DAY_WORDS = tagged("date_context", "day_word")


def bare_hours(span: Span) -> bool:
    """"between 3 and 5", "12-4": small numbers joined, with no a.m./p.m., minutes or part of the
    day: as often a count or a score as hours, so no time, unless a day is said right beside them
    ("Monday 3-8", "between 7 and 9 last night", "6-8 next Monday")."""
    if len(span) < 3 or not span[0].text[:1].isdigit() and span[0].lower_ not in ("between", "from"):
        return False
    if not (all(_CLOCKISH.match(t.lower_) for t in span) and any(t.like_num for t in span)):
        return False
    doc, days = span.doc, _DAY_WORDS | set(words()["weekday"])
    near = [doc[span.start - 1].lower_ if span.start > 0 else "", doc[span.end].lower_ if span.end < len(doc) else ""]
    return not set(near) & days and not _on_a_day(doc, span.end)


_DIGIT_DAY = re.compile(r"^\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?$")


def _on_a_day(doc, i: int) -> bool:
    """"between 3 and 5 on 1/1/2015", "from 2 to 4 on Friday": "on" and a day follow the hours."""
    if i + 1 >= len(doc) or doc[i].lower_ != "on":
        return False
    nxt = doc[i + 1]
    return nxt.lower_ in words()["weekday"] or nxt.lower_ in words()["month"] or bool(_DIGIT_DAY.match(nxt.text))


_STARTING = tagged("date_context", "starting") | {","}


def starting_from(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """"for two weeks starting Monday", "3 days starting from next Monday", "for 3 days, from
    today": a length from a stated day is an anchored duration, from that day on."""
    out: list[tuple[Span, Timex]] = []
    for span, timex in resolved:
        if out and timex.type == "date" and timex.begin is not None and timex.begin == timex.end:
            prev, length = out[-1]
            found = _LENGTH.match(length.value or "") if length.type == "duration" and length.begin is None else None
            gap = span.doc[prev.end:span.start] if span.start - prev.end <= 3 else None
            if found and gap and all(t.lower_ in _STARTING for t in gap) and gap[-1].lower_ != "," \
                    and any(t.lower_ in ("starting", "beginning", "from") for t in gap):
                last = shift_days(timex.begin, int(found.group(1)), found.group(2))
                out[-1] = (span.doc[prev.start:span.end],
                           replace(length, begin=timex.begin, end=last - timedelta(days=1)))
                continue
        out.append((span, timex))
    return out


_CLOCK_AT = re.compile(r"^T(\d\d):(\d\d)$")
_HOURS = re.compile(r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+)M)?$")


def clock_for_length(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """"from 10 am for 3 hours", "for 2 hours from 2pm": a clock time and a length of hours are
    one anchored duration, ``(T10,T13:00:00,PT3H)`` (the end is worked out, so to the second)."""
    out: list[tuple[Span, Timex]] = []
    for span, timex in resolved:
        if out:
            (prev, prev_timex), doc = out[-1], span.doc
            gap = [t.lower_ for t in doc[prev.end:span.start]] if span.start - prev.end <= 1 else None
            pair = (prev_timex, timex) if gap == ["for"] else (timex, prev_timex) if gap == ["from"] else None
            joined = _clock_plus(*pair, doc[prev.start:span.end]) if pair else None
            if joined is not None:
                out[-1] = (doc[prev.start:span.end], joined)
                continue
        out.append((span, timex))
    return out


def hour_for_length(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """"from 9 for 2.5 hrs", "for 2.5 hours from 9": a bare hour said with "from" beside a length of
    hours is where the stretch starts (a lone "9" is no time, so this reads the words themselves)."""
    out: list[tuple[Span, Timex]] = []
    for span, timex in resolved:
        found = _bare_start(span) if _minutes(timex) is not None else None
        joined = _clock_plus(Timex("time", f"T{found[1]:02d}:00"), timex, found[0]) if found else None
        out.append((found[0], joined) if joined is not None else (span, timex))
    return out


def _bare_start(span: Span) -> tuple[Span, int] | None:
    """The whole "from H for <length>" or "for <length> from H" and the hour H, or None."""
    doc, start, end = span.doc, span.start, span.end
    if start < 1 or doc[start - 1].lower_ != "for":
        return None
    if start >= 3 and doc[start - 3].lower_ == "from":
        whole, i = doc[start - 3:end], start - 2
    elif end + 1 < len(doc) and doc[end].lower_ == "from" and (end + 2 == len(doc) or doc[end + 2].is_punct):
        whole, i = doc[start - 1:end + 2], end + 1
    else:
        return None
    hour = hour_words(doc, i)
    return (whole, int(hour[0])) if hour is not None and hour[1] == i + 1 and ":" not in hour[0] else None


def _clock_plus(clock: Timex, length: Timex, whole: Span) -> Timex | None:
    at, hours = _CLOCK_AT.match(clock.value or ""), _HOURS.match(length.value or "")
    if clock.type != "time" or length.type != "duration" or at is None or hours is None or not any(hours.groups()):
        return None
    start = int(at[1]) * 60 + int(at[2])
    minutes = round(float(hours[1] or 0) * 60) + int(hours[2] or 0)
    if start + minutes >= 24 * 60:
        return None
    written = next((t.text for t in whole if ":" in t.text or t.text[:1].isdigit()), "")
    begin = f"T{at[1]}:{at[2]}" if ":" in written else f"T{at[1]}"
    h, m = divmod(start + minutes, 60)
    return Timex("interval", f"({begin},T{h:02d}:{m:02d}:00,{length_of(minutes)})")


_PART = re.compile(r"^P(T?)(\d+(?:\.\d+)?)([YMWDHS])$")
_ORDER = ["Y", "M", "W", "D", "TH", "TM", "TS"]


def join_lengths(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """"1 hour and 30 minutes", "3 hours 30 minutes": lengths in falling units, side by side or
    joined by "and", are one TIMEX3 duration (PT1H30M), keeping the first one's modifier."""
    out: list[tuple[Span, Timex]] = []
    for span, timex in resolved:
        if out and timex.type == "duration" and out[-1][1].type == "duration":
            (prev, prev_timex), doc = out[-1], span.doc
            gap = [t.lower_ for t in doc[prev.end:span.start]] if span.start - prev.end <= 1 else None
            value = _sum(prev_timex.value, timex.value) if gap in ([], ["and"]) else None
            if value is not None and prev_timex.begin is None and timex.begin is None:
                out[-1] = (doc[prev.start:span.end], replace(prev_timex, value=value))
                continue
        out.append((span, timex))
    return out


def _sum(left: str | None, right: str | None) -> str | None:
    found = [_PART.match(v or "") for v in (left, right)]
    if not all(found):
        return None
    parts = [((m[1] + m[3]) if m[1] else m[3], m[2]) for m in found]
    keys = [_ORDER.index(k) for k, _ in parts]
    if keys != sorted(set(keys)) or len(keys) != len(parts):
        return None
    date_part = "".join(f"{n}{k}" for k, n in parts if not k.startswith("T"))
    time_part = "".join(f"{n}{k[1]}" for k, n in parts if k.startswith("T"))
    return "P" + date_part + (f"T{time_part}" if time_part else "")
