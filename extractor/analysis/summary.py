"""A claim's own clause, short enough for a search result: ClaimReview's ``claimReviewed``.

Built from the record's fields, never by cutting the sentence: subject, quantity and predicate in
the sentence's order, then the places and the period as the sentence writes them.
"""

from __future__ import annotations

import re

from extractor.analysis.group_words import measured
from extractor.normalize.lexicon import words
from models import ArticleResult, Claim, Quantity

#: The summary Google shows for a claim should fit a phone's line: about 75 characters.
SUMMARY_CHARS = 75


def claim_summary(result: ArticleResult, claim: Claim, *, limit: int = SUMMARY_CHARS) -> str:
    """What the claim says, from its fields: the subject, quantity and predicate in the sentence's
    order, then the places (each with the preposition the sentence puts before it, else "in") and
    the period as written ("More than 200,000 Russians entered Kazakhstan since September 21"). The
    period, then the places, are dropped when the clause would pass ``limit`` characters; a claim
    without a quantity or a predicate is its sentence, cut at a word before ``limit``.
    """
    quantity = result.quantities[claim.quantity] if 0 <= claim.quantity < len(result.quantities) else None
    if quantity is None or claim.predicate is None or claim.predicate.span is None:
        return _shortened(claim.sentence.text, limit)
    core = [(quantity.span, _with_counted(claim, quantity)), (claim.predicate.span, claim.predicate.text)]
    if claim.subject is not None:
        core.append((claim.subject.span, claim.subject.text))
    head = _in_order(core)
    if claim.predicate.span[0] < quantity.span[0] and not _names_a_doer(claim):
        head = " ".join(filter(None, [_doer(claim, quantity), head]))
    places = places_phrase(claim, claim.predicate.span)
    period = claim.time.text if claim.time is not None and claim.time.text else ""
    for tail in ([places, period], [places], []):
        text = " ".join(filter(None, [head, *tail]))
        if len(text) <= limit:
            return text
    return _shortened(head, limit)


def _names_a_doer(claim: Claim) -> bool:
    """Whether the claim's subject says who acts (not only what is counted: "points", "jobs")."""
    return claim.subject is not None and claim.subject.span[0] < claim.predicate.span[0]


def _doer(claim: Claim, quantity: Quantity) -> str | None:
    """What acts, by the capitalized words before the verb ("the FTSE 100 dropped"), unless they
    are the claim's place or period ("Germany", "Thursday")."""
    found = measured(claim, quantity)
    taken = [place.text for place in claim.places] + ([claim.time.text] if claim.time is not None else [])
    return None if found is None or any(found in text or text in found for text in taken) else found


def _in_order(pieces: list[tuple[tuple[int, int], str]]) -> str:
    """The pieces in text order, each left out when it overlaps one already taken."""
    taken: list[tuple[tuple[int, int], str]] = []
    for span, text in sorted(pieces, key=lambda piece: piece[0]):
        if text and not any(span[0] < end and start < span[1] for (start, end), _ in taken):
            taken.append((span, text))
    return " ".join(" ".join(text.split()) for _, text in taken)


def _with_counted(claim: Claim, quantity: Quantity) -> str:
    """The quantity, with what it counts when no subject says it ("200,000" + "Russians")."""
    counted = quantity.counted
    if claim.subject is not None or not counted or counted.lower() in quantity.text.lower():
        return quantity.text
    return f"{quantity.text} {counted}"


def places_phrase(claim: Claim, verb: tuple[int, int]) -> str:
    """The claim's places, one per country: "into Kazakhstan, Georgia and Finland". The first keeps
    the preposition the sentence puts before it (``place_prepositions.tsv``, with a "the"), none
    when it follows the verb ("entered Kazakhstan"), else "in"."""
    by_country: dict[str, str] = {}
    for place in claim.places:
        by_country.setdefault(place.country or place.text, place.text)
    names = list(by_country.values())
    if not names:
        return ""
    first, offset = claim.places[0], claim.sentence.span[0]
    before = claim.sentence.text[:first.span[0] - offset].rstrip()
    article = " the" if before.endswith(" the") else ""
    before = before.removesuffix(" the")
    verb_text = claim.sentence.text[verb[0] - offset:verb[1] - offset]
    match = re.search(r"(?:^|\s)((?:out )?[a-z]+)$", before)
    if match and match.group(1) in words("place_prepositions"):
        lead = match.group(1) + article
    elif verb_text and before.endswith(verb_text):
        lead = article.strip()
    else:
        lead = "in"
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{lead} {joined}".strip()


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
