"""Who says so: sources of numeric claims, by class, on sentences written in wire style.

The classes are those of the attribution work: documents and polls as sources, pronouns and
descriptions resolved to a name, quotations longer than a sentence and speaker tags anywhere, the
wider set of cues, what is no source, and hedges inherited from the cue.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractor import extract
from extractor.components import quotes
from models import Article


def claim_on(nlp, text: str, quantity: str):
    result = extract(Article(id="t", text=text, published=dt.date(2016, 9, 20)), nlp)
    assert result.check_spans(text) == []
    for claim in result.claims:
        if result.quantities[claim.quantity].text == quantity:
            return claim
    raise AssertionError(f"no claim on {quantity!r}: {[q.text for q in result.quantities]}")


# 1. documents, data and polls, with evidential verbs
@pytest.mark.parametrize(
    ("text", "quantity", "source_text", "kind", "cue"),
    [
        ("A Gallup survey released Monday showed the mayor leading 52 percent to 41 percent.",
         "52 percent", "A Gallup survey released Monday", "document", "showed"),
        ("New labour ministry data showed unemployment fell to 4.1 percent in August.",
         "4.1 percent", "New labour ministry data", "document", "showed"),
        ("The audit found at least 1,200 unpaid invoices at the city's water department.",
         "at least 1,200", "The audit", "document", "found"),
        ("The committee raised $57 million last year, campaign finance records show.",
         "$57 million", "campaign finance records", "document", "show"),
        ("In a poll released Tuesday, 48 percent of likely voters backed the measure.",
         "48 percent", "a poll released Tuesday", "document", "In"),
        ("Figures published by the health ministry put the toll at 1,200.",
         "1,200", "Figures published by the health ministry", "document", "put"),
    ],
)
def test_sources_documents(nlp_model, text, quantity, source_text, kind, cue):
    source = claim_on(nlp_model, text, quantity).source
    assert source is not None
    assert (source.text, source.kind, source.cue) == (source_text, kind, cue)


# 2. pronouns and descriptions keep their text and get the name they stand for
@pytest.mark.parametrize(
    ("text", "quantity", "source_text", "name", "kind"),
    [
        ("Sen. Elizabeth Warren questioned the bank's chief executive, John Stumpf, on Tuesday. "
         "She said the bank had opened 2 million accounts without consent.",
         "2 million", "She", "Elizabeth Warren", "person"),
        ("Mark Jones, the mayor of Springfield, spoke on Monday. He told reporters that 300 homes "
         "had been flooded.", "300", "He", "Mark Jones", "person"),
        ("Acme Corp. reported its results on Thursday. The company said it would cut 4,000 jobs.",
         "4,000", "The company", "Acme Corp.", "organization"),
        ("Officials at the Environmental Protection Agency met on Friday. The agency said 40 plants "
         "had broken the rules.", "40", "The agency", "Environmental Protection Agency", "organization"),
        ("The plan was criticized by Jane Doe, who said it would cost $3 billion.",
         "$3 billion", "who", "Jane Doe", "person"),
    ],
)
def test_sources_resolved(nlp_model, text, quantity, source_text, name, kind):
    source = claim_on(nlp_model, text, quantity).source
    assert source is not None
    assert (source.text, source.name, source.kind) == (source_text, name, kind)


def test_sources_pronoun_skips_a_person_of_the_other_gender(nlp_model):
    text = ("Mr. Daniel Ortiz met Mrs. Laura Chen in Boston. She said the deal was worth $40 million.")
    assert claim_on(nlp_model, text, "$40 million").source.name == "Laura Chen"


def test_sources_the_minister_is_the_official(nlp_model):
    text = ("Finance Minister Maria Lopez presented the budget on Monday. The minister said spending "
            "would rise by 3 percent.")
    source = claim_on(nlp_model, text, "3 percent").source
    assert (source.text, source.name, source.title) == ("The minister", "Maria Lopez", "Finance Minister")
    assert source.official is not None


# 3. quotations longer than a sentence, speaker tags anywhere
@pytest.mark.parametrize(
    ("text", "quantity", "source_text"),
    [
        ('"We lost the contract in March. It cost us 120 jobs," Ortiz said.', "120", "Ortiz"),
        ('"It was a hard year," Ortiz said. "We lost 120 jobs and two factories."', "120", "Ortiz"),
        ('"It was a hard year," said Ann Ortiz, a senior analyst at Ledger Research. "Prices rose '
         '8 percent."', "8 percent", "Ann Ortiz, a senior analyst at Ledger Research"),
        ('Jane Doe, The Daily Ledger: "At least 40 newsrooms closed this year."', "At least 40",
         "Jane Doe, The Daily Ledger"),
        ('The governor said on Monday: "We will hire 500 teachers."', "500", "The governor"),
        ('"The flood destroyed the harvest," she said.\n\n"We expect to lose 60 percent of the crop."',
         "60 percent", "she"),
        ("''Some farms are adapting,'' said Paul Smith, a farmer in Iowa who grows corn. "
         "''It costs $100,000 a year to run one.''", "$100,000", "Paul Smith, a farmer in Iowa"),
        ('"You say 5,000 people lost their jobs," Merkley said.', "5,000", "Merkley"),
    ],
)
def test_sources_quotations(nlp_model, text, quantity, source_text):
    source = claim_on(nlp_model, text, quantity).source
    assert source is not None and source.text == source_text


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('"One. Two," he said.', ['"One. Two,"']),
        ("''Doubled apostrophes,'' said X.", ["''Doubled apostrophes,''"]),
        ('\u201cOpens here\n\u201cand goes on.\u201d', ["\u201cOpens here", "\u201cand goes on.\u201d"]),
        ('He said "hello" and "bye".', ['"hello"', '"bye"']),
    ],
)
def test_sources_quotation_regions(text, quoted):
    assert [text[r.start:r.end] for r in quotes.regions(text)] == quoted


# 4. more cues
@pytest.mark.parametrize(
    ("text", "quantity", "source_text", "cue"),
    [
        ("The senator tweeted that 3,000 people attended the rally.", "3,000", "The senator", "tweeted"),
        ("Smith pointed out that 45 percent of the budget goes to pensions.", "45 percent", "Smith",
         "pointed"),
        ("According to the census bureau, the city has 250,000 residents.", "250,000",
         "the census bureau", "according to"),
        ("The city has 250,000 residents, according to the census bureau.", "250,000",
         "the census bureau", "according to"),
        ("The mayor testified that 70 officers were on duty.", "70", "The mayor", "testified"),
        ("The union called for a 15 percent raise.", "15 percent", "The union", "called"),
    ],
)
def test_sources_cues(nlp_model, text, quantity, source_text, cue):
    source = claim_on(nlp_model, text, quantity).source
    assert source is not None and (source.text, source.cue) == (source_text, cue)


# 5. no source
@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("Canada adds 40,000 jobs in September.", "40,000"),
        ("The storm destroyed 300 homes on the coast.", "300"),
        ("Police arrested 12 people after the match.", "12"),
    ],
)
def test_sources_none(nlp_model, text, quantity):
    assert claim_on(nlp_model, text, quantity).source is None


def test_sources_the_counted_people_are_no_source(nlp_model):
    """ "31 percent of Republicans said": the poll vouches for the figure, not the respondents."""
    text = "In a CNN poll released this week, 31 percent of Republicans said they were enthusiastic."
    source = claim_on(nlp_model, text, "31 percent").source
    assert source is not None and source.text == "a CNN poll released this week"


# 6. hedges and negation from the cue reach "hedged"
@pytest.mark.parametrize(
    ("text", "quantity", "hedged"),
    [
        ("The group claimed that 5,000 people marched.", "5,000", True),
        ("Analysts estimated that the fire caused $2 million in damage.", "$2 million", True),
        ("The company said it sold 2 million phones.", "2 million", False),
        ("The candidate promised to create 25,000 jobs.", "25,000", True),
    ],
)
def test_sources_hedged(nlp_model, text, quantity, hedged):
    assert claim_on(nlp_model, text, quantity).hedged is hedged
