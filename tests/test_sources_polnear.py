"""Source accuracy on PolNeAR's development split (2016 US political news, annotated sources).

The corpus lives in ``../shared/dev/polnear`` with its scorer ``../shared/eval/attribution.py``;
neither is part of the repository (the texts belong to their publishers), so the test skips when
they are absent. It extracts the 84 dev articles (about half a minute) and asserts the numeric-claim
source score stays above a floor a little under the one measured when the rules were written
(precision 92.2, F1 82.1 on 2026-12-01; precision 92.0, F1 82.4 on 2026-12-02), so a change that
loses sources on real news fails here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from extractor import extract_many
from models import Article, Reject

pytestmark = pytest.mark.slow  # a pass over 84 articles

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "eval" / "attribution.py"
#: Floors: the measured dev scores (P 92.0, R 74.7, F1 82.4) less about two points of slack; the
#: issue's target is F1 >= 80 with precision >= 85.
FLOORS = {"precision": 90.0, "f1": 80.4}


def _scorer():
    if not SCORER.exists() or not (SHARED / "dev" / "polnear").exists():
        pytest.skip("PolNeAR (../shared/dev/polnear) or its scorer is not here: nothing to measure")
    spec = importlib.util.spec_from_file_location("polnear_scorer", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_polnear_dev_source_score_stays_above_floor(nlp_model, tmp_path):
    scorer = _scorer()
    articles = tmp_path / "dev.jsonl"
    scorer.main(["prepare", str(articles), "--split", "dev"])
    items = [Article(**json.loads(line)) for line in articles.read_text("utf-8").splitlines()]
    results = tmp_path / "dev.out.jsonl"
    with results.open("w", encoding="utf-8") as out:
        for result in extract_many(items, nlp_model):
            assert not isinstance(result, Reject), result
            out.write(result.model_dump_json() + "\n")
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        scorer.main(["score", str(results), "--split", "dev"])
    text = report.getvalue()
    precision = float(re.search(r"source precision\s+([\d.]+)", text).group(1))
    f1 = float(re.search(r"source F1\s+([\d.]+)", text).group(1))
    assert precision >= FLOORS["precision"] and f1 >= FLOORS["f1"], text
