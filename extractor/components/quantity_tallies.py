"""Two numbers set against each other: scores and vote tallies, odds and ratios.

* A **tally** ("won 3-1", "a 52-48 vote", "beat them 24-17", "passed 7 to 2", "a vote of 52-35"): two
  counts joined by a dash or "to" (each a token), after a verb of winning, losing or voting (kind ``tally_verb`` of
  ``quantity_cues.tsv``, within four words and no punctuation before) or right before a tally noun
  (``tally_noun``: vote, win, victory, margin, majority, ruling, lead, …). It is two quantities,
  the two counts in the order written (the winner's or the ayes' first, as news writes them), each
  exact with no unit and no change (a loss is no decrease), ``counted`` the tally noun when there is
  one ("vote") else null (the text says goals or points only by the sport). It is never a range
  ("3 to 1", "17-24") nor a date ("7-2 in committee": the date is dropped): a fact-checker checks
  each count of "the Senate voted 52-48".
* A **ratio** or odds ("4-to-1 odds", "two-to-one", "a two-to-one margin", "odds of 10 to 1"): a
  hyphenated "A-to-B" with A ≥ B ("a 30-to-60-day process" is a range), or "A to B" / "A-B" /
  "A-to-B" beside a ratio noun (``ratio_noun``: odds, ratio) — its
  value is A/B (4.0), exact, with no unit; "a 3:2 ratio" is read by the number grammar (1.5).

The reader looks only at the glued run of tokens at a digit or a number word, so it costs a
few string tests per candidate number.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extractor.components.quantity_match import next_lower
from extractor.components.quantity_words import TOKENS
from extractor.normalize.number_words import read_number
from extractor.normalize.numbers import multiplier, words_of
from extractor.normalize.units import unit_after

_RATIO = re.compile(r"^([a-z]+|\d+(?:\.\d+)?)[-‐–]to[-‐–]([a-z]+|\d+(?:\.\d+)?)$")
_TALLY = re.compile(r"^(\d{1,3})[-–—](\d{1,3})$")
_SPACED_JOINERS = ("to",)
_JOINER = re.compile(r"^(?:[-‐–—]|to|TO|To|to[-‐–].*)$")  # what may follow a tally's or a ratio's first number
_MAX_GLUED = 5  # "two", "-", "to", "-", "one"
_VERB_REACH = 4


def read_pair(doc: Doc, i: int) -> list[Span]:
    """The quantities of the tally or the ratio whose first number is token ``i`` (or none)."""
    if i + 2 >= len(doc) or not _JOINER.match(doc.user_data[TOKENS].text[i + 1]):
        return []  # most numbers: no dash and no "to" after them
    ratio, glued = _glued_forms(doc, i)
    if ratio is not None and (_ratio_context(doc, i, ratio[0]) or _not_rising(ratio[1], ratio[2])):
        return _ratio(doc, i, *ratio)  # not "a 30-to-60-day process": a range
    pair = glued or _spaced(doc, i)
    if pair is None:
        return []
    end, first, second = pair
    if _ratio_context(doc, i, end):
        return _ratio(doc, i, end, first, second)
    if _measured(doc, end) or not _tally_context(doc, i, end):
        return []  # "shares ended 2-3% higher", "won 5 to 10 seats": a range
    noun = _tally_noun(doc, i, end)
    return [_quantity(doc, i, i + 1, float(first), noun), _quantity(doc, end - 1, end, float(second), noun)]


def _glued_forms(doc: Doc, i: int):
    """``(end, A, B)`` of a ratio "A-to-B" and of a tally "A-B" written without spaces from token
    ``i`` (the tally split in three tokens: a one-token "3–1" cannot be two quantities)."""
    run = i + 1
    while run < min(i + _MAX_GLUED, len(doc)) and not doc[run - 1].whitespace_:
        run += 1
    ratio = tally = None
    for end in range(run, i + 1, -1):
        text = doc[i:end].text
        if ratio is None and (found := _RATIO.match(text.lower())) is not None:
            ratio = (end, found.group(1), found.group(2))
        if tally is None and end == i + 3 and (found := _TALLY.match(text)) is not None:
            tally = (end, found.group(1), found.group(2))
    return ratio, tally


def _spaced(doc: Doc, i: int) -> tuple[int, str, str] | None:
    """"7 to 2": two plain integers of up to three digits joined by "to"."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in _SPACED_JOINERS:
        return None
    first, second = doc[i].text, doc[i + 2].text
    if not (first.isdigit() and second.isdigit() and len(first) <= 3 and len(second) <= 3):
        return None
    return i + 3, first, second


