"""Numbers as written in news text, to floats. Pure functions, no spaCy.

``parse_number`` reads one stated number: digits ("200,000", "1.2", "3.5bn"), digits with a
multiplier word ("1.2 million", "11 thousand"), number words ("seventy", "fifty-two",
"two hundred fifty", "a dozen", "half a million") and an optional currency prefix, which is
ignored ("US$40 billion" → 40e9).

``vague_interval`` reads a vague amount. The one rule: a plural unit word means "several of
that unit", so it spans ``[unit, 10 × unit]``; "of" multiplies units:

* "thousands"          → (1000, 10000)
* "tens of thousands"  → (10000, 100000)       (the contract's example)
* "hundreds of thousands" → (100000, 1000000)
* "dozens"             → (12, 120)

The word lists live in ``resources/gazetteers/quantity_cues.tsv`` (kinds ``number``,
``multiplier``, ``vague``), read once.
"""

from __future__ import annotations

import functools
import math
import re

from extractor.normalize.lexicon import read_tsv

_CURRENCY_PREFIX = re.compile(r"^(?:[A-Z]{1,3})?[$£€¥₹]\s*")
_DIGITS = re.compile(r"^[+-]?(\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)?(\.\d+)?$")
_DIGITS_SUFFIX = re.compile(r"^([+-]?\d+(?:,\d{3})*(?:\.\d+)?)([a-z]+)$", re.IGNORECASE)
_EXPONENT = re.compile(r"^[+-]?\d+(?:\.\d+)?e[+-]?\d{1,3}$", re.IGNORECASE)
_SLASHED = re.compile(r"^([+-]?)(\d{1,3})/(\d{1,3})$")
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6, "⅘": 0.8,
           "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}
_SPLIT = re.compile(r"[\s\-‐–]+")


@functools.lru_cache(maxsize=1)
def cue_table() -> tuple[tuple[str, str, str], ...]:
    """Every ``(cue, kind, value)`` row of ``quantity_cues.tsv``, in file order, then the two lists
    declared elsewhere: kind ``month`` (the calendar's months, ``date_words.tsv``) and kind ``time_unit``
    (the time units a figure's length counts in, ``time_units.tsv``)."""
    own = ((row["cue"], row["kind"], row["value"]) for row in read_tsv("quantity_cues"))
    months = ((row["word"], "month", "date") for row in read_tsv("date_words") if row["kind"] == "month")
    times = ((row["word"], "time_unit", "duration") for row in read_tsv("time_units") if row["duration"])
    return (*own, *months, *times)


@functools.lru_cache(maxsize=None)
def words_of(kind: str) -> dict[str, str]:
    """``{cue: value}`` for one kind of row (lower-cased cues; first row wins)."""
    out: dict[str, str] = {}
    for cue, row_kind, value in cue_table():
        if row_kind == kind:
            out.setdefault(cue.lower(), value)
    return out


@functools.lru_cache(maxsize=None)
def cue_edges(kind: str) -> tuple[frozenset[str], frozenset[str]]:
    """The first words and the last words of one kind's cues: a cheap test before joining words
    to look a cue up."""
    cues = [cue.split() for cue in words_of(kind)]
    return frozenset(c[0] for c in cues if c), frozenset(c[-1] for c in cues if c)


def number_word(word: str) -> float | None:
    """The value of one number word ("seventy" → 70), or ``None``."""
    value = words_of("number").get(word.lower())
    return float(value) if value is not None else None


def multiplier(word: str) -> float | None:
    """The value of a multiplier word ("million" → 1e6, "bn" → 1e9), or ``None``."""
    value = words_of("multiplier").get(word.lower())
    return float(value) if value is not None else None


@functools.lru_cache(maxsize=16384)
def parse_digits(text: str) -> float | None:
    """"200,000" → 200000.0, "1.2" → 1.2, "3.5bn" → 3.5e9; ``None`` if not digits."""
    text = text.strip().replace("−", "-")
    if _DIGITS.match(text) and text.lstrip("+-")[-1:].isdigit():
        return _finite(float(text.replace(",", "")))
    if _EXPONENT.match(text):  # "1e10", "12.32e+14"
        return _finite(float(text))
    if (slashed := _SLASHED.match(text)) and int(slashed.group(3)) > int(slashed.group(2)) > 0:
        value = int(slashed.group(2)) / int(slashed.group(3))  # "3/4"; "9/11" and "24/7" are names
        return -value if slashed.group(1) == "-" else value
    if text in _VULGAR:
        return _VULGAR[text]
    glued = _DIGITS_SUFFIX.match(text)
    if glued and (scale := multiplier(glued.group(2))) is not None:
        return _finite(float(glued.group(1).replace(",", "")) * scale)
    return None


def parse_number(text: str) -> float | None:
    """The number stated by ``text``, or ``None`` when it is not one (finite) number.

    >>> parse_number("US$40 billion"), parse_number("fifty-two"), parse_number("a dozen")
    (40000000000.0, 52.0, 12.0)
    """
    text = _CURRENCY_PREFIX.sub("", text.strip())
    words = [w for w in _SPLIT.split(text) if w and w.lower() != "and"]
    if not words:
        return None
    if words[0].lower() in ("a", "an"):
        words[0] = "one"
    if words[0].lower() == "half":
        rest = words[2:] if len(words) > 1 and words[1].lower() in ("a", "an") else words[1:]
        value = _combine(rest) if rest else 1.0
        return _finite(None if value is None else value / 2)
    return _finite(_combine(words))


def _finite(value: float | None) -> float | None:
    """A 400-digit string is no quantity: JSON has no infinity to write it as."""
    return value if value is None or math.isfinite(value) else None


def _combine(words: list[str]) -> float | None:
    """Fold number words, digits and multipliers: ["two", "hundred", "fifty"] → 250."""
    total, current, last = 0.0, 0.0, None
    for word in words:
        digits = parse_digits(word)
        small = number_word(word)
        scale = multiplier(word) if len(word) > 1 else None  # "m", "k": only glued, "3m"
        if digits is not None or small is not None:
            if not _may_follow(last, current, small):
                return None
            current += digits if digits is not None else small
            last = "digits" if digits is not None else "word"
        elif scale is not None:
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
            last = "scale"
        else:
            return None
    return total + current if last else None


def _may_follow(last: str | None, current: float, small: float | None) -> bool:
    """Two numbers in a row make one only as tens + units ("fifty two")."""
    if last in (None, "scale"):
        return True
    return last == "word" and small is not None and small < 10 and current % 100 >= 20 and current % 10 == 0


def vague_interval(text: str) -> tuple[float, float] | None:
    """The interval of a vague amount ("tens of thousands" → (10000, 100000)), or ``None``.

    Each plural unit word multiplies the unit; the interval is ``[unit, 10 × unit]``.
    """
    words = [w for w in text.lower().split() if w != "of"]
    if not words:
        return None
    vague = words_of("vague")
    unit = 1.0
    for word in words:
        if word not in vague:
            return None
        unit *= float(vague[word])
    return unit, unit * 10


def interval(bound: str, value: float | None) -> tuple[float | None, float | None]:
    """``(low, high)`` that a bound commits to for a stated value.

    exact → (v, v); more_than/at_least → (v, None); less_than/at_most → (None, v);
    approximate → (None, None): "about 200" commits to no interval.
    """
    if value is None or bound == "approximate":
        return None, None
    if bound in ("more_than", "at_least"):
        return value, None
    if bound in ("less_than", "at_most"):
        return None, value
    return value, value
