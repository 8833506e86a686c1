"""The database as SQL users (and Datasette) see it: foreign keys, the ``claim_facts`` view, the FTS5
index over claim sentences kept in step on re-extraction, and a review app that reads without
writing to the file."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest

from extractor.io.sinks.sqlite import SqliteWriter
from extractor.io.tables import TABLES, VIEWS, postgres_ddl, sqlite_ddl
from extractor.review import create_app, store
from test_exports import MINISTER_CLAIM, corpus_articles

README = Path(__file__).resolve().parents[1] / "README.md"
PER_ARTICLE = ("quantities", "claims", "officials", "countries", "dates", "claim_groups")


def write(path: Path, articles, nlp) -> Path:
    from extractor.api import extract_many

    with SqliteWriter(path) as writer:
        for article, result in zip(articles, extract_many(articles, nlp)):
            writer.write(result, article)
    return path


@pytest.fixture(scope="module")
def sql_db(nlp_model, tmp_path_factory) -> Path:
    """Seed and four Wikinews articles: money, officials, market moves."""
    articles = corpus_articles("seed", "wikinews-62929", "wikinews-61389", "wikinews-112579", "wikinews-115587")
    return write(tmp_path_factory.mktemp("sql") / "claims.db", articles, nlp_model)


def test_desk_sql_foreign_keys_link_every_table_to_its_article(sql_db):
    with sqlite3.connect(sql_db) as conn:
        for table in PER_ARTICLE:
            links = [(row[2], row[3], row[4]) for row in conn.execute(f"PRAGMA foreign_key_list({table})")]
            assert links == [("articles", "article_id", "article_id")], table
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert postgres_ddl().count("REFERENCES articles (article_id) ON DELETE CASCADE") == len(PER_ARTICLE)


def test_desk_sql_claim_facts_is_one_row_per_claim_with_quantity_article_and_source(sql_db):
    with sqlite3.connect(sql_db) as conn:
        conn.row_factory = sqlite3.Row
        (claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
        rows = conn.execute("SELECT * FROM claim_facts").fetchall()
        minister = conn.execute("SELECT * FROM claim_facts WHERE claim_id = ?", (MINISTER_CLAIM,)).fetchone()
    assert len(rows) == claims > 0
    for column in ("quantity_text", "value", "low", "high", "bound", "unit", "published", "title", "url",
                   "source_name", "source_kind", "source_title"):
        assert column in rows[0].keys()
    assert (minister["quantity_text"], minister["value"], minister["low"], minister["high"], minister["bound"]) == (
        "More than 200,000", 200000.0, 200000.0, None, "more_than")
    assert (minister["published"], minister["source_name"], minister["source_kind"], minister["source_title"]) == (
        "2022-10-04", "Marat Ajmetdzhanov", "person", "Interior Minister")


def test_desk_sql_both_dialects_declare_the_view():
    assert "CREATE VIEW IF NOT EXISTS claim_facts AS" in sqlite_ddl()
    assert "CREATE OR REPLACE VIEW claim_facts AS" in postgres_ddl()
    assert set(VIEWS) == {"claim_facts"} and {t.name for t in TABLES} >= {"articles", *PER_ARTICLE}


def fts_ids(path: Path, query: str) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return set(conn.execute("SELECT c.article_id, c.id FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
                                "WHERE claims_fts MATCH ?", (query,)))


def test_desk_sql_full_text_finds_claim_sentences(sql_db):
    with sqlite3.connect(sql_db) as conn:
        assert conn.execute("SELECT count(*) FROM claims_fts").fetchone() == conn.execute(
            "SELECT count(*) FROM claims").fetchone()
        expected = set(conn.execute("SELECT article_id, id FROM claims WHERE sentence LIKE '%Kazakhstan%'"))
    assert ("seed", MINISTER_CLAIM) in fts_ids(sql_db, "Kazakhstan") == expected


def test_desk_sql_full_text_kept_in_step_on_reextraction(nlp_blank, tmp_path):
    (seed,) = corpus_articles("seed")
    path = write(tmp_path / "claims.db", [seed], nlp_blank)
    assert fts_ids(path, "Kazakhstan")
    changed = seed.model_copy(update={"text": seed.text.replace("Kazakhstan", "Uzbekistan")})
    write(path, [changed], nlp_blank)
    assert not fts_ids(path, "Kazakhstan") and fts_ids(path, "Uzbekistan")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', 1)")
        assert conn.execute("SELECT count(*) FROM claims_fts").fetchone() == conn.execute(
            "SELECT count(*) FROM claims").fetchone()


def test_desk_sql_full_text_added_to_an_older_database(nlp_blank, tmp_path):
    """A file written before the index existed gets it, filled, when written to again."""
    (seed,) = corpus_articles("seed")
    path = write(tmp_path / "claims.db", [seed], nlp_blank)
    with sqlite3.connect(path) as conn:
        conn.executescript("DROP TABLE claims_fts; DROP TRIGGER claims_fts_insert; DROP TRIGGER claims_fts_delete;"
                           "DROP TRIGGER claims_fts_update;")
    SqliteWriter(path).close()
    assert ("seed", MINISTER_CLAIM) in fts_ids(path, "Kazakhstan")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_desk_sql_review_app_reads_without_changing_the_file(sql_db, tmp_path):
    path = tmp_path / "claims.db"
    path.write_bytes(sql_db.read_bytes())
    before = digest(path)
    client = create_app(path).test_client()
    for url in ("/articles", "/claims", "/claims?status=unreviewed", "/articles/seed",
                f"/articles/seed/claims/{MINISTER_CLAIM}", "/groups"):
        assert client.get(url).status_code == 200, url
    assert digest(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'reviews'").fetchone() is None
    conn = store.connect(path)
    store.save_review(conn, store.Review("seed", MINISTER_CLAIM, "confirmed", "", {}))
    conn.close()
    with sqlite3.connect(path) as conn:   # the first review made the table
        assert conn.execute("SELECT status FROM reviews").fetchall() == [("confirmed",)]


def readme_queries() -> list[tuple[str, str]]:
    """The README's fact-checker queries: (title, SQL) for each ```sql block under a #### title."""
    text = README.read_text(encoding="utf-8")
    return re.findall(r"^#### (.+?)\n.*?```sql\n(.+?)```", text, flags=re.S | re.M)


def test_desk_sql_readme_queries_run(sql_db):
    queries = readme_queries()
    assert [title for title, _ in queries] == ["Hedged claims about a country since a date, with source",
                                               "Figures attributed to named officials",
                                               "Money claims over $1 billion"]
    with sqlite3.connect(sql_db) as conn:
        results = {title: conn.execute(sql).fetchall() for title, sql in queries}
    assert results["Figures attributed to named officials"]
    assert all(row[-1] > 1e9 for row in results["Money claims over $1 billion"])
