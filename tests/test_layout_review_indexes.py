"""The review app's indexes are the writer's: declared once in ``extractor/io/tables.py`` and made by
``extract``, so opening the app on a fresh output changes not a byte of the file; only a database
written before an index was declared gets it from the app, with its first review."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from extractor.io.tables import INDEXES, REVIEW_INDEXES
from extractor.review import create_app, store

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
#: "More than 200,000 Russians entered Kazakhstan ...", said Ajmetdzhanov (the seed article).
SEED_CLAIM = "7a43d381ce1e9c94"


@pytest.fixture(scope="module")
def written(tmp_path_factory, nlp_blank) -> Path:
    """The seed article, written by the extractor's own SQLite writer."""
    from extractor.api import extract_many
    from extractor.io.sinks.registry import open_writer
    from models import Article

    articles = [Article.model_validate_json(line) for line in (CORPUS / "seed.jsonl").open(encoding="utf-8")]
    path = tmp_path_factory.mktemp("indexes") / "claims.db"
    with open_writer(path) as writer:
        for result, article in zip(extract_many(articles, nlp_blank), articles):
            writer.write(result, article)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def indexes(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_review_indexes_are_declared_with_the_tables():
    assert set(REVIEW_INDEXES) <= {index.name for index in INDEXES}
    assert store.REVIEW_SCHEMA.count("CREATE INDEX") == len(REVIEW_INDEXES)


def test_review_indexes_are_made_by_the_writer(written):
    assert set(REVIEW_INDEXES) <= indexes(written)


@pytest.mark.parametrize("urls", [("/articles", "/claims", "/claims?status=unreviewed", "/articles/seed",
                                   f"/articles/seed/claims/{SEED_CLAIM}")])
def test_review_app_opening_a_fresh_output_changes_no_byte(written, tmp_path, urls):
    path = Path(tmp_path / "claims.db")
    path.write_bytes(written.read_bytes())
    before = digest(path)
    client = create_app(path).test_client()
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert digest(path) == before


def test_review_app_adds_an_index_an_older_output_lacks(written, tmp_path):
    path = Path(tmp_path / "claims.db")
    path.write_bytes(written.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX claims_kind_order")
    store.prepare(path)
    assert "claims_kind_order" not in indexes(path)  # opening the app writes nothing
    conn = store.connect(path)
    store.save_review(conn, store.Review("seed", SEED_CLAIM, "confirmed", "", reviewer="Ana"))
    conn.close()
    assert "claims_kind_order" in indexes(path)  # its first review adds it
