"""Shared fixtures. The pipelines are built once per session (building one takes seconds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"


@pytest.fixture(scope="session")
def nlp_blank():
    """The wireclaims pipeline on a blank English model (rules only, fast)."""
    from extractor.api import load

    return load("blank")


@pytest.fixture(scope="session")
def nlp_model():
    """The wireclaims pipeline on the English model (falls back to blank if it is not installed)."""
    from extractor.api import load

    return load("auto")


@pytest.fixture(scope="session")
def wikinews_lines() -> list[str]:
    """The first lines of the real Wikinews sample corpus (../shared/corpus/wikinews.jsonl)."""
    if not CORPUS.is_file():
        pytest.skip(f"corpus not found: {CORPUS}")
    with CORPUS.open(encoding="utf-8") as stream:
        lines = [line for _, line in zip(range(3), stream)]
    assert all(json.loads(line)["id"] for line in lines)
    return lines


BUNDLED_WIKINEWS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"


@pytest.fixture(scope="session")
def wikinews_articles():
    """All articles of the bundled Wikinews corpus (corpus/wikinews.jsonl), as ``Article``s."""
    from models import Article

    with BUNDLED_WIKINEWS.open(encoding="utf-8") as stream:
        return [Article.model_validate_json(line) for line in stream if line.strip()]


@pytest.fixture(scope="session")
def wikinews_results(wikinews_articles, nlp_model):
    """The model pipeline's results for every bundled Wikinews article, in input order (run once)."""
    from extractor.api import extract_many

    results = list(extract_many(wikinews_articles, nlp_model))
    assert [r.article_id for r in results] == [a.id for a in wikinews_articles]
    return results
