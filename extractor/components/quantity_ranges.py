"""Ranges and bounds around a number the quantities scanner has read.

* ``extend_range``: a second number joined to the first ("5 to 10", "5-10", "20 through 100",
  "between 5 and 10", "$2 million to $2.5 million", "3% to 7%"); "from 3.1 to 2.9 percent" is
  the range [2.9, 3.1] and a decrease.
* ``bound_after``: a bound cue after the number ("500 or more", "5,000 or less", "30 or so";
  kind ``bound_after`` in ``quantity_cues.tsv``), unless a number follows it ("5,000 or more than
  4,500" states two figures).
* ``merge_bounds``: a lower and an upper bound joined by "and", "but" or a comma are one range
  ("more than 10 and less than 40", "at most 100 and at least 20"), when the interval is not empty.
* ``glued_symbol``: a comparison sign glued to the digits ("≥30", "~2kg").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extractor.components.base import has_pos
from extractor.components.quantity_context import change_before, plural
from extractor.components.quantity_match import CURRENCY, Match
from extractor.normalize.numbers import cue_edges, multiplier, words_of
from extractor.normalize.units import split_glued, unit_after

_RANGE_JOINERS = ("to", "-", "–", "—", "through", "thru", "~")
_LOWER = ("more_than", "at_least")
_UPPER = ("less_than", "at_most")
_PAIR_JOINERS = ("and", ",", "but", "and,")


def extend_range(doc: Doc, match: Match, masked: set[int], core) -> None:
    """"5 to 10", "5-10", "between 5 and 10": a second number joined to the first (``core`` reads it)."""
    end = match.end
    if match.value is None or end + 1 >= len(doc) or end in masked:
        return
    unit = None
    if doc[end].text == "%" or unit_after(doc[end].text) is not None and doc[end + 1].lower_ in _RANGE_JOINERS:
        unit, end = unit_after(doc[end].text), end + 1  # "3% to 7%": the unit on both ends
    joiner = doc[end].lower_ if end < len(doc) else ""
    first = match.start - 1 if match.start > 0 and CURRENCY.match(doc[match.start - 1].text) else match.start
    between = first > 0 and doc[first - 1].lower_ == "between"
    if not (joiner in _RANGE_JOINERS or (joiner == "and" and between)):
        return
    if joiner == "to" and change_before(doc, first, lemmas=True):
        return  # "slipped $14 to $1,928": the change and the level it reached ("from X to Y" is a range)
    nxt = end + 2 if end + 2 < len(doc) and CURRENCY.match(doc[end + 1].text) else end + 1
    second = core(doc, nxt, joined=True)
    if second is None or second[1] is None or any(k in masked for k in range(end + 1, second[0])):
        return
    if _glued_units(doc, match.core[1] - 1) != _glued_units(doc, second[0] - 1):
        return  # "between 20Hz and 20kHz": two units; no conversion, so two quantities
    if unit is not None and not _same_dimension(doc, unit, second[0]):
        return  # "fell 2.5 percent to $2.73": a change and a level, no range
    low, high = match.value, second[1]
    last, own_last = doc[second[0] - 1].text, doc[end - 1].text
    if _scale(last) and not _scale(own_last) and low < high / multiplier(last):
        low *= multiplier(last)  # "2 to 3 million"; not "500 to 2 million"
    falling = first > 0 and doc[first - 1].lower_ == "from" and low > high
    if low > high and not falling:
        return
    match.end, match.core = second[0], (match.start, second[0])
    match.value, match.low, match.high, match.bound = None, min(low, high), max(low, high), "range"
    match.falling = falling  # "from $41,200 to $39,870": a range and a decrease
    if between:
        match.start = first - 1


def _glued_units(doc: Doc, k: int) -> str:
    """The unit letters glued to the digits of token ``k`` ("kHz" of "20kHz"; "" for none or a scale)."""
    glued = split_glued(doc[k].text)
    return glued[2] if glued and glued[2] and multiplier(glued[2]) is None else ""


def _same_dimension(doc: Doc, unit, end: int) -> bool:
    """The second number of "3% to 7%" carries a unit of the first one's dimension."""
    after = unit_after(doc[end].text) if end < len(doc) else None
    return after is not None and after.dimension == unit.dimension


