"""PostgreSQL as SQL users see it: foreign keys to ``articles`` and the ``claim_facts`` view, on a
real server the tests start (skipped, saying why, where PostgreSQL is not installed)."""

from __future__ import annotations

import pytest

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'psycopg[binary]>=3.2'")

from extractor.io.sinks.registry import open_writer  # noqa: E402

pytestmark = pytest.mark.slow


def test_desk_postgres_foreign_keys_and_claim_facts(pg, five):
    articles, results = five
    url = pg.create_database()
    for _ in range(2):   # the second run replaces every article: deletes pass the foreign keys
        with open_writer(url) as writer:
            for article, result in zip(articles, results):
                writer.write(result, article)
    with psycopg.connect(url) as conn:
        linked = {row[0] for row in conn.execute(
            "SELECT tc.table_name FROM information_schema.table_constraints tc "
            "JOIN information_schema.constraint_column_usage cu ON cu.constraint_name = tc.constraint_name "
            "WHERE tc.constraint_type = 'FOREIGN KEY' AND cu.table_name = 'articles'")}
        (claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
        facts = conn.execute("SELECT claim_id, quantity_text, value, published, title FROM claim_facts").fetchall()
    assert linked == {"quantities", "claims", "officials", "countries", "dates", "claim_groups"}
    assert len(facts) == claims == sum(len(r.claims) for r in results) > 0
    by_id = {(r.article_id, c.id): (r.quantities[c.quantity].text, r.published) for r in results for c in r.claims}
    assert all(row[1] is not None and row[3] is not None for row in facts)
    assert {(row[1], row[3].isoformat()) for row in facts} == set(by_id.values())


def test_desk_postgres_commands_read_it(pg, five):
    from typer.testing import CliRunner

    from extractor.cli.app import app

    articles, results = five
    url = pg.create_database()
    with open_writer(url) as writer:
        for article, result in zip(articles, results):
            writer.write(result, article)
    listed = CliRunner().invoke(app, ["list", url])
    assert listed.exit_code == 0, listed.stderr
    rows = listed.stdout.splitlines()[1:]
    assert [row.split()[0] for row in rows] == [a.id for a in articles]
    assert all(row.endswith(a.title) for row, a in zip(rows, articles) if a.title)
    tasks = CliRunner().invoke(app, ["groups", url, "--format", "json"])
    assert tasks.exit_code == 0, tasks.stderr
