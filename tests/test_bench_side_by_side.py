"""The bench's side-by-side configurations: the two halves of the speed corpus hold every article
once, and the report tells the machine's share of two workers' CPU from the engine's; the
interleaved run's line gives the ratios of its sums and the spread of its slices."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from bench import Measured, interleaved, interleaved_engines, repeated_corpus, side_by_side  # noqa: E402
from bench_configs import _halves  # noqa: E402


def test_halves_hold_every_article_once(tmp_path: Path) -> None:
    corpus = tmp_path / "speed.jsonl"
    _, articles = repeated_corpus(corpus, min_articles=181)
    halves = _halves(corpus, tmp_path)
    ids = [[json.loads(line)["id"] for line in half.open(encoding="utf-8")] for half in halves]
    assert sorted(ids[0] + ids[1]) == sorted(json.loads(line)["id"] for line in corpus.open(encoding="utf-8"))
    assert (len(ids[0]), len(ids[1])) == (91, 90) and articles == 181


def _run(parent: float, workers: list[float], count: int = 0) -> Measured:
    return Measured({"wall": 10.0, "parent_cpu": parent, "worker_cpu": workers, "workers": count, "began": 0.0})


@pytest.mark.parametrize(("pool", "engine_share"), [(12.0, "1.00×"), (15.0, "1.25×")])
def test_report_separates_machine_from_engine(pool: float, engine_share: str) -> None:
    runs = {"bare": _run(10.0, []), "wireclaims": _run(10.0, []), "workers2": _run(0.0, [pool], 2),
            "dask2": _run(1.0, [5.5, 5.5], 2), "bare2": _run(0.0, [11.0], 2), "halves": _run(0.0, [12.0], 2)}
    line = side_by_side(runs)[1]
    assert "bare spaCy side by side costs 1.10×" in line
    assert "two one-worker wireclaims runs side by side 1.20× one worker's" in line
    assert f"the pool's two workers cost {engine_share} the side-by-side runs" in line
    assert "Dask's 1.00×" in line


def test_interleaved_line_divides_the_sums_and_gives_the_slices_spread() -> None:
    result = {"slices": 5, "articles": 40, "cpu": {"bare": 12.0, "bare_kernels": 9.0, "wireclaims": 10.0},
              "slice_ratios": [1.0, 1.4, 1.2, 1.1, 1.3]}
    line = interleaved(result)
    assert "5 slices of 8 articles" in line
    assert "wireclaims is **1.20× bare spaCy** by CPU (0.90× bare spaCy on the same kernels)" in line
    assert "median 1.20, quartiles 1.10–1.30" in line


def test_engines_line_gives_the_pool_over_one_worker_and_dask_over_the_pool() -> None:
    whole = {"wireclaims": {"wall": 40.0, "cpu": 40.0}, "workers2": {"wall": 21.0, "cpu": 42.0},
             "dask2": {"wall": 22.0, "cpu": 44.0}}
    sliced = {"wireclaims": {"wall": 30.0, "cpu": 30.0}, "workers2": {"wall": 20.0, "cpu": 40.0},
              "dask2": {"wall": 16.0, "cpu": 32.0}}
    line = interleaved_engines({"articles": 713, "whole": {"runs": 3, "engines": whole},
                                "sliced": {"runs": 4, "engines": sliced}})
    whole_part, sliced_part = line.split("4 runs on slices")
    assert "3 runs of the whole corpus (713 articles)" in whole_part
    assert "Two workers are **1.90× one worker by wall**, 1.90× by CPU" in whole_part
    assert "Dask is **0.95× the pool by wall**, 0.95× by CPU" in whole_part
    assert "Two workers are **1.50× one worker by wall**, 1.50× by CPU" in sliced_part
    assert "Dask is **1.25× the pool by wall**, 1.25× by CPU" in sliced_part
