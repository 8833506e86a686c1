"""Golden sources: excerpts of Wikinews articles with the source a careful annotator expects.

``tests/golden/sources.jsonl``: one entry per line, ``text`` copied verbatim from the article
``article`` of ``corpus/wikinews.jsonl`` (a few sentences: a pronoun or a description needs the
sentence that names its antecedent), the quantity whose claim is checked, and the expected source
(``null``: no one vouches for the figure but the reporter) and, where given, ``hedged``. ``class``
is the attribution class the entry illustrates (1 documents, 2 resolved pronouns and descriptions,
3 quotations, 4 cues, 5 no source, 6 hedges from the cue).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor import extract
from models import Article

GOLDEN = Path(__file__).resolve().parent / "golden" / "sources.jsonl"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"
ENTRIES = [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines() if line.strip()]


def test_golden_sources_are_verbatim_and_cover_every_class():
    articles = {json.loads(line)["id"]: json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()}
    for entry in ENTRIES:
        assert entry["text"] in articles[entry["article"]], entry["id"]
    assert {entry["class"] for entry in ENTRIES} == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["id"] for entry in ENTRIES])
def test_golden_source(nlp_model, entry):
    text = entry["text"]
    result = extract(Article(id=entry["id"], text=text, published=dt.date.fromisoformat(entry["published"])),
                     nlp_model)
    claims = [c for c in result.claims if result.quantities[c.quantity].text == entry["quantity"]]
    assert claims, f"no claim on {entry['quantity']!r}"
    source, expected = claims[0].source, entry["expect"]["source"]
    if expected is None:
        assert source is None
    else:
        assert source is not None
        assert {key: getattr(source, key) for key in expected} == expected
    if "hedged" in entry["expect"]:
        assert claims[0].hedged is entry["expect"]["hedged"]
