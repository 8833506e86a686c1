"""Dates and lengths written compactly, as chat, tables and headlines do, rewritten into the
spaced forms ``date_expressions.tsv`` reads. Pure, no spaCy.

- a month name glued to its day: "Oct/2", "mar3", "Dec31, 1994" → "oct 2", "mar 3", "dec 31, 1994";
- a month name between digits: "05-Aug-2016", "2019/aug/01", "Sep-23-2020", "23/Sep/2020" →
  "05 aug 2016", "2019 aug 01", "sep 23 2020", "23 sep 2020";
- eight digits that are a valid year, month and day: "20161016" → "2016-10-16";
- a number glued to a one-letter or short unit: "3h", "2.5hrs", "10D", "2W", "3Y" → "3 hours",
  "2.5 hours", "10 days", "2 weeks", "3 years" (the component keeps "3D" as a length only after a
  word that takes one: "for", "lasted", never "in 3D");
- a calendar or school year said with its prefix: "cy18" → "calendar year 2018", "sy18" →
  "school year 2018".

Anything else is returned unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from extractor.normalize.timex import full_year, words

#: The short units a glued length may end in ("3h"), and the unit word each stands for
#: (``date_words.tsv``, kind ``glued_unit``).
GLUED_UNITS = words()["glued_unit"]
_LENGTH = re.compile(rf"(?P<n>\d+(?:\.\d+)?)(?P<u>{'|'.join(sorted(map(re.escape, GLUED_UNITS), key=len, reverse=True))})")
_EIGHT = re.compile(r"(?P<y>19\d\d|20\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])")
_PREFIXED_YEAR = re.compile(r"(?P<k>cy|sy)\s*'?(?P<y>\d{4}|\d{2})")
_PREFIX = {"cy": "calendar year", "sy": "school year"}


@lru_cache(maxsize=1)
def _month_rx() -> tuple[re.Pattern, re.Pattern]:
    names = "|".join(re.escape(m.rstrip(".")) for m in sorted(words()["month"], key=len, reverse=True))
    glued = re.compile(rf"(?P<m>{names})\.?[/-]?(?P<d>0?[1-9]|[12]\d|3[01])(?P<sfx>st|nd|rd|th)?(?=$|[\s,])")
    mixed = re.compile(rf"(?:\d{{1,4}}\s*[/-]\s*)?(?:{names})(?:\s*[/-]\s*\d{{1,4}}){{1,2}}|\d{{1,4}}\s*[/-]\s*\d{{1,4}}\s*[/-]\s*(?:{names})|\d{{1,4}}\s*[/-]\s*(?:{names})")
    return glued, mixed


def compact(s: str, anchor: date | None = None) -> str:
    """``s`` (lower case, spaces collapsed) with a compact date or length spelled out; see the module.
    A two-digit prefixed year ("cy18") is the one of its century nearest ``anchor``."""
    if not any(c.isdigit() for c in s):
        return s
    if (m := _LENGTH.fullmatch(s)) is not None:
        return f"{m['n']} {GLUED_UNITS[m['u']]}"
    if (m := _EIGHT.fullmatch(s)) is not None:
        try:
            date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return s
        return f"{m['y']}-{m['m']}-{m['d']}"
    if (m := _PREFIXED_YEAR.fullmatch(s)) is not None:
        return f"{_PREFIX[m['k']]} {full_year(m['y'], anchor)}"
    glued, mixed = _month_rx()
    if mixed.fullmatch(s) and re.search(r"\d\s*[/-]|[/-]\s*\d", s):
        return re.sub(r"\s*[/-]\s*", " ", s)
    head = glued.match(s)
    return s if head is None else f"{head['m']} {head['d']}{head['sfx'] or ''}{re.sub(r'^ ,', ',', s[head.end():])}"
