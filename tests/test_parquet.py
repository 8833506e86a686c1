"""extractor.io.sinks.parquet: a directory of Parquet tables, written in row groups, replaced whole on re-run."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install 'pyarrow>=15'")
import pyarrow.parquet as pq

from extractor.io.sinks.parquet import (
    SCHEMAS,
    TABLES,
    ParquetWriter,
    find_result,
    read_rejects,
    table_file,
)
from extractor.io.sinks.registry import open_writer, read_results
from models import ArticleResult, Reject

FILES = sorted(f"{table}.parquet" for table in TABLES)
SPAN_STRUCT = [("text", pa.string()), ("start", pa.int32()), ("end", pa.int32())]



def write_all(path, articles, results, rejects=(), **options) -> ParquetWriter:
    writer = ParquetWriter(path, **options) if options else open_writer(path)
    with writer:
        for result, article in zip(results, articles):
            writer.write(result, article)
        for reject in rejects:
            writer.reject(reject)
    return writer


@pytest.mark.parametrize(("row_group_articles", "row_groups"), [(1, 5), (2, 3), (512, 1)])
def test_parquet_wikinews_round_trip_is_exact(tmp_path, five, row_group_articles, row_groups):
    articles, results = five
    out = tmp_path / "claims.parquet"
    writer = write_all(out, articles, results, row_group_articles=row_group_articles)
    assert list(read_results(out)) == results
    assert sorted(p.name for p in out.iterdir()) == FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.parquet"]  # no .partial left
    assert pq.ParquetFile(table_file(out, "articles")).metadata.num_row_groups == row_groups
    assert writer.counts.as_dict() == {
        "articles": 5, "rejects": 0, "replaced": 0,
        **{t: sum(len(getattr(r, t)) for r in results) for t in ("quantities", "claims", "officials", "countries",
                                                                  "dates")}}


@pytest.mark.parametrize(("column", "data_type"), [
    ("id", pa.string()), ("article_id", pa.string()), ("quantity", pa.int32()), ("sentence", pa.string()),
    ("subject", pa.string()), ("subject_country", pa.string()), ("predicate_lemma", pa.string()),
    ("places", pa.list_(pa.struct([*SPAN_STRUCT, ("country", pa.string())]))),
    ("time_begin", pa.date32()), ("time_end", pa.date32()), ("time_text", pa.string()),
    ("source_name", pa.string()), ("source_kind", pa.string()), ("hedged", pa.bool_()),
    ("qualifiers", pa.list_(pa.struct([*SPAN_STRUCT, ("kind", pa.string())]))), ("record", pa.string()),
])
def test_parquet_claims_table_types(tmp_path, five, column, data_type):
    articles, results = five
    out = tmp_path / "out.parquet"
    write_all(out, articles[:1], results[:1])
    assert pq.read_table(table_file(out, "claims")).schema.field(column).type == data_type


def test_parquet_claims_table_has_the_sqlite_columns(tmp_path, five):
    import sqlite3

    articles, results = five
    write_all(tmp_path / "out.parquet", articles[:1], results[:1])
    write_all(tmp_path / "out.db", articles[:1], results[:1])
    with sqlite3.connect(tmp_path / "out.db") as conn:
        for table in TABLES:
            sqlite_columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            assert pq.read_table(table_file(tmp_path / "out.parquet", table)).column_names == sqlite_columns


def test_parquet_claims_rows_match_the_records(tmp_path, five):
    articles, results = five
    out = tmp_path / "out.parquet"
    write_all(out, articles, results, row_group_articles=2)
    rows = pq.read_table(table_file(out, "claims")).to_pylist()
    claims = [(r.article_id, c) for r in results for c in r.claims]
    assert [(row["article_id"], row["id"]) for row in rows] == [(aid, c.id) for aid, c in claims]
    for row, (_, claim) in zip(rows, claims):
        assert json.loads(row["record"]) == json.loads(claim.model_dump_json())
        assert row["hedged"] is claim.hedged
        assert row["time_begin"] == (claim.time and claim.time.begin and dt.date.fromisoformat(claim.time.begin))
        assert row["places"] == [{"text": p.text, "start": p.span[0], "end": p.span[1], "country": p.country}
                                 for p in claim.places]
        assert row["qualifiers"] == [{"text": q.text, "start": q.span[0], "end": q.span[1], "kind": q.kind}
                                     for q in claim.qualifiers]
    assert any(row["hedged"] for row in rows) and any(row["time_begin"] for row in rows)


def test_parquet_quantities_and_countries_rows(tmp_path, five):
    articles, results = five
    out = tmp_path / "out.parquet"
    write_all(out, articles, results)
    quantities = pq.read_table(table_file(out, "quantities")).to_pylist()
    expected = [(r.article_id, i, q.text, *q.span, q.value, q.low, q.high, q.bound, q.unit)
                for r in results for i, q in enumerate(r.quantities)]
    assert [tuple(row[k] for k in ("article_id", "idx", "text", "start", "end", "value", "low", "high", "bound",
                                   "unit")) for row in quantities] == expected
    codes = pq.read_table(table_file(out, "countries"), columns=["article_id", "code"]).to_pylist()
    assert codes == [{"article_id": r.article_id, "code": c.code} for r in results for c in r.countries]


def test_parquet_rerun_replaces_the_data_set(tmp_path, five):
    articles, results = five
    out = tmp_path / "out.parquet"
    write_all(out, articles, results)
    write_all(out, articles[3:], results[3:])
    assert list(read_results(out)) == results[3:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet"]
    assert pq.read_table(table_file(out, "claims")).num_rows == sum(len(r.claims) for r in results[3:])


def test_parquet_interrupted_run_leaves_the_previous_data_set(tmp_path, five):
    articles, results = five
    out = tmp_path / "out.parquet"
    write_all(out, articles[:2], results[:2])
    crashed = ParquetWriter(out, row_group_articles=1)
    for result, article in zip(results, articles):
        crashed.write(result, article)
    del crashed  # never closed: the process died
    assert list(read_results(out)) == results[:2]
    write_all(out, articles, results)
    assert list(read_results(out)) == results
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet"]


def test_parquet_same_id_twice_in_a_run_reads_back_the_later(tmp_path, five):
    articles, results = five
    later = results[0].model_copy(update={"warnings": ["written again"]})
    out = tmp_path / "out.parquet"
    writer = write_all(out, [articles[0], articles[1], articles[0]], [results[0], results[1], later],
                       row_group_articles=2)
    assert list(read_results(out)) == [results[1], later]
    assert find_result(out, results[0].article_id) == later
    assert find_result(out, "nope") is None
    assert writer.counts.replaced == 1


def test_parquet_date_that_is_not_a_day_is_null_in_its_column_and_kept_in_the_record(tmp_path, five):
    articles, results = five
    date = results[0].dates[0].model_copy(update={"begin": "2008-02-30"})
    odd = results[0].model_copy(update={"dates": [date]})
    out = tmp_path / "out.parquet"
    write_all(out, articles[:1], [odd])
    assert pq.read_table(table_file(out, "dates"), columns=["begin_day"]).column(0).to_pylist() == [None]
    assert list(read_results(out)) == [odd]


def test_parquet_rejects_round_trip(tmp_path, five):
    articles, results = five
    rejects = [Reject(source="in.jsonl", line=2, reason="missing field 'id'", raw="{}\x00"),
               Reject(source="x.txt", article_id="x", reason="text is empty")]
    out = tmp_path / "out.parquet"
    writer = write_all(out, articles[:1], results[:1], rejects)
    assert list(read_rejects(out)) == rejects
    assert writer.counts.rejects == 2


def test_parquet_empty_run_writes_every_table(tmp_path):
    out = tmp_path / "out.parquet"
    write_all(out, [], [])
    for table in TABLES:
        read = pq.read_table(table_file(out, table))
        assert (read.num_rows, read.schema) == (0, SCHEMAS[table])
    assert list(read_results(out)) == []


@pytest.mark.parametrize(("existing", "message"), [
    ("file", "cannot write Parquet output '{out}': it exists and is not a directory"),
    ("foreign", "cannot replace '{out}': it holds files that are not Parquet output tables: notes.txt"),
])
def test_parquet_refuses_to_replace_what_it_did_not_write(tmp_path, existing, message):
    out = tmp_path / "out.parquet"
    if existing == "file":
        out.write_text("not ours")
    else:
        out.mkdir()
        (out / "notes.txt").write_text("not ours")
    with pytest.raises(ValueError) as caught:
        open_writer(out)
    assert str(caught.value) == message.format(out=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet"]


@pytest.mark.parametrize("name", ["out.parquet", "OUT.PARQUET"])
def test_parquet_open_writer_by_suffix(tmp_path, name):
    with open_writer(tmp_path / name) as writer:
        assert isinstance(writer, ParquetWriter)
        assert writer.describe() == f"{tmp_path / name}/ (7 Parquet tables)"
    assert (tmp_path / name).is_dir()


def test_parquet_read_results_of_missing_output(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no Parquet output at .*none.parquet \(missing articles.parquet\)"):
        list(read_results(tmp_path / "none.parquet"))
    assert not (tmp_path / "none.parquet").exists()


def test_parquet_numbers_survive_exactly(tmp_path, five):
    articles, results = five
    values = [q.value for r in results for q in r.quantities if q.value is not None]
    assert values and any(not float(v).is_integer() or v > 1000 for v in values)
    out = tmp_path / "out.parquet"
    write_all(out, articles, results)
    stored = pq.read_table(table_file(out, "quantities"), columns=["value"]).column(0).to_pylist()
    assert [v for v in stored if v is not None and not math.isnan(v)] == values
    assert isinstance(next(iter(read_results(out))), ArticleResult)
