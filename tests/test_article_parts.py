"""An article over ``PART_CHARS`` characters is read as consecutive articles ``ID``, ``ID#2``, ...: memory
holds one part's record, every part is written in input order, the articles around it are written.

Texts are the Wikinews corpus articles one after another (``test_long_articles.long_text``); the
in-process tests lower ``PART_CHARS`` so a part is a few stories, the slow one runs the command on
2.5 MB at the real limit.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import chunking
from extractor.chunking import article_parts
from extractor.engines.hooks import BatchOptions
from extractor.engines.local import run_batch
from extractor.io.readers import read_located
from extractor.io.sinks.registry import open_writer
from models import Article
from test_long_articles import CORPUS, long_text

ROOT = CORPUS.parents[1]


def _lines(long: dict) -> list[dict]:
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")][:2]
    return [{"id": "before", "text": texts[0], "published": "2022-10-04"}, long,
            {"id": "after", "text": texts[1], "published": "2022-10-04"}]


def _write_jsonl(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_an_ordinary_article_is_itself():
    article = Article(id="a", text=long_text(50_000), published="2022-10-04")
    assert list(article_parts(article, 50_000)) == [article]
    assert next(article_parts(article, 50_000)) is article


@pytest.mark.parametrize(("chars", "limit"), [(250_000, 100_000), (120_000, 30_000), (1_000_001, 1_000_000)])
def test_parts_cover_the_text_in_order_at_paragraph_breaks(chars, limit):
    text = long_text(chars)
    article = Article(id="wire/2022/1", text=text, published="2022-10-04", title="A long file", url="http://x/1")
    parts = list(article_parts(article, limit))
    assert len(parts) >= 2 and "".join(p.text for p in parts) == text
    assert [p.id for p in parts] == ["wire/2022/1"] + [f"wire/2022/1#{n}" for n in range(2, len(parts) + 1)]
    assert all(len(p.text) <= limit for p in parts)
    assert all(p.text.endswith("\n\n") for p in parts[:-1])  # cut at paragraph breaks
    assert all((p.title, p.url, p.published) == ("A long file", "http://x/1", article.published) for p in parts)
    assert all(p.part.startswith(f"part {n} of {len(parts)} of article 'wire/2022/1'")
               for n, p in enumerate(parts, start=1))


def test_undated_parts_after_the_first_are_dated_from_the_whole_text():
    dateline = "WASHINGTON, Oct. 4, 2022 (Reuters) - Officials said 12 people died on Monday.\n\n"
    article = Article(id="d", text=dateline + long_text(80_000))
    parts = list(article_parts(article, 30_000))
    assert parts[0].published is None  # it dates itself from its dateline, as a whole-text run would
    assert {str(p.published) for p in parts[1:]} == {"2022-10-04"}


def test_reader_gives_the_parts_in_place(tmp_path, monkeypatch):
    monkeypatch.setattr(chunking, "PART_CHARS", 40_000)
    source = _write_jsonl(tmp_path / "in.jsonl", _lines({"id": "long", "text": long_text(100_000),
                                                         "published": "2022-10-04"}))
    found = [(located.line, located.item.id) for located in read_located([source])]
    assert found == [(1, "before"), (2, "long"), (2, "long#2"), (2, "long#3"), (3, "after")]


def test_parts_are_written_as_records_of_their_own_text(tmp_path, monkeypatch, nlp_blank):
    monkeypatch.setattr(chunking, "PART_CHARS", 40_000)
    source = _write_jsonl(tmp_path / "in.jsonl", _lines({"id": "long", "text": long_text(100_000)}))
    with open_writer(tmp_path / "out.db") as writer:
        run_batch([source], writer, nlp_blank, options=BatchOptions(batch_size=2))
    with sqlite3.connect(tmp_path / "out.db") as conn:
        rows = conn.execute("SELECT article_id, text, record, published FROM articles ORDER BY rowid").fetchall()
    assert [row[0] for row in rows] == ["before", "long", "long#2", "long#3", "after"]
    for article_id, text, record, published in rows[1:4]:
        result = json.loads(record)
        assert result["quantities"] and all(text[q["span"][0]:q["span"][1]] == q["text"] for q in result["quantities"])
        assert any(w.startswith("part ") and "of article 'long'" in w for w in result["warnings"]), article_id
        assert published is not None  # undated input: every part is dated (from the corpus text's first line)


def test_2_5_mb_article_is_three_records_between_its_neighbours(tmp_path):
    source = _write_jsonl(tmp_path / "in.jsonl", _lines({"id": "long", "text": long_text(2_500_000),
                                                         "published": "2022-10-04"}))
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(source), "-o", str(tmp_path / "out.db"),
                           "--model", "blank", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "out.db") as conn:
        ids = [row[0] for row in conn.execute("SELECT article_id FROM articles ORDER BY rowid")]
        longest = conn.execute("SELECT max(length(text)) FROM articles").fetchone()[0]
    assert ids == ["before", "long", "long#2", "long#3", "after"]
    assert longest <= chunking.PART_CHARS


@pytest.mark.parametrize(("lengths", "size", "expected"), [
    ([4, 4, 4, 4], 16, [[4, 4, 4, 4]]),                    # ordinary articles: batches by count
    ([39, 40, 38], 16, [[39], [40], [38]]),                # parts (at most 40): one a batch
    ([5, 5, 15, 5, 0], 16, [[5, 5, 15], [5, 0]]),          # a batch closes once it holds half a part
    ([1] * 5, 2, [[1, 1], [1, 1], [1]]),
])
def test_batches_close_at_one_part(monkeypatch, lengths, size, expected):
    monkeypatch.setattr(chunking, "PART_CHARS", 40)
    assert list(chunking.batches(lengths, size, lambda n: n)) == expected


def test_each_part_is_committed_before_the_next_is_extracted(tmp_path, monkeypatch, nlp_blank):
    """The writer's batch of 64 and the pipeline's of 16 both close at one part: memory holds one."""
    monkeypatch.setattr(chunking, "PART_CHARS", 40_000)
    source = _write_jsonl(tmp_path / "in.jsonl", _lines({"id": "long", "text": long_text(100_000),
                                                         "published": "2022-10-04"}))
    db = tmp_path / "out.db"
    committed: list[list[str]] = []
    with open_writer(db, batch_size=64) as writer:
        real = writer.write

        def write(result, article):
            real(result, article)
            with sqlite3.connect(db) as conn:
                committed.append([row[0] for row in conn.execute("SELECT article_id FROM articles ORDER BY rowid")])

        writer.write = write
        run_batch([source], writer, nlp_blank, options=BatchOptions(batch_size=16))
    assert committed[1:4] == [["before", "long"], ["before", "long", "long#2"], ["before", "long", "long#2", "long#3"]]


def test_a_run_stopped_inside_a_long_article_resumes_at_its_next_part(tmp_path, monkeypatch, nlp_blank):
    from extractor.io.sinks.registry import existing_ids

    monkeypatch.setattr(chunking, "PART_CHARS", 40_000)
    source = _write_jsonl(tmp_path / "in.jsonl", _lines({"id": "long", "text": long_text(100_000),
                                                         "published": "2022-10-04"}))
    db = tmp_path / "out.db"
    with open_writer(db) as writer:  # stopped after the first part, as a killed run leaves it
        run_batch([source], writer, nlp_blank, options=BatchOptions(limit=2))
    with existing_ids(db) as stored, open_writer(db) as writer:
        counts = run_batch([source], writer, nlp_blank, skip=stored)
    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT article_id FROM articles ORDER BY rowid")]
    assert ids == ["before", "long", "long#2", "long#3", "after"] and counts.articles == 3 and counts.replaced == 0


def test_an_input_key_named_part_is_no_part(tmp_path):
    source = _write_jsonl(tmp_path / "in.jsonl", [{"id": "s", "text": "Officials said 12 people died.", "part": 3}])
    (located,) = read_located([source])
    assert located.item.id == "s" and located.item.part is None