def _scale(word: str) -> bool:
    return len(word) > 1 and multiplier(word) is not None


def bound_after(doc: Doc, match: Match) -> None:
    """"500 or more", "5,000 or less", "30 or so": a bound cue after the number (and its unit);
    after its counted noun ("50,000 fans or more") the cue bounds it from outside the span."""
    if match.bound not in ("exact", "approximate") or match.end >= len(doc):
        return
    for start in (match.end, match.end + 1, match.end + 2):
        if start < len(doc) and doc[start].lower_ in cue_edges("bound_after")[0]:
            break
        if start >= len(doc) or not _counted_word(doc[start]):
            return
    else:
        return
    cues = words_of("bound_after")
    for width in (3, 2, 1):
        if width == 1 and (start != match.end or doc[start - 1].whitespace_):
            continue  # "290+ seats", "100-plus": a one-token cue only glued to the number
        end = start + width
        cue = " ".join(t.lower_ for t in doc[start:end])
        if end > len(doc) or cue not in cues:
            continue
        if any(k < len(doc) and doc[k].like_num for k in (end, end + 1)):
            return  # "5,000 or more than 4,500": two figures
        kind = cues[cue]
        if match.bound == "approximate" and kind == "approximate":
            return
        match.qualifier = (doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
        match.bound, match.end = kind, end if start == match.end else match.end
        return


def _counted_word(token) -> bool:
    """A noun between the number and "or more" ("50,000 fans or more"; not "60% higher or lower")."""
    if not token.is_alpha or token.is_stop:
        return False
    return token.pos_ in ("NOUN", "PROPN") if has_pos(token.doc) else plural(token.lower_)


def glued_symbol(text: str, before: str = "") -> str | None:
    """The bound of a comparison sign glued to digits ("≥30" → at_least, "~2" → approximate,
    "p<0.05" and "x>10" after a variable's letter, ">=30"); none after another sign ("<>30",
    "=>30")."""
    found = _COMPARED.match(text)
    if found is None or before[-1:] in ("<", ">", "=") or found.group(1) and found.group(2) in ("~", "≈"):
        return None
    return words_of("bound").get(found.group(2))


def after_symbol(text: str) -> str:
    """The number of a token with a comparison glued before it ("x>10" → "10")."""
    found = _COMPARED.match(text)
    return text[found.end(2):] if found else text


def _variable(text: str) -> str | None:
    found = _COMPARED.match(text)
    return found.group(1) if found else None


_COMPARED = re.compile(r"^([A-Za-z]{1,2})?([<>≤≥~≈]=?|=)(?=[+-]?\.?\d)")


def merge_bounds(doc: Doc, spans: list[Span]) -> list[Span]:
    """Join "more than 10 and less than 40" into one range span (see the module docstring)."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        merged = _pair(doc, prev, span) if prev is not None else None
        if merged is not None:
            out[-1] = merged
        else:
            out.append(span)
    return out


def _pair(doc: Doc, first: Span, second: Span) -> Span | None:
    a, b = first._.wc_quantity, second._.wc_quantity
    kinds = (a["bound"], b["bound"])
    if not (kinds[0] in _LOWER and kinds[1] in _UPPER or kinds[0] in _UPPER and kinds[1] in _LOWER):
        return None
    between = " ".join(t.lower_ for t in doc[first.end:second.start])
    if _variable(first[0].text) != _variable(second[0].text):
        return None  # "x>10 and y<20": two variables, two bounds
    if between not in _PAIR_JOINERS or a["unit"] != b["unit"] or a["counted"] and b["counted"] and a["counted"] != b["counted"]:
        return None
    low, high = (a["low"], b["high"]) if kinds[0] in _LOWER else (b["low"], a["high"])
    if low is None or high is None or low >= high:
        return None
    span = Span(doc, first.start, second.end, label="range")
    span._.wc_quantity = {**a, "value": None, "low": low, "high": high, "bound": "range",
                          "counted": a["counted"] or b["counted"], "counted_span": a["counted_span"] or b["counted_span"],
                          "number_span": (a["number_span"][0], b["number_span"][1])}
    return span
