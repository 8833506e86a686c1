"""extractor.review: the review app over a db of real articles (blank pipeline), with Flask's client."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extractor.review import create_app, forms, listing, store
from extractor.cli.review import review
from extractor.analysis.group_files import groups_from_db
from extractor.review.groups_view import Groups, GroupView
from extractor.review.highlight import Highlight, render
from extractor.io.sinks.registry import open_writer
from models import Article
from review_client import groups_ready, token_client

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED_CLAIM = "7a43d381ce1e9c94"  # "More than 200,000 Russians entered Kazakhstan …", said Ajmetdzhanov
XSS = Article(id="xss", title="<b>Riot</b> & police", published="2022-10-05",
              text="Police said <script>alert(1)</script> more than 300 people were arrested on Monday.")


def write_db(path: Path, articles: list[Article], nlp) -> Path:
    """Extract ``articles`` into the SQLite output ``path`` (the extractor's own writer)."""
    from extractor.api import extract_many

    with open_writer(path) as writer:
        for result, article in zip(extract_many(articles, nlp), articles):
            writer.write(result, article)
    return path


def corpus_articles(wikinews: int = 3) -> list[Article]:
    seed = [Article.model_validate_json(line) for line in (CORPUS / "seed.jsonl").open(encoding="utf-8")]
    with (CORPUS / "wikinews.jsonl").open(encoding="utf-8") as stream:
        news = [Article.model_validate_json(line) for _, line in zip(range(wikinews), stream)]
    return seed + news + [XSS]


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, nlp_blank) -> Path:
    return write_db(tmp_path_factory.mktemp("review") / "claims.db", corpus_articles(), nlp_blank)


@pytest.fixture
def client(db):
    return token_client(create_app(db))


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows as the app reads them (before the first review, an empty ``reviews`` table)."""
    conn = store.connect(db)
    try:
        return [tuple(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


class Marks(HTMLParser):
    """The text inside each ``<mark>``, nested marks included, by class."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.open.append([dict(attrs).get("class", ""), ""])

    def handle_endtag(self, tag):
        if tag == "mark":
            self.found.append(tuple(self.open.pop()))

    def handle_data(self, data):
        for entry in self.open:
            entry[1] += data


def marks(page: str, kind: str) -> list[str]:
    """The texts of the marks of one kind, unescaped."""
    parser = Marks()
    parser.feed(page)
    return [text for cls, text in parser.found if cls == kind]


@pytest.mark.parametrize("url, status, expected", [
    ("/articles", 200, "Riot"),
    ("/articles?q=Kazakhstan", 200, "1–1 of 1"),
    ("/articles?country=KZ&official=Ajmetdzhanov", 200, "1–1 of 1"),
    ("/articles?from=2022-10-05&to=2022-10-05", 200, "1–1 of 1"),
    ("/articles?to=2000-01-01", 200, "No article matches"),
    ("/articles/seed", 200, "Marat Ajmetdzhanov"),
    ("/claims", 200, "of "),
    (f"/articles/seed/claims/{SEED_CLAIM}", 200, "Save review"),
    ("/groups", 200, "Claim groups"),
    ("/articles/nope", 404, "no article &#39;nope&#39;"),
    ("/articles/seed/claims/nope", 404, "no claim &#39;nope&#39; in article &#39;seed&#39;"),
    ("/articles/nope/claims/" + SEED_CLAIM, 404, "no claim"),
    ("/claims?status=bogus", 400, ("unknown status &#39;bogus&#39;: choose one of confirmed, disputed, "
                                  "wrong_extraction, needs_check, unreviewed")),
    ("/claims?sort=id;drop", 400, "unknown sort column"),
    ("/claims?page=0", 400, "page &#39;0&#39; is not a page number"),
    ("/articles?from=2022-13-01", 400, "from date &#39;2022-13-01&#39; is not a YYYY-MM-DD date"),
    ("/articles?hedged=maybe", 400, "hedged must be yes, no or any, not &#39;maybe&#39;"),
])
def test_review_pages(client, url, status, expected):
    response = client.get(url)
    assert response.status_code == status
    assert expected in response.text


