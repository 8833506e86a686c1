"""Very long articles: the cost of every component grows linearly with the text, and the pieces a
long text is split into are small enough that each stays cheap.

The growth is measured by counting the Python function calls the pipeline makes (deterministic,
unlike a clock on a shared machine) on one article made of real Wikinews articles and on one four
times as long: a linear pipeline makes about four times the calls, a quadratic one sixteen.
``scripts/bench_length.py`` measures the times and peak memory from 0.25 MB up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from extractor import api
from extractor.api import extract_many
from extractor.chunking import split_text
from models import Article, ArticleResult

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"


def long_text(chars: int) -> str:
    """The Wikinews articles one after another (paragraph breaks between), cut at ``chars``."""
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    parts, size = [], 0
    while size < chars:
        parts.append(texts[len(parts) % len(texts)])
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)[:chars]


def calls_to_extract(nlp, chars: int) -> tuple[int, ArticleResult]:
    """Python calls made extracting one article of ``chars`` characters in ONE piece."""
    article = Article(id="long", text=long_text(chars), published="2022-10-04")
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        (result,) = list(extract_many([article], nlp, max_chars=10 * chars))
    finally:
        sys.setprofile(None)
    return count, result


def test_every_component_linear_in_article_length(nlp_blank):
    calls_to_extract(nlp_blank, 20_000)  # warm the per-word caches, as a run does
    small, small_result = calls_to_extract(nlp_blank, 38_000)  # a quarter of the corpus
    large, large_result = calls_to_extract(nlp_blank, 152_000)  # the whole corpus
    found = len(large_result.quantities) / len(small_result.quantities)
    print(f"4x the text: {found:.2f}x the figures, {large / small:.2f}x the calls")
    assert found > 3  # the longer text has its share of figures
    assert large / small < 6, f"4x the text cost {large / small:.1f}x the calls (linear: 4x to 6x, quadratic: 16x)"


def test_long_articles_split_into_cheap_pieces():
    assert api.MAX_CHARS <= 100_000
    text = long_text(1_000_000)
    pieces = split_text(text, api.MAX_CHARS)
    assert len(pieces) >= 10 and max(end - start for start, end in pieces) <= api.MAX_CHARS
    assert all(text[end - 2:end] == "\n\n" for _, end in pieces[:-1])  # cut at paragraph breaks


def test_pieces_run_one_at_a_time(nlp_blank, monkeypatch):
    seen: list[int] = []
    real = api._pipe_all

    def pipe_all(nlp, docs):
        seen.append(len(docs))
        return real(nlp, docs)

    monkeypatch.setattr(api, "_pipe_all", pipe_all)
    article = Article(id="long", text=long_text(60_000), published="2022-10-04")
    result = api.extract_long(article, nlp_blank, limit=10_000)
    assert len(seen) >= 6 and set(seen) == {1}  # one piece's Doc in memory at a time
    assert all(article.text[q.span[0]:q.span[1]] == q.text for q in result.quantities)
    assert any("processed in" in warning for warning in result.warnings)


@pytest.mark.parametrize("chars", [150_000])
def test_long_article_records_match_one_piece_run(nlp_blank, chars):
    """Pieces of MAX_CHARS give the same figures as one piece, bar the sentences cut by a piece."""
    article = Article(id="long", text=long_text(chars), published="2022-10-04")
    (whole,) = list(extract_many([article], nlp_blank, max_chars=10 * chars))
    (split,) = list(extract_many([article], nlp_blank))
    spans = {tuple(q.span) for q in whole.quantities}
    same = [q for q in split.quantities if tuple(q.span) in spans]
    assert len(same) >= 0.99 * len(whole.quantities)


def test_long_article_does_not_hold_back_its_neighbours(tmp_path):
    import sqlite3
    import subprocess

    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")][:2]
    lines = [{"id": "before", "text": texts[0]}, {"id": "long", "text": long_text(250_000)},
             {"id": "after", "text": texts[1]}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({**line, "published": "2022-10-04"}) + "\n" for line in lines))
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(source), "-o", str(tmp_path / "out.db"),
                           "--model", "blank", "--workers", "2", "--batch-size", "1"],
                          cwd=CORPUS.parents[1], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "out.db") as conn:
        records = dict(conn.execute("SELECT article_id, record FROM articles"))
    assert set(records) == {"before", "long", "after"}
    assert "processed in 3 pieces split at paragraph breaks" in records["long"]
