"""extractor.engines.local and the long-article path of extractor.api: limit, resume, workers, crashes, pieces."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from contextlib import closing
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from extractor.api import extract_many
from extractor.engines.hooks import BatchOptions, Hooks
from extractor.engines.local import run_batch
from extractor.io.readers import count_inputs
from extractor.io.sinks.registry import StoredIds, existing_ids
from extractor.components.build import claim_id
from extractor.chunking import split_text
from extractor.cli.app import app
from extractor.cli.progress import progress_bar
from extractor.io.sinks.registry import open_writer, read_rejects, read_results
from extractor.io.sinks.sqlite import SCHEMA
from models import Article, ArticleResult, Quantity

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "wikinews.jsonl"
runner = CliRunner()


def write_dump(path: Path, articles: list[Article], copies: int = 1) -> Path:
    """``articles`` as a JSONL dump, repeated ``copies`` times with new ids (``c<n>-<id>``)."""
    with path.open("w", encoding="utf-8") as stream:
        for copy in range(copies):
            for article in articles:
                fields = article.model_dump(mode="json", exclude_none=True)
                fields["id"] = f"c{copy}-{article.id}" if copies > 1 else article.id
                stream.write(json.dumps(fields) + "\n")
    return path


def table_rows(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as conn:
        return {
            "articles": [r[0] for r in conn.execute("SELECT article_id FROM articles ORDER BY rowid")],
            "claims": sorted(conn.execute("SELECT article_id, id FROM claims").fetchall()),
            "counts": [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("quantities", "claims", "officials", "countries", "dates", "rejects")],
        }


def run_to(path: Path, inputs: list[Path], nlp, **options) -> list[ArticleResult]:
    with open_writer(path) as writer:
        run_batch(inputs, writer, nlp, options=BatchOptions(**options))
    return list(read_results(path))


# --- limit, skip, workers -------------------------------------------------------------------

@pytest.mark.parametrize(("limit", "expected"), [(1, 1), (4, 4), (6, 6), (1000, 6)])
def test_batch_limit_stops_after_n_inputs(tmp_path, nlp_blank, wikinews_articles, limit, expected):
    dump = write_dump(tmp_path / "in.jsonl", wikinews_articles[:6])
    records = run_to(tmp_path / "out.jsonl", [dump], nlp_blank, limit=limit)
    assert [r.article_id for r in records] == [a.id for a in wikinews_articles[:expected]]
    assert count_inputs([dump], limit=limit) == expected


@pytest.mark.parametrize(("files", "expected"), [
    ({"a.jsonl": "{}\n\n{}\n"}, 2),
    ({"a.csv": "id,text\n1,x\n2,y\n"}, 2),
    ({"a.txt": "x", "b.html": "<p>x</p>", "c.jsonl": "{}\n"}, 3),
])
def test_batch_count_inputs(tmp_path, files, expected):
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    assert count_inputs([tmp_path]) == expected


@pytest.mark.parametrize("suffix", [".jsonl", ".db"])
def test_batch_skip_existing_resumes_a_limited_run(tmp_path, nlp_blank, wikinews_articles, suffix):
    dump = write_dump(tmp_path / "in.jsonl", wikinews_articles[:12])
    clean = run_to(tmp_path / f"clean{suffix}", [dump], nlp_blank)
    out = tmp_path / f"out{suffix}"
    run_to(out, [dump], nlp_blank, limit=5)
    skip = existing_ids(out)
    assert skip == {a.id for a in wikinews_articles[:5]}
    hooks = Hooks()
    writer = open_writer(out) if suffix == ".db" else _appending(out)
    with writer:
        run_batch([dump], writer, nlp_blank, skip=skip, hooks=hooks)
    assert (hooks.progress.read, hooks.progress.skipped, writer.counts.articles) == (12, 5, 7)
    assert [r.model_dump() for r in read_results(out)] == [r.model_dump() for r in clean]


def _appending(path: Path):
    from extractor.io.sinks.jsonl import JsonlWriter

    return JsonlWriter(path, append=True)


@pytest.mark.parametrize(("tail", "kept"), [(b'{"schema_version": "1", "article_id": "torn', 2), (b"", 2)])
def test_batch_existing_ids_cuts_a_torn_jsonl_line(tmp_path, nlp_blank, wikinews_articles, tail, kept):
    dump = write_dump(tmp_path / "in.jsonl", wikinews_articles[:2])
    out = tmp_path / "out.jsonl"
    run_to(out, [dump], nlp_blank)
    whole = out.read_bytes()
    out.write_bytes(whole + tail)
    assert existing_ids(out) == {a.id for a in wikinews_articles[:kept]}
    assert out.read_bytes() == whole


def test_batch_stored_ids_answers_from_the_database(tmp_path, nlp_blank, wikinews_articles):
    out = tmp_path / "out.db"
    run_to(out, [write_dump(tmp_path / "first.jsonl", wikinews_articles[:4])], nlp_blank)
    with existing_ids(out) as stored:
        assert isinstance(stored, StoredIds)
        assert all(a.id in stored for a in wikinews_articles[:4])
        assert wikinews_articles[4].id not in stored and "" not in stored and 7 not in stored
        run_to(out, [write_dump(tmp_path / "more.jsonl", wikinews_articles[4:6])], nlp_blank)
        assert wikinews_articles[4].id not in stored  # written after it was made: the resuming run's own
        assert len(stored) == 4 and list(stored) == [a.id for a in wikinews_articles[:4]]
    assert existing_ids(tmp_path / "none.db") == set()


def test_batch_stored_ids_holds_no_id_in_memory(tmp_path):
    out = tmp_path / "out.db"
    ids = [f"article-{number:06d}" for number in range(20_000)]
    with closing(sqlite3.connect(out)) as conn, conn:
        conn.executescript(SCHEMA)
        conn.executemany("INSERT INTO articles (article_id, text, record) VALUES (?, '', '{}')", [(i,) for i in ids])
    tracemalloc.start()
    try:
        with existing_ids(out) as stored:
            found = [i for i in ids[::7] + [f"absent-{n}" for n in range(2_000)] if i in stored]
            held = tracemalloc.get_traced_memory()[0]
            as_set = set(stored)
            in_a_set = tracemalloc.get_traced_memory()[0] - held
    finally:
        tracemalloc.stop()
    assert found == ids[::7] and as_set == set(ids)
    assert held < 64 * 1024 < in_a_set / 10


@pytest.mark.parametrize(("content", "message"), [
    (b'{"article_id": "a"}\nnot json\n', "{out}:2: not a valid record, cannot resume from it"),
    (b'{"article_id": "a"}\n[1]\n', "{out}:2: not a valid record, cannot resume from it"),
])
def test_batch_existing_ids_bad_jsonl_is_an_error(tmp_path, content, message):
    out = tmp_path / "out.jsonl"
    out.write_bytes(content)
    with pytest.raises(ValueError) as err:
        existing_ids(out)
    assert str(err.value) == message.format(out=out)


def test_batch_workers_keep_input_order_and_records(tmp_path, nlp_blank, wikinews_articles):
    dump = write_dump(tmp_path / "in.jsonl", wikinews_articles[:9])
    with (tmp_path / "in.jsonl").open("a") as stream:
        stream.write('{"id": "broken"}\n')
    one = run_to(tmp_path / "one.db", [dump], nlp_blank, batch_size=2)
    two = run_to(tmp_path / "two.db", [dump], nlp_blank, batch_size=2, workers=2)
    assert [r.model_dump() for r in two] == [r.model_dump() for r in one]
    assert [r.article_id for r in two] == [a.id for a in wikinews_articles[:9]]
    rejects = [reject.message() for reject in read_rejects(tmp_path / "two.db")]
    assert rejects == [f"{dump}:10: article 'broken': missing field 'text'"]


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_component_crash_rejects_that_article_only(tmp_path, monkeypatch, nlp_blank, wikinews_articles, workers):
    from extractor.components.claims import Claims

    victim = wikinews_articles[3]
    original = Claims.__call__

    def explode(self, doc):
        if doc.text == victim.text:
            raise RuntimeError("boom on purpose")
        return original(self, doc)

    monkeypatch.setattr(Claims, "__call__", explode)
    dump = write_dump(tmp_path / "in.jsonl", wikinews_articles[:6])
    records = run_to(tmp_path / "out.db", [dump], nlp_blank, batch_size=4, workers=workers)
    assert [r.article_id for r in records] == [a.id for a in wikinews_articles[:6] if a.id != victim.id]
    [reject] = read_rejects(tmp_path / "out.db")
    assert reject.message() == f"{dump}:4: article '{victim.id}': pipeline failed: RuntimeError: boom on purpose"


# --- interrupted runs -------------------------------------------------------------------------

def _cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "extractor", "extract", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _stop_when(proc: subprocess.Popen, db: Path, more_than: int, signum: int) -> None:
    deadline = time.monotonic() + 120
    while _stored(db) <= more_than and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted: make the corpus bigger"
    proc.send_signal(signum)
    proc.wait(timeout=60)


def test_batch_killed_run_resumes_without_loss_or_duplicates(tmp_path, nlp_blank, wikinews_articles):
    # big enough that both interruptions land mid-run even on a fast machine
    dump = write_dump(tmp_path / "big.jsonl", wikinews_articles[:45], copies=6)
    clean_db = tmp_path / "clean.db"
    run_to(clean_db, [dump], nlp_blank, batch_size=8)
    out = tmp_path / "out.db"
    args = [str(dump), "-o", str(out), "--model", "blank", "--batch-size", "8", "--skip-existing"]
    first = _cli(*args)
    _stop_when(first, out, 8, signal.SIGKILL)
    assert first.returncode == -signal.SIGKILL
    after_kill = _stored(out)
    assert after_kill % 8 == 0 and 0 < after_kill < 270
    second = _cli(*args)
    _stop_when(second, out, after_kill + 8, signal.SIGTERM)
    stderr = second.stderr.read()
    assert second.returncode == 130, stderr
    assert re.search(r"wireclaims: interrupted after \d+ articles written; run the same command with "
                     r"--skip-existing to resume", stderr)
    third = _cli(*args)
    assert third.wait(timeout=300) == 0, third.stderr.read()
    assert "articles skipped (already in the output)" in third.stderr.read()
    assert table_rows(out) == table_rows(clean_db)
    assert len(table_rows(out)["articles"]) == 270


# --- long articles ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "limit", "bounds"), [
    ("One.\n\nTwo.\n\nThree.", 100, [(0, 18)]),
    ("One.\n\nTwo.\n\nThree.", 12, [(0, 12), (12, 18)]),
    ("One.\n\nTwo.\n\nThree.", 11, [(0, 6), (6, 12), (12, 18)]),
    ("One.\n\nTwo.\n\nThree.", 6, [(0, 6), (6, 12), (12, 18)]),
    ("One.\n \n\nTwo.", 9, [(0, 8), (8, 12)]),
    ("One line.\nTwo line.", 12, [(0, 10), (10, 19)]),
    ("Some words here", 10, [(0, 5), (5, 15)]),
    ("abcdefghij", 4, [(0, 4), (4, 8), (8, 10)]),
])
def test_batch_split_text_at_paragraphs_then_lines_then_spaces(text, limit, bounds):
    assert split_text(text, limit) == bounds


def test_batch_split_text_bad_limit():
    with pytest.raises(ValueError) as err:
        split_text("text", 0)
    assert str(err.value) == "limit must be at least 1, not 0"


@pytest.mark.parametrize(("index", "copies", "per_piece", "pieces"), [(0, 4, 1, 4), (0, 4, 2, 2), (7, 6, 3, 2)])
def test_batch_long_article_in_pieces_equals_one_run(nlp_blank, wikinews_articles, index, copies, per_piece, pieces):
    article = wikinews_articles[index]
    body = article.text.split("\n\n", 1)[1]
    text = "\n\n".join([body] * copies)
    long = article.model_copy(update={"text": text})
    [whole] = extract_many([long], nlp_blank)
    limit = (len(body) + 2) * per_piece
    [split] = extract_many([long], nlp_blank, max_chars=limit)
    assert split.check_spans(text) == []
    assert split.warnings[-1] == (f"text has {len(text):,} characters, over the limit of {limit:,}: "
                                  f"processed in {pieces} pieces split at paragraph breaks")
    assert split.model_copy(update={"warnings": split.warnings[:-1]}) == whole
    [one] = extract_many([article.model_copy(update={"text": body})], nlp_blank)
    assert len(split.claims) == copies * len(one.claims) > 0


def _fake_records(article: Article, doc, pipeline: str) -> ArticleResult:
    """Cheap stand-in for the components (the real ones are quadratic on 1 MB docs): every
    number is a quantity with one claim whose sentence is its paragraph."""
    text, quantities, claims = doc.text, [], []
    for match in re.finditer(r"\d[\d,.]*\d|\d", text):
        quantity = Quantity(text=match.group(), span=match.span(), value=None, low=None, high=None, bound="exact")
        start, end = text.rfind("\n", 0, match.start()) + 1, text.find("\n", match.end())
        end = len(text) if end < 0 else end
        claims.append({"id": claim_id(article.id, quantity), "quantity": len(quantities),
                       "sentence": {"text": text[start:end], "span": (start, end)}})
        quantities.append(quantity)
    return ArticleResult.model_validate({"article_id": article.id, "pipeline": pipeline,
                                         "quantities": quantities, "claims": claims,
                                         "published": doc._.wc_anchor and doc._.wc_anchor.isoformat()})


def test_batch_article_of_2_5_mb_is_processed_in_pieces(monkeypatch, nlp_blank, wikinews_articles):
    article = wikinews_articles[0]
    paragraphs = [p for p in article.text.split("\n\n")[1:] if p.strip()]
    block = "\n\n".join(paragraphs)
    text = "\n\n".join([block] * (2_500_000 // (len(block) + 2) + 1))
    assert len(text) > 2_500_000
    monkeypatch.setattr("extractor.api._pipe_all", lambda nlp, docs: {d._.wc_index: (d, None) for d in docs})
    monkeypatch.setattr("extractor.api.to_result", _fake_records)
    [result] = extract_many([article.model_copy(update={"text": text})], nlp_blank)
    bounds = split_text(text, 1_000_000)
    assert len(bounds) == 3 and all(end - start <= 1_000_000 for start, end in bounds)
    assert all(text[end - 2:end] == "\n\n" for _, end in bounds[:-1])
    assert result.check_spans(text) == []
    per_block = len(_fake_records(article, nlp_blank.make_doc(block), "x").claims)
    assert len(result.claims) == text.count(block) * per_block > 0
    assert len({c.id for c in result.claims}) == len(result.claims)
    assert all(result.quantities[c.quantity].span[0] >= c.sentence.span[0] for c in result.claims)
    assert result.published == "2008-03-01"


# --- CLI: help, progress ----------------------------------------------------------------------

def test_batch_extract_help_documents_resume():
    result = runner.invoke(app, ["extract", "--help"], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    assert "Run again with --skip-existing to resume" in text
    for option in ("--limit", "--skip-existing", "--workers", "--id-column", "--text-column", "--published-column"):
        assert option in text


@pytest.mark.parametrize(("args", "message"), [
    (["--skip-existing", "-o", "-"], "wireclaims: error: --skip-existing needs an output file, not stdout"),
    (["--workers", "0"], "Invalid value for '--workers': Input should be greater than or equal to 1"),
])
def test_batch_extract_bad_options(tmp_path, args, message):
    dump = tmp_path / "in.jsonl"
    dump.write_text('{"id": "a", "text": "Some 3,000 people left."}\n')
    result = runner.invoke(app, ["extract", str(dump), "--model", "blank", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


def test_batch_progress_bar_shows_articles_claims_and_eta(tmp_path, nlp_blank, wikinews_articles):
    dump = write_dump(tmp_path / "in.jsonl", wikinews_articles[:3])
    screen = io.StringIO()
    hooks = Hooks()
    console = Console(file=screen, force_terminal=True, width=160, color_system=None)
    with open_writer(tmp_path / "out.db") as writer, progress_bar(hooks, total=count_inputs([dump]), console=console):
        run_batch([dump], writer, nlp_blank, hooks=hooks)
    frames = [line for line in re.split(r"[\r\n]", screen.getvalue()) if "articles" in line]
    last = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", frames[-1])
    assert "articles" in last and "3/3" in last and "articles/s, 0:00:00 left" in last
    assert f"{hooks.progress.claims:,} claims, 0 rejects" in last
