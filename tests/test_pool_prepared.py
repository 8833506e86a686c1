"""The pool's workers prepare records for the writer (``Prepared``), and the end of a run is cut into
shrinking chunks (``engines.local._taper``): same bytes written, input order kept, every article once."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from extractor.chunking import batch_chars
from extractor.engines import local
from extractor.engines.hooks import BatchOptions, Hooks
from extractor.engines.local import IN_FLIGHT_PER_WORKER, TAIL_CHUNK, run_batch
from extractor.io.readers import Located
from extractor.io.sinks import jsonl, sqlite
from extractor.io.sinks.base import Counts, Prepared
from extractor.io.sinks.registry import open_writer
from models import Article, ArticleResult


def _dump_tables(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.iterdump())


def _run(output: Path, dump: Path, nlp, hooks: Hooks | None = None, **options) -> Path:
    with open_writer(output) as writer:
        run_batch([dump], writer, nlp, options=BatchOptions(**options), hooks=hooks)
    return output


@pytest.fixture
def dump(tmp_path, wikinews_articles) -> Path:
    """Twelve corpus articles and a line that is not an article (a reject)."""
    path = tmp_path / "in.jsonl"
    lines = [article.model_dump_json(exclude_none=True) for article in wikinews_articles[:12]]
    path.write_text("\n".join([*lines, '{"id": "no-text"}']) + "\n", encoding="utf-8")
    return path


def test_pooled_sqlite_rows_are_the_one_worker_rows(tmp_path, dump, nlp_blank):
    one, two = Hooks(), Hooks()
    _run(tmp_path / "one.db", dump, nlp_blank, one, batch_size=3)
    _run(tmp_path / "two.db", dump, nlp_blank, two, batch_size=3, workers=2)
    assert _dump_tables(tmp_path / "two.db") == _dump_tables(tmp_path / "one.db")
    assert two.progress == one.progress
    assert (one.progress.articles, one.progress.rejects) == (12, 1)
    assert one.progress.claims > 12  # the corpus articles do carry claims: the count is read from them


def test_pooled_jsonl_lines_are_the_one_worker_lines(tmp_path, dump, nlp_blank):
    _run(tmp_path / "one.jsonl", dump, nlp_blank, batch_size=5)
    _run(tmp_path / "two.jsonl", dump, nlp_blank, batch_size=5, workers=2)
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert (tmp_path / "two.rejects.jsonl").read_bytes() == (tmp_path / "one.rejects.jsonl").read_bytes()


class _Spy:
    """A writer that keeps what it is given; ``prepare`` only when told to."""

    def __init__(self, prepare=None) -> None:
        self.counts, self.given = Counts(), []
        if prepare is not None:
            self.prepare = prepare

    def write(self, result, article) -> None:
        self.given.append(type(result))
        self.counts.add(result)

    def reject(self, reject) -> None:
        self.counts.rejects += 1


def test_the_parent_gets_prepared_records_only_from_a_writer_that_prepares(dump, nlp_blank):
    preparing, plain = _Spy(sqlite.prepare), _Spy()
    for writer in (preparing, plain):
        run_batch([dump], writer, nlp_blank, options=BatchOptions(batch_size=4, workers=2))
    assert preparing.given == [Prepared] * 12
    assert plain.given == [ArticleResult] * 12  # a writer of its own still gets whole records
    assert preparing.counts == plain.counts


def test_counts_of_a_prepared_record_are_the_records_counts(nlp_blank, wikinews_articles):
    from extractor.api import extract_many

    article = wikinews_articles[0]
    [result] = extract_many([article], nlp_blank)
    direct, prepared = Counts(), Counts()
    direct.add(result)
    for prepare in (sqlite.prepare, jsonl.prepare):
        prepared.add(prepare(result, article))
    assert prepared.as_dict() == {name: 2 * value for name, value in direct.as_dict().items()}
    assert direct.claims == len(result.claims) > 0


# --- the end of a run in shrinking chunks ----------------------------------------------------------

def _entries(lengths: list[int]) -> list[Located]:
    return [Located(item=Article(id=str(n), text="x" * length), source="in.jsonl", line=n + 1)
            for n, length in enumerate(lengths)]


@pytest.mark.parametrize("articles", [1, 3, 20, 192, 713])
def test_chunks_cover_the_input_in_order_and_shrink_at_the_end(articles):
    entries = _entries([200] * articles)
    chunks = list(local._chunks(iter(entries), 16, 2))
    assert [entry for chunk in chunks for entry in chunk] == entries
    sizes = [len(chunk) for chunk in chunks]
    assert max(sizes) <= 16
    assert sizes == sorted(sizes, reverse=True)  # whole chunks first, then ever smaller
    assert all(size >= TAIL_CHUNK for size in sizes[:-1])
    if articles >= 4 * TAIL_CHUNK:
        assert sizes[-1] <= TAIL_CHUNK  # the last worker to finish has at most a small chunk left
        assert len(chunks) >= 2 * 2  # even a short input goes to both workers, twice over


@pytest.mark.parametrize("size", [1, 2, 3])
def test_the_end_of_a_run_keeps_a_batch_size_below_the_tail_chunk(size):
    entries = _entries([200] * 30)
    chunks = list(local._chunks(iter(entries), size, 2))
    assert [entry for chunk in chunks for entry in chunk] == entries
    assert {len(chunk) for chunk in chunks} == {size}


def test_only_the_chunks_of_the_last_window_are_cut():
    chunks = list(local._chunks(iter(_entries([200] * 713)), 16, 2))
    whole = [len(chunk) for chunk in chunks].index(next(size for size in map(len, chunks) if size < 16))
    assert whole >= (713 - IN_FLIGHT_PER_WORKER * 2 * 16) // 16  # 44 of them, less at most the held 8


def test_cut_chunks_still_close_on_text():
    limit = batch_chars()
    # long parts among short articles at the end of the input: a chunk never holds two long parts
    lengths = [100] * 40 + [limit, 100, limit, limit, 100, 100, limit, 100]
    chunks = list(local._chunks(iter(_entries(lengths)), 16, 2))
    assert [entry for chunk in chunks for entry in chunk] == _entries(lengths)
    for chunk in chunks:
        longs = [n for n, entry in enumerate(chunk) if len(entry.item.text) >= limit]
        assert longs in ([], [len(chunk) - 1])  # a long part closes its chunk, as in a whole chunk
