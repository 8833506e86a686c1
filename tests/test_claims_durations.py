"""Claims on durations and ages (issue 8): built like any other claim, with subject, predicate,
time and source; an age's subject is whose age it is."""

from __future__ import annotations

import pytest

import extractor
from models import Article

CASES = [
    # (published, sentence, quantity, subject, predicate lemma, time begin, source text)
    ("2024-03-15", "A 71-year-old man was arrested on Tuesday after the crash, police said.",
     "71-year-old", "man", "arrest", "2024-03-12", "police"),
    ("2024-03-15", "The former minister was jailed for four years on Friday, prosecutors said.",
     "four years", "The former minister", "jail", "2024-03-15", "prosecutors"),
    ("2024-03-15", "Their 14-month-old son was treated in hospital on Thursday, the family said.",
     "14-month-old", "son", "treat", "2024-03-14", "the family"),
    ("2013-12-10", "She has been with General Motors for 33 years, and is currently the global head of product development.",
     "33 years", None, "be", None, None),  # a pronoun subject is left out
]


@pytest.mark.parametrize(("published", "text", "quantity", "subject", "lemma", "begin", "source"), CASES)
def test_claims_on_durations_and_ages(nlp_model, published, text, quantity, subject, lemma, begin, source):
    result = extractor.extract(Article(id="d", text=text, published=published), nlp_model)
    claims = [c for c in result.claims if result.quantities[c.quantity].text == quantity]
    assert len(claims) == 1, [result.quantities[c.quantity].text for c in result.claims]
    claim = claims[0]
    assert (claim.subject.text if claim.subject else None) == subject
    if lemma is not None:
        assert claim.predicate is not None and claim.predicate.lemma == lemma
    assert (str(claim.time.begin) if claim.time and claim.time.begin else None) == begin
    assert (claim.source.text if claim.source else None) == source
