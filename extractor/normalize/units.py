"""The unit of a numeric expression, from quantulum3 — used only as a unit oracle.

quantulum3 reads date parts as quantities, drops bound cues ("more than") and never takes the
counted noun as a unit, so the quantities component finds the expression itself and asks here
only "which unit does this short text state?" for the number plus the word(s) right after it
("200 km", "5 percent", "US$40 billion").

Names are quantulum3's, lower-cased, with the renames of ``quantity_cues.tsv`` (kind
``unit_name``): ``percentage`` → ``percent``, ``united states dollar`` → ``US dollar``; a value
``none`` there means "no unit" (``dimensionless``, ``count``).
"""

from __future__ import annotations

import functools
import warnings
from typing import NamedTuple

from extractor.normalize.lexicon import mapping
from extractor.normalize.numbers import words_of


class UnitReading(NamedTuple):
    """What quantulum3 found at the start of a text: the unit and where its surface ends."""

    unit: str | None
    end: int


def table_unit(surface: str) -> str | None:
    """Our own unit table (``units.tsv``): currency prefixes like "AU$", units like "nautical miles"."""
    return mapping("units", "surface", "unit").get(" ".join(surface.split()).lower())


@functools.cache
def unit_words() -> frozenset[str]:
    """The first word of every unit name, surface and symbol quantulum3 knows, and of ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import load

        units = load.units("en_US")
        surfaces = [*units.surfaces_lower, *units.symbols_lower, *mapping("units", "surface", "unit")]
    return frozenset(surface.split()[0].lower() for surface in surfaces if surface.strip())


def could_be_unit(word: str) -> bool:
    """Whether ``word`` may start a unit: only then is quantulum3 (slow on every call) asked."""
    return word.lower() in unit_words()


def normalize_unit(name: str | None) -> str | None:
    """A quantulum3 unit name in house form; ``None`` for a plain count."""
    if not name:
        return None
    renamed = words_of("unit_name").get(name.lower(), name.lower())
    return None if renamed == "none" else renamed


@functools.lru_cache(maxsize=4096)
def read_unit(text: str) -> UnitReading:
    """The unit of the first quantity quantulum3 reads at the very start of ``text``.

    ``end`` is the character offset where that quantity's surface ends (0 when none starts
    the text), so a caller can tell whether the unit word it offered was taken.
    """
    parsed = _parse(text)
    first = next((q for q in parsed if q.span[0] == 0), None)
    if first is None:
        return UnitReading(None, 0)
    return UnitReading(normalize_unit(first.unit.name), first.span[1])


def unit_of(text: str) -> str | None:
    """The normalized unit that ``text`` states, when its whole text is one quantity."""
    reading = read_unit(text)
    return reading.unit if reading.end >= len(text.rstrip()) else None


def _parse(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is missing
        from quantulum3 import parser  # slow import: only when a unit is asked for

        try:
            return parser.parse(text)
        except Exception:  # noqa: BLE001 - quantulum3 raises on odd input; no unit then
            return []
