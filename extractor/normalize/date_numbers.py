"""Spelled-out numbers inside a temporal expression, rewritten as digits before it is read.

"May twenty nine" → "may 29", "the fourth of July" → "the 4th of july", "nineteen ninety six" →
"1996", "two thousand and fifteen" → "2015", "twenty-four hours" → "24 hours". Ordinals are
rewritten only beside a month or weekday name or before "day of" or "month of" (elsewhere "first" and "second"
are words of their own: "the first quarter", "the second half"). The word lists are the
``cardinal`` and ``ordinal`` rows of ``date_words.tsv``. Pure, no spaCy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.normalize.timex import words

_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


@lru_cache(maxsize=1)
def _rx() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    w = words()
    card = "|".join(sorted(w["cardinal"], key=len, reverse=True))
    ords = "|".join(sorted(w["ordinal"], key=len, reverse=True))
    names = "|".join(re.escape(x) for x in sorted({**w["month"], **w["weekday"]}, key=len, reverse=True))
    number = re.compile(rf"\b(?:{card})(?:(?:\s+|-)(?:and\s+)?(?:{card}))*\b")
    ordinal = re.compile(rf"\b(?:(?P<tens>twenty|thirty)[\s-]+)?(?P<o>{ords})\b")
    context = re.compile(rf"\b(?:{names})\b|\b(?:day|month)\s+of\b|\bcentur(?:y|ies)\b")
    return number, ordinal, context


def _ordinal(m: re.Match) -> str:
    n = int(words()["ordinal"][m["o"]]) + (int(words()["cardinal"][m["tens"]]) if m["tens"] else 0)
    return f"{n}{_SUFFIX.get(n % 10, 'th') if n not in (11, 12, 13) else 'th'}"


def _value(parts: list[int]) -> int | None:
    """The number a run of cardinals says, or None for a run that is not one number."""
    if len(parts) >= 2 and (11 <= parts[0] <= 19 or parts[0] == 20 and parts[1] >= 10):
        rest = _value(parts[1:])  # "nineteen ninety six", "twenty twelve": a year said in halves
        if rest is not None and rest < 100:
            return parts[0] * 100 + rest
        if parts[1] != 100:
            return None  # else "nineteen hundred ninety three": hundreds, read below
    total, current = 0, 0
    for p in parts:
        if p in (100, 1000):
            current = (current or 1) * p
            total, current = (total + current, 0) if p == 1000 else (total, current)
            continue
        low = current % 100
        if low and not (low >= 20 and low % 10 == 0 and p < 10):
            return None  # "five six": two numbers, not one
        current += p
    return total + current


def _cardinals(m: re.Match) -> str:
    parts = [int(words()["cardinal"][t]) for t in re.split(r"[\s-]+", m.group(0)) if t != "and"]
    value = _value(parts)
    if value is not None:
        return str(value)
    for k in range(1, len(parts)):  # "twenty five nineteen eighty six": a day, then a year
        day, year = _value(parts[:k]), _value(parts[k:])
        if day is not None and year is not None and 1 <= day <= 31 and 1000 <= year <= 2099:
            return f"{day} {year}"
    return m.group(0)


def digits(s: str) -> str:
    """``s`` (lower case) with its spelled-out numbers as digits; unchanged when it has none."""
    number, ordinal, context = _rx()
    if context.search(s):
        s = ordinal.sub(_ordinal, s)
    return number.sub(_cardinals, s)