def test_review_article_highlights_in_place(client):
    page = client.get("/articles/seed").text
    assert "More than 200,000" in marks(page, "quantity")
    assert "Marat Ajmetdzhanov" in marks(page, "official")
    assert {"Kazakhstan", "Russian"} <= set(marks(page, "country"))
    assert "September 21" in marks(page, "date")
    assert "unofficial" in marks(page, "hedge")
    assert any("Marat Ajmetdzhanov" in source for source in marks(page, "source"))


def test_review_article_text_is_escaped(client):
    page = client.get("/articles/xss").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Riot</b>" not in page and "&lt;b&gt;Riot&lt;/b&gt; &amp; police" in page


TEXT = "said Interior Minister Marat X on <b>Monday</b>"


@pytest.mark.parametrize("spans, expected", [
    ([], "said Interior Minister Marat X on &lt;b&gt;Monday&lt;/b&gt;"),
    ([Highlight(5, 30, "source"), Highlight(23, 30, "official")],  # nested: official inside source
     'said <mark class="source">Interior Minister <mark class="official">Marat X</mark></mark>'),
    ([Highlight(0, 13, "source"), Highlight(5, 22, "official")],  # crossing: split, reopened
     ('<mark class="source">said <mark class="official">Interior</mark></mark>'
     '<mark class="official" data-part="cont"> Minister</mark>')),
    ([Highlight(5, 13, "quantity"), Highlight(5, 13, "source")],  # same span: source outside
     'said <mark class="source"><mark class="quantity">Interior</mark></mark>'),
    ([Highlight(34, 47, "date", (("value", '"x"'),))],  # attribute values escaped
     'on <mark class="date" data-value="&#34;x&#34;">&lt;b&gt;Monday&lt;/b&gt;</mark>'),
    ([Highlight(40, 99, "date"), Highlight(3, 3, "date")], "&lt;b&gt;Monday&lt;/b&gt;"),  # invalid: ignored
])
def test_review_render_spans(spans, expected):
    out = re.sub(r' title="[^"]*"', "", str(render(TEXT, spans)))
    assert expected in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == TEXT
    assert out.count("<mark") == out.count("</mark>")


@pytest.mark.parametrize("form, message", [
    ({"status": "bogus"}, ("unknown status &#39;bogus&#39;: choose one of confirmed, disputed, "
                          "wrong_extraction, needs_check")),
    ({}, "unknown status &#39;&#39;"),
    ({"status": "disputed", "value": "abc"}, "corrected value &#39;abc&#39; is not a number"),
    ({"status": "disputed", "value": "nan"}, "corrected value &#39;nan&#39; is not a number"),
    ({"status": "disputed", "bound": "lots"}, "unknown bound &#39;lots&#39;"),
    ({"status": "disputed", "period_begin": "21/09/2022"},
     "period begin &#39;21/09/2022&#39; is not a YYYY-MM-DD date"),
    ({"status": "disputed", "period_begin": "2022-10-02", "period_end": "2022-10-01"},
     "period begin 2022-10-02 is after period end 2022-10-01"),
    ({"status": "disputed", "note": "x" * 2001}, "note is longer than 2000 characters"),
])
def test_review_form_rejects_bad_input(client, db, form, message):
    response = client.post(f"/articles/seed/claims/{SEED_CLAIM}/review", data=form)
    assert response.status_code == 400
    assert message in response.text
    assert rows(db, "SELECT COUNT(*) FROM reviews") == [(0,)]


@pytest.mark.parametrize("url", ["/articles/seed/claims/nope/review", f"/articles/nope/claims/{SEED_CLAIM}/review"])
def test_review_post_unknown_claim_404(client, db, url):
    assert client.post(url, data={"status": "confirmed"}).status_code == 404
    assert rows(db, "SELECT COUNT(*) FROM reviews") == [(0,)]


