"""Golden sources on news sentences written for the attribution rules (``golden/sources_news.jsonl``).

One entry per rule and class, in wire style: cue nouns ("the bank's estimate of", "by one estimate",
"under the governor's plan"), participles after a comma ("..., noting that"), the parse fallbacks
(a cue with no subject after a plural noun, "which" the parse did not make relative), nested
attributions (the innermost statement; an unnamed hedge inside a statement is its speaker's),
colons introducing a quotation or a transcript turn, a dash tag after a quotation, and cues that
state nothing yet. ``reason`` says, where the answer is a convention, why it is ours.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor import extract
from models import Article

pytestmark = pytest.mark.slow  # each entry runs the model pipeline

GOLDEN = Path(__file__).resolve().parent / "golden" / "sources_news.jsonl"
ENTRIES = [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines() if line.strip()]


def test_golden_news_sources_cover_every_class():
    assert {e["class"] for e in ENTRIES} == {"noun", "participle", "fallback", "nested", "colon", "dash", "not-yet"}


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
        assert source is not None
        assert {key: getattr(source, key) for key in expected} == expected
    if "hedged" in entry["expect"]:
        assert claims[0].hedged is entry["expect"]["hedged"]
