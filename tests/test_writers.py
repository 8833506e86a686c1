"""extractor.io.sinks.sqlite: JSONL and SQLite outputs, replacement on re-run, exact round trips."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from extractor.analysis.render import render_claims
from extractor.io.tables import INDEXES, POSTGRES, postgres_ddl
from extractor.io.sinks.jsonl import JsonlWriter, rejects_path
from extractor.io.sinks.registry import find_result, open_writer, read_rejects, read_results
from extractor.io.sinks.sqlite import SCHEMA, SqliteWriter
from models import (
    Article,
    ArticleResult,
    Claim,
    Country,
    CountryMention,
    DateMention,
    Mention,
    Official,
    Place,
    Predicate,
    Qualifier,
    Quantity,
    Reject,
    Source,
    Subject,
    TimeSpan,
)

TEXT = ("ALMATY, Oct 4 (Wire) - More than 200,000 Russian citizens have entered Kazakhstan since "
        "September 21, Interior Minister Marat Akhmetdzhanov said, according to unofficial estimates. "
        "Ajmetdzhanov said about 8,000 people arrive daily.")


def span(text: str, start_at: int = 0) -> tuple[int, int]:
    start = TEXT.index(text, start_at)
    return (start, start + len(text))


def mention(text: str, **extra) -> dict:
    return {"text": text, "span": span(text), **extra}


def rich_result(article_id: str = "wire-1") -> ArticleResult:
    sentence_1 = TEXT[: TEXT.index("Ajmetdzhanov")].rstrip()
    quantities = [
        Quantity(**mention("More than 200,000"), value=200000, low=200000, high=None, bound="more_than",
                 counted="Russian citizens"),
        Quantity(**mention("about 8,000"), value=8000, low=None, high=None, bound="approximate",
                 counted="people", per="day", change=None, unit=None),
    ]
    claim = Claim(
        id="c-0123abcd", quantity=0, sentence=Mention(**mention(sentence_1)),
        subject=Subject(**mention("Russian citizens"), country="RU"),
        predicate=Predicate(text="entered", lemma="enter", span=span("entered")),
        places=[Place(**mention("Kazakhstan"), country="KZ")],
        time=TimeSpan(**mention("since September 21"), begin="2022-09-21", end="2022-10-04"),
        source=Source(**mention("Interior Minister Marat Akhmetdzhanov"), name="Marat Akhmetdzhanov",
                      title="Interior Minister", country="KZ", kind="person", cue="said", official=0),
        qualifiers=[Qualifier(**mention("More than"), kind="bound"),
                    Qualifier(**mention("unofficial"), kind="hedge")],
        hedged=True,
    )
    claim_2 = Claim(id="c-4567ef01", quantity=1, sentence=Mention(**mention(TEXT[TEXT.index("Ajmetdzhanov"):])),
                    subject=Subject(**mention("people")), predicate=Predicate(text="arrive", lemma="arrive"),
                    qualifiers=[Qualifier(**mention("about"), kind="approximation")])
    return ArticleResult(
        article_id=article_id, published="2022-10-04", published_source="input", pipeline="test-0",
        quantities=quantities, claims=[claim, claim_2],
        officials=[Official(name="Marat Akhmetdzhanov", aliases=["Ajmetdzhanov"], title="Interior Minister",
                            country="KZ", mentions=[Mention(**mention("Marat Akhmetdzhanov")),
                                                    Mention(**mention("Ajmetdzhanov"))])],
        countries=[Country(code="KZ", name="Kazakhstan", mentions=[CountryMention(**mention("Kazakhstan"), form="name")]),
                   Country(code="RU", name="Russian Federation",
                           mentions=[CountryMention(**mention("Russian"), form="demonym")])],
        dates=[DateMention(**mention("Oct 4"), type="date", value="2022-10-04", begin="2022-10-04", end="2022-10-04"),
               DateMention(**mention("September 21"), type="date", value="2022-09-21", begin="2022-09-21",
                           end="2022-09-21"),
               DateMention(**mention("daily"), type="set", value="P1D")],
        warnings=["a doubtful thing"],
    )


ARTICLE = Article(id="wire-1", text=TEXT, title="Russians cross", url="https://example.org/1", source="Wire")


def test_writers_rich_record_spans_match_text():
    assert rich_result().check_spans(TEXT) == []


@pytest.mark.parametrize("name", ["out.jsonl", "out.db", "out.sqlite", "out.sqlite3"])
def test_writers_round_trip_is_exact(tmp_path, name):
    results = [rich_result("wire-1"), rich_result("wire-2"), ArticleResult(article_id="empty")]
    with open_writer(tmp_path / name) as writer:
        for result in results:
            writer.write(result, ARTICLE.model_copy(update={"id": result.article_id}))
    assert list(read_results(tmp_path / name)) == results
    assert writer.counts.as_dict() == {"articles": 3, "quantities": 4, "claims": 4, "officials": 2,
                                       "countries": 4, "dates": 6, "rejects": 0, "replaced": 0}


@pytest.mark.parametrize(("name", "kind"), [
    ("a.jsonl", JsonlWriter), ("a.JSONL", JsonlWriter), ("a.db", SqliteWriter), ("a.sqlite", SqliteWriter),
    ("a.sqlite3", SqliteWriter),
])
def test_writers_open_writer_by_suffix(tmp_path, name, kind):
    with open_writer(tmp_path / name) as writer:
        assert isinstance(writer, kind)


@pytest.mark.parametrize("name", ["a.csv", "a.json", "a"])
def test_writers_open_writer_refuses_other_suffixes(tmp_path, name):
    with pytest.raises(ValueError, match="unsupported output"):
        open_writer(tmp_path / name)


def test_writers_jsonl_is_one_record_per_line_in_order(tmp_path):
    path = tmp_path / "out.jsonl"
    with open_writer(path) as writer:
        for article_id in ("b", "a", "c"):
            writer.write(ArticleResult(article_id=article_id), ARTICLE)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["article_id"] for line in lines] == ["b", "a", "c"]
    assert json.loads(lines[0]) == ArticleResult(article_id="b").model_dump(mode="json")
    assert not rejects_path(path).exists()


def test_writers_jsonl_rejects_go_to_sibling_file(tmp_path):
    path = tmp_path / "out.jsonl"
    rejects_path(path).write_text("stale\n")
    reject = Reject(source="in.jsonl", line=3, article_id="x", reason="text is empty", raw='{"id": "x"}')
    with open_writer(path) as writer:
        writer.write(ArticleResult(article_id="a"), ARTICLE)
        writer.reject(reject)
    assert rejects_path(path) == tmp_path / "out.rejects.jsonl"
    assert list(read_rejects(path)) == [reject]
    assert writer.counts.rejects == 1
    assert writer.describe() == f"{path} (rejects in {tmp_path / 'out.rejects.jsonl'})"


def test_writers_jsonl_stdout(capsys):
    with open_writer("-") as writer:
        writer.write(ArticleResult(article_id="a"), ARTICLE)
        writer.reject(Reject(source="s", reason="r"))
    out = capsys.readouterr().out
    assert [json.loads(line)["article_id"] for line in out.splitlines()] == ["a"]
    assert (writer.counts.articles, writer.counts.rejects, writer.describe()) == (1, 1, "stdout")


def table_counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = ["articles", "quantities", "claims", "officials", "countries", "dates", "rejects"]
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}


@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_writers_sqlite_rerun_replaces_rows(tmp_path, batch_size):
    path = tmp_path / "out.db"
    for _ in range(2):
        with open_writer(path, batch_size=batch_size) as writer:
            writer.write(rich_result("wire-1"), ARTICLE)
            writer.write(rich_result("wire-2"), ARTICLE)
            writer.write(rich_result("wire-1"), ARTICLE)  # a duplicate within the run: the later one wins
    assert table_counts(path) == {"articles": 2, "quantities": 4, "claims": 4, "officials": 2,
                                  "countries": 4, "dates": 6, "rejects": 0}
    assert writer.counts.replaced == 3
    assert [r.article_id for r in read_results(path)] == ["wire-2", "wire-1"]


def test_writers_sqlite_rerun_with_fewer_records_leaves_none_behind(tmp_path):
    path = tmp_path / "out.db"
    with open_writer(path) as writer:
        writer.write(rich_result("wire-1"), ARTICLE)
    with open_writer(path) as writer:
        writer.write(ArticleResult(article_id="wire-1"), ARTICLE)
    assert table_counts(path) == {"articles": 1, "quantities": 0, "claims": 0, "officials": 0,
                                  "countries": 0, "dates": 0, "rejects": 0}


def test_writers_sqlite_rejects_replaced_by_location(tmp_path, rejects_replaced_by_location):
    path = tmp_path / "out.db"
    rejects_replaced_by_location(path)


def test_writers_sqlite_columns_for_fact_checkers(tmp_path):
    path = tmp_path / "out.db"
    with open_writer(path) as writer:
        writer.write(rich_result(), ARTICLE)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    row = conn.execute("SELECT quantity, subject, subject_country, predicate_lemma, time_begin, time_end, "
                       "source_name, source_kind, source_country, hedged FROM claims WHERE hedged = 1").fetchall()
    assert row == [(0, "Russian citizens", "RU", "enter", "2022-09-21", "2022-10-04",
                    "Marat Akhmetdzhanov", "person", "KZ", 1)]
    assert conn.execute("SELECT title, url, source, published, text FROM articles").fetchone() == (
        "Russians cross", "https://example.org/1", "Wire", "2022-10-04", TEXT)
    assert conn.execute('SELECT text, start, "end", value, low, high, bound, per FROM quantities WHERE idx = 1'
                        ).fetchone() == ("about 8,000", *span("about 8,000"), 8000.0, None, None, "approximate", "day")
    assert conn.execute("SELECT code FROM countries ORDER BY code").fetchall() == [("KZ",), ("RU",)]
    assert json.loads(conn.execute("SELECT aliases FROM officials WHERE name = 'Marat Akhmetdzhanov'"
                                   ).fetchone()[0]) == ["Ajmetdzhanov"]
    assert conn.execute("SELECT type, value, begin_day, end_day FROM dates WHERE idx = 2").fetchone() == (
        "set", "P1D", None, None)
    indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"claims_subject_country", "claims_source_name", "claims_time", "claims_hedged",
            "countries_code", "officials_name"} <= indexes


#: The SQLite type of each PostgreSQL type, as ``extractor.io.tables`` documents them.
SQLITE_TYPE_OF = {"text": "TEXT", "integer": "INTEGER", "bigint": "INTEGER", "double precision": "REAL",
                  "boolean": "INTEGER", "date": "TEXT", "jsonb": "TEXT"}


def postgres_columns(ddl: str) -> dict[str, list[tuple[str, str, bool, int]]]:
    """Each table's ``(name, type, not null, position in primary key)`` as the PostgreSQL DDL
    declares them, without the identity columns that stand in for SQLite's rowid."""
    tables = {}
    for table, body in re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\);\n", ddl, flags=re.DOTALL):
        items = [item.strip() for item in re.split(r",(?![^(]*\))", body)]
        key = next((item for item in items if item.startswith("PRIMARY KEY")), "()")
        key_names = [name.strip() for name in key[key.index("(") + 1:-1].split(",")]
        columns = []
        for item in items:
            if item.startswith("PRIMARY KEY") or "GENERATED ALWAYS AS IDENTITY" in item:
                continue
            name, definition = item.split(" ", 1)
            name = name.strip('"')
            definition = definition.replace(" REFERENCES articles (article_id) ON DELETE CASCADE", "")
            primary = definition.endswith(" PRIMARY KEY")
            kind = definition.removesuffix(" NOT NULL").removesuffix(" PRIMARY KEY")
            position = 1 if primary else key_names.index(name) + 1 if name in key_names else 0
            columns.append((name, kind, definition.endswith(" NOT NULL"), position))
        tables[table] = columns
    return tables


