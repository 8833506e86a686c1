"""TIMEX3 values and what the date readers share: the date word lists, the expression table,
calendar spans, and the reading of a month and day ("September 21", "21 September 2022").

Pure, no spaCy; ``dates`` (temporal expressions) and ``dateline`` (publication dates) build on it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from extractor.normalize.lexicon import read_tsv, tagged


@dataclass(frozen=True)
class Timex:
    type: str
    value: str | None
    begin: date | None = None
    end: date | None = None
    mod: str | None = None
    freq: str | None = None
    timezone: str | None = None

    def as_dict(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"type": self.type, "value": self.value, "begin": iso(self.begin), "end": iso(self.end),
                "mod": self.mod, "freq": self.freq, "timezone": self.timezone, "period": None}


@dataclass(frozen=True)
class Ctx:
    anchor: date | None
    reference: date | None
    future: bool
    present: bool = False
    reference_end: date | None = None  # the last day of the reference, for "a month later"
    read: Callable[[str, Ctx], Timex | None] | None = None  # the reader, for rules that nest one

    def inner(self, text: str) -> Timex | None:
        """``text`` read in this context (rules like "the first week of <X>" read X)."""
        return self.read(text, self) if self.read else None

    @property
    def base(self) -> date | None:
        return self.reference or self.anchor


@lru_cache(maxsize=1)
def words() -> dict[str, dict[str, str]]:
    """``date_words.tsv`` as ``{kind: {word: value}}``, with the TIMEX3 units of ``time_units.tsv``
    as kind ``unit`` ("weeks" → "W")."""
    table: dict[str, dict[str, str]] = {}
    for row in read_tsv("date_words"):
        table.setdefault(row["kind"], {})[row["word"]] = row["value"]
    table["unit"] = {row["word"]: row["timex"] for row in read_tsv("time_units") if row["timex"]}
    return table


@lru_cache(maxsize=None)
def slot_words(slot: str) -> tuple[str, ...]:
    """The words a token pattern's slot stands for (``resources/patterns/dates.jsonl``): ``<MONTH>``,
    ``<WEEKDAY>``, ``<TIME_OF_DAY>`` (``date_words.tsv``), ``<UNIT>`` (``time_units.tsv``, column ``pattern``)."""
    if slot in ("<MONTH_LOWER>", "<WEEKDAY_LOWER>"):  # lower-case names: not "may", "sun", "Jan.", "march"
        common = tagged("date_context", "not_lower")
        return tuple(w for w in slot_words(slot.replace("_LOWER", "")) if len(w) >= 4 and "." not in w and w not in common)
    if slot == "<UNIT>":
        return tuple(sorted(row["word"] for row in read_tsv("time_units") if row["pattern"]))
    return tuple(sorted(words()[slot.strip("<>").lower()]))


def _alt(kind: str) -> str:
    return "|".join(re.escape(w) for w in sorted(words()[kind], key=len, reverse=True))


@lru_cache(maxsize=1)
def expressions() -> dict[str, re.Pattern]:
    """``date_expressions.tsv``, in the order they are tried; ``<MONTH>`` etc. are word lists."""
    fill = {"<MONTH>": "month", "<WEEKDAY>": "weekday", "<NUMBER>": "number", "<UNIT>": "unit",
            "<SHIFT>": "shift", "<SETCUE>": "set_cue", "<SEASON>": "season", "<HOLIDAY>": "holiday", "<TIME_OF_DAY>": "time_of_day",
            "<DECADEWORD>": "decade_word"}
    out = {}
    for row in read_tsv("date_expressions"):
        regex = row["regex"]
        for slot, kind in fill.items():
            regex = regex.replace(slot, _alt(kind))
        out[row["name"]] = re.compile(rf"^{regex}$")
    return out


def day_span(d: date | None, typ: str = "date") -> Timex:
    return Timex(typ, d.isoformat() if d else None, d, d)


def month_span(y: int, m: int) -> Timex:
    return Timex("date", f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))


def year_span(y: int) -> Timex:
    return Timex("date", f"{y:04d}", date(y, 1, 1), date(y, 12, 31))


def week_span(d: date) -> Timex:
    monday = d - timedelta(days=d.weekday())
    y, wk, _ = monday.isocalendar()
    return Timex("date", f"{y}-W{wk:02d}", monday, monday + timedelta(days=6))


def weekend_span(sat: date) -> Timex:
    y, wk, _ = sat.isocalendar()
    return Timex("date", f"{y}-W{wk:02d}-WE", sat, sat + timedelta(days=1))


def month_no(m: str) -> int:
    return int(words()["month"][m])


def _guess_year(m: int, d: int, ctx: Ctx) -> int | None:
    """The year that puts month/day nearest the anchor: on or before it, after it for the future."""
    if ctx.anchor is None:
        return None
    y = ctx.anchor.year
    day = min(d, calendar.monthrange(y, m)[1])
    if ctx.future:
        return y + 1 if date(y, m, day) < ctx.anchor else y
    if ctx.present:  # "arrives on November 11": the nearest such day, either side
        return min((y - 1, y, y + 1), key=lambda c: abs(date(c, m, min(d, calendar.monthrange(c, m)[1])) - ctx.anchor))
    return y - 1 if date(y, m, day) > ctx.anchor else y


def p_md(g: dict, ctx: Ctx) -> Timex | None:
    m, d = month_no(g["m"]), int(g["d"])
    y = int(g["y"]) if g.get("y") else _guess_year(m, d, ctx)
    if y is None:
        return Timex("date", f"XXXX-{m:02d}-{d:02d}")
    try:
        return day_span(date(y, m, d))
    except ValueError:
        return None


def full_year(yy: str, anchor: date | None) -> str:
    """A two-digit year as the year of its century nearest the anchor ("18" in 2016 -> 2018, "40" ->
    2040); without an anchor 2000-2049 or 1950-1999. A four-digit year is returned as it is."""
    if len(yy) != 2:
        return yy
    here = anchor.year if anchor else 2000
    return str(min((here // 100 * 100 + k + int(yy) for k in (-100, 0, 100)), key=lambda c: abs(c - here)))


def safe_day(y, m, d) -> Timex | None:
    try:
        return day_span(date(int(y), int(m), int(d)))
    except ValueError:
        return None


@lru_cache(maxsize=None)
def timex_codes(kind: str) -> dict[str, str]:
    """``{word: TIMEX3 code}`` of one kind of ``date_words.tsv`` row ("spring" → "SP", "morning" → "MO")."""
    return {row["word"]: row["timex"] for row in read_tsv("date_words") if row["kind"] == kind and row.get("timex")}


def p_season(g: dict, ctx: Ctx) -> Timex | None:
    first, last = (int(x) for x in words()["season"][g["s"]].split("-"))
    if g.get("y"):
        y = int(g["y"])
    elif ctx.anchor is not None:
        y = ctx.anchor.year - (1 if date(ctx.anchor.year, first, 1) > ctx.anchor and not ctx.future else 0)
    else:
        return Timex("date", f"XXXX-{timex_codes('season')[g['s']]}")
    y2 = y + 1 if last < first else y
    end = date(y2, last, calendar.monthrange(y2, last)[1])
    return Timex("date", f"{y}-{timex_codes('season')[g['s']]}", date(y, first, 1), end)


def count(n: str | None) -> float | str:
    if n is None:
        return 1
    if n in words()["number"]:
        v = words()["number"][n]
        return v if v == "X" else int(v)
    return float(n) if "." in n else int(n)


def fmt(n: float | str, unit: str) -> str:
    mult = re.match(r"(\d*)(\D+)", unit)
    k, u = int(mult.group(1) or 1), mult.group(2)
    if n == "X":
        u, v = {"10Y": "DE", "100Y": "CE"}.get(unit, u), "X"
    else:
        v = n * k
    v = int(v) if isinstance(v, float) and v.is_integer() else v
    return f"PT{v}{u[0]}" if u in ("H", "MIN", "S") else f"P{v}{u}"


def interval(left: Timex | None, right: Timex | None) -> Timex | None:
    if left is None or right is None or left.type not in ("date", "interval") or right.type not in ("date", "interval"):
        return None
    if left.begin is None or right.end is None or left.begin > right.end:
        return Timex("interval", None)
    return Timex("interval", f"{left.begin.isoformat()}/{right.end.isoformat()}", left.begin, right.end)
