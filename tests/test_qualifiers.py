"""Qualifier cues: ``qualifier_cues.tsv`` and the ``wireclaims_qualifiers`` component.

Sentences are quoted from the Wikinews sample (``../shared/corpus/wikinews.jsonl``, id in the
comment) or the seed article; the few built by hand say so and why. Every case runs with the
English model (lemmas, tags) and with a blank pipeline (lower-case forms).
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.components import qualifiers
from extractor.components.extensions import QUALIFIERS


@pytest.fixture(scope="module", params=["model", "blank"])
def nlp(request):
    """The production pipelines (conftest: ``pipeline.build``, strict components)."""
    return request.getfixturevalue(f"nlp_{request.param}")


@pytest.fixture(scope="module")
def qualifiers_blank(nlp_blank):
    return nlp_blank


def found(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    for span in doc.spans[QUALIFIERS]:
        assert text[span.start_char : span.end_char] == span.text
    return [(span.text, span.label_) for span in doc.spans[QUALIFIERS]]


# --- the table -------------------------------------------------------------------------------


def test_qualifier_cues_tsv_valid():
    text = resources.files("extractor.resources.gazetteers").joinpath("qualifier_cues.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert list(rows[0]) == ["cue", "kind", "match", "guard", "note"]
    keys = [(row["cue"], row["match"]) for row in rows]
    assert len(keys) == len(set(keys))
    for row in rows:
        assert row["cue"] and row["cue"] == row["cue"].strip() and row["cue"] == row["cue"].lower(), row
        assert row["kind"] in qualifiers.KINDS, row
        assert row["match"] in qualifiers.MATCHES, row
        assert row["guard"] in qualifiers.GUARDS, row


def test_qualifier_cues_lemma_rows_have_blank_inflections():
    """A ``lemma`` cue is its base form; the blank pipeline finds it by its lower-case form."""
    table = qualifiers.cues()
    lower = {cue.cue for cue in table if cue.match == "lower"}
    assert {"estimates", "estimated", "denied", "expected to", "believed to"} <= lower
    for cue in table:
        if cue.match == "lemma":
            stem = cue.cue.split()[0][:4]
            assert any(other.startswith(stem) and other != cue.cue for other in lower), cue


# --- the component ---------------------------------------------------------------------------

REAL_SENTENCES = [
    # wikinews-79240
    (
        "car maker, will reportedly pay $57 million (US$78 million) for a 72.4 percent stake in the Romanian "
        "assembly plant Automobile Craiova, a Romanian official said Friday.",
        [("reportedly", "hedge")],
    ),
    # wikinews-100911: negation by verb and adverb, modality by "expected to"
    (
        'In the armed services, you can never have too much gas in the air." USAF also denied that creating '
        "jobs in the US was a factor; job supply had been the reason Boeing were expected to win, with the "
        "airframer promising 44,000 new positions at 300 suppliers in 40 states.",
        [("never", "negation"), ("denied", "negation"), ("expected to", "modality")],
    ),
    # wikinews-61389: "expects to" is the lemma "expect to"
    (
        "Louis Gallois, the Airbus chief executive, said the company expects to cut approximately 4,300 jobs "
        "in France, 3,700 in Germany, 1,600 in UK and 400 in Spain.",
        [("expects to", "modality"), ("approximately", "approximation")],
    ),
    # wikinews-71526: "estimates" the verb
    (
        "They also have a Moscow design centre that has 1,400 employees and a 30-year contract for supply of "
        "titanium parts with Russia's VSMPO-Avisma, which Boeing estimates to be worth $18 million.",
        [("estimates", "hedge")],
    ),
    # wikinews-121134: "estimate" the noun, "as much as" before a currency sign
    (
        "GM says that it might need as much as $30 billion from the US Treasury Department, an increase over "
        "their previous estimate of $18 billion.",
        [("might", "modality"), ("as much as", "emphasis"), ("estimate", "hedge")],
    ),
    # wikinews-100911
    (
        "JSA Research defence analysist Paul Nesbit said that Maintenance, Repair and Overhaul (MRO) operations "
        "across the aircraft's fifty-year service life could push the value of the contract as high as US$100 billion.",
        [("could", "modality")],
    ),
    # wikinews-31965
    (
        "GM warned that the amount calculated for last year is preliminary and could rise before it is "
        "officially reported to the US securities and exchanges commission in March.",
        [("preliminary", "hedge"), ("could", "modality")],
    ),
    # wikinews-82597 and wikinews-145930: "some" before a number, not "some have been cancelled"
    ("The aircraft was greeted by some 400 guests, including the Prime Minister of Singapore, Mr.", [("some", "approximation")]),
    (
        "The aircraft is thought to have attracted 840 orders to date, though some have been cancelled due to "
        "the delays, making the 787 worth in the region of US$140bn ($96bn, £86bn) for Boeing.",
        [("thought to", "hedge")],
    ),
    # wikinews-61389, wikinews-160257, wikinews-149731, wikinews-145930: approximations before numbers
    (
        "Actual Airbus employee reduction would be about 5,000, or 9% of the total European work force of "
        "55,000 full-time Airbus employees.",
        [("would", "modality"), ("about", "approximation")],
    ),
    ("Rental car agencies alone accounted for around 30,000 units sold.", [("around", "approximation")]),
    ("Since then, he says, the plane has flown for nearly thirty hours and is exceeding expectations.", [("nearly", "approximation")]),
    ('The release of the "Dreamliner" is almost two and a half years behind schedule.', [("almost", "approximation")]),
    # wikinews-276079, wikinews-4764, wikinews-131162: the same words not before a number
    (
        '"That\'s an amazing thing for those who have worked on the program five, six, seven years, here at '
        'Boeing and our partners around the world."',
        [],
    ),
    (
        "The aircraft can fly from New York to Singapore and from Los Angeles to Dubai with a full passenger "
        "and luggage load non-stop, and has been named the Worldliner by Boeing to mark the fact it can "
        "connect almost any two cities on Earth.",
        [],
    ),
    (
        '"I am a little bit uneasy when I see that, because we have some green shoots here and there, we are '
        "already saying, ` well, after all, we are close to back to normal, '\" he said.",
        [("already", "emphasis")],
    ),
    # wikinews-150433
    (
        "The statistics are an improvement from 2008, when the car company posted a loss of close to $15 billion.",
        [("close to", "approximation")],
    ),
    # wikinews-1173: "may" the modal
    (
        "Such contracts are often justified by the speed they offer, eliminating a preliminary bid and "
        "selection round that may last months.",
        [("preliminary", "hedge"), ("may", "modality")],
    ),
    # wikinews-276079 and wikinews-106653: "May" the month, mid-sentence and in a dateline
    ("Japan's (ANA) were to take delivery in May 2008, but will now receive the aircraft next month.", []),
    ("May 24, 2008  United States airframer Boeing has announced that development of a re", []),
    # wikinews-87805: "won't" → "n't"
    (
        '"If aircraft are purchased and registered as Indonesian in Europe], we are worried the planes won\'t be '
        "able to fly to Indonesia because Indonesian airlines ' aircraft are banned from flying over Europe,\" "
        "he continued.",
        [("n't", "negation")],
    ),
    # wikinews-121134 and wikinews-1007169: "just" before a (bounded) number only
    (
        "At the end of last year, the auto maker had just over 54,000 employees, meaning that the layoffs will "
        "equal about six percent of its total workforce.",
        [("just", "emphasis"), ("about", "approximation")],
    ),
    (
        "The appointment comes just days after the US government sold the last of its shares in the company, "
        "losing around $9 billion on its initial bailout in 2008 that saw 61% of the firm coming under public ownership.",
        [("around", "approximation")],
    ),
    # wikinews-76437, wikinews-11716
    (
        "Jim Cramer, of CNBC's Mad Money, remarked that as many as seven million people will lose their homes "
        "from bad mortgages.",
        [("as many as", "emphasis")],
    ),
    (
        "The order, which is believed to be worth $15 billion, has given a boost to an otherwise disappointing "
        "Paris Air Show, which had been dominated by a state aid dispute between Airbus and Boeing.",
        [("believed to", "hedge")],
    ),
    # wikinews-25501
    (
        "It is unclear whether the originally planned Australian tour dates can be kept, and sources indicate "
        "that the airliner's first stop in Brisbane, on November 11, maybe eliminated in favour of a brief "
        "appearance on November 16.",
        [("unclear", "hedge"), ("planned", "modality")],
    ),
    # seed article
    ("According to unofficial data, this figure is even higher.", [("unofficial", "hedge"), ("even", "emphasis")]),
    ("Thus, local experts estimate that in two weeks more than 250,000 Russians.", [("estimate", "hedge")]),
    (
        "It was not possible to discern how many were fleeing the mobilization and how many were traveling "
        "for other reasons, but the numbers were much higher after the call by Russian President Vladimir Putin.",
        [("It was not possible to", "hedge")],
    ),
    (
        "Georgia also recorded fewer Russians entering the country: only 6,109 between Thursday and Friday, "
        "compared to 9,642 between Wednesday and Thursday, indicated the Ministry of the Interior.",
        [("only", "emphasis")],
    ),
    (
        "But authorities in Kazakhstan also noted a decrease in border crossingsdespite the fact that no "
        "official restrictions have been applied on either side of its border with Russia.",
        [("no", "negation")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), REAL_SENTENCES)
def test_qualifiers_component_real_sentences(nlp, text, expected):
    assert found(nlp, text) == expected


# Built by hand: the Wikinews sample has no "No. 5" and no noun "might".
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He wore shirt No. 5 and had no money.", [("no", "negation")]),
        ("The military might of Russia might grow.", [("might", "modality")]),
    ],
)
def test_qualifiers_component_guards(nlp, text, expected):
    assert found(nlp, text) == expected


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_qualifiers_component_never_raises(qualifiers_blank, text):
    doc = qualifiers_blank(text)
    assert all(span.label_ in qualifiers.KINDS for span in doc.spans[QUALIFIERS])
