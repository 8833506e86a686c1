"""A claim's period against the publication date: a report in the past tense ("rose", "has
risen", "had fallen") tells what happened by the time it was written, so its period ends on the
anchor at the latest ("since September 21" in a story of October 4 → 2022-09-21..2022-10-04,
never later, even when the date read says "this year" or "this month")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extractor.normalize.lexicon import tagged

_HAVE = tagged("date_context", "perfect")


def is_past(verb: Token | None) -> bool:
    """A simple past ("rose") or a perfect ("has risen", "had fallen")."""
    if verb is None:
        return False
    if verb.tag_ == "VBD":
        return True
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBN" and any(a.lower_ in _HAVE or a.tag_ == "VBD" for a in aux):
        return True
    return any(a.tag_ == "VBD" and a.lemma_ == "be" for a in aux) and verb.tag_ in ("VBN", "VBG")


def bounded(doc: Doc, time: dict | None, verb: Token | None) -> dict | None:
    """``time`` with its end pulled back to the anchor when the claim's verb is past tense and the
    period straddles the anchor ("rose 5% this year" in a story of 20 December ends then)."""
    anchor = doc._.wc_anchor
    if not time or anchor is None or not time.get("end") or not is_past(verb):
        return time
    day = anchor.isoformat()
    if time["end"] <= day or not time.get("begin") or time["begin"] > day:
        return time  # bounded already; open-start ("until at least 2014": a commitment); or misread
    return {**time, "end": day}
