"""Readers of one calendar day said in parts: a weekday with its day of the month ("Friday the
13th", "Tuesday 5/12"), a weekday of a named week ("Tuesday of next week", "next week on
Monday"), the nth day of a month ("the 15th day of next month") and holidays ("Christmas",
"Easter 2018", "two weeks before Thanksgiving"). Pure, no spaCy.

An undated day takes the year (or month) nearest the anchor on the side the tense says: on or
before it in a past report, after it in a future one, either side in the present tense. Holidays
are the ``holiday`` rows of ``date_words.tsv``: a fixed ``MM-DD``, ``easter±N``, or the nth
weekday of a month (``11-thu-4``, ``05-mon-last``, ``+1`` for the day after).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from extractor.normalize.timex import Ctx, Timex, day_span, safe_day, weekend_span, words


def _inner(text: str, ctx: Ctx) -> Timex | None:
    return ctx.inner(text)


def _pick(candidates: list[date], ctx: Ctx) -> date | None:
    """The candidate nearest the anchor on the tense's side of it."""
    if not candidates:
        return None
    a = ctx.anchor
    if ctx.future:
        later = [d for d in candidates if d > a]
        return min(later) if later else None
    if ctx.present:
        return min(candidates, key=lambda d: abs(d - a))
    earlier = [d for d in candidates if d <= a]
    return max(earlier) if earlier else None


