"""More readers of ``date_expressions.tsv`` rows: calendar parts (quarters, halves, fiscal years,
weeks of a year or month, centuries), year-months written with digits, seasons with a shift,
anchored durations ("the next 3 days"), offsets from a day ("two days after today"), clock times
written as four digits ("1430 GMT") and race times ("2:04:11"). Pure, no spaCy.

Conventions (TimeML / TIMEX3 where it has one):

- "last quarter" is the quarter before the anchor's; "the last quarter of 2008" is 2008-Q4.
- A quarter, half or season without a year in a past report is the latest one that has begun by
  the anchor; in a future one, the next one that has not ended.
- Fiscal years keep the TIMEX3 ``FY`` prefix ("fiscal 2008" → FY2008) and have no days: an
  organization's fiscal calendar is not in the text.
- "the next three days" keeps its TIMEX3 value (P3D, a duration) and gets the days it covers,
  TimeML's anchored duration: from the day after the anchor forward, or back to the anchor for
  "the past/last N units".
- A week of a month or year is an ISO week with most of its days in it: "the first week of
  2015" is 2015-W01, "the last week of March 2009" 2009-03-23..29.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, timedelta

from extractor.normalize.timex import (
    Ctx,
    Timex,
    count,
    day_span,
    fmt,
    interval,
    month_no,
    month_span,
    p_season,
    safe_day,
    week_span,
    words,
    year_span,
)

#: "last" → -1, "this" → 0, "next" → 1 (``date_words.tsv``, kind ``shift``).
_SHIFT = {word: int(value) for word, value in words()["shift"].items()}


def _inner(text: str, ctx: Ctx) -> Timex | None:
    return ctx.inner(text)


def _quarter_of(y: int, q: int, months: int = 3, code: str = "Q") -> Timex:
    first = (q - 1) * months + 1
    last = first + months - 1
    return Timex("date", f"{y}-{code}{q}", date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]))


def _latest(y: int, q: int, months: int, ctx: Ctx) -> int:
    """The year of quarter/half ``q`` nearest the anchor: begun by it (past), not ended (future)."""
    a = ctx.anchor
    first = date(y, (q - 1) * months + 1, 1)
    if ctx.future:
        last_month = q * months
        return y + 1 if date(y, last_month, calendar.monthrange(y, last_month)[1]) < a else y
    return y - 1 if first > a else y


def p_cal_part(g: dict, ctx: Ctx) -> Timex | None:
    """"the third quarter", "Q3 2019", "2019 H2", "the 1994 third quarter", "first half"."""
    unit = (g.get("u") or "").lower()
    half = unit in ("half", "h")
    months, code = (6, "H") if half else (3, "Q")
    q = int(g["n"]) if g.get("n") else int(words()["quarter"].get(g.get("q") or "", 0) or 0)
    if not 1 <= q <= (2 if half else 4):
        return None
    if g.get("y") or g.get("y2"):
        return _quarter_of(int(g.get("y") or g["y2"]), q, months, code)
    if ctx.anchor is None:
        return Timex("date", f"XXXX-{code}{q}")
    shift = _SHIFT.get(g.get("rel") or "")
    if shift is not None:
        return _quarter_of(ctx.anchor.year + shift, q, months, code)
    return _quarter_of(_latest(ctx.anchor.year, q, months, ctx), q, months, code)


def p_rel_quarter(g: dict, ctx: Ctx) -> Timex | None:
    """"last quarter", "this quarter", "the quarter", "next half": relative to the anchor's."""
    if ctx.anchor is None:
        return Timex("date", None)
    months, code = (6, "H") if g["u"] == "half" else (3, "Q")
    k = ctx.anchor.year * (12 // months) + (ctx.anchor.month - 1) // months + _SHIFT.get(g.get("s") or "this", 0)
    per_year = 12 // months
    return _quarter_of(k // per_year, k % per_year + 1, months, code)


def p_fiscal(g: dict, ctx: Ctx) -> Timex | None:
    """"fiscal 2008", "FY2008", "FY08", "next fiscal year": TIMEX3 ``FY2008``, no days."""
    if g.get("y"):
        y = int(g["y"])
        y = y + (2000 if y < 50 else 1900) if y < 100 else y
    elif ctx.anchor is not None:
        y = ctx.anchor.year + _SHIFT.get(g.get("s") or "this", 0)
    else:
        return Timex("date", "FYXXXX")
    return Timex("date", f"FY{y}")


def p_calendar_year(g: dict, ctx: Ctx) -> Timex | None:
    if ctx.anchor is None:
        return Timex("date", None)
    return year_span(ctx.anchor.year + _SHIFT.get(g["s"], 0))


def p_year_to_date(g: dict, ctx: Ctx) -> Timex | None:
    """"the year to date": TIMEX3 the anchor's year, its days from 1 January up to the anchor."""
    if ctx.anchor is None:
        return Timex("date", None)
    return Timex("date", f"{ctx.anchor.year:04d}", date(ctx.anchor.year, 1, 1), ctx.anchor)


def p_year_month(g: dict, ctx: Ctx) -> Timex | None:
    """"2015-3", "12-2015", "Dec/2018" (with ``m`` a month name)."""
    mo = month_no(g["m"]) if g.get("m") else int(g["mo"])
    return month_span(int(g["y"]), mo) if 1 <= mo <= 12 else None


def _week_of_span(first: date, last: date, n: str) -> Timex:
    """A month's weeks are the ISO weeks with most of their days in it (its Thursday rule)."""
    if n in ("last", "final"):
        return week_span(last - timedelta(days=3))
    k = int(re.match(r"\d+", n).group(0)) if n[0].isdigit() else int(words()["quarter"][n])
    return week_span(first + timedelta(days=3 + 7 * (k - 1)))


def p_week_of(g: dict, ctx: Ctx) -> Timex | None:
    """"the first week of 2015", "the last week of July", "3rd week of Jan"."""
    inner = _inner(g["rest"], ctx)
    if inner is None or inner.begin is None or inner.end is None or (inner.end - inner.begin).days < 27:
        return None
    if re.fullmatch(r"\d{4}", inner.value or "") and g["n"] not in ("last", "final"):
        k = int(re.match(r"\d+", g["n"]).group(0)) if g["n"][0].isdigit() else int(words()["quarter"][g["n"]])
        return week_span(date.fromisocalendar(inner.begin.year, 1, 1) + timedelta(days=7 * (k - 1)))
    if re.fullmatch(r"\d{4}", inner.value or ""):
        return week_span(date.fromisocalendar(inner.begin.year, 1, 1) + timedelta(days=7 * (_iso_weeks(inner.begin.year) - 1)))
    return _week_of_span(inner.begin, inner.end, g["n"])


def _iso_weeks(y: int) -> int:
    return date(y, 12, 28).isocalendar()[1]


def p_week_no(g: dict, ctx: Ctx) -> Timex | None:
    """"week 31", "week 3 of 2027": an ISO week number of the stated year, else the anchor's."""
    y = int(g["y"]) if g.get("y") else ctx.anchor.year if ctx.anchor else None
    n = int(g["n"])
    if y is None or not 1 <= n <= _iso_weeks(y):
        return None
    return week_span(date.fromisocalendar(y, n, 1))


def p_week_of_day(g: dict, ctx: Ctx) -> Timex | None:
    """"the week of April 10th": the week that holds that day."""
    inner = _inner(g["rest"], ctx)
    if inner is None or inner.begin is None or inner.begin != inner.end:
        return None
    return week_span(inner.begin)


def p_century(g: dict, ctx: Ctx) -> Timex | None:
    """"the 19th century" → TIMEX3 ``18`` (1800–1899)."""
    n = int(g["n"])
    if not 1 <= n <= 22:
        return None
    first = (n - 1) * 100
    return Timex("date", f"{n - 1:02d}", date(max(first, 1), 1, 1), date(first + 99, 12, 31))


def p_season_shift(g: dict, ctx: Ctx) -> Timex | None:
    """"last spring", "this winter", "next summer", relative to the anchor."""
    if ctx.anchor is None:
        return p_season({"s": g["season"]}, ctx)
    n = _SHIFT[g["s"]]
    here = p_season({"s": g["season"]}, replace(ctx, future=False))
    if n == 0:  # the one under way, else the one of the anchor's year
        y = ctx.anchor.year - (1 if g["season"] == "winter" and ctx.anchor.month <= 2 else 0)
        return p_season({"s": g["season"], "y": str(y)}, ctx)
    y = int(here.value[:4])
    if n < 0 and here.end >= ctx.anchor:
        y -= 1  # that season is still running: "last winter" is the one before
    if n > 0:
        y += 1
    return p_season({"s": g["season"], "y": str(y)}, ctx)


def shift_days(base: date, n: int, unit: str) -> date | None:
    u = unit.lstrip("0123456789")
    k = int(n) * int(re.match(r"(\d*)", unit).group(1) or 1)
    if u == "D":
        return base + timedelta(days=k)
    if u == "W":
        return base + timedelta(weeks=k)
    if u in ("M", "Y"):
        months = k * (12 if u == "Y" else 1)
        m = base.year * 12 + base.month - 1 + months
        y, mo = m // 12, m % 12 + 1
        return date(y, mo, min(base.day, calendar.monthrange(y, mo)[1]))
    return None


def p_anchored(g: dict, ctx: Ctx) -> Timex | None:
    """"the next 3 days", "the past five years": the duration, with the days it covers."""
    n, unit = count(g.get("n") or None), words()["unit"][g["u"]]
    found = Timex("duration", fmt(n, unit))
    base = ctx.base if g["s"] in ("following", "previous") else ctx.anchor
    if base is None or n == "X" or isinstance(n, float) or unit in ("H", "MIN", "S"):
        return found
    forward = _SHIFT[g["s"]] > 0
    if unit == "3M":
        return replace(found, **_whole_quarters(base, n, forward))
    other = shift_days(base, n if forward else -n, unit)
    if other is None:
        return found
    begin, end = (base + timedelta(days=1), other) if forward else (other, base)
    return replace(found, begin=begin, end=end)


def _whole_quarters(base: date, n: int, forward: bool) -> dict:
    """"the past two quarters": the two whole calendar quarters before the current one; "the
    next three quarters" the three after it (a quarter is a unit of the calendar, as in reports)."""
    k = base.year * 4 + (base.month - 1) // 3 + (1 if forward else -n)
    first = date(k // 4, (k % 4) * 3 + 1, 1)
    k += n
    return {"begin": first, "end": date(k // 4, (k % 4) * 3 + 1, 1) - timedelta(days=1)}


def p_first_n(g: dict, ctx: Ctx) -> Timex | None:
    """"the first six months of 2008", "the last three weeks of this year": a stretch of the
    calendar, so an interval (not a duration)."""
    n, unit = count(g["n"]), words()["unit"][g["u"]]
    inner = _inner(g["rest"], ctx)
    if n == "X" or isinstance(n, float) or inner is None or inner.begin is None or inner.end is None:
        return None
    if g["p"] == "first":
        last = shift_days(inner.begin, n, unit)
        return interval(day_span(inner.begin), day_span(last - timedelta(days=1))) if last else None
    first = shift_days(inner.end + timedelta(days=1), -n, unit)
    return interval(day_span(first), day_span(inner.end)) if first else None


def p_offset(g: dict, ctx: Ctx) -> Timex | None:
    """"two days after today", "three weeks from tomorrow", "a week before Christmas Eve"."""
    n, unit = count(g["n"]), words()["unit"][g["u"]]
    inner = _inner(g["rest"], ctx)
    if n == "X" or isinstance(n, float) or inner is None or inner.begin is None or inner.begin != inner.end:
        return None
    day = shift_days(inner.begin, -n if g["s"] == "before" else n, unit)
    return day_span(day) if day else None


def p_clock4(g: dict, ctx: Ctx) -> Timex | None:
    """"1430 GMT", "0900 hrs", "1140 a.m.": a time of day written as four digits, never a year."""
    h, mi = int(g["h"]), int(g["mi"])
    ap = (g.get("ap") or "").replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    if h > 23 or mi > 59:
        return None
    day = ctx.reference
    hhmm = f"T{h:02d}:{mi:02d}"
    return Timex("time", f"{day.isoformat()}{hhmm}" if day else hhmm, day, day)


def p_hms(g: dict, ctx: Ctx) -> Timex | None:
    """"2:04:11" on its own is a race time (a duration); with a.m./p.m. a time of day."""
    h, mi, s = int(g["h"]), int(g["mi"]), g["s"]
    if mi > 59 or float(s) >= 60:
        return None
    ap = (g.get("ap") or "").replace(".", "")
    if not ap:
        sec = s.lstrip("0") or "0"
        return Timex("duration", f"PT{h}H{mi}M{sec}S" if h else f"PT{mi}M{sec}S")
    h = h + 12 if ap == "pm" and h < 12 else (0 if ap == "am" and h == 12 else h)
    day = ctx.reference
    hhmm = f"T{h:02d}:{mi:02d}:{s}"
    return Timex("time", f"{day.isoformat()}{hhmm}" if day else hhmm, day, day)


def p_interval(g: dict, ctx: Ctx) -> Timex | None:
    """"between A and B", "from A to B": the later end anchors the earlier when it has a year
    ("from January to April 2015") or the report looks back; the earlier anchors the later in a
    future report or when it is "now"."""
    a, b = g["a"], g["b"]
    year = re.compile(r"\b\d{4}\b")
    if ctx.inner(a) == Timex("date", "PRESENT_REF"):  # "between now and May": forward
        ctx = replace(ctx, future=True)
    if ctx.future and not (year.search(b) and not year.search(a)):
        left = _end(a, ctx)
        base = replace(ctx, anchor=left.begin) if left and left.begin else ctx
        right = _inherit(left, b) if _BARE_DAY.fullmatch(b) else _end(b, base, ctx) or _inherit(left, b)
        return interval(left, right)
    right = None if _BARE_DAY.fullmatch(b) else _end(b, ctx)
    if right is None:  # "from April 9th through the 17th"
        left = _end(a, ctx)
        return interval(left, _inherit(left, b))
    base = replace(ctx, anchor=right.end, future=False) if right.end else ctx
    left = _end(a, base, ctx)
    if left is None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", a) and right.begin:
        left = safe_day(right.begin.year, right.begin.month, re.match(r"\d+", a).group(0))
    return interval(left, right)


def _end(s: str, ctx: Ctx, real: Ctx | None = None) -> Timex | None:
    """One end of an interval; "today", "now" and "yesterday" keep the real anchor."""
    deictic = s in words()["day_offset"] or s in words()["ref"]
    found = (real if deictic and real else ctx).inner(s)
    anchor = (real or ctx).anchor
    if found is not None and found.value == "PRESENT_REF" and anchor is not None:
        return day_span(anchor)
    return found


_BARE_DAY = re.compile(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?")


def _inherit(left: Timex | None, b: str) -> Timex | None:
    """"April 27th to the 3rd": the later end's month is the earlier's, or the next one."""
    day = _BARE_DAY.fullmatch(b)
    if not (left and left.begin and day):
        return None
    found = safe_day(left.begin.year, left.begin.month, day.group(1))
    if found is not None and found.begin < left.begin:
        k = left.begin.year * 12 + left.begin.month
        found = safe_day(k // 12, k % 12 + 1, day.group(1))
    return found


PARSERS = {
    "interval": p_interval, "cal_part": p_cal_part, "rel_quarter": p_rel_quarter, "fiscal": p_fiscal, "calyear": p_calendar_year, "year_to_date": p_year_to_date,
    "ym": p_year_month, "my_num": p_year_month, "week_of": p_week_of, "week_no": p_week_no,
    "week_of_day": p_week_of_day, "century": p_century, "season_shift": p_season_shift,
    "anchored": p_anchored, "offset": p_offset, "first_n": p_first_n, "clock4": p_clock4, "hms": p_hms,
}
