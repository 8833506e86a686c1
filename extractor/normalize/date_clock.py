"""Clock times said in words and stretches between two clock times. Pure, no spaCy.

- A stretch within a day ("from 3 pm to 5 pm", "between 4:30 and 6pm", "9-10 am") is TimeML's
  anchored duration: a DURATION whose beginPoint and endPoint are the two times. The record
  holds it as type ``interval`` with value ``(T15,T17,PT2H)``: begin point, end point, length;
  each point at the precision written ("3 pm" T15, "3:00" T03:00). A day beside it fills the
  points' date ("tomorrow from 7:00 to 8:00pm" → (2016-11-08T19:00,2016-11-08T20:00,PT1H)).
- An end without a.m./p.m. takes the other end's when that keeps the order ("5 to 6pm" is
  17:00-18:00, "11 to 1 pm" 11:00-13:00); two bare hours ("between 3 and 5") read as a.m. hours
  here, and the tagger keeps them only beside a day ("Monday 3-8", "between 7 and 9 last night"):
  elsewhere they are as often a count. An evening word ("tonight", "in the evening") moves hours
  before noon to the afternoon.
- Clock words: "half past seven" T07:30, "quarter to nine" T08:45, "ten past 9" T09:10,
  "20 min past eight in the evening" T20:20, "seven o'clock" T07, "noonish" T12, "11ish" T11.
"""

from __future__ import annotations

import re
from datetime import timedelta

from extractor.normalize.lexicon import tagged
from extractor.normalize.timex import Ctx, Timex, timex_codes, words

_END = re.compile(r"^(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<mi>\d{2}))?\s*(?P<ap>[ap]\.?\s?m\.?)?$")
_EVENING = tagged("date_context", "evening")  # "tonight", "in the evening": after noon
_LATE_TOD = {"AF", "EV", "NI"}
_NIGHT = {"night", "tonight", "overnight"}


def _end(text: str) -> tuple[int, int | None, str] | None:
    """(hour, minutes as written or None, "am"/"pm"/"") of one end, or None."""
    m = _END.match(text.strip())
    if m is None:
        return None
    h, mi = int(m["h"]), int(m["mi"]) if m["mi"] is not None else None
    ap = (m["ap"] or "").replace(".", "").replace(" ", "")
    if h > 23 or (mi is not None and mi > 59) or (ap and not 1 <= h <= 12):
        return None
    return h, mi, ap


def _hour24(h: int, ap: str) -> int:
    if ap == "pm" and h < 12:
        return h + 12
    return 0 if ap == "am" and h == 12 else h


def _point(h: int, mi: int | None) -> str:
    return f"T{h:02d}" + (f":{mi:02d}" if mi is not None else "")


def length(minutes: int) -> str:
    """"PT2H", "PT1H30M", "PT45M"."""
    h, m = divmod(minutes, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "")


def p_clock_range(g: dict, ctx: Ctx) -> Timex | None:
    """"from 5 to 6pm", "between 9.30-4.30pm", "3am - 12pm", "from two thirty to four" (digits)."""
    a, b = _end(g["a"]), _end(g["b"])
    if a is None or b is None:
        return None
    dotted = "." in g["a"] + g["b"] and not (a[2] or b[2])
    if dotted:
        return None  # "from 5.25 to 6.50" percent: no clock
    if not (a[1] is not None or b[1] is not None or a[2] or b[2] or g.get("tod")) and not (a[0] <= 12 and b[0] <= 12):
        return None  # two bare numbers read as hours only up to 12 (the tagger keeps them beside a day)
    h2 = _hour24(b[0], b[2])
    h1 = _hour24(a[0], a[2] or b[2])
    if not a[2] and b[2] and h1 * 60 + (a[1] or 0) > h2 * 60 + (b[1] or 0):
        h1 = _hour24(a[0], "am")  # "from 11 to 1 pm", "from 2:30 to 2:15 pm"
    if not b[2] and h2 < h1 < 12 < h2 + 12:
        h2 += 12  # "from 10:30 to 3": the afternoon
    if g.get("tod") and any(w in g["tod"] for w in _EVENING):
        h1, h2 = (h + 12 if h < 12 else h for h in (h1, h2))
    minutes = (h2 * 60 + (b[1] or 0)) - (h1 * 60 + (a[1] or 0))
    overnight = a[2] == "pm" and b[2] == "am" or a[1] is not None and b[1] is not None and h1 > 12 and not b[2]
    if minutes <= 0 and overnight:
        minutes += 24 * 60  # "from 10 p.m. until 6 a.m.", "22:00 to 06:00": the end on the next day
    if minutes <= 0:
        return None
    return Timex("interval", f"({_point(h1, a[1])},{_point(h2, b[1])},{length(minutes)})")


_RANGE = re.compile(r"^\((T[\d:]+),(T[\d:]+),(PT\w+)\)$")


