"""How neighbouring temporal expressions combine, and which are not temporal at all.

- ``joinable``: "between A and B", "from A to B", "A - B", "2014 to 2018" make one interval;
  "two days after today", "three weeks from Monday" one date.
- ``merge_day_and_time``: a day and a clock time side by side ("tomorrow 8:00am", "October 14
  at 8:00", "9am on Tuesday", "3 p.m. Monday") are one TIMEX3 time, ``2016-11-08T08:00``.
- ``not_temporal``: "wait one second", "six months' worth of food": a length used as an amount.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from extractor.normalize.date_clock import evening_point, is_evening, on_day, p_clock_range
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
_MERIDIEM = re.compile(r"(?i)\d\s*[ap]\.?\s?m\b|\b[ap]\.?m\.?$|o'?clock")
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
    if timex.type in ("date", "time") and _DAY.match(value) and (timex.mod is None or _PART.match(value)):
        return "day"  # "Sunday early morning at 8:00": the part's START/END does not stop the clock
    if timex.type == "interval" and value.startswith("(T"):
        return "range"  # "from 7:00 to 8:00pm": two clock times
    if timex.type == "time" and _CLOCK.search(value) and not re.match(r"^\d{4}-\d{2}-\d{2}T(?:MO|AF|EV|NI)$", value):
        return "clock"
    return None


def _gap_ok(doc: Doc, left: Span, right: Span) -> bool:
    gap = doc[left.end:right.start]
    same = left.sent == right.sent or not gap and doc.text[left.end_char:right.start_char] == " "
    return len(gap) <= 2 and all(t.lower_ in DAY_TIME_GAP for t in gap) and same  # "23.04.2022 14:55" split by the parser


def _day_time(day: Timex, clock: Timex, day_text: str = "", clock_text: str = "") -> Timex:
    stamp = clock.value[clock.value.index("T"):]
    evening = not _MERIDIEM.search(clock_text) and re.match(r"^T\d\d", stamp) and is_evening(day_text, day)
    if evening and day.type != "set" and day.begin is not None:
        return evening_point(stamp, day_text, day, clock.timezone)  # "Sunday late evening at 10:00"
    if day.type == "set":  # TIMEX3: every day at 19:13 is the set T19:13
        prefix = day.value if day.value.startswith("XXXX") else ""
        return Timex("set", f"{prefix}{stamp}", timezone=clock.timezone)
    return Timex("time", f"{day.value[:10]}{stamp}", day.begin, day.end, timezone=clock.timezone)


_PART = re.compile(r"^(?:\d{4}-\d{2}-\d{2})?(T(?:MO|AF|EV|NI|DT))$")
_HMS = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d):([0-5]\d)$")


def _hms_clock(span: Span, timex: Timex) -> Timex:
    """"17:49:19" right after a day ("5/3/18 @ 17:49:19") is its clock time to the second, not
    the length it reads as alone (a race time, "2:04:11")."""
    found = _HMS.match(span.text) if timex.type == "duration" else None
    return timex if found is None else Timex("time", f"T{int(found[1]):02d}:{found[2]}:{found[3]}")


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
            timex = _hms_clock(span, timex) if _kind(prev_timex) == "day" and _gap_ok(span.doc, prev, span) else timex
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
                (day_span, day), (clock_span, clock) = ((prev, prev_timex), (span, timex)) \
                    if _kind(prev_timex) == "day" else ((span, timex), (prev, prev_timex))
                out[-1] = (span.doc[prev.start:span.end], _day_time(day, clock, day_span.text, clock_span.text))
                continue
        out.append((span, timex))
    return out


_HOUR = re.compile(r"^(?:0?[1-9]|1[0-2])(?:[:.][0-5]\d)?$")
_AT = tagged("date_context", "at_hour")
_AFTER_HOUR = tagged("date_context", "after_hour")


def hour_words(doc: Doc, i: int) -> tuple[str, int] | None:
    """The hour at token ``i`` as digits ("4", "2.30", "seven twenty-seven" → "7:27", "five-thirty"
    → "5:30") and its end."""
    if i >= len(doc):
        return None
    if _HOUR.match(doc[i].text):
        return doc[i].text.replace(".", ":"), i + 1
    number = words()["cardinal"]
    h = number.get(doc[i].lower_)
    if h is None or not 1 <= int(h) <= 12:
        return None
    end = i + 1
    while end < len(doc) and end - i <= 3 and (doc[end].lower_ in number or doc[end].text == "-"
                                                and end + 1 < len(doc) and doc[end + 1].lower_ in number):
        end += 1  # "seven twenty-seven" is "seven", "twenty", "-", "seven"
    minutes = sum(int(number[t.lower_]) for t in doc[i + 1:end] if t.lower_ in number)
    if end > i + 1 and 10 <= minutes <= 59:
        return f"{h}:{minutes:02d}", end
    return h, i + 1


_MERIDIEM_WORDS = tagged("date_context", "meridiem")  # "am", "p.m.": the first letter says which


def _meridiem(doc: Doc, i: int) -> tuple[str, int] | None:
    """"pm", "p.m.", or the spoken "p m" at token ``i``: ("am" or "pm", the end), else None."""
    if i < len(doc) and doc[i].lower_ in _MERIDIEM_WORDS:
        return doc[i].lower_[0] + "m", i + 1
    if i + 1 < len(doc) and doc[i].lower_ in ("a", "p") and doc[i + 1].lower_ in ("m", "m."):
        return doc[i].lower_ + "m", i + 2
    return None


def _said_clock(doc: Doc, start: int, day_text: str, day: Timex) -> tuple[int, Timex] | None:
    """The clock time said in words or digits from token ``start`` ("six forty-three minutes",
    "one thirty p m", "8"), put on ``day``: its end and the time, or None."""
    found = hour_words(doc, start)
    if found is None:
        return None
    (h, _, mi), end = found[0].partition(":"), found[1]
    if mi and end < len(doc) and doc[end].lower_ in ("minutes", "min"):
        end += 1  # "at six forty-three minutes"
    meridiem = _meridiem(doc, end)
    hour = int(h)
    if meridiem is not None:
        hour, end = (hour % 12) + (12 if meridiem[0] == "pm" else 0), meridiem[1]
    stamp = f"T{hour:02d}" + (f":{mi}" if mi else "")
    if meridiem is None and is_evening(day_text, day) and day.begin is not None:
        return end, evening_point(stamp, day_text, day)
    return end, Timex("time", f"{day.value[:10]}{stamp}", day.begin, day.end)


def _closes(doc: Doc, end: int) -> bool:
    """Whether the clock time may end before token ``end`` (not "three twenty-year-olds")."""
    return end >= len(doc) or doc[end].is_punct and doc[end].text not in ("-", "–") or doc[end].lower_ in _AFTER_HOUR


def hour_after_day(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """"last night at 8", "Friday the 26th around 4", "tomorrow at seven twenty-seven", "march
    eighteenth nine thirty", "at five-thirty tomorrow evening": an hour said right after (or, with
    "at", right before) a day is that day's time (after noon when the day is an evening)."""
    out: list[tuple[Span, Timex]] = []
    for span, timex in resolved:
        doc, i = span.doc, span.end
        if out and span.start < out[-1][0].end:
            continue  # its words were the minutes of the clock time before ("six forty-three minutes")
        at = i < len(doc) and doc[i].lower_ in _AT
        spelled = i < len(doc) and doc[i].is_alpha and doc[i].lower_ in words()["cardinal"]
        found = _said_clock(doc, i + at, span.text, timex) if _kind(timex) == "day" and (at or spelled) else None
        if found is not None and _closes(doc, found[0]) and (at or ":" in (found[1].value or "")[11:]
                                                              or _meridiem(doc, i + 1) or _meridiem(doc, i + 2)):
            out.append((doc[span.start:found[0]], found[1]))
            continue
        before = _hour_before(doc, span, timex, out[-1][0].end if out else 0)
        out.append(before or (span, timex))
    return out


