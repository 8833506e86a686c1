"""``--strict-components`` with ``--engine dask``: each worker's pipeline gets spaCy's raising error
handler, so a component's error rejects its article (naming the error) instead of a warning."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed")

from extractor.engines.dask import run_dask  # noqa: E402
from extractor.io.sinks.registry import read_rejects, read_results  # noqa: E402
from models import Article  # noqa: E402

pytestmark = pytest.mark.slow  # a cluster of worker processes

#: Real news style: a title and a name, so the officials component runs on them.
TEXTS = ["Finance Minister Jim Flaherty said on Tuesday that 1,200 jobs would be cut.",
         "Defence Secretary Liam Fox said 20,000 troops would stay until 2014."]


def _break_officials() -> None:
    """Runs in each worker: the officials component's helper raises."""
    import extractor.components.officials as officials

    def broken(*args):
        raise RuntimeError("boom")

    officials._original = getattr(officials, "_original", officials._add_surname_mentions)
    officials._add_surname_mentions = broken


def _mend_officials() -> None:
    import extractor.components.officials as officials

    officials._add_surname_mentions = officials._original


@pytest.fixture(scope="module")
def broken_cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        client.run(_break_officials)
        yield client
        client.run(_mend_officials)


@pytest.fixture()
def articles(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(Article(id=f"a{i}", text=text, published="2011-03-01").model_dump_json() + "\n"
                            for i, text in enumerate(TEXTS)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("strict", "rejected", "warned"),
    [
        (True, {"a0": "pipeline failed: RuntimeError: boom", "a1": "pipeline failed: RuntimeError: boom"}, []),
        (False, {}, ["officials skipped: RuntimeError: boom"] * 2),  # production: warn, keep going
    ],
)
def test_dask_strict_components_reach_the_workers(broken_cluster, articles, tmp_path, strict, rejected, warned):
    output = tmp_path / "out.db"
    run_dask([articles], str(output), client=broken_cluster, shard_size=1, model="blank", strict_components=strict)
    assert {r.article_id: r.reason for r in read_rejects(output)} == rejected
    assert [w for r in read_results(output) for w in r.warnings] == warned
