"""What a claim group needs to know beyond the record's fields, and how a group reads as words.

- ``movement``: the direction a claim's figure moves, ``"increase"``, ``"decrease"`` or ``None``: the
  quantity's ``change``, else its predicate's lemma (``change_lemma`` cues), else, for a copula or
  light predicate ("which is 118.40 points"), the nearest movement word before the figure in its
  sentence (``change_left`` cues: "dropped", "rose"). Two claims moving in opposite directions never
  state the same thing.
- ``measured``: for a figure counted in a measure noun (``measure_nouns.tsv``: points, percent), the
  thing measured: the run of capitalized words nearest before the movement word ("The primary UK
  index, the FTSE 100, dropped ... 118.40 points" -> "FTSE 100"); ``None`` when the sentence names none.
- ``label``: a group in words: "Russians entering Kazakhstan, 2022-09-21 to 2022-10-04".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from extractor.normalize.countries import name_of
from extractor.normalize.lexicon import read_tsv, words
from extractor.normalize.verbs import gerund
from models import Claim, Quantity

#: How many words back from the movement word the measured thing may start.
MEASURED_REACH = 8
_WORD = re.compile(r"[\w&$%.'-]+|[,;:()]")


@functools.cache
def _by_kind() -> dict[str, dict[str, str]]:
    """The quantity cues by kind: ``{"change_left": {"dropped": "decrease", ...}, ...}``."""
    table: dict[str, dict[str, str]] = {}
    for row in read_tsv("quantity_cues"):
        table.setdefault(row["kind"], {})[row["cue"].lower()] = row["value"]
    return table


def _before(claim: Claim, quantity: Quantity) -> list[str]:
    """The words of the claim's sentence before its figure."""
    return _WORD.findall(claim.sentence.text[:max(0, quantity.span[0] - claim.sentence.span[0])])


def movement(claim: Claim, quantity: Quantity) -> str | None:
    """``"increase"``, ``"decrease"`` or ``None`` (see the module's docstring)."""
    if quantity.change is not None:
        return quantity.change
    lemma = claim.predicate.lemma.lower() if claim.predicate is not None else ""
    if (found := _by_kind().get("change_lemma", {}).get(lemma)) is not None:
        return found
    left = _by_kind().get("change_left", {})
    return next((left[w.lower()] for w in reversed(_before(claim, quantity)) if w.lower() in left), None)


def is_measure(noun: str | None) -> bool:
    """Whether a head noun ("point", "percent") measures something rather than counts it."""
    return noun is not None and noun in words("measure_nouns")


def measured(claim: Claim, quantity: Quantity) -> str | None:
    """The capitalized words naming what moved, nearest before the movement word (or the figure)."""
    before = _before(claim, quantity)
    left = _by_kind().get("change_left", {})
    end = next((i for i in range(len(before) - 1, -1, -1) if before[i].lower() in left), len(before))
    run: list[str] = []
    for word in reversed(before[max(0, end - MEASURED_REACH):end]):
        if word != "The" and (word[:1].isupper() or (run or word[:1].isdigit()) and (word[:1].isdigit() or word == "&")):
            run.insert(0, word)
        elif run:
            break
    return " ".join(run) if any(word[:1].isupper() for word in run) else None


#: Predicates that say nothing of their own: a group of them reads by its movement.
LIGHT_VERBS = frozenset({"be", "have"})
MOVING = {"increase": "rising", "decrease": "falling"}


def label(subject: str, subjects: Sequence[str | None], predicate: str, places: str,
          periods: Sequence[tuple[str | None, str | None] | None], *, moving: str | None = None) -> str:
    """A group in words, "Russians entering Kazakhstan, 2022-09-21 to 2022-10-04": the shortest
    subject its members state (else the subject key: a country code reads as the country's
    people: "RU" -> "Russia"), the predicate as a gerund (a light one by its movement, "falling"),
    the places as the first member's sentence puts them, and the span of the stated periods."""
    named = sorted({s for s in subjects if s}, key=lambda s: (len(s), s))
    who = named[0] if named else (name_of(subject) if len(subject) == 2 and subject.isupper() else subject)
    verb = MOVING.get(moving or "", "") if predicate in LIGHT_VERBS else gerund(predicate)
    text = " ".join(filter(None, [who, verb, places]))
    stated = [p for p in periods if p is not None]
    if stated:
        begins = [p[0] for p in stated if p[0]]
        ends = [p[1] for p in stated if p[1]]
        text += f", {min(begins) if begins else '...'} to {max(ends) if ends else '...'}"
    return text
