"""Readers of more calendar forms (``date_expressions.tsv`` rows): a year before its month or
day ("2017 April", "2019 aug 01"), school and calendar years ("the 2015-16 school year", "SY18",
"CY18"), a week number of a relative year ("week 27 of last year"), the nth month of a year
("the third month of 2021"), and lengths added up before "ago"/"later" ("2 weeks and 2 days
ago", "2 years 1 month 21 days later"), and days in digits with a year ("5/3/18", "1/1/2015"). Pure, no spaCy.

Conventions (TimeML has none for school years): a school year is named, like TIMEX3's fiscal
years, by a prefix and the year written first ("the 2015-16 school year" → SY2015) and has no
days, because a school calendar is not in the text; "this school year" is SY and the anchor's year.
A sum of lengths before "ago" is a day when any part counts days, else a week, a month or a year,
the finest unit said (TimeML gives the granularity of the expression).
"""

from __future__ import annotations

import re
from datetime import date

from extractor.normalize.date_rules import shift_days
from extractor.normalize.timex import Ctx, Timex, count, day_span, full_year, month_no, month_span, safe_day, week_span, words

_SHIFT = {word: int(value) for word, value in words()["shift"].items()}
_PART = re.compile(r"(\d+(?:\.\d+)?|[a-z]+)\s+([a-z]+)")


def p_year_first(g: dict, ctx: Ctx) -> Timex | None:
    """"2017 april" → 2017-04; "2019 aug 01", "2020 23 sep" → that day."""
    if not g.get("d") and not g.get("d2"):
        return month_span(int(g["y"]), month_no(g["m"]))
    return safe_day(g["y"], month_no(g.get("m") or g["m2"]), g.get("d") or g["d2"])


def p_school_year(g: dict, ctx: Ctx) -> Timex | None:
    """"the 2015-16 school year" SY2015, "school year 2008" SY2008, "this school year" SY<anchor's>."""
    if g.get("y") or g.get("y2"):
        return Timex("date", f"SY{g.get('y') or g['y2']}")
    if ctx.anchor is None:
        return Timex("date", "SYXXXX")
    return Timex("date", f"SY{ctx.anchor.year + _SHIFT.get(g.get('s') or 'this', 0)}")


def p_week_of_year(g: dict, ctx: Ctx) -> Timex | None:
    """"week 27 of last year" → 2017-W27: an ISO week of the year the rest names."""
    year = ctx.inner(g["rest"])
    if year is None or year.begin is None or not re.fullmatch(r"\d{4}", year.value or ""):
        return None
    n = int(g["n"])
    last = date(year.begin.year, 12, 28).isocalendar()[1]
    return week_span(date.fromisocalendar(year.begin.year, n, 1)) if 1 <= n <= last else None


def p_month_of(g: dict, ctx: Ctx) -> Timex | None:
    """"the third month of 2021" → 2021-03, "the 9th month of next year"."""
    year = ctx.inner(g["rest"])
    n = int(g["n"])
    if year is None or year.begin is None or not re.fullmatch(r"\d{4}", year.value or "") or not 1 <= n <= 12:
        return None
    return month_span(year.begin.year, n)


def p_sum_ago(g: dict, ctx: Ctx) -> Timex | None:
    """"2 weeks and 2 days ago", "three years, two months and ten days ago", "2 years 1 month 21
    days later": each length in turn from the anchor (or, for "later"/"earlier", the reference)."""
    sign = -1 if g["s"] in ("ago", "earlier", "before") else 1
    base = ctx.anchor if g["s"] in ("ago", "from now") else (ctx.reference_end if sign > 0 and ctx.reference_end else ctx.base)
    parts = _PART.findall(re.sub(r",|\band\b", " ", g["parts"]))
    units = [words()["unit"].get(u) for _, u in parts]
    if base is None or len(parts) < 2 or None in units:
        return Timex("date", "PAST_REF" if sign < 0 else "FUTURE_REF")
    day = base
    for (n, _), unit in zip(parts, units):
        if not n[0].isdigit() and n not in words()["number"]:
            return None
        k = count(n)
        if k == "X" or isinstance(k, float) or unit in ("H", "MIN", "S") or (day := shift_days(day, sign * k, unit)) is None:
            return None
    finest = {u.lstrip("0123456789") for u in units}
    if "D" in finest:
        return day_span(day)
    if "W" in finest:
        return week_span(day)
    return month_span(day.year, day.month) if "M" in finest else Timex("date", f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31))


def p_numeric_day(g: dict, ctx: Ctx) -> Timex | None:
    """"5/3/18", "12/12/30", "23/08/39": month/day (US order) unless the first cannot be a month;
    a two-digit year is the one of its century nearest the anchor ("18" in 2016 → 2018, "40" →
    2040), and without an anchor 2000-2049 or 1950-1999."""
    a, b, y = int(g["a"]), int(g["b"]), g["y"]
    month, day = (b, a) if a > 12 >= b else (a, b)
    return safe_day(full_year(y, ctx.anchor), month, day)


PARSERS = {"numeric_day": p_numeric_day, "year_first": p_year_first, "year_first_day": p_year_first, "school_year": p_school_year,
           "week_of_rel_year": p_week_of_year, "month_of": p_month_of, "sum_ago": p_sum_ago}
