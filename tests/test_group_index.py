"""Claim groups stored at extract time (``claim_groups``): the same groups as computed from the records,
one claim's group read from its bucket alone, kept in step when an article is re-extracted, and the
review app's claim pages reading them with no background computation to wait for.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

from extractor import extract_many
from extractor.analysis.group_files import groups_from_db
from extractor.analysis.group_index import groups_of_claim, has_stored_groups, stored_groups
from extractor.io.sinks.registry import open_writer
from extractor.review import create_app
from models import Article
from test_long_articles import CORPUS

SEED = CORPUS.parent / "seed.jsonl"


def _articles() -> list[Article]:
    """The seed and the Wikinews corpus, and a third of them again under new ids (so groups span articles)."""
    found = [Article.model_validate_json(line) for path in (SEED, CORPUS) for line in path.open(encoding="utf-8")]
    return found + [a.model_copy(update={"id": f"{a.id}/again"}) for a in found[::3]]


def _write(db, articles, nlp):
    with open_writer(db) as writer:
        for result, article in zip(extract_many(articles, nlp), articles):
            writer.write(result, article)
    return db


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, nlp_model):
    return _write(tmp_path_factory.mktemp("groups") / "claims.db", _articles(), nlp_model)


def test_stored_groups_are_the_groups_of_the_records_on_the_whole_corpus(corpus_db):
    from_records = groups_from_db(corpus_db)
    with sqlite3.connect(corpus_db) as conn:
        assert has_stored_groups(conn)
        stored = stored_groups(conn)
    assert len(from_records) > 10
    assert stored == from_records  # ids, members in order, conflicts and reasons, labels


def test_each_claim_reads_its_own_group_on_the_whole_corpus(corpus_db):
    groups = groups_from_db(corpus_db)
    grouped = {(m.article_id, m.claim_id): g for g in groups for m in g.members}
    with sqlite3.connect(corpus_db) as conn:
        for key, group in grouped.items():
            assert groups_of_claim(conn, *key) == [group], key
        alone = conn.execute("SELECT article_id, id FROM claims").fetchall()
        for key in [k for k in alone if k not in grouped][:200]:
            assert groups_of_claim(conn, *key) == [], key


def test_re_extraction_keeps_the_stored_groups_in_step(tmp_path, nlp_blank):
    articles = _articles()
    db = _write(tmp_path / "claims.db", articles, nlp_blank)
    before = groups_from_db(db)
    member = before[0].members[0]
    original = next(a for a in articles if a.id == member.article_id)
    changed = original.model_copy(update={"text": original.text.replace(member.sentence, "")})
    _write(db, [changed], nlp_blank)  # the article comes back without the sentence of its grouped claim
    with sqlite3.connect(db) as conn:
        assert has_stored_groups(conn)
        assert stored_groups(conn) == groups_from_db(db) != before
        assert conn.execute("SELECT count(*) FROM claim_groups WHERE article_id = ? AND claim_id = ?",
                            (member.article_id, member.claim_id)).fetchone() == (0,)


def test_a_database_without_the_table_falls_back_to_the_records(tmp_path, nlp_blank):
    db = _write(tmp_path / "claims.db", _articles()[:40], nlp_blank)
    expected = groups_from_db(db)
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE claim_groups")  # as a database written before the table existed
        assert not has_stored_groups(conn)
    app = create_app(db)
    cache = app.config["GROUPS"]
    assert not cache.by_bucket
    cache.wait(60)
    member = expected[0].members[0]
    page = app.test_client().get(f"/articles/{member.article_id}/claims/{member.claim_id}").text
    assert f"group <code>{expected[0].id}</code>" in page


def test_claim_page_reads_its_group_at_once_beside_an_extract(tmp_path, nlp_blank):
    articles = _articles()
    db = _write(tmp_path / "claims.db", articles[:60], nlp_blank)
    app = create_app(db)
    assert app.config["GROUPS"].by_bucket
    client = app.test_client()
    _write(db, articles[60:], nlp_blank)  # an extract commits new articles while the app runs
    group = next(g for g in groups_from_db(db) if {m.article_id for m in g.members} & {a.id for a in articles[60:]})
    member = next(m for m in group.members if m.article_id in {a.id for a in articles[60:]})
    start = time.monotonic()
    page = client.get(f"/articles/{member.article_id}/claims/{member.claim_id}").text
    assert time.monotonic() - start < 5
    assert f"group <code>{group.id}</code>" in page and "being computed" not in page


@pytest.mark.slow
def test_postgres_stores_the_same_buckets(pg, tmp_path, nlp_blank):
    import psycopg

    articles = _articles()[:30]
    url, db = pg.create_database(), tmp_path / "claims.db"
    _write(url, articles, nlp_blank)
    _write(db, articles, nlp_blank)
    query = "SELECT article_id, claim_id, idx, bucket, item FROM claim_groups ORDER BY article_id, claim_id"
    with psycopg.connect(url) as conn:
        in_postgres = conn.execute(query).fetchall()
    with sqlite3.connect(db) as conn:
        in_sqlite = conn.execute(query).fetchall()
    assert in_postgres == in_sqlite and sum(row[3] is not None for row in in_sqlite) > 10
