"""The Dask engine: same records, same order as one process; shards replaced, never duplicated."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from extractor.api import extract_many  # noqa: E402
from extractor.engines.dask import (  # noqa: E402
    Segment, Shard, plan_shards, read_shard, read_shard_file, run_dask, run_shard, shards_dir_for,
)
from extractor.io.readers import read_articles  # noqa: E402
from extractor.io.sinks.registry import read_rejects, read_results  # noqa: E402
from models import ArticleResult, Reject  # noqa: E402

N_ARTICLES = 20
BAD_LINES = (b'{"id": "no-text"}\n', b"not json\n", b"\n")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as own:
        yield own


@pytest.fixture(scope="module")
def dump(tmp_path_factory, wikinews_articles) -> Path:
    """~20 Wikinews articles with a few bad lines among them, in two files."""
    folder = tmp_path_factory.mktemp("dump")
    lines = [article.model_dump_json().encode() + b"\n" for article in wikinews_articles[:N_ARTICLES]]
    lines[5:5] = BAD_LINES
    (folder / "a.jsonl").write_bytes(b"".join(lines[:15]))
    (folder / "b.jsonl").write_bytes(b"".join(lines[15:]))
    return folder


@pytest.fixture(scope="module")
def expected(dump, nlp_blank) -> list[ArticleResult | Reject]:
    return list(extract_many(read_articles([dump]), nlp_blank))


def _results(items) -> list[ArticleResult]:
    return [item for item in items if isinstance(item, ArticleResult)]


@pytest.mark.parametrize("suffix", [".jsonl", ".db"])
def test_dask_engine_equals_single_process(client, dump, expected, tmp_path, suffix):
    output = tmp_path / f"out{suffix}"
    summary = run_dask([dump], str(output), client=client, shard_size=4, model="blank")
    got = list(read_results(output))
    assert got == _results(expected)
    assert [r.article_id for r in got] == [r.article_id for r in _results(expected)]
    assert summary.counts.articles == N_ARTICLES
    assert summary.counts.rejects == 2
    assert summary.shards == 6  # a.jsonl: 12 articles + 2 bad lines -> 4 shards; b.jsonl: 8 -> 2
    assert summary.pipeline == "blank"
    assert not summary.shards_dir.exists()


def test_dask_engine_keeps_rejects_with_file_and_line(client, dump, tmp_path):
    output = tmp_path / "out.db"
    run_dask([dump], str(output), client=client, shard_size=4, model="blank")
    rejects = sorted((Path(r.source).name, r.line, r.reason) for r in read_rejects(output))
    assert rejects == [("a.jsonl", 6, "missing field 'text'"),
                       ("a.jsonl", 7, "line is not valid JSON: Expecting value (col 1)")]


def test_dask_engine_rerun_of_a_shard_replaces_it(client, dump, expected, tmp_path):
    output = tmp_path / "out.db"
    summary = run_dask([dump], str(output), client=client, shard_size=4, model="blank", keep_shards=True)
    shards = list(plan_shards([dump], 4))
    first = shards_dir_for(output) / shards[1].name
    before = first.read_bytes()
    client.submit(run_shard, shards[1], str(summary.shards_dir), model="blank", pure=False).result()
    assert first.read_bytes() == before
    assert sorted(p.name for p in summary.shards_dir.iterdir()) == [s.name for s in shards]  # no temp left
    summary = run_dask([dump], str(output), client=client, shard_size=4, model="blank", keep_shards=True)
    with sqlite3.connect(output) as conn:
        ids = [row[0] for row in conn.execute("SELECT article_id FROM articles ORDER BY rowid")]
        (claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
    assert ids == [r.article_id for r in _results(expected)]
    assert claims == sum(len(r.claims) for r in _results(expected))
    assert list(read_results(output)) == _results(expected)


def test_dask_engine_local_cluster_without_client(dump, expected, tmp_path):
    output = tmp_path / "out.jsonl"
    summary = run_dask([dump / "b.jsonl"], str(output), workers=1, shard_size=100, model="blank")
    assert list(read_results(output)) == _results(expected)[12:]
    assert summary.shards == 1


def test_dask_engine_warns_on_repeated_ids_like_the_reader(client, dump, tmp_path):
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes((dump / "b.jsonl").read_bytes())
    inputs = [dump / "b.jsonl", copy]
    told: list[str] = []
    list(read_articles(inputs, on_warning=told.append))
    warnings: list[str] = []
    run_dask(inputs, str(tmp_path / "out.jsonl"), client=client, shard_size=3, model="blank",
             on_warning=warnings.append)
    assert warnings == told
    assert len(warnings) == 8
    assert warnings[0] == (f"{copy}:1: article {json.loads(copy.read_text().splitlines()[0])['id']!r} repeats "
                           f"an id first read at {dump / 'b.jsonl'}:1; both are processed and the later one "
                           "replaces the earlier in a database")


def test_plan_shards_covers_every_line_once(dump):
    shards = list(plan_shards([dump], 3))
    assert [s.index for s in shards] == list(range(len(shards)))
    lines = [(Path(source).name, line) for shard in shards for source, line, _ in read_shard(shard)]
    whole = [(Path(s).name, n) for s, n in _located(dump)]
    assert lines == whole


def _located(dump):
    from extractor.io.readers import read_located

    return [(located.source, located.line) for located in read_located([dump])]


def test_plan_shards_groups_txt_files(tmp_path):
    for name in "abcde":
        (tmp_path / f"{name}.txt").write_text(f"Article {name}.", encoding="utf-8")
    shards = list(plan_shards([tmp_path], 2))
    assert [[Path(seg.path).name for seg in shard.segments] for shard in shards] == [
        ["a.txt", "b.txt"], ["c.txt", "d.txt"], ["e.txt"]]


def test_plan_shards_rejects_bad_size(dump):
    with pytest.raises(ValueError, match="shard_size must be at least 1, not 0"):
        list(plan_shards([dump], 0))


def test_read_shard_missing_file_is_a_reject(tmp_path):
    shard = Shard(0, (Segment(str(tmp_path / "gone.jsonl")),))
    (item,) = [item for _, _, item in read_shard(shard)]
    assert isinstance(item, Reject) and item.reason == "file not found"


def test_read_shard_file_names_a_bad_line(tmp_path):
    path = tmp_path / "000000.jsonl"
    path.write_text(json.dumps({"nothing": 1}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"000000.jsonl:1: not a valid shard line"):
        list(read_shard_file(path))


def test_dask_engine_passes_max_chars_like_one_process(client, dump, nlp_blank, tmp_path):
    output = tmp_path / "out.db"
    articles = list(read_articles([dump / "b.jsonl"]))
    limit = sorted(len(article.text) for article in articles)[len(articles) // 2]
    assert any(len(article.text) > limit for article in articles)
    expected = list(extract_many(articles, nlp_blank, max_chars=limit))
    run_dask([dump / "b.jsonl"], str(output), client=client, shard_size=4, model="blank", max_chars=limit)
    assert list(read_results(output)) == _results(expected)
    assert [r.reason for r in read_rejects(output)] == [r.reason for r in expected if isinstance(r, Reject)]


def test_dask_engine_from_the_command_line(dump, expected, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "cli.jsonl"
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(dump), "-o", str(out),
                           "--engine", "dask", "--workers", "2", "--shard-size", "7", "--model", "blank"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert re.search(r"on dask \(\d+ shards\)", done.stderr), done.stderr
    assert list(read_results(out)) == _results(expected)
