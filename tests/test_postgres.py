"""extractor.io.sinks.postgres: a real throwaway PostgreSQL server (tests/pg_server.py), real Wikinews articles.

Skipped, naming the package to install, when PostgreSQL's server binaries or psycopg are missing.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'psycopg[binary]>=3.2'")

from pg_server import PgUnavailable

from extractor.io import rows
from extractor.io.sinks import postgres, registry
from extractor.io.sinks.postgres import (
    COLUMNS,
    PostgresWriter,
    find_result,
    read_rejects,
    redact,
)
from extractor.io.sinks.registry import open_writer, read_results
from models import Reject

#: Each table's key, for comparing whole tables whatever order rows were written in.
ORDER = {"articles": "article_id", "quantities": "article_id, idx", "claims": "article_id, id",
         "officials": "article_id, idx", "countries": "article_id, code", "dates": "article_id, idx",
         "rejects": "source, line, article_id"}


@pytest.fixture()
def pg_url(pg) -> str:
    return pg.create_database()


@pytest.fixture(scope="module")
def schema_url(pg) -> str:
    """A database holding the empty tables and indexes (for tests that only read the schema)."""
    url = pg.create_database()
    open_writer(url).close()
    return url


@pytest.fixture(scope="module")
def clean_snapshot(pg, five):
    """``clean_snapshot(n)``: the tables after one clean run on the first ``n`` of the five articles."""
    articles, results = five
    cache: dict[int, dict[str, list[tuple]]] = {}

    def clean(n: int) -> dict[str, list[tuple]]:
        if n not in cache:
            url = pg.create_database()
            write_all(url, articles[:n], results[:n])
            cache[n] = snapshot(url)
        return cache[n]

    return clean



def write_all(url: str, articles, results, batch_size: int = 64) -> PostgresWriter:
    with open_writer(url, batch_size=batch_size) as writer:
        for result, article in zip(results, articles):
            writer.write(result, article)
    return writer


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (without the ``seq`` order columns), sorted by key."""
    columns = {**{t: ", ".join(f'"{c}"' for c in cols) for t, cols in COLUMNS.items()},
               "rejects": "source, line, article_id, reason, raw"}
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT {columns[t]} FROM {t} ORDER BY {ORDER[t]}").fetchall() for t in ORDER}


def counts(url: str) -> dict[str, int]:
    return {table: len(rows) for table, rows in snapshot(url).items()}


def expected_counts(results) -> dict[str, int]:
    return {"articles": len(results), **{t: sum(len(getattr(r, t)) for r in results)
                                         for t in ("quantities", "claims", "officials", "countries", "dates")},
            "rejects": 0}


@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_postgres_wikinews_round_trip_is_exact(pg_url, five, batch_size):
    articles, results = five
    writer = write_all(pg_url, articles, results, batch_size)
    assert list(read_results(pg_url)) == results
    assert counts(pg_url) == expected_counts(results)
    assert writer.counts.as_dict() == {**expected_counts(results), "replaced": 0}
    assert sum(len(r.claims) for r in results) > 20  # the articles do carry claims


def test_postgres_rerun_leaves_identical_rows(pg_url, five):
    articles, results = five
    write_all(pg_url, articles, results, batch_size=2)
    first = snapshot(pg_url)
    writer = write_all(pg_url, articles, results, batch_size=3)
    assert snapshot(pg_url) == first
    assert counts(pg_url) == expected_counts(results)
    assert writer.counts.replaced == 5
    assert list(read_results(pg_url)) == results


def test_postgres_rerun_in_one_batch_keeps_the_later_and_moves_it_last(pg_url, five):
    articles, results = five
    writer = write_all(pg_url, [articles[0], articles[1], articles[0]], [results[0], results[1], results[0]])
    assert [r.article_id for r in read_results(pg_url)] == [results[1].article_id, results[0].article_id]
    assert counts(pg_url) == expected_counts(results[:2])
    assert writer.counts.replaced == 1


def test_postgres_rerun_with_fewer_records_leaves_none_behind(pg_url, five):
    articles, results = five
    write_all(pg_url, articles[:1], results[:1])
    empty = results[0].model_copy(update={"quantities": [], "claims": [], "officials": [], "countries": [],
                                          "dates": []})
    write_all(pg_url, articles[:1], [empty])
    assert counts(pg_url) == {"articles": 1, "quantities": 0, "claims": 0, "officials": 0, "countries": 0,
                              "dates": 0, "rejects": 0}


CRASHING_WRITER = """
import os, sys
from extractor.io.sinks.registry import open_writer
from models import Article, ArticleResult
url, lines = sys.argv[1], sys.stdin.read().splitlines()
writer = open_writer(url, batch_size=2)
for line in lines:
    article, result = line.split("\\t")
    writer.write(ArticleResult.model_validate_json(result), Article.model_validate_json(article))
os._exit(1)  # dies without closing: the last, unfinished batch is never committed
"""