def p_weekday_dom(g: dict, ctx: Ctx) -> Timex | None:
    """"Friday the 13th": the nearest month in which that day is that weekday."""
    wd, d = int(words()["weekday"][g["w"]]), int(g["d"])
    if ctx.anchor is None or not 1 <= d <= 31:
        return None
    k0 = ctx.anchor.year * 12 + ctx.anchor.month - 1
    found = [day for k in range(k0 - 14, k0 + 15)
             if (day := _safe(k // 12, k % 12 + 1, d)) is not None and day.weekday() == wd]
    return day_span(_pick(found, ctx)) if found else None


def _safe(y: int, m: int, d: int) -> date | None:
    return date(y, m, d) if 1 <= d <= calendar.monthrange(y, m)[1] else None


def p_weekday_numeric(g: dict, ctx: Ctx) -> Timex | None:
    """"Friday 5/12": month/day (US order), the weekday only confirms it."""
    if g.get("y"):
        return safe_day(g["y"], g["mo"], g["d"])
    mo, d = int(g["mo"]), int(g["d"])
    if ctx.anchor is None or not 1 <= mo <= 12:
        return None
    y = ctx.anchor.year
    found = [day for k in (y - 1, y, y + 1) if (day := _safe(k, mo, d)) is not None]
    return day_span(_pick(found, ctx) or min(found, key=lambda x: abs(x - ctx.anchor))) if found else None


def p_month_day_numeric(g: dict, ctx: Ctx) -> Timex | None:
    """"on 11/20", "by 3/15" (US month/day), "on 22/04" (day first: no 22nd month); the year by
    the tense, as for "November 20"."""
    mo, d = int(g["mo"]), int(g["d"])
    if mo > 12 >= d:
        mo, d = d, mo
    if not 1 <= mo <= 12:
        return None
    if ctx.anchor is None:
        return Timex("date", f"XXXX-{mo:02d}-{d:02d}")
    return p_weekday_numeric({"mo": str(mo), "d": str(d)}, ctx)


def p_day_of_month(g: dict, ctx: Ctx) -> Timex | None:
    """"on the 18th": that day of the anchor's month, or of the month before or after it, on the
    tense's side of the anchor."""
    d = int(g["d"])
    if ctx.anchor is None or not 1 <= d <= 31:
        return Timex("date", f"XXXX-XX-{d:02d}") if 1 <= d <= 31 else None
    k0 = ctx.anchor.year * 12 + ctx.anchor.month - 1
    found = [day for k in (k0 - 1, k0, k0 + 1) if (day := _safe(k // 12, k % 12 + 1, d)) is not None]
    return day_span(_pick(found, ctx))


def p_weekday_in_week(g: dict, ctx: Ctx) -> Timex | None:
    """"Tuesday of next week", "last week on Monday": that weekday inside that week."""
    week = _inner(g["rest"], ctx)
    if week is None or week.begin is None or not re.fullmatch(r"\d{4}-W\d\d", week.value or ""):
        return None
    return day_span(week.begin + timedelta(days=int(words()["weekday"][g["w"]])))


def p_day_of(g: dict, ctx: Ctx) -> Timex | None:
    """"the 15th day of next month", "the twenty-third day of September"."""
    month = _inner(g["rest"], ctx)
    if month is None or month.begin is None or not re.fullmatch(r"\d{4}-\d\d", month.value or ""):
        return None
    return safe_day(month.begin.year, month.begin.month, g["d"])


def easter(y: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    h = (19 * a + b - d - (b - f + 1) // 3 + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(y, month, day + 1)


#: "mon" → 0 ... "sun" → 6: the weekdays of the holiday rules ("thu4-11"), from ``date_words.tsv``.
_WD = {word[:3]: int(value) for word, value in words()["weekday"].items()}


def holiday_in(rule: str, y: int) -> date:
    if rule.startswith("easter"):
        return easter(y) + timedelta(days=int(rule[6:] or 0))
    parts = re.fullmatch(r"(\d\d)-(\d\d)|(\d\d)-([a-z]{3})-(\d|last)([+-]\d+)?", rule)
    if parts[1]:
        return date(y, int(parts[1]), int(parts[2]))
    m, wd, nth, shift = int(parts[3]), _WD[parts[4]], parts[5], int(parts[6] or 0)
    days = [date(y, m, d) for d in range(1, calendar.monthrange(y, m)[1] + 1) if date(y, m, d).weekday() == wd]
    return (days[-1] if nth == "last" else days[int(nth) - 1]) + timedelta(days=shift)


def p_holiday(g: dict, ctx: Ctx) -> Timex | None:
    rule = words()["holiday"][g["h"]]
    if g.get("y"):
        return day_span(holiday_in(rule, int(g["y"])))
    if ctx.anchor is None:
        return Timex("date", None)
    y = ctx.anchor.year
    return day_span(_pick([holiday_in(rule, k) for k in (y - 1, y, y + 1)], ctx))


def p_holiday_weekend(g: dict, ctx: Ctx) -> Timex | None:
    """"Labor Day weekend", "the weekend of Halloween", "Halloween weekend 2021": the weekend nearest the holiday (the one
    before a Monday holiday, after a Thursday one, its own for a Saturday or Sunday)."""
    day = p_holiday({"h": g.get("h") or g["h2"], "y": g.get("y") or g.get("y2") or g.get("y3")}, ctx)
    if day is None or day.begin is None:
        return day
    sat = day.begin - timedelta(days=(day.begin.weekday() - 5) % 7)
    if (day.begin - sat).days > 1 and (sat + timedelta(days=7) - day.begin).days < (day.begin - sat).days - 1:
        sat += timedelta(days=7)
    return weekend_span(sat)


def p_holiday_shift(g: dict, ctx: Ctx) -> Timex | None:
    """"last Easter" the latest before the anchor, "next Christmas" the first after it, "this
    Thanksgiving" the one of the anchor's year."""
    if ctx.anchor is None:
        return Timex("date", None)
    rule, y, a = words()["holiday"][g["h"]], ctx.anchor.year, ctx.anchor
    days = [holiday_in(rule, k) for k in (y - 1, y, y + 1)]
    if g["s"] == "this":
        return day_span(holiday_in(rule, y))
    if g["s"] in ("last", "previous"):
        return day_span(max(d for d in days if d < a))
    return day_span(min(d for d in days if d > a))


PARSERS = {"holiday_weekend": p_holiday_weekend, "md_num": p_month_day_numeric, "dom": p_day_of_month, "holiday_shift": p_holiday_shift, "wd_dom": p_weekday_dom, "wd_num": p_weekday_numeric, "wd_week": p_weekday_in_week,
           "week_wd": p_weekday_in_week, "day_of": p_day_of, "holiday": p_holiday}