def test_review_cross_site_post_refused(client, db):
    response = client.post(f"/articles/seed/claims/{SEED_CLAIM}/review", data={"status": "confirmed"},
                           headers={"Origin": "http://evil.example"})
    assert response.status_code == 403
    assert rows(db, "SELECT COUNT(*) FROM reviews") == [(0,)]


def save(client, **form) -> None:
    response = client.post(f"/articles/seed/claims/{SEED_CLAIM}/review", data={"reviewer": "Ana Ruiz", **form})
    assert response.status_code == 303, response.text


def test_review_saved_beside_the_machine_record(client, db):
    save(client, status="disputed", note="gov figure differs", value="210,000", bound="at_least",
         period_end="2022-10-03")
    ((status, note, corrected, seq),) = rows(db, "SELECT status, note, corrected, updated_seq FROM reviews "
                                                 "WHERE article_id = 'seed' AND claim_id = ?", (SEED_CLAIM,))
    assert (status, note, seq) == ("disputed", "gov figure differs", 1)
    assert json.loads(corrected) == {"value": 210000.0, "bound": "at_least", "period_end": "2022-10-03"}
    machine = rows(db, "SELECT q.value, q.bound FROM claims c JOIN quantities q ON q.article_id = c.article_id "
                       "AND q.idx = c.quantity WHERE c.id = ?", (SEED_CLAIM,))
    assert machine == [(200000.0, "more_than")]  # the machine's record is untouched
    page = client.get(f"/articles/seed/claims/{SEED_CLAIM}").text
    assert "200,000" in page and "stored: 210,000" in page and "stored: at_least" in page
    save(client, status="confirmed")  # a second review is a new row, the current one
    assert rows(db, "SELECT status, note, corrected, updated_seq, current FROM reviews ORDER BY updated_seq") == [
        ("disputed", "gov figure differs", json.dumps({"bound": "at_least", "period_end": "2022-10-03",
                                                       "value": 210000.0}), 1, 0),
        ("confirmed", "", "{}", 2, 1)]


def test_review_kept_when_article_is_reextracted(client, db, nlp_blank):
    save(client, status="wrong_extraction", note="not a count of people")
    before = rows(db, "SELECT rowid FROM claims WHERE id = ?", (SEED_CLAIM,))
    write_db(db, corpus_articles(wikinews=0)[:1], nlp_blank)  # the seed article again
    after = rows(db, "SELECT rowid FROM claims WHERE id = ?", (SEED_CLAIM,))
    assert before and after and before != after  # the claim row was deleted and reinserted
    assert rows(db, "SELECT claim_id, status, note FROM reviews WHERE current = 1") == [
        (SEED_CLAIM, "wrong_extraction", "not a count of people")]
    page = create_app(db).test_client().get("/claims?status=wrong_extraction").text
    assert "1–1 of 1" in page and SEED_CLAIM in page


def count_claims(db: Path, where: str, params: tuple = ()) -> int:
    return rows(db, f"SELECT COUNT(*) FROM claims WHERE {where}", params)[0][0]


@pytest.mark.parametrize("query, where", [
    ("hedged=yes", "hedged = 1"),
    ("hedged=no", "hedged = 0"),
    ("kind=person", "source_kind = 'person'"),
    ("country=RU", "subject_country = 'RU' OR source_country = 'RU' OR places LIKE '%\"country\": \"RU\"%'"),
    ("from=2022-10-03&to=2022-10-03", "time_begin <= '2022-10-03' AND time_end >= '2022-10-03'"),
    ("status=unreviewed", "1"),
    ("status=confirmed", "0"),
])
def test_review_claims_filters(client, db, query, where):
    expected = count_claims(db, where)
    assert f" of {expected}</span>" in client.get(f"/claims?{query}").text


