"""Claims assembled on real Wikinews sentences: subject, predicate, places, period, hedges."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor import extract
from models import Article


def result_of(nlp, text: str, published: dt.date):
    result = extract(Article(id="t", text=text, published=published), nlp)
    assert result.check_spans(text) == []
    return result


def claim_on(result, quantity: str):
    for claim in result.claims:
        if result.quantities[claim.quantity].text == quantity:
            return claim
    raise AssertionError(f"no claim on {quantity!r}: {[q.text for q in result.quantities]}")


GALLOIS = ("Louis Gallois, the Airbus chief executive, said the company expects to cut approximately "
           "4,300 jobs in France, 3,700 in Germany, 1,600 in UK and 400 in Spain.")
UNION = ("Union officials said nearly 14,000 employees at four French sites had a two hour work "
         "stoppage Wednesday afternoon to protest the cuts.")
CHINA = ("China Eastern Airlines stated on Thursday that it had signed a contract to purchase a score "
         "of Airbus A320 passenger jets for 9.9 billion yuan (about US$1.4 billion).")
FORD = ("The Ford Motor Company, the second-largest car manufacturer in America, will cut 30,000 jobs "
        "and 14 plants as part of a restructuring plan to relieve Ford after a US$1.6 billion loss "
        "last year in North American sales.")
AER = ("Under the agreement, Aer Lingus Group PLC said it will receive six new A330-300E aircraft "
       "from 2009 to 2011.")


@pytest.mark.parametrize(
    ("text", "published", "quantity", "predicate", "places"),
    [
        (GALLOIS, dt.date(2007, 2, 28), "approximately 4,300", "cut", {"FR"}),
        (GALLOIS, dt.date(2007, 2, 28), "400", "cut", {"ES"}),
        (UNION, dt.date(2007, 2, 28), "nearly 14,000", "have", set()),
        (CHINA, dt.date(2009, 6, 18), "9.9 billion yuan", "purchase", set()),
        (FORD, dt.date(2006, 1, 23), "30,000", "cut", {"US"}),
    ],
)
def test_claims_predicate_and_places(nlp_model, text, published, quantity, predicate, places):
    claim = claim_on(result_of(nlp_model, text, published), quantity)
    assert claim.predicate.lemma == predicate
    assert places <= {p.country for p in claim.places}


def test_claims_nationality_is_not_a_place(nlp_model):
    # "French sites": where the employees are (a place); the sentence names no people by nationality
    claim = claim_on(result_of(nlp_model, UNION, dt.date(2007, 2, 28)), "nearly 14,000")
    assert claim.subject.text == "employees"
    assert claim.subject.country is None


@pytest.mark.parametrize(
    ("text", "published", "quantity", "begin", "end"),
    [
        # the date that modifies the quantity's verb, even past the next number
        (UNION, dt.date(2007, 2, 28), "nearly 14,000", "2007-02-28", "2007-02-28"),
        # "from 2009 to 2011": an interval
        (AER, dt.date(2007, 6, 9), "six", "2009-01-01", "2011-12-31"),
        # "last year" against the publication date
        (FORD, dt.date(2006, 1, 23), "US$1.6 billion", "2005-01-01", "2005-12-31"),
    ],
)
def test_claims_period(nlp_model, text, published, quantity, begin, end):
    claim = claim_on(result_of(nlp_model, text, published), quantity)
    assert (claim.time.begin, claim.time.end) == (begin, end)


def test_claims_reporting_date_only_closes_the_period(nlp_model):
    # "stated on Thursday" says when the company spoke: the purchase holds as of that day,
    # since an unknown beginning
    claim = claim_on(result_of(nlp_model, CHINA, dt.date(2009, 6, 18)), "9.9 billion yuan")
    assert (claim.time.text, claim.time.begin, claim.time.end) == ("Thursday", None, "2009-06-18")


def test_claims_reporting_date_gives_way_to_the_claims_own_date(nlp_model):
    text = ("More than 200,000 Russian citizens entered Kazakhstan since September 21, the "
            "authorities reported on Tuesday.")
    claim = claim_on(result_of(nlp_model, text, dt.date(2022, 10, 4)), "More than 200,000")
    assert (claim.time.begin, claim.time.end) == ("2022-09-21", "2022-10-04")


def test_claims_hedges_in_scope(nlp_model):
    result = result_of(nlp_model, GALLOIS, dt.date(2007, 2, 28))
    claim = claim_on(result, "approximately 4,300")
    kinds = {(q.text, q.kind) for q in claim.qualifiers}
    assert ("approximately", "approximation") in kinds
    assert ("expects to", "modality") in kinds
    assert claim.hedged


def test_claims_unhedged_report(nlp_model):
    claim = claim_on(result_of(nlp_model, CHINA, dt.date(2009, 6, 18)), "9.9 billion yuan")
    assert not claim.hedged
    assert claim.qualifiers == []


def test_claims_lead_in_hedge_carries_into_a_thus_sentence(nlp_model):
    text = ("Official figures put the loss at 200 jobs. According to unconfirmed reports, the real "
            "figure is higher. Thus, union leaders estimate that more than 400 workers were laid off.")
    result = result_of(nlp_model, text, dt.date(2009, 1, 1))
    assert not claim_on(result, "200").hedged
    claim = claim_on(result, "more than 400")
    assert "unconfirmed" in {q.text for q in claim.qualifiers}
    assert claim.hedged


def test_claims_quoted_sentences_take_the_speaker_after_the_quote(nlp_model):
    text = ("“The company lost 300 planes. We will rebuild.” said Airbus spokesman Stefan Schaffrath.")
    claim = claim_on(result_of(nlp_model, text, dt.date(2009, 7, 30)), "300")
    assert claim.source is not None and claim.source.name == "Stefan Schaffrath"


def test_claims_ids_are_stable_and_distinct(nlp_model):
    first = result_of(nlp_model, GALLOIS, dt.date(2007, 2, 28))
    second = result_of(nlp_model, GALLOIS, dt.date(2007, 2, 28))
    ids = [c.id for c in first.claims]
    assert ids == [c.id for c in second.claims]
    assert len(set(ids)) == len(ids) == 4


def test_claims_blank_pipeline_degrades_to_the_sentence(nlp_blank):
    result = result_of(nlp_blank, GALLOIS, dt.date(2007, 2, 28))
    claim = claim_on(result, "approximately 4,300")
    assert claim.predicate.lemma == "cut"  # no parser: the known verb form nearest the number
    assert claim.source is not None and claim.source.name == "Louis Gallois"
    assert "FR" in {p.country for p in claim.places}
    assert claim.hedged


@pytest.mark.parametrize(
    ("text", "quantity", "lemma"),
    [
        ("Ford Motor Company sales dropped 42% last month from the previous year.", "42%", "drop"),
        ("In the first quarter of last year, GM had reported a loss of $381 million.", "$381 million", "report"),
        ("Boeing has received five orders from two customers for the 777-200LR.", "five", "receive"),
    ],
)
def test_claims_blank_predicate_from_verb_forms(nlp_blank, text, quantity, lemma):
    claim = claim_on(result_of(nlp_blank, text, dt.date(2009, 3, 2)), quantity)
    assert claim.predicate.lemma == lemma
    assert text[slice(*claim.predicate.span)] == claim.predicate.text
