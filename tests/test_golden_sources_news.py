"""Golden sources on news sentences written for the attribution rules (``golden/sources_news.jsonl``
and ``golden/sources_phrases.jsonl``; one runner for both).

One entry per rule and class, in wire style: cue nouns ("the bank's estimate of", "by one estimate",
"under the governor's plan"), participles after a comma ("..., noting that"), the parse fallbacks
(a cue with no subject after a plural noun, "which" the parse did not make relative), nested
attributions (the innermost statement; an unnamed hedge inside a statement is its speaker's),
colons introducing a quotation or a transcript turn, a dash tag after a quotation, and cues that
state nothing yet. The phrase file: a long subject cut to its head phrase ("A study by three
economists at ... concluded": "A study"), counted respondents under a named poll (the poll), a
speech verb with a "to" object ("wrote to council members that": said, not a statement still to
come), a name and its age the parse left apart ("Marcel Lazar, 44, said"), a document tag between
commas (", Pentagon records show, ..."), and reported speech inside a speaker's statement ("the
group noted Comey said ...": the group's claim; a record the speaker points to in a relative
clause stays its own). ``reason`` says, where the answer is a convention, why it is ours.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor import extract
from models import Article

pytestmark = pytest.mark.slow  # each entry runs the model pipeline

GOLDEN = Path(__file__).resolve().parent / "golden"
CLASSES = {"sources_news": {"noun", "participle", "fallback", "nested", "colon", "dash", "not-yet"},
           "sources_phrases": {"head", "respondents", "to", "age", "aside", "relayed"}}
BY_FILE = {name: [json.loads(line) for line in (GOLDEN / f"{name}.jsonl").read_text("utf-8").splitlines()
                  if line.strip()] for name in CLASSES}
ENTRIES = [entry for entries in BY_FILE.values() for entry in entries]


@pytest.mark.parametrize("name", CLASSES)
def test_golden_sources_cover_every_class(name):
    counts = {cls: sum(e["class"] == cls for e in BY_FILE[name]) for cls in CLASSES[name]}
    assert {e["class"] for e in BY_FILE[name]} == CLASSES[name], counts
    if name == "sources_phrases":  # each of the phrase rules is shown on two sentences at least
        assert min(counts.values()) >= 2, counts


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_golden_news_source(nlp_model, entry):
    text = entry["text"]
    result = extract(Article(id=entry["id"], text=text, published=dt.date(2016, 10, 4)), nlp_model)
    claims = [c for c in result.claims if result.quantities[c.quantity].text == entry["quantity"]]
    assert claims, f"no claim on {entry['quantity']!r}: {[q.text for q in result.quantities]}"
    source, expected = claims[0].source, entry["expect"]["source"]
    if expected is None:
        assert source is None, source
    else:
        assert source is not None, "no source"
        assert {key: getattr(source, key) for key in expected} == expected
    if "hedged" in entry["expect"]:
        assert claims[0].hedged is entry["expect"]["hedged"]
