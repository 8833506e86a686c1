"""``TokenPatterns`` answers exactly as spaCy's ``Matcher`` would, on real text; ``WordTest`` finds words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from extractor.components.dates import load_patterns
from extractor.components.tokenpatterns import TokenPatterns, WordTest

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def both(nlp, patterns: list[tuple[str, list[dict]]], doc: Doc) -> tuple[list, list]:
    matcher = Matcher(nlp.vocab)
    for key, pattern in patterns:
        matcher.add(key, [pattern])
    theirs = sorted((nlp.vocab.strings[key], start, end) for key, start, end in matcher(doc))
    return theirs, sorted(TokenPatterns(patterns)(doc))


def test_date_patterns_match_like_spacy_on_the_whole_corpus(nlp):
    patterns = [(line["id"], line["pattern"]) for line in load_patterns()]
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    total = 0
    for doc in nlp.pipe(texts):
        theirs, ours = both(nlp, patterns, doc)
        assert ours == theirs, doc[:12].text
        total += len(ours)
    assert total > 500  # the corpus is full of dates: the comparison is not vacuous


def test_optional_tokens_give_every_length(nlp):
    # Wikinews, "Russian central bank intervenes to stop ruble's decline": a day before a month.
    doc = nlp("It was the 3rd of March, 2009, when the bank stepped in.")
    month = {"LOWER": {"IN": ["march", "may"]}, "IS_LOWER": False}
    patterns = [("day_month_year", [{"LOWER": "the", "OP": "?"}, {"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}},
                                    {"LOWER": "of", "OP": "?"}, month, {"ORTH": ",", "OP": "?"},
                                    {"TEXT": {"REGEX": r"^\d{4}$"}}])]
    theirs, ours = both(nlp, patterns, doc)
    assert ours == theirs == [("day_month_year", 2, 8), ("day_month_year", 3, 8)]


def test_case_test_and_lookahead(nlp):
    # "may" as a verb is no month; the capitalised one is.
    doc = nlp("Shares may fall in May 2010, analysts said.")
    patterns = [("month_year", [{"LOWER": {"IN": ["may"]}, "IS_LOWER": False}, {"TEXT": {"REGEX": r"^\d{4}$"}}]),
                ("prep_month", [{"LOWER": "in"}, {"LOWER": "may", "IS_LOWER": False}])]
    theirs, ours = both(nlp, patterns, doc)
    assert ours == theirs == [("month_year", 4, 6), ("prep_month", 3, 5)]


def test_no_match_at_the_end_of_the_text(nlp):
    doc = nlp("The index closed on Friday")
    patterns = [("weekday_morning", [{"LOWER": "friday"}, {"LOWER": "morning"}])]
    assert both(nlp, patterns, doc) == ([], [])


@pytest.mark.parametrize("token", [{"POS": "NOUN"}, {"LOWER": "a", "OP": "+"}, {"LOWER": {"NOT_IN": ["a"]}}, {}])
def test_patterns_beyond_the_word_are_refused(token):
    with pytest.raises(ValueError, match="token patterns"):
        TokenPatterns([("bad", [token])])


def test_word_test_positions(nlp):
    doc = nlp("More than 200,000 Russians entered Kazakhstan since September 21.")
    digits = WordTest(lambda word: word[:1].isdigit())
    assert digits.positions(doc) == [2, 8]
    assert digits.positions(doc[4:]) == [4]  # indices into the span
    assert digits.positions(nlp("")) == []