def crash_after_writing(url: str, articles, results) -> None:
    """A process that writes every article with batches of 2, then dies without closing."""
    lines = "".join(f"{a.model_dump_json()}\t{r.model_dump_json()}\n" for a, r in zip(articles, results))
    done = subprocess.run([sys.executable, "-c", CRASHING_WRITER, url], input=lines, text=True, check=False,
                          capture_output=True, cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert done.returncode == 1, done.stderr


def fail_inside_second_batch(url: str, articles, results, monkeypatch) -> None:
    """An error half-way through storing the second batch (after its deletes, before its claims)."""
    poisoned = results[2].article_id
    real = rows.claim_row

    def claim_row(aid, claim, flavour):
        if aid == poisoned:
            raise RuntimeError("crash inside the batch")
        return real(aid, claim, flavour)

    monkeypatch.setattr(rows, "claim_row", claim_row)
    writer = open_writer(url, batch_size=2)
    with pytest.raises(RuntimeError, match="crash inside the batch"):
        for result, article in zip(results, articles):
            writer.write(result, article)
    writer._conn.close()  # the process goes away: no close(), no flush
    monkeypatch.undo()


@pytest.mark.parametrize(("crash", "whole_batches"), [(crash_after_writing, 2), (fail_inside_second_batch, 1)])
@pytest.mark.parametrize("earlier_run", [False, True])
def test_postgres_interrupted_run_leaves_whole_batches_and_rerun_heals(pg_url, five, clean_snapshot, monkeypatch,
                                                                       crash, whole_batches, earlier_run):
    articles, results = five
    url = pg_url
    if earlier_run:
        write_all(url, articles, results)
    args = (monkeypatch,) if crash is fail_inside_second_batch else ()
    crash(url, articles, results, *args)
    assert snapshot(url) == clean_snapshot(5 if earlier_run else 2 * whole_batches)
    assert counts(url)["articles"] == (5 if earlier_run else 2 * whole_batches)
    write_all(url, articles, results, batch_size=2)
    assert snapshot(url) == clean_snapshot(5)
    assert sorted(r.article_id for r in read_results(url)) == sorted(r.article_id for r in results)


@pytest.mark.parametrize(("table", "column", "data_type"), [
    ("articles", "published", "date"), ("articles", "record", "jsonb"),
    ("quantities", "value", "double precision"), ("quantities", "start", "integer"),
    ("claims", "hedged", "boolean"), ("claims", "time_begin", "date"), ("claims", "time_end", "date"),
    ("claims", "places", "jsonb"), ("claims", "qualifiers", "jsonb"), ("claims", "record", "jsonb"),
    ("officials", "aliases", "jsonb"), ("officials", "mentions", "jsonb"), ("countries", "mentions", "jsonb"),
    ("dates", "begin_day", "date"), ("rejects", "line", "bigint"),
])
def test_postgres_column_types(schema_url, table, column, data_type):
    with psycopg.connect(schema_url) as conn:
        found = conn.execute("SELECT data_type FROM information_schema.columns WHERE table_name = %s "
                             "AND column_name = %s", (table, column)).fetchone()
    assert found == (data_type,)


@pytest.mark.parametrize(("index", "definition"), [
    ("claims_subject_country", "(subject_country)"), ("claims_source_name", "(source_name)"),
    ("claims_time", "(time_begin, time_end)"), ("claims_hedged", "(hedged)"),
    ("countries_code", "(code)"), ("officials_name", "(name)"),
])
def test_postgres_indexes_for_fact_checkers(schema_url, index, definition):
    with psycopg.connect(schema_url) as conn:
        found = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", (index,)).fetchone()
    assert found is not None and found[0].endswith(definition)


def test_postgres_fact_checker_queries_match_the_records(pg_url, five):
    articles, results = five
    write_all(pg_url, articles, results)
    claims = [(r.article_id, c) for r in results for c in r.claims]
    with psycopg.connect(pg_url) as conn:
        hedged = conn.execute("SELECT article_id, id FROM claims WHERE hedged ORDER BY article_id, id").fetchall()
        ryanair = conn.execute("SELECT id FROM claims WHERE source_name = 'Ryanair' ORDER BY id").fetchall()
        dated = conn.execute("SELECT id, time_begin, time_end FROM claims WHERE time_begin IS NOT NULL "
                             "ORDER BY id").fetchall()
        codes = conn.execute("SELECT article_id, code FROM countries ORDER BY 1, 2").fetchall()
    assert hedged == sorted((aid, c.id) for aid, c in claims if c.hedged) and hedged
    assert ryanair == sorted((c.id,) for _, c in claims if c.source and c.source.name == "Ryanair") and ryanair
    assert dated == sorted((c.id, dt.date.fromisoformat(c.time.begin), c.time.end and dt.date.fromisoformat(c.time.end))
                           for _, c in claims if c.time and c.time.begin)
    assert codes == sorted((r.article_id, c.code) for r in results for c in r.countries)


def test_postgres_date_that_is_not_a_day_is_null_in_its_column_and_kept_in_the_record(pg_url, five):
    articles, results = five
    date = results[0].dates[0].model_copy(update={"begin": "2008-02-30"})
    odd = results[0].model_copy(update={"dates": [date]})
    write_all(pg_url, articles[:1], [odd])
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT begin_day FROM dates").fetchall() == [(None,)]
    assert list(read_results(pg_url)) == [odd]


def test_postgres_article_it_cannot_store_becomes_a_reject_and_the_batch_goes_on(pg_url, five):
    articles, results = five
    broken = articles[1].model_copy(update={"text": articles[1].text + "\x00"})
    writer = write_all(pg_url, [articles[0], broken, articles[2]], results[:3])
    assert [r.article_id for r in read_results(pg_url)] == [results[0].article_id, results[2].article_id]
    (reject,) = read_rejects(pg_url)
    assert (reject.article_id, reject.line) == (results[1].article_id, None)
    assert reject.reason.startswith("could not store the records: ") and "NUL" in reject.reason
    assert (writer.counts.articles, writer.counts.rejects) == (2, 1)


def test_postgres_rejects_replaced_by_location(pg_url, rejects_replaced_by_location):
    rejects_replaced_by_location(pg_url)


def test_postgres_reject_with_nul_is_kept_with_a_stand_in(pg_url):
    with open_writer(pg_url) as writer:
        writer.reject(Reject(source="in.jsonl", line=1, reason="bad\x00json", raw='{"id": "\x00"}'))
    assert list(read_rejects(pg_url)) == [Reject(source="in.jsonl", line=1, reason="bad\ufffdjson",
                                                 raw='{"id": "\ufffd"}')]


def test_postgres_find_result(pg_url, five):
    articles, results = five
    write_all(pg_url, articles, results)
    assert find_result(pg_url, results[3].article_id) == results[3]
    assert find_result(pg_url, "nope") is None


def test_postgres_jsonb_holds_the_records(pg_url, five):
    articles, results = five
    write_all(pg_url, articles[:1], results[:1])
    with psycopg.connect(pg_url) as conn:
        record, = conn.execute("SELECT record FROM articles").fetchone()
        claim, = conn.execute("SELECT record FROM claims WHERE id = %s", (results[0].claims[0].id,)).fetchone()
    assert record == json.loads(results[0].model_dump_json())
    assert claim == json.loads(results[0].claims[0].model_dump_json())


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_postgres_open_writer_by_scheme(pg, scheme):
    url = pg.create_database().replace("postgresql", scheme, 1)
    with open_writer(url) as writer:
        assert isinstance(writer, PostgresWriter)
        assert writer.describe() == url
    assert registry.kind_of(url) == "postgres"


def test_postgres_scheme_is_case_sensitive_like_libpq():
    with pytest.raises(ValueError, match="unsupported output 'POSTGRESQL:/x/db'"):
        open_writer("POSTGRESQL://x/db")


def test_postgres_unreachable_server_is_a_connection_error_without_the_password(tmp_path):
    url = f"postgresql://someone:s3cret@/db?host={tmp_path}&port=1"
    with pytest.raises(ConnectionError) as caught:
        open_writer(url)
    assert str(caught.value).startswith(f"cannot connect to postgresql://someone:***@/db?host={tmp_path}&port=1: ")
    assert "s3cret" not in str(caught.value)
    assert isinstance(caught.value, OSError)


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://u:pw@db.example:5432/claims", "postgresql://u:***@db.example:5432/claims"),
    ("postgresql://u@/claims?host=/tmp/x", "postgresql://u@/claims?host=/tmp/x"),
    ("postgres:///claims", "postgres:///claims"),
])
def test_postgres_redact(url, shown):
    assert redact(url) == shown


