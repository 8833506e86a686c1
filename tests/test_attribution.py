"""Attribution on real Wikinews sentences: who says so, of what kind, with which cue."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor import extract
from models import Article


def claim_on(nlp, text: str, quantity: str, published=dt.date(2007, 2, 28)):
    result = extract(Article(id="t", text=text, published=published), nlp)
    assert result.check_spans(text) == []
    for claim in result.claims:
        if result.quantities[claim.quantity].text == quantity:
            return claim
    raise AssertionError(f"no claim on {quantity!r}: {[q.text for q in result.quantities]}")


@pytest.mark.parametrize(
    ("text", "quantity", "source_text", "kind", "cue", "name"),
    [
        ("Louis Gallois, the Airbus chief executive, said the company expects to cut approximately "
         "4,300 jobs in France, 3,700 in Germany, 1,600 in UK and 400 in Spain.",
         "3,700", "Louis Gallois, the Airbus chief executive", "person", "said", "Louis Gallois"),
        ("Union officials said nearly 14,000 employees at four French sites had a two hour work "
         "stoppage Wednesday afternoon to protest the cuts.",
         "nearly 14,000", "Union officials", "unnamed", "said", None),
        ("China Eastern Airlines stated on Thursday that it had signed a contract to purchase a score "
         "of Airbus A320 passenger jets for 9.9 billion yuan (about US$1.4 billion).",
         "9.9 billion yuan", "China Eastern Airlines", "organization", "stated", "China Eastern Airlines"),
        # inverted, sentence-final speaker after a quotation
        ("\"It's an extraordinary challenge, no one has ever built a wide body aircraft at the rate of "
         "10 per month before,\" claims writer John Ostrower.",
         "10", "writer John Ostrower", "person", "claims", "John Ostrower"),
        # "according to" with an organization
        ("The firm wanted to reduce costs at Opel by 30%, according to the German economy ministry.",
         "30%", "the German economy ministry", "organization", "according to", None),
    ],
)
def test_attribution_source(nlp_model, text, quantity, source_text, kind, cue, name):
    source = claim_on(nlp_model, text, quantity).source
    assert source is not None
    assert (source.text, source.kind, source.cue) == (source_text, kind, cue)
    if name is not None:
        assert source.name == name


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        # a passive speech verb names no speaker
        ("Aer Lingus shares on the Irish Stock Exchange fell 2.5 percent to $2.73 the day the deal "
         "was announced.", "2.5 percent"),
        # an adjectival participle is no speech act
        ("To date, 149 confirmed orders for the aircraft have been received.", "149"),
    ],
)
def test_attribution_none(nlp_model, text, quantity):
    assert claim_on(nlp_model, text, quantity).source is None


def test_attribution_hedging_verb_hedges_the_claim(nlp_model):
    text = ("\"No one has ever built a wide body aircraft at the rate of 10 per month before,\" "
            "claims writer John Ostrower.")
    claim = claim_on(nlp_model, text, "10")
    assert claim.hedged
    assert ("claims", "hedge") in {(q.text, q.kind) for q in claim.qualifiers}


def test_attribution_links_the_official(nlp_model):
    text = ("Airbus chief executive Noel Forgeard stated that he expected sales of the aircraft to "
            "exceed 250 units for the project to break even.")
    claim = claim_on(nlp_model, text, "250")
    assert claim.source.name == "Noel Forgeard"
    assert claim.source.title == "chief executive"
    assert claim.source.official == 0
    assert claim.hedged  # "expected"
