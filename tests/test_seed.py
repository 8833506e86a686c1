"""The seed article, scored by the project's evaluation script (../shared/eval/score_seed.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from models import Article

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score_seed.py"
GOLD = ROOT.parent / "shared" / "gold" / "seed.json"


def score(result, tmp_path) -> float:
    if not SCORER.is_file():
        pytest.skip(f"the evaluation script is not beside the repository: {SCORER}")
    out = tmp_path / "seed-out.jsonl"
    out.write_text(result.model_dump_json() + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCORER), str(out)], capture_output=True, text=True, check=False)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("seed score: "), done.stdout + done.stderr
    return float(last.split()[2])


@pytest.fixture(scope="module")
def seed_article() -> Article:
    line = (ROOT / "corpus" / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return Article.model_validate(json.loads(line))


@pytest.mark.parametrize(("pipeline", "minimum"), [("nlp_model", 0.98), ("nlp_blank", 0.98)])
def test_seed_score(request, seed_article, tmp_path, pipeline, minimum):
    result = extractor.extract(seed_article, request.getfixturevalue(pipeline))
    assert result.check_spans(seed_article.text) == []
    assert score(result, tmp_path) >= minimum


def test_seed_no_quantity_inside_a_date(nlp_model, seed_article):
    if not GOLD.is_file():
        pytest.skip(f"gold file not found: {GOLD}")
    date_spans = json.loads(GOLD.read_text())["never_quantities"]["date_spans"]
    result = extractor.extract(seed_article, nlp_model)
    for q in result.quantities:
        assert not any(q.span[0] < end and start < q.span[1] for start, end in date_spans), q.text