def on_day(clock: Timex, day: Timex, evening: bool) -> Timex | None:
    """A clock range put on ``day`` ("tomorrow from 7:00 to 8:00pm"); None if it is none."""
    m = _RANGE.match(clock.value or "")
    if m is None or not day.value:
        return None
    ends = [m[1], m[2]]
    if evening or day.value[10:12] == "T" and day.value[11:] in _LATE_TOD:
        ends = [_later(e) for e in ends]
    prefix, last, end = day.value[:10], day.end, day.value[:10]
    if ends[1] < ends[0] and day.end is not None:  # overnight: "Friday from 10 p.m. to 6 a.m."
        last = day.end + timedelta(days=1)
        end = last.isoformat()
    return Timex("interval", f"({prefix}{ends[0]},{end}{ends[1]},{m[3]})", day.begin, last)


def _later(point: str) -> str:
    h = int(point[1:3])
    return f"T{h + 12:02d}{point[3:]}" if h < 12 else point


def evening_point(stamp: str, day_text: str, day: Timex, timezone: str | None = None) -> Timex:
    """A clock time without a.m./p.m. (``stamp`` "T10:00") on an evening day, on the 24-hour clock:
    "tonight at 10" T22, "Sunday late evening at 10:00" T22:00; the small hours of a night are
    before dawn of the next day ("late last night at 2" on Monday is Tuesday T02)."""
    hour, rest, when = int(stamp[1:3]), stamp[3:], day.begin
    night = bool(set(day_text.lower().split()) & _NIGHT) or (day.value or "").endswith("TNI")
    if night and hour < 4:
        when = when + timedelta(days=1) if when else None
    elif hour < 12:
        hour += 12
    point = f"T{hour:02d}{rest}"
    if when is None:
        return Timex("time", point, timezone=timezone)
    return Timex("time", f"{when.isoformat()}{point}", when, when, timezone=timezone)


def is_evening(day_text: str, day: Timex) -> bool:
    """"tonight", "this evening", "last night": hours before noon mean the afternoon."""
    words_ = set(day_text.lower().split())
    return bool(words_ & _EVENING) or (day.value or "")[-2:] in _LATE_TOD


def p_past(g: dict, ctx: Ctx) -> Timex | None:
    """"half past seven", "quarter to nine", "ten past 9", "20 min past eight in the evening"."""
    mi = {"half": 30, "quarter": 15}.get(g["m"]) or int(re.match(r"\d+", g["m"]).group(0))
    h = int(g["h"])
    if not 1 <= h <= 12 or not 0 < mi < 60:
        return None
    if g["s"] == "to":
        h, mi = (h - 1) % 24, 60 - mi
    if g.get("tod") and any(w in g["tod"] for w in _EVENING) and h < 12:
        h += 12
    return _clock(h, mi, ctx)


def p_oclock(g: dict, ctx: Ctx) -> Timex | None:
    """"seven o'clock", "10 oclock", "noonish", "11ish", "in the morning at 7", "one in the morning"."""
    h = 12 if g.get("noon") else int(g["h"])
    if h > 23:
        return None
    if g.get("tod") and any(w in g["tod"] for w in _EVENING) and h < 12:
        h += 12
    return _clock(h, None, ctx)


def p_day_part(g: dict, ctx: Ctx) -> Timex | None:
    """"in the morning" TMO, "late afternoon" TAF (mod END), "early in the morning" TMO (START):
    on the day the sentence names, else undated like a clock time."""
    code = timex_codes("time_of_day")[g["tod"]]
    mod = words()["part"].get(g.get("p") or "")
    day = ctx.reference
    return Timex("time", f"{day.isoformat()}T{code}" if day else f"T{code}", day, day, mod=mod)


_FOLLOWING = re.compile(r"^(?:the\s+)?(?:next|following)\s+(?:morning|afternoon|evening|night)\b", re.I)


def follows_reference(text: str) -> bool:
    """"the next morning": a part of the day counted from the story's last date, not a clock
    time that takes its day from the sentence."""
    return bool(_FOLLOWING.match(text.strip()))


def p_next_part(g: dict, ctx: Ctx) -> Timex | None:
    """"the next morning", "the following evening": that part of the day after the one the story
    is about (the last date said, else the publication date)."""
    if ctx.base is None:
        return None
    day = ctx.base + timedelta(days=1)
    return Timex("time", f"{day.isoformat()}T{timex_codes('time_of_day')[g['tod']]}", day, day)


def _clock(h: int, mi: int | None, ctx: Ctx) -> Timex:
    day = ctx.reference
    point = _point(h, mi)
    return Timex("time", f"{day.isoformat()}{point}" if day else point, day, day)


PARSERS = {"clock_range": p_clock_range, "clock_past": p_past, "clock_to": p_past, "clock_oclock": p_oclock,
           "clock_tod": p_oclock, "clock_hour_tod": p_oclock, "day_part": p_day_part,
           "next_part": p_next_part}