@pytest.mark.parametrize("sort, desc", [("value", True), ("value", False), ("begin", False)])
def test_review_claims_sorted(db, sort, desc):
    conn = store.connect(db)
    page = listing.list_claims(conn, forms.parse_claim_filters({"sort": sort, "dir": "desc" if desc else ""}))
    column = {"value": "q_value", "begin": "time_begin"}[sort]
    values = [row[column] for row in page.rows if row[column] is not None]
    assert len(values) > 3 and values == sorted(values, reverse=desc)


INDEXED = [  # a filter of the claims table -> the index its page query must search
    ({"kind": "person"}, "SEARCH c USING INDEX claims_kind_order (source_kind=?)"),
    ({"hedged": "yes"}, "SEARCH c USING INDEX claims_hedged_order (hedged=?)"),
    ({"status": "disputed"}, "SEARCH r USING INDEX reviews_status (status=? AND current=?)"),
    ({"kind": "organization", "sort": "value", "dir": "desc"}, "SEARCH c USING INDEX claims_kind_order"),
]


@pytest.mark.parametrize("args, expected", INDEXED)
def test_review_claims_100k_use_indexes(db_100k, args, expected):
    assert count_claims(db_100k, "1") >= 99_000
    sql, params = listing.claims_query(forms.parse_claim_filters(args))
    plan = " | ".join(row[3] for row in rows(db_100k, f"EXPLAIN QUERY PLAN {sql}", tuple(params)))
    assert "USING INDEX" in plan and expected in plan, plan
    assert "SCAN c" not in plan  # never a walk over every claim


def test_review_claims_100k_pages(db_100k):
    page = create_app(db_100k).test_client().get("/claims?kind=person&page=3").text
    people = count_claims(db_100k, "source_kind = 'person'")
    assert people > 1000 and f"101–150 of {people}</span>" in page and "page 3 of" in page


def test_review_groups_shown_when_available(db):
    groups = Groups(groups=[GroupView(id="g1", conflict=True, reason="200,000 vs 194,000",
                                      members=(("seed", SEED_CLAIM), ("seed", "other")))])
    client = groups_ready(create_app(db, groups_loader=lambda path: groups)).test_client()
    claim_page = client.get(f"/articles/seed/claims/{SEED_CLAIM}").text
    assert "conflict" in claim_page and "200,000 vs 194,000" in claim_page
    assert "200,000 vs 194,000" in client.get("/groups").text


def test_review_groups_from_extractor_groups(tmp_path, nlp_model):
    seed = corpus_articles(wikinews=0)[0]  # twice, under two ids: the same claims in two articles
    db = write_db(tmp_path / "claims.db", [seed, seed.model_copy(update={"id": "seed-again"})], nlp_model)
    found = [g for g in groups_from_db(db) if {"seed", "seed-again"} <= {m.article_id for m in g.members}]
    assert found
    first, other = found[0].members[0], found[0].members[-1]
    client = groups_ready(create_app(db)).test_client()
    page = client.get(f"/articles/{first.article_id}/claims/{first.claim_id}").text
    assert f"group <code>{found[0].id}</code>" in page
    assert f"/articles/{other.article_id}/claims/{other.claim_id}" in page
    assert found[0].id in client.get("/groups?show=all").text


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(review)
    app.command("other")(lambda: None)  # two commands, so `review` is a subcommand as in wireclaims
    return app


@pytest.mark.parametrize("content, message", [
    (None, "wireclaims: error: no such database: "),
    (b"not sqlite at all, just text" * 10, "is not a SQLite database"),
    (b"", "is not a wireclaims output (no table articles, claims, quantities, officials, countries)"),
])
def test_review_command_bad_db(tmp_path, content, message):
    path = tmp_path / "x.db"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(cli(), ["review", str(path)])
    assert result.exit_code == 2
    assert message in result.output


def test_review_command_help():
    result = CliRunner().invoke(cli(), ["review", "--help"])
    assert result.exit_code == 0
    for text in ("Start the fact-checkers' review web app", "--host", "--port", "--quiet", "127.0.0.1"):
        assert text in result.output