def _not_rising(first: str, second: str) -> bool:
    """"4-to-1", "two-to-one": odds and ratios are written larger first; "30-to-60" is a range."""
    a, b = _number(first), _number(second)
    return a is not None and b is not None and a >= b


def _number(word: str) -> float | None:
    if word[:1].isdigit():
        return float(word)
    found = read_number([word])
    return found.value if found is not None and found.n == 1 else None


def _ratio(doc: Doc, i: int, end: int, first: str, second: str) -> list[Span]:
    a, b = _number(first), _number(second)
    if a is None or b is None or b == 0:
        return []
    nouns = (*words_of("ratio_noun"), *words_of("tally_noun"))
    noun = doc[end] if next_lower(doc, end) in nouns else doc[i - 2] if _ratio_context(doc, i, end) and i >= 2 \
        and doc[i - 1].lower_ == "of" else None  # "4-to-1 odds", "a two-to-one margin", "odds of 10 to 1"
    return [_quantity(doc, i, end, a / b, noun)]


def _quantity(doc: Doc, start: int, end: int, value: float, noun) -> Span:
    """One exact count of a tally, or a ratio; ``noun`` is what it counts ("vote", "odds")."""
    span = Span(doc, start, end, label="exact")
    counted = (noun.idx, noun.idx + len(noun)) if noun is not None else None
    span._.wc_quantity = {
        "value": value, "low": value, "high": value, "bound": "exact", "change": None, "unit": None,
        "unit_text": None, "per": None, "counted": noun.text if noun is not None else None,
        "counted_span": counted, "dimension": None, "number_span": (span.start_char, span.end_char),
        "qualifier_span": None,
    }
    return span


def _ratio_context(doc: Doc, i: int, end: int) -> bool:
    """"10 to 1 odds", "odds of 10 to 1", "a ratio of 3-2"."""
    if next_lower(doc, end) in words_of("ratio_noun"):
        return True
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in words_of("ratio_noun")


def _measured(doc: Doc, end: int) -> bool:
    """A unit, a sign, a scale or a counted noun after the pair ("won 5 to 10 seats"): the numbers
    measure or count something, a range; a tally is followed by its noun or by a small word ("won
    3-1 at home", "lost 98-105 to the Celtics")."""
    if end >= len(doc) or doc[end].lower_ in words_of("tally_noun"):
        return False
    token = doc[end]
    if token.is_alpha and not token.is_stop:
        return True
    return token.text in ("%", "°") or unit_after(token.text) is not None or multiplier(token.text) is not None


def _tally_noun(doc: Doc, i: int, end: int):
    """The tally noun of "a 52-48 vote" or "a vote of 52-35", or ``None``."""
    if next_lower(doc, end) in words_of("tally_noun"):
        return doc[end]
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in words_of("tally_noun"):
        return doc[i - 2]
    return None


def _tally_context(doc: Doc, i: int, end: int) -> bool:
    """A tally noun ("a 52-48 vote", "a vote of 52-35"), or a verb of winning or voting shortly
    before ("beat them 24-17", "passed the measure 7 to 2")."""
    if _tally_noun(doc, i, end) is not None:
        return True
    verbs = words_of("tally_verb")
    for k in range(i - 1, max(i - 1 - _VERB_REACH, -1), -1):
        token = doc[k]
        if token.lower_ in verbs:
            return True
        if token.is_punct or token.like_num or token.is_sent_start:
            return False
    return False
