"""Without a tagger, a cue form inside a capitalized name is no cue: "the United States" does not
make "States" a verb of speech (it gave the blank pipeline sources such as "The United" on 19
claims of the corpus), while a lower-case "states" after a subject still attributes."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor import extract
from models import Article

NAME_SENTENCES = [
    # wikinews-127227
    "The United States government would hold a 60% stake.",
    # wikinews-121416
    "Three major United States stock market indexes closed at their lowest levels in over a decade on Monday.",
    "The United States Senate rejected a US$14 billion bailout package for the automakers.",
]


def _result(nlp, text: str):
    return extract(Article(id="t", text=text, published=dt.date(2009, 3, 2)), nlp)


@pytest.mark.parametrize("text", NAME_SENTENCES)
def test_a_cue_form_inside_a_name_is_no_cue(nlp_blank, text):
    result = _result(nlp_blank, text)
    assert result.claims, "no claim"
    assert all(claim.source is None for claim in result.claims), [c.source for c in result.claims]


@pytest.mark.parametrize(("text", "source"), [
    ("The agency states that 1,200 people were evacuated.", "The agency"),
    ("Mr Smith states in the filing that the firm owed 40 million dollars.", "Mr Smith"),
    ("The United Nations states that 3,000 families have fled.", "The United Nations"),
])
def test_a_cue_form_outside_a_name_still_attributes(nlp_blank, text, source):
    (claim,) = _result(nlp_blank, text).claims
    assert claim.source is not None and (claim.source.text, claim.source.cue) == (source, "states")