def test_writers_sqlite_tables_are_the_postgres_tables():
    """Both dialects come from one declaration; a column added to one only must fail here."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    names = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
    expected = postgres_columns(postgres_ddl())
    assert names == list(expected) and len(names) == 9  # claim_groups: each claim's group bucket
    for table in names:
        sqlite_columns = [(name, kind, bool(notnull), pk) for _, name, kind, notnull, _, pk
                          in conn.execute(f"PRAGMA table_info({table})")]
        assert sqlite_columns == [(name, SQLITE_TYPE_OF[kind], notnull, pk)
                                  for name, kind, notnull, pk in expected[table]], table
    sqlite_indexes = re.findall(r"CREATE INDEX IF NOT EXISTS (.*);", SCHEMA)
    sqlite_only = {index.name for index in INDEXES if POSTGRES not in index.dialects}  # the review app reads SQLite
    assert sqlite_only == {"claims_place_countries"}
    assert [index for index in sqlite_indexes if index.split()[0] not in sqlite_only] == [
        index for index in re.findall(r"CREATE INDEX IF NOT EXISTS (.*);", postgres_ddl())
        if not index.endswith("(seq)")] and len(sqlite_indexes) == 16  # officials_country, claims_place_countries


@pytest.mark.parametrize("name", ["out.jsonl", "out.db"])
def test_writers_find_result(tmp_path, name):
    with open_writer(tmp_path / name) as writer:
        writer.write(rich_result("wire-1"), ARTICLE)
    assert find_result(tmp_path / name, "wire-1") == rich_result("wire-1")
    assert find_result(tmp_path / name, "nope") is None


def test_writers_read_results_names_a_bad_line(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text(ArticleResult(article_id="a").model_dump_json() + '\n{"article_id": 3}\n')
    with pytest.raises(ValueError, match=r"out.jsonl:2: not a valid record"):
        list(read_results(path))


def test_writers_read_results_of_missing_database_creates_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(read_results(tmp_path / "none.db"))
    assert not (tmp_path / "none.db").exists()


def test_writers_render_claims():
    text = render_claims(rich_result())
    assert text.splitlines()[:2] == [
        "article wire-1  published 2022-10-04 (input)  pipeline test-0",
        "2 claims, 2 quantities, 1 officials, 2 countries, 3 dates",
    ]
    block = text.split("\n\n")[1].splitlines()
    assert block[:9] == [
        "claim 1  c-0123abcd",
        "  quantity:   'More than 200,000'  more_than  value 200,000  interval [200,000, inf]  "
        "counted Russian citizens",
        "  subject:    Russian citizens (RU)",
        "  predicate:  entered (enter)",
        "  places:     Kazakhstan (KZ)",
        "  time:       'since September 21': 2022-09-21 .. 2022-10-04",
        "  source:     Marat Akhmetdzhanov, Interior Minister, KZ (person, cue 'said')",
        "  qualifiers: 'More than' (bound), 'unofficial' (hedge)",
        "  hedged:     yes",
    ]
    assert "  time:       -" in text.split("\n\n")[2]
