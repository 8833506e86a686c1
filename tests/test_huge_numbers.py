"""A number beyond a float's range (above about 1.8e308) reaching a record: null with a warning, the same
in JSONL, SQLite and PostgreSQL (the PostgreSQL case skips where no server can be started).

The number parsers refuse a 400-digit string or "1e400" on their own; what gets through is a number
that fits a float followed by a scale word that takes it past the limit: a long digit string or a
written exponent times "billion", "trillion", "thousand" (a pasted spreadsheet cell, a
physics story's exponent, a currency that lost every zero it could).
"""

from __future__ import annotations

import json
import math
import sqlite3

import pytest

from extractor import extract_many
from extractor.io.sinks.registry import open_writer
from models import Article

#: Sentences in wire style whose figure overflows a float once its scale word is applied.
HUGE = [
    ("Officials said the fund held " + "9" * 300 + " billion dollars at the end of the year.",
     "9" * 300 + " billion dollars"),
    ("The debt reached 1.5e308 trillion dollars, the central bank said on Monday.", "1.5e308 trillion dollars"),
    ("Officials said 1.7e308 thousand people had been counted by the census.", "1.7e308 thousand"),
]


def _result(nlp, text: str):
    article = Article(id="huge", text=text, published="2022-10-04")
    (result,) = extract_many([article], nlp)
    return article, result


def _huge_quantity(result, written: str):
    (found,) = [q for q in result.quantities if q.text.startswith(written)]
    return found


def _write(out, article, result) -> None:
    with open_writer(out) as writer:
        writer.write(result, article)


@pytest.mark.parametrize(("text", "written"), HUGE)
def test_record_has_null_and_a_warning(nlp_blank, text, written):
    _, result = _result(nlp_blank, text)
    quantity = _huge_quantity(result, written)
    assert (quantity.value, quantity.low, quantity.high) == (None, None, None)
    assert any("beyond the range of numbers" in warning and written[:20] in warning
               for warning in result.warnings), result.warnings


@pytest.mark.parametrize(("text", "written"), HUGE)
def test_jsonl_writes_null(nlp_blank, tmp_path, text, written):
    article, result = _result(nlp_blank, text)
    _write(tmp_path / "out.jsonl", article, result)
    line = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert "Infinity" not in line and "NaN" not in line  # strict JSON readers refuse both
    quantity = next(q for q in json.loads(line)["quantities"] if q["text"].startswith(written))
    assert (quantity["value"], quantity["low"], quantity["high"]) == (None, None, None)


@pytest.mark.parametrize(("text", "written"), HUGE)
def test_sqlite_stores_null_not_infinity(nlp_blank, tmp_path, text, written):
    article, result = _result(nlp_blank, text)
    _write(tmp_path / "out.db", article, result)
    with sqlite3.connect(tmp_path / "out.db") as conn:
        rows = conn.execute("SELECT text, value, low, high FROM quantities WHERE article_id = 'huge'").fetchall()
        (record,) = conn.execute("SELECT record FROM articles").fetchone()
    (row,) = [row for row in rows if row[0].startswith(written)]
    assert row[1:] == (None, None, None)
    assert all(math.isfinite(v) for row in rows for v in row[1:] if v is not None)
    assert "Infinity" not in record


@pytest.mark.slow
@pytest.mark.parametrize(("text", "written"), HUGE)
def test_postgres_stores_the_article_with_null(nlp_blank, pg, text, written):
    import psycopg

    url = pg.create_database()
    article, result = _result(nlp_blank, text)
    _write(url, article, result)
    with psycopg.connect(url) as conn:
        stored = conn.execute("SELECT count(*) FROM articles WHERE article_id = 'huge'").fetchone()[0]
        rows = conn.execute("SELECT text, value, low, high FROM quantities WHERE article_id = 'huge'").fetchall()
        rejects = conn.execute("SELECT reason FROM rejects").fetchall()
    assert stored == 1 and rejects == []
    (row,) = [row for row in rows if row[0].startswith(written)]
    assert row[1:] == (None, None, None)
