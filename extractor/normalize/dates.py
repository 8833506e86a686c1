"""Temporal expressions → TIMEX3 values, resolved against an anchor date. Pure, no spaCy.

``normalize(text, anchor, reference=..., tense=...)`` reads one bare expression ("September 21",
"on Tuesday", "the previous weekend", "two weeks", "daily") and returns a :class:`Timex`.
``anchor`` is the publication date; ``reference`` the most recent date mentioned before the
expression (anaphora: "that day", "the previous weekend" resolve against it). ``tense`` is
``"future"`` when the governing verb looks ahead; anything else reads as a past report, so an
undated "Tuesday" or "September 21" is the latest such day on or before the anchor.

Conventions: ``mod`` START/MID/END narrows ``begin``/``end`` to the first/middle/last third of
the period ("the end of February 2022" → 2022-02-20..2022-02-28); a week runs Monday..Sunday
(ISO), a weekend Saturday..Sunday. Durations and sets have no ``begin``/``end``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from extractor.normalize.date_calendar import PARSERS as YEAR_FIRST_PARSERS
from extractor.normalize.date_clock import PARSERS as CLOCK_PARSERS
from extractor.normalize.date_compact import compact
from extractor.normalize.date_days import PARSERS as DAY_PARSERS
from extractor.normalize.date_numbers import digits
from extractor.normalize.date_rules import PARSERS as CALENDAR_PARSERS
from extractor.normalize.lexicon import mapping
from extractor.normalize.timex import (
    count,
    fmt,
    interval,
    p_season,
    Ctx,
    Timex,
    day_span,
    expressions,
    month_no,
    month_span,
    p_md,
    safe_day,
    timex_codes,
    week_span,
    weekend_span,
    words,
    year_span,
)

FUTURE, PAST, PRESENT = "future", "past", "present"


#: "morning" → "MO": the TIMEX3 codes of the parts of a day (``date_words.tsv``, kind ``time_of_day``).
_TOD = timex_codes("time_of_day")


@lru_cache(maxsize=1)
def _fillers() -> re.Pattern:
    alt = "|".join(re.escape(w) for w in sorted(words()["filler"], key=len, reverse=True) if w != "as")
    return re.compile(rf"^(?:(?:{alt})\s+)+")


@lru_cache(maxsize=1)
def _mods() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(words()["mod"].items(), key=lambda kv: -len(kv[0])))


def clean(text: str) -> str:
    s = re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip(" ,.;:()\"'“”")
    s = _fillers().sub("", s)
    s = re.sub(r"^as\s+(?:early|late|recently|soon)\s+as\s+", "", s)
    s = re.sub(r"\b(?:working|work)[\s-]?week\b", "week", s)  # "this working week", "next workweek": the week
    s = re.sub(r"^(?:on|in|at|during|around|of|circa|throughout|over|for|within)\s+", "", s)
    return re.sub(r"^the\s+(?=(?:mid|early|late)\b)", "", digits(s))


@lru_cache(maxsize=8192)
def normalize(text: str, anchor: date | None, *, reference: date | None = None,
              tense: str | None = None, reference_end: date | None = None) -> Timex | None:
    """The TIMEX3 reading of one temporal expression, or None when it is not one we know (pure:
    the same arguments give the same frozen ``Timex``, so readings are cached)."""
    raw = re.sub(r"\s+", " ", text.lower()).strip()
    if raw in words()["ref"] and raw.startswith("at "):  # "at the time": "at" is part of it
        return Timex("date", words()["ref"][raw])
    found = _normalize(clean(text), Ctx(anchor, reference, tense == FUTURE, tense == PRESENT, reference_end, _normalize))
    return _with_mod(found, text) if found is not None and found.mod is None else found


def _with_mod(found: Timex, text: str) -> Timex:
    """TIMEX3 ``mod`` from a leading modifier: "nearly nine years" LESS_THAN, "about 1990" APPROX;
    bounds ("more than", "under") only on durations, where they measure the length."""
    s = re.sub(r"\s+", " ", text.lower()).strip()
    for phrase, mod in _mods():
        if s.startswith(phrase + " "):
            return replace(found, mod=mod) if mod == "APPROX" or found.type == "duration" else found
    return found


def _normalize(s: str, ctx: Ctx) -> Timex | None:
    w, s = words(), compact(s, ctx.anchor)
    if s in w["ref"]:
        value = w["ref"][s]
        return Timex("duration" if re.match(r"P[\dX]", value) else "date", value)
    if s in w["day_part_day"]:  # "tonight": TIMEX3 2016-11-07TNI
        offset, code = w["day_part_day"][s].split()
        day = _add(ctx.anchor, int(offset))
        return Timex("time", f"{day.isoformat()}T{code}" if day else f"T{code}", day, day)
    if s in w["day_offset"]:
        return day_span(_add(ctx.anchor, int(w["day_offset"][s])))
    if s in w["set"]:
        return Timex("set", w["set"][s])
    if s in w["clock"]:
        return _clock(w["clock"][s], ctx)
    matched = False
    for name, rx in expressions().items():
        match = rx.match(s)
        if match:
            matched = True
            found = _PARSERS[name](match.groupdict(), ctx)
            if found is not None:
                return found
    if matched and ctx.anchor is None:
        return Timex("date", None)  # a known shape with no publication date to resolve it against
    return _dateparser(s, ctx.anchor)


def _add(d: date | None, days: int) -> date | None:
    return d + timedelta(days=days) if d else None


def _p_iso(g: dict, ctx: Ctx) -> Timex | None:
    return safe_day(g["y"], g["mo"], g["d"])


def _p_dmy_dot(g: dict, ctx: Ctx) -> Timex | None:
    """"23.04.2022": day first, the European order dots are written in."""
    return safe_day(g["y"], g["mo"], g["d"])


def _p_my(g: dict, ctx: Ctx) -> Timex:
    return month_span(int(g["y"]), month_no(g["m"]))


def _p_mo(g: dict, ctx: Ctx) -> Timex:
    m = month_no(g["m"])
    if ctx.anchor is None:
        return Timex("date", f"XXXX-{m:02d}")
    y = ctx.anchor.year
    if ctx.future and m < ctx.anchor.month:
        y += 1
    elif not ctx.future and m > ctx.anchor.month:
        y -= 1
    return month_span(y, m)


def _p_year(g: dict, ctx: Ctx) -> Timex:
    return year_span(int(g["y"]))


def _p_decade(g: dict, ctx: Ctx) -> Timex:
    """"the 1990s" → 199; a two-digit decade ("the 70s") is read as the 1900s."""
    value = g["y"] or f"19{g['yy']}"
    y = int(value) * 10
    return Timex("date", value, date(y, 1, 1), date(y + 9, 12, 31))


def _p_decade_word(g: dict, ctx: Ctx) -> Timex:
    """"the nineties" → 199 (the 1990s: a decade named in words is read in the 1900s)."""
    return _p_decade({"y": words()["decade_word"][g["w"]], "yy": None}, ctx)


def _weekday(wd: int, base: date | None, future: bool, strict: bool = False) -> date | None:
    """The latest ``wd`` on or before ``base`` (before it if strict); the next after it if future."""
    if base is None:
        return None
    if future:
        return base + timedelta(days=(wd - base.weekday()) % 7 or 7)
    back = (base.weekday() - wd) % 7
    return base - timedelta(days=back or (7 if strict else 0))


def _p_weekday(g: dict, ctx: Ctx) -> Timex:
    found = day_span(_weekday(int(words()["weekday"][g["w"]]), ctx.anchor, ctx.future))
    return _with_tod(found, g.get("tod"))


def _with_tod(found: Timex, tod: str | None) -> Timex:
    if not tod or found.value is None:
        return found
    return replace(found, type="time", value=f"{found.value}T{_TOD[tod]}")


def _p_relday(g: dict, ctx: Ctx) -> Timex:
    offset = {"yesterday": -1, "last": -1, "tomorrow": 1}.get(g["w"], 0)
    return _with_tod(day_span(_add(ctx.anchor, offset)), g["tod"])


def _p_shift(g: dict, ctx: Ctx) -> Timex | None:
    n = int(words()["shift"][g["s"]])
    base = ctx.base if g.get("the") and g["s"] in ("previous", "following", "next") else ctx.anchor
    if base is None:
        return Timex("date", None)
    return _shift_unit(g["u"], n, base, ctx)


def _shift_unit(u: str, n: int, base: date, ctx: Ctx) -> Timex | None:
    w = words()
    if u in ("day", "night"):
        return day_span(base + timedelta(days=n))
    if u == "week":
        return week_span(base + timedelta(days=7 * n))
    if u == "weekend":
        if n < 0:
            return weekend_span(base - timedelta(days=(base.weekday() - 5) % 7 + (7 if base.weekday() >= 5 else 0)))
        sat = base + timedelta(days=5 - base.weekday())
        return weekend_span(sat + timedelta(days=7 if n > 0 and base.weekday() >= 5 else 0))
    if u == "month":
        k = base.year * 12 + base.month - 1 + n
        return month_span(k // 12, k % 12 + 1)
    if u == "year":
        return year_span(base.year + n)
    if u in w["weekday"]:
        wd = int(w["weekday"][u])
        return day_span(_weekday(wd, base, n > 0 or (n == 0 and ctx.future), strict=n < 0))
    m = month_no(u)
    y = base.year + (n if (n < 0 and m >= base.month) or (n > 0 and m <= base.month) else 0)
    return month_span(y, m)


def _p_after_next(g: dict, ctx: Ctx) -> Timex | None:
    """"the week after next" two weeks on, "the year before last" two years back."""
    if ctx.anchor is None:
        return Timex("date", None)
    return _shift_unit(g["u"], 2 if g["s"].startswith("after") else -2, ctx.anchor, ctx)


def _p_ana(g: dict, ctx: Ctx) -> Timex | None:
    n = -1 if g["s"] in ("before", "earlier") else 1
    base = ctx.base
    return _shift_unit(g["u"], n, base, ctx) if base else Timex("date", None)


def _p_same(g: dict, ctx: Ctx) -> Timex | None:
    base = ctx.base
    if g["u"] == "weekend" and base and not ctx.future:
        return weekend_span(base - timedelta(days=(base.weekday() - 5) % 7))
    return _shift_unit(g["u"], 0, base, ctx) if base else Timex("date", None)


def _p_within(g: dict, ctx: Ctx) -> Timex:
    base = ctx.anchor if g["w"] == "this" else ctx.base
    return _shift_unit(g["u"], 0, base, ctx) if base else Timex("date", None)


def _p_plural(g: dict, ctx: Ctx) -> Timex:
    unit = words()["unit"][g["u"]]
    return Timex("duration", fmt("X", unit))


_HALF = {"H": "PT30M", "D": "PT12H", "Y": "P6M", "10Y": "P5Y", "100Y": "P50Y", "MIN": "PT30S"}


def _p_half(g: dict, ctx: Ctx) -> Timex:
    """"half an hour" PT30M, "half a day" PT12H, "half a year" P6M."""
    unit = words()["unit"][g["u"]]
    return Timex("duration", _HALF.get(unit) or fmt(0.5, unit))


def _p_and_half(g: dict, ctx: Ctx) -> Timex | None:
    """"two and a half years" P2.5Y, "one hour and half" PT1.5H, "one and a quarter year" P1.25Y."""
    n = count(g["n"])
    part = 0.25 if g.get("f") == "quarter" else 0.5
    return None if n == "X" else Timex("duration", fmt(n + part, words()["unit"][g["u"]]))


def _p_duration(g: dict, ctx: Ctx) -> Timex:
    return Timex("duration", fmt(count(g["n"]), words()["unit"][g["u"]]))


def _p_all_unit(g: dict, ctx: Ctx) -> Timex:
    """"all day" P1D, "all week" P1W: the whole of one unit, a length."""
    return Timex("duration", fmt(1, words()["unit"][g["u"]]))


def _p_set(g: dict, ctx: Ctx) -> Timex:
    """"every week" P1W, "each quarter" P3M, "every other month" P2M, "every Friday" XXXX-WXX-5,
    "every evening" TEV (TIMEX3 set values)."""
    w, u = words(), g["u"]
    if u in w["weekday"]:
        return Timex("set", f"XXXX-WXX-{int(w['weekday'][u]) + 1}")
    if u in _TOD:
        return Timex("set", f"T{_TOD[u]}")
    if u == "weekend":
        return Timex("set", "XXXX-WXX-WE")
    n = 2 if g.get("other") else count(g.get("n"))
    return Timex("set", fmt(n, "3M" if u == "quarter" else w["unit"][u]))


def _p_weekday_set(g: dict, ctx: Ctx) -> Timex | None:
    """"on Tuesdays", "Friday mornings": a weekday in the plural recurs."""
    if not (g.get("pl") or g.get("pl2")):
        return None
    value = f"XXXX-WXX-{int(words()['weekday'][g['w']]) + 1}"
    return Timex("set", value + (f"T{_TOD[g['tod']]}" if g.get("tod") else ""))


def _p_freq(g: dict, ctx: Ctx) -> Timex:
    """"twice a year" → P1Y with TIMEX3 freq 2X (in ``mod``'s place: see ``as_dict``)."""
    f = g["f"]
    k = {"once": 1, "twice": 2, "thrice": 3}.get(f) or count(f.split()[0])
    unit = "3M" if g["u"] == "quarter" else words()["unit"][g["u"]]
    return Timex("set", fmt(1, unit), freq=f"{k}X")


def _p_ago(g: dict, ctx: Ctx) -> Timex | None:
    n, unit = count(g["n"]), words()["unit"][g["u"]]
    base = ctx.anchor if g["s"] in ("ago", "from now") else ctx.base
    if g["s"] in ("later", "after"):  # "a month later": after the whole period it follows
        base = ctx.reference_end or base
    if base is None or n == "X" or unit in ("H", "MIN", "S"):
        return Timex("date", "PAST_REF" if g["s"] in ("ago", "earlier", "before") else "FUTURE_REF")
    sign = -1 if g["s"] in ("ago", "earlier", "before") else 1
    k = int(n) * sign * int(re.match(r"(\d*)", unit).group(1) or 1)
    u = unit.lstrip("0123456789")
    if u == "D":
        return day_span(base + timedelta(days=k))
    if u == "W":
        return week_span(base + timedelta(weeks=k))
    return _shift_unit("month" if u == "M" else "year", k, base, ctx)


def _narrow(t: Timex, mod: str) -> Timex:
    if t.begin is None or t.end is None:
        return replace(t, mod=mod)
    days = (t.end - t.begin).days + 1
    k = max(1, round(days / 3))
    if mod == "START":
        return replace(t, end=t.begin + timedelta(days=k - 1), mod=mod)
    if mod == "END":
        return replace(t, begin=t.end - timedelta(days=k - 1), mod=mod)
    return replace(t, begin=t.begin + timedelta(days=k), end=t.end - timedelta(days=k), mod=mod)


def _p_part(g: dict, ctx: Ctx) -> Timex | None:
    rest = re.sub(r"^the\s+(week|month|year)$", r"\1", g["rest"])
    if rest in ("week", "month", "year"):
        base = ctx.base
        inner = _shift_unit(rest, 0, base, ctx) if base else Timex("date", None)
    else:
        inner = _normalize(rest, ctx)
    if inner is None or inner.type not in ("date", "interval"):
        return None
    found = _narrow(inner, words()["part"][g["p"]])
    if rest == "week" and found.begin and ctx.anchor and found.begin > ctx.anchor and not ctx.future:
        return _narrow(_shift_unit(rest, -1, base, ctx), found.mod)  # a past report: the week before
    return found


def _clock(hhmm: str, ctx: Ctx) -> Timex:
    day = ctx.reference
    return Timex("time", f"{day.isoformat()}{hhmm}" if day else hhmm, day, day)


def _p_clock(g: dict, ctx: Ctx) -> Timex | None:
    h, mi, ap = int(g["h"]), int(g["mi"] or 0), (g.get("ap") or "").replace(".", "")
    ap = {"a": "am", "p": "pm"}.get(ap, ap)
    if not g["mi"] and not ap:
        return None
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if h > 23 or mi > 59:
        return None
    return _clock(f"T{h:02d}:{mi:02d}", ctx)


def _p_mrange(g: dict, ctx: Ctx) -> Timex | None:
    """"June 18-19", "between 3 and 12 of Sept": "and" joins a range only after "between" ("18
    and 19 June" are two days)."""
    if g.get("conn") == "and" and g.get("open") != "between":
        return None
    y = g.get("y") or ""
    return interval(p_md({"m": g["m"], "d": g["d1"], "y": y}, ctx), p_md({"m": g["m"], "d": g["d2"], "y": y}, ctx))


def _p_yrange(g: dict, ctx: Ctx) -> Timex | None:
    y1, y2 = g["y1"], g["y2"]
    if len(y2) == 2 and not 0 < int(y2) - int(y1[2:]) <= 10:
        return None  # "2015-32" is no range of years; "1961-62", "1939-45" are
    y2 = y1[:2] + y2 if len(y2) == 2 else y2
    return interval(year_span(int(y1)), year_span(int(y2))) if int(y2) > int(y1) else None


_PARSERS = {  # name in date_expressions.tsv → reader of its groups
    "interval": CALENDAR_PARSERS["interval"], "mmrange": CALENDAR_PARSERS["interval"], "span_to": CALENDAR_PARSERS["interval"], "mrange": _p_mrange, "drange": _p_mrange, "yrange": _p_yrange, "md": p_md,
    "dm": p_md, "my": _p_my, "iso": _p_iso, "dmy_dot": _p_dmy_dot, "mo": _p_mo, "year": _p_year, "decade": _p_decade, "decade_word": _p_decade_word,
    "weekday": _p_weekday, "relday": _p_relday, "ago": _p_ago, "set": _p_set, "all_unit": _p_all_unit, "duration": _p_duration,
    "after_next": _p_after_next, "ana": _p_ana, "shift": _p_shift, "same": _p_same, "within": _p_within, "plural": _p_plural,
    "season": p_season, "part": _p_part, "early": _p_part, "clock": _p_clock, "weekday_set": _p_weekday_set,
    "freq": _p_freq, "half": _p_half, "and_half": _p_and_half, "n_and_half": _p_and_half, "anchored_n": CALENDAR_PARSERS["anchored"], "anchored_1": CALENDAR_PARSERS["anchored"],
    "the_quarter": CALENDAR_PARSERS["rel_quarter"], "cal_q": CALENDAR_PARSERS["cal_part"],
    "cal_yq": CALENDAR_PARSERS["cal_part"], "cal_h": CALENDAR_PARSERS["cal_part"],
    "fiscal_rel": CALENDAR_PARSERS["fiscal"], "calendar_year_n": _p_year, **YEAR_FIRST_PARSERS, **CALENDAR_PARSERS, **DAY_PARSERS, **CLOCK_PARSERS,
}


@lru_cache(maxsize=4096)
def _dateparser(s: str, anchor: date | None) -> Timex | None:
    """Fallback for other absolute dates with day, month and year ("3/1/2008")."""
    numeric = re.search(r"\b\d{1,4}[/.]\d{1,2}[/.]\d{2,4}\b", s)
    named = any(re.search(rf"\b{re.escape(m)}", s) for m in words()["month"] if len(m) > 3)
    day_and_year = re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", s) and re.search(r"\b\d{4}\b", s)
    if not (numeric or named and day_and_year) or not re.fullmatch(r"[\w\s,./-]+", s):
        return None  # dateparser is slow and asked for day, month and year: it would say no
    import dateparser

    base = datetime.combine(anchor or date(2000, 1, 1), datetime.min.time())
    found = dateparser.parse(s, languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]})
    return day_span(found.date()) if found else None


def period_for(signal: str, timex: Timex, anchor: date | None) -> tuple[date | None, date | None]:
    """The stretch a claim covers when ``signal`` governs ``timex`` ("since X" → X..anchor)."""
    s = signal.lower().strip()
    if timex.type == "interval":
        return timex.begin, timex.end
    direction = mapping("time_signals", "signal", "direction").get(s)  # "since": begin, "by": end
    if direction == "begin":
        return timex.begin, anchor if anchor and timex.begin and anchor >= timex.begin else None
    if direction == "end":
        return None, timex.end
    if direction == "end_exclusive":  # "before"
        return None, _add(timex.begin, -1)
    return timex.begin, timex.end
