"""The unit of a quantity the scanner has read, from our tables (``normalize/units.py``).

In order: a currency written before the number ("US$", "€", "EUR20m", "RM4.10", "$NZ12.5"); a
unit glued after the digits ("144Hz", "45m2", "240.5p"); one to three words after the number
("km", "square metres", "lb-ft", "km/h", "Canadian dollars", "-inch" of "6.7-inch"). A duration's
unit is a time unit ("four years"); an age ("a 71-year-old", "42 years old", "aged 30") says so with
``counted: "age"``. An unknown written unit, a short symbol after the number ("10 G"), is kept as
``unit_text`` with ``unit`` null.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from spacy.tokens import Doc

from extractor.components.quantity_match import Match
from extractor.normalize.lexicon import read_tsv
from extractor.normalize.numbers import multiplier, words_of
from extractor.normalize.units import currency_before, glued_subunit, may_start_unit, split_glued, unit_after

_SYMBOL = re.compile(r"^[A-Z][A-Za-z]{0,2}$")
_JOINERS = ("-", "/", "‐")
_MAX_WORDS = 3


class UnitRead(NamedTuple):
    unit: str | None
    unit_text: str | None
    end: int
    age: bool = False

    @property
    def dimension(self) -> str | None:
        """"time" for a duration or an age, "currency" for money, … (``unit_names.tsv``)."""
        found = unit_after(self.unit) if self.unit else None
        return found.dimension if found else "currency" if self.unit else None


def read_unit(doc: Doc, match: Match) -> UnitRead:
    """The unit of ``match`` and the token where its span now ends."""
    money = _currency(doc, match)
    if money is not None:
        return UnitRead(money, None, match.end)
    glued = split_glued(doc[match.core[1] - 1].text)
    if glued is not None and glued[2] and multiplier(glued[2]) is None:
        spaced = match.end < len(doc) and doc[match.end].is_alpha and unit_after(f"{glued[2]} {doc[match.end].text}")
        if spaced:  # "37deg C"
            return UnitRead(spaced.name, None, match.end + 1)
        found = unit_after(glued[2])
        name = found.name if found else glued_subunit(glued[2])
        return _age(doc, _inches(doc, match, UnitRead(name, None if name else glued[2], match.end)))
    return _age(doc, _inches(doc, match, _words_after(doc, match)))


def _currency(doc: Doc, match: Match) -> str | None:
    signs = "".join(t.text for t in doc[match.start:match.core[0]] if not t.is_alpha or t.is_upper or t.text in ("Rs", "Rp"))
    first = split_glued(doc[match.core[0]].text)
    prefix = first[0] if first else ""
    for text in (signs + prefix, prefix, signs):
        if text and (unit := currency_before(text)):
            return unit
    return None


def _words_after(doc: Doc, match: Match) -> UnitRead:
    start = match.end
    if any(t.lower_ in ("in", "out", "every") for t in doc[match.core[0] + 1:match.core[1]]):
        return UnitRead(None, None, start)  # "one in every five dollars": a share of what is counted
    if start < len(doc) and doc[start].text in _JOINERS and not doc[start - 1].whitespace_:
        start += 1  # "6.7-inch", "a 45-yard field goal"
    elif match.value is not None and 0 < abs(match.value) < 1 and doc[match.core[1] - 1].lower_ in words_of("ordinal"):
        start = _after_article(doc, start)  # "half a percent", "a fifth of a percent"
    widths = range(_MAX_WORDS, 0, -1) if start < len(doc) and may_start_unit(doc[start].text) else ()
    for width, join in ((w, j) for j in (True, False) for w in widths):
        end = _end_of(doc, start, width, join)
        if end is None:
            continue
        found = unit_after(doc[start:end].text) or unit_after(doc[start:end].text.rstrip("."))
        if found is not None and not _counted_word(doc, start, end, found.dimension):
            return UnitRead(found.name, None, end)
    glued = start < len(doc) and start == match.end and not doc[start - 1].whitespace_  # "10G" split by spaCy
    if start < len(doc) and _SYMBOL.match(doc[start].text) and start == match.end and (glued or _unknown_symbol(doc, start)):
        return UnitRead(None, doc[start].text, start + 1)
    return UnitRead(None, None, match.end)


def _inches(doc: Doc, match: Match, read: UnitRead) -> UnitRead:
    """"5ft 9in", "6 feet 4 inches": a height in feet and inches is one length, in feet (5.75)."""
    k = read.end
    if read.unit != "foot" or match.value is None or k + 1 >= len(doc) or not doc[k].text.isdigit():
        return read
    inches = int(doc[k].text)
    word = doc[k + 1].text
    if inches >= 12 or not (word in ("in", "in.") or unit_after(word) is not None and unit_after(word).name == "inch"):
        return read
    if word == "in" and k + 2 < len(doc) and doc[k + 2].is_alpha and doc[k + 2].lower_ not in words_of("metre_after"):
        return read  # "5 ft 9 in the final": a preposition
    match.value += inches / 12
    return UnitRead(read.unit, read.unit_text, k + 2, read.age)


def _after_article(doc: Doc, j: int) -> int:
    for words in (("of", "a"), ("of", "an"), ("a",), ("an",)):
        if tuple(t.lower_ for t in doc[j:j + len(words)]) == words:
            return j + len(words)
    return j


def _end_of(doc: Doc, start: int, width: int, join: bool) -> int | None:
    """The token end of ``width`` words from ``start``, where "lb-ft" and "km/h" are one word."""
    k, words = start, 0
    while k < len(doc) and words < width:
        token = doc[k]
        if token.is_punct and token.text not in ("%", "°") or token.like_num or token.is_space:
            return None
        k += 1
        while join and k + 1 < len(doc) and doc[k].text in _JOINERS and not doc[k - 1].whitespace_ and not doc[k].whitespace_:
            k += 2
        words += 1
    return k if words == width else None


def _counted_word(doc: Doc, start: int, end: int, dimension: str) -> bool:
    """"3 points" is a unit; a capitalised name ("60 Boeing") or "10 days a week" word is not."""
    first = doc[start]
    return first.is_title and not first.is_sent_start and dimension not in ("currency",) and len(first) > 3


def _unknown_symbol(doc: Doc, k: int) -> bool:
    """"10 G": a one-to-three letter symbol after the number, not a word or an initial."""
    token = doc[k]
    nxt = doc[k + 1] if k + 1 < len(doc) else None
    if token.lower_ in words_of("time_suffix") or token.is_stop or nxt is not None and nxt.is_alpha:
        return False  # "5,000 VIP guests": a modifier
    return not token.ent_type_ or token.ent_type_ in ("QUANTITY", "CARDINAL", "MONEY", "PERCENT")


def _age(doc: Doc, read: UnitRead) -> UnitRead:
    """"71-year-old", "42 years old": a time unit followed by "old" is an age."""
    if read.unit is None or read.end >= len(doc):
        return read
    k = read.end + 1 if doc[read.end].text in _JOINERS else read.end
    if k < len(doc) and doc[k].lower_ == "old" and unit_after(read.unit) and unit_after(read.unit).dimension == "time":
        return UnitRead(read.unit, read.unit_text, k + 1, True)
    return read


_TIMEX_BASE = {"Y": "year", "M": "month", "W": "week", "D": "day"}


@functools.cache
def _time_multiples() -> dict[str, tuple[float, str]]:
    """Time units that are a multiple of another (``time_units.tsv``'s TIMEX3 unit): decade → (10,
    year), century → (100, year), fortnight → (2, week)."""
    out = {}
    for row in read_tsv("time_units"):
        found = re.fullmatch(r"(\d+)([YMWD])", row["timex"])
        if found is not None and row["unit"]:
            out[row["unit"]] = (float(found.group(1)), _TIMEX_BASE[found.group(2)])
    return out


def in_base_time_unit(match: Match, unit: str | None) -> str | None:
    """"a decade" is 10 years, "half a century" 50, "a fortnight" 2 weeks: a length of time is
    counted in the units a desk compares ("10 years" and "a decade" meet); value, low and high are
    scaled in place."""
    multiple = _time_multiples().get(unit) if unit else None
    if multiple is None:
        return unit
    factor, base = multiple
    match.value, match.low, match.high = (None if x is None else x * factor for x in (match.value, match.low, match.high))
    return base


def time_noun(doc: Doc, i: int, durations: frozenset[int]) -> tuple[int, float, None, None] | None:
    """"a decade in exile", "a century", "a fortnight", "for a year": "a"/"an" and a singular time
    unit that the dates component reads as a duration (``durations``: its tokens) is one of that
    unit. A unit that is a multiple of another (decade, century, fortnight) is a length wherever
    it stands; "a day", "a year" only after a word of duration (kind ``duration_before``: "for a
    year", "within a day") or a bound ("more than a day", "nearly a year"), since "a day to celebrate", "a year low", "marked a day in history"
    and the rate of "$3 million a year" measure nothing."""
    if i not in durations or i + 1 >= len(doc) or i + 1 not in durations:
        return None
    unit = unit_after(doc[i + 1].lower_)
    if unit is None or unit.dimension != "time" or doc[i + 1].lower_.endswith("s"):
        return None
    before = doc[i - 1].lower_ if i > 0 else ""
    if unit.name not in _time_multiples() and before not in words_of("duration_before") and not _bound_before(doc, i):
        return None
    return i + 1, 1.0, None, None


def _bound_before(doc: Doc, i: int) -> bool:
    """A whole bound cue ends right before token ``i`` ("more than", "nearly"; not the "to" of "fell to")."""
    cues = words_of("bound")
    return any(i - width >= 0 and " ".join(t.lower_ for t in doc[i - width:i]) in cues for width in (1, 2, 3))


def inverted_percent(doc: Doc, match: Match) -> int | None:
    """"per cent of twenty-two", "percents of 210": a percent word with no figure of its own, then
    "of" and a number that counts nothing, is that number as a percentage — the word order of copy
    translated word for word from languages that put the whole first (Chinese 百分之二十, "of a
    hundred parts, twenty"). The token where the quantity then starts, or ``None``. The caller asks
    only for a number with no unit and no counted noun: where one follows ("percent of 210 seats")
    "of" names the whole, and where a figure comes before the percent word ("40 percent of 210")
    that figure is the percentage; neither is read so."""
    of = match.start - 1
    if of < 1 or doc[of].lower_ != "of":
        return None
    for width in (2, 1):
        start = of - width
        if start >= 0 and _percent_word(" ".join(t.lower_ for t in doc[start:of])):
            before = doc[start - 1] if start > 0 else None
            if before is not None and (before.like_num or before.lower_ in words_of("number")):
                return None
            return start
    return None


def _percent_word(words: str) -> bool:
    """"percent", "per cent", "percents", "%" — not "percentage", which a text sizes or counts."""
    percent = _percent_words()
    return words in percent or words.endswith("s") and words[:-1] in percent


@functools.lru_cache(maxsize=1)
def _percent_words() -> frozenset[str]:
    return frozenset({"%", *(w for w, unit in words_of("unit_name").items() if unit == "percent" and w != "percentage")})
