"""Every date in the bundled corpus (90 Wikinews articles and the seed) against the reviewed
snapshot ``tests/data/corpus_dates.tsv``. A change to any date, span or value fails here until it
is reviewed and the snapshot regenerated with ``scripts/date_snapshot.py`` (``--diff OLD`` lists
the changes)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("date_snapshot", ROOT / "scripts" / "date_snapshot.py")
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)


@pytest.fixture(scope="module")
def seed_results(nlp_model):
    from extractor.api import extract_many
    from models import Article

    with (ROOT / "corpus" / "seed.jsonl").open(encoding="utf-8") as fh:
        articles = [Article.model_validate_json(line) for line in fh if line.strip()]
    return list(extract_many(articles, nlp_model))


def test_dates_corpus_matches_the_reviewed_snapshot(wikinews_results, seed_results):
    expected = snapshot.read(snapshot.SNAPSHOT)
    found = snapshot.rows(wikinews_results + seed_results)
    assert snapshot.diff(expected, found) == []


def test_dates_corpus_snapshot_is_well_formed():
    rows = snapshot.read(snapshot.SNAPSHOT)
    assert len(rows) > 700 and all(len(r) == len(snapshot.FIELDS) for r in rows)
    assert {r[4] for r in rows} <= {"date", "time", "duration", "set", "interval"}
    assert all(r[6] <= r[7] for r in rows if r[6] and r[7])
