"""Units and currencies of a numeric expression, from our own tables. Pure functions, no spaCy.

``resources/gazetteers/unit_names.tsv`` has one row per written form: ``surface``, the house
``unit`` name (one name per unit), its ``dimension`` and ``case`` (``exact``: only that spelling,
for symbols whose case matters — "g" is a gram, "G" is not; ``lower``: any case).
``currencies.tsv`` has the money forms: ``symbol`` and ``code`` rows are written before the number
("HK$7.2m", "EUR20m", "CHF 40"), ``name`` rows after it ("3.2 million Canadian dollars"),
``subunit`` rows name a currency's hundredth ("12 sen", "9 cents"; ``subunit_glued``: "240.5p").
Currency units are the ISO currencies' English names (``US dollar``, ``Australian dollar``); a
bare "$" or "dollars" is ``dollar``: the text does not say which.

A written unit that neither table knows is no guess: the caller keeps it as ``unit_text``.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from extractor.normalize.lexicon import read_tsv

# a glued form: prefix letters/sign, the digits, suffix letters ("EUR20", "HK$7.2", "144Hz", "45m2")
_GLUED = re.compile(r"^(?P<prefix>[A-Za-z]{1,3}\$?|\$[A-Z]{1,2}|[A-Z]{1,2}[$£€¥])?(?P<number>[+-]?\d[\d,]*(?:\.\d+)?)"
                    r"(?P<suffix>[A-Za-z°²³/%][A-Za-z°²³/\d]*)?$")
_MAX_WORDS = 3


class Unit(NamedTuple):
    name: str
    dimension: str


@functools.cache
def _units() -> tuple[dict[str, Unit], dict[str, Unit]]:
    """``(exact, lower)`` surface → unit maps of both tables."""
    exact: dict[str, Unit] = {}
    lower: dict[str, Unit] = {}
    time_units = ({"surface": r["word"], "unit": r["unit"], "dimension": "time", "case": r["case"]}
                  for r in read_tsv("time_units") if r["unit"])  # the one list of time units
    for row in (*read_tsv("unit_names"), *time_units):
        table = exact if row["case"] == "exact" else lower
        table.setdefault(row["surface"] if row["case"] == "exact" else row["surface"].lower(),
                         Unit(row["unit"], row["dimension"]))
    for row in read_tsv("currencies"):
        if row["kind"] in ("name", "subunit"):
            lower.setdefault(row["surface"].lower(), Unit(row["unit"], "currency"))
        elif row["kind"] == "code":  # "700 billion USD"
            exact.setdefault(row["surface"], Unit(row["unit"], "currency"))
    return exact, lower


@functools.cache
def _currency_forms(kinds: tuple[str, ...]) -> dict[str, str]:
    return {row["surface"]: row["unit"] for row in read_tsv("currencies") if row["kind"] in kinds}


@functools.lru_cache(maxsize=16384)
def currency_before(text: str) -> str | None:
    """A currency written before the number: "$", "US$", "HK$", "EUR", "Rs", "CHF" → its unit."""
    text = " ".join(text.split())
    forms = _currency_forms(("symbol", "code"))
    return forms.get(text) or forms.get(text.replace(" ", "")) or forms.get(text.upper() if len(text) == 3 else text)


@functools.cache
def _first_words() -> frozenset[str]:
    exact, lower = _units()
    return frozenset(surface.split()[0].split("-")[0].split("/")[0].lower() for surface in (*exact, *lower) if surface)


def may_start_unit(word: str) -> bool:
    """Whether some unit's written form starts with ``word`` (a cheap test before the lookups)."""
    return word.lower() in _first_words()


@functools.lru_cache(maxsize=16384)
def unit_after(surface: str) -> Unit | None:
    """The unit that one to three words after a number name ("km", "square metres", "Hz",
    "Canadian dollars"), or ``None``."""
    surface = " ".join(surface.split())
    exact, lower = _units()
    return exact.get(surface) or lower.get(surface.lower())


def glued_subunit(suffix: str) -> str | None:
    """"p" of "240.5p", "c" of "99c": a currency sub-unit glued to digits."""
    return _currency_forms(("subunit_glued",)).get(suffix)


@functools.lru_cache(maxsize=16384)
def split_glued(text: str) -> tuple[str, str, str] | None:
    """``(prefix, number, suffix)`` of a token with letters glued to its digits ("EUR20" →
    ("EUR", "20", ""), "144Hz" → ("", "144", "Hz")); ``None`` when nothing is glued."""
    found = _GLUED.match(text)
    if found is None or not (found.group("prefix") or found.group("suffix")):
        return None
    return found.group("prefix") or "", found.group("number"), found.group("suffix") or ""


def unit_of(text: str) -> str | None:
    """The unit that ``text`` ("200 km", "US$40 billion", "15%") states, from the tables."""
    words = text.split()
    if not words:
        return None
    head = split_glued(words[0])
    if head is not None and head[0] and (unit := currency_before(head[0])):
        return unit
    if head is None and (sign := re.match(r"^([^\d\s]+)\d", words[0])) and (unit := currency_before(sign.group(1))):
        return unit
    for size in range(min(_MAX_WORDS, len(words) - 1), 0, -1):
        rest = [w for w in words[1:] if not _is_scale_word(w)]
        if (found := unit_after(" ".join(rest[:size]))) is not None:
            return found.name
    if head is not None and head[2] and (found := unit_after(head[2])) is not None:
        return found.name
    return None


def _is_scale_word(word: str) -> bool:
    return word.lower() in ("thousand", "million", "billion", "trillion")