def _hour_before(doc: Doc, span: Span, timex: Timex, floor: int) -> tuple[Span, Timex] | None:
    """"at five-thirty tomorrow evening", "around 10 tonight": "at", an hour, then the day."""
    if _kind(timex) != "day":
        return None
    for j in range(span.start - 1, max(floor, span.start - 5), -1):
        digits = doc[j].text[:1].isdigit() and ":" not in doc[j].text
        if digits and not (_PART.match(timex.value or "") or is_evening(span.text, timex)):
            break  # "stood at 1.10 yesterday" is a level; "at 8 tonight", "at 7 this morning" are times
        if doc[j - 1].lower_ in _AT and j - 1 >= floor:
            found = _said_clock(doc, j, span.text, timex)
            if found is not None and found[0] == span.start:
                return doc[j:span.end], found[1]
    return None


_RANGE_JOINERS = ("to", "and", "until", "till", "-", "–")


def spelled_ranges(doc: Doc, resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """"from three thirty to four thirty", "between nine thirty and eleven a.m.": a stretch between
    two clock times said in words, which no pattern sees (digits are the patterns' job)."""
    found = []
    lowers = doc.to_array(LOWER)
    for i in numpy.flatnonzero(numpy.isin(lowers, [doc.vocab.strings[w] for w in ("from", "between")])).tolist():
        if i + 1 < len(doc) and doc[i + 1].lower_ in words()["cardinal"]:
            stretch = _spelled_range(doc, i)
            if stretch is not None and not any(s.start < stretch[0].end and stretch[0].start < s.end for s, _ in resolved):
                found.append(stretch)
    return sorted(resolved + found, key=lambda pair: pair[0].start) if found else resolved


def _spelled_range(doc: Doc, i: int) -> tuple[Span, Timex] | None:
    first = hour_words(doc, i + 1)
    if first is None or first[1] >= len(doc) or doc[first[1]].lower_ not in _RANGE_JOINERS:
        return None
    second = hour_words(doc, first[1] + 1)
    if second is None or not doc[first[1] + 1].is_alpha:
        return None
    meridiem, end = _meridiem(doc, second[1]), second[1]
    end = meridiem[1] if meridiem else end
    if not (":" in first[0] or ":" in second[0] or meridiem) or not _closes(doc, end):
        return None  # "from two to three percent": no minutes and no a.m./p.m., a count
    b = second[0] + (" " + meridiem[0] if meridiem else "")
    timex = p_clock_range({"a": first[0], "b": b}, None)
    return (doc[i:end], timex) if timex is not None else None


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
