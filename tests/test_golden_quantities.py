"""Golden quantities on news copy, one group per class of issue 8 (``tests/golden/quantities_news.jsonl``).

Each entry is a sentence — copied verbatim from ``corpus/wikinews.jsonl`` (``source`` names the
article) or written in wire style (``source: "written"``) — with every quantity it holds and the
exact ``value``, ``low``, ``high``, ``bound``, ``change``, ``unit`` and ``counted`` of each (and
``unit_text`` where given). ``not_quantities`` are pieces of the sentence no quantity may overlap.
Classes: 1 durations and ages, 2 units, 3 money, 4 ranges and movements, 5 number words and
forms, 6 comparisons and approximations, 7 what is not a quantity. Entries flagged ``blank`` run
through the rules-only pipeline too.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from models import Article

GOLDEN = Path(__file__).resolve().parent / "golden" / "quantities_news.jsonl"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"
FIELDS = ("value", "low", "high", "bound", "change", "unit", "counted")


def _entries() -> list[dict]:
    with GOLDEN.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


ENTRIES = _entries()
CASES = [pytest.param(e, "model", id=f"{e['id']}-model") for e in ENTRIES] + [
    pytest.param(e, "blank", id=f"{e['id']}-blank") for e in ENTRIES if e["blank"]
]


@pytest.fixture(scope="module")
def pipelines(nlp_model, nlp_blank):
    return {"model": nlp_model, "blank": nlp_blank}


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9)
    return a == b


def _expected(expected: dict, key: str, pipeline: str):
    """An expectation may differ by pipeline: ``{"model": ..., "blank": ...}`` (the counted noun
    of a singular head needs the parser)."""
    value = expected[key]
    return value[pipeline] if isinstance(value, dict) else value


def _problems(entry: dict, quantities, pipeline: str) -> list[str]:
    by_text = {q.text: q for q in quantities}
    problems = []
    for expected in entry["quantities"]:
        got = by_text.get(expected["text"])
        if got is None:
            problems.append(f"{expected['text']!r}: not found, got {sorted(by_text)}")
            continue
        keys = FIELDS + (("unit_text",) if "unit_text" in expected else ())
        wrong = {k: (getattr(got, k), _expected(expected, k, pipeline)) for k in keys
                 if not _same(getattr(got, k), _expected(expected, k, pipeline))}
        if wrong:
            problems.append(f"{expected['text']!r}: (got, expected) {wrong}")
    expected_texts = {e["text"] for e in entry["quantities"]}
    problems += [f"unexpected quantity {t!r}" for t in by_text if t not in expected_texts]
    for piece in entry["not_quantities"]:
        start = entry["text"].index(piece)
        hits = [q.text for q in quantities if q.span[0] < start + len(piece) and start < q.span[1]]
        problems += [f"{piece!r} is inside quantity {hit!r}" for hit in hits]
    return problems


@pytest.mark.parametrize(("entry", "pipeline"), CASES)
def test_golden_quantities(pipelines, entry, pipeline):
    import extractor

    article = Article(id=entry["id"], text=entry["text"], published=entry["published"])
    result = extractor.extract(article, pipelines[pipeline])
    assert _problems(entry, result.quantities, pipeline) == [], entry["text"]


def test_golden_quantities_cover_every_class_with_real_sentences():
    classes = {e["class"] for e in ENTRIES}
    assert classes == set(range(1, 8))
    real = {e["class"] for e in ENTRIES if e["source"].startswith("wikinews-")}
    assert {1, 2, 3, 4, 5, 6, 7} <= real


def test_golden_quantities_wikinews_sentences_are_verbatim():
    if not CORPUS.is_file():
        pytest.skip(f"corpus not found: {CORPUS}")
    with CORPUS.open(encoding="utf-8") as stream:
        articles = {a["id"]: a for a in map(json.loads, stream)}
    for entry in ENTRIES:
        if entry["source"].startswith("wikinews-"):
            article = articles[entry["source"]]
            assert entry["text"] in article["text"], entry["id"]
            assert entry["published"] == article["published"][:10], entry["id"]
