"""Golden sources on news sentences written for the source-phrase rules (``golden/sources_phrases.jsonl``).

Classes: a long subject cut to its head phrase ("A study by three economists at ... concluded":
"A study"), counted respondents under a named poll ("In a Marist poll ..., 55 percent of likely
voters said ..., while 23 percent said ...": the poll), a speech verb with a "to" object ("wrote to
council members that", "added to reporters": said, not a statement still to come), a name and its
age the parse left apart ("Marcel Lazar, 44, said"), a document tag between commas (", Pentagon
records show, ..."), and reported speech inside a speaker's statement ("the group noted Comey said
...": the group's claim; a record the speaker points to in a relative clause stays its own). ``reason`` says,
where the answer is a convention, why it is ours.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor import extract
from models import Article

pytestmark = pytest.mark.slow  # each entry runs the model pipeline

GOLDEN = Path(__file__).resolve().parent / "golden" / "sources_phrases.jsonl"
ENTRIES = [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines() if line.strip()]
CLASSES = {"head", "respondents", "to", "age", "aside", "relayed"}


def test_golden_phrase_sources_cover_every_class_twice():
    counts = {name: sum(e["class"] == name for e in ENTRIES) for name in CLASSES}
    assert set(counts) == {e["class"] for e in ENTRIES} and min(counts.values()) >= 2, counts


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_golden_phrase_source(nlp_model, entry):
    result = extract(Article(id=entry["id"], text=entry["text"], published=dt.date(2016, 10, 4)), nlp_model)
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