def test_postgres_server_helper_names_the_package_when_binaries_are_missing(monkeypatch, tmp_path):
    import pg_server

    monkeypatch.setenv("PG_BIN", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PgUnavailable, match=r"initdb, pg_ctl\) not found: apt-get install postgresql$"):
        pg_server.find_bin_dir(tmp_path / "none")


def test_postgres_skip_existing_resumes_from_the_database(pg_url, five, clean_snapshot, tmp_path, nlp_blank):
    from extractor.engines.local import run_batch
    from extractor.io.sinks.registry import StoredIds, existing_ids

    articles, results = five
    assert existing_ids(pg_url) == set()  # no tables yet: nothing to skip
    write_all(pg_url, articles[:2], results[:2])  # an earlier run stopped after two articles
    dump = tmp_path / "five.jsonl"
    dump.write_text("".join(a.model_dump_json() + "\n" for a in articles), encoding="utf-8")
    with existing_ids(pg_url) as stored:
        assert isinstance(stored, StoredIds) and len(stored) == 2
        assert articles[0].id in stored and articles[4].id not in stored
        with open_writer(pg_url) as writer:
            run_batch([dump], writer, nlp_blank, skip=stored)
        assert articles[4].id not in stored  # rows written by the resuming run are not "existing"
    assert writer.counts.articles == 3
    assert snapshot(pg_url) == clean_snapshot(5)
