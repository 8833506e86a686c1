"""The review app's desk features (issue 12): exact figures, fast review (next unreviewed, bulk
marking, anchors), finding claims (full-text search, the country filter, the last page), the audit
trail, exports of the current filter, and a database file that opening the app leaves unchanged.
Flask's test client over real articles (blank pipeline); the browser tests are in
test_review_desk_browser.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from review_client import page_token, token_client
from test_review import SEED_CLAIM, corpus_articles, marks, write_db

from extractor.analysis.exports import load_reviews
from extractor.review import create_app, forms, listing, store
from models import Article

#: Figures with more digits than six: the old formatter (``:,.6g``) showed 24,731.58 as "24,731.6".
MARKETS = Article(id="markets-2018-12-14", title="Dow closes lower", published="2018-12-14", text=(
    "The Dow Jones Industrial Average closed at 24,731.58 on Friday, the exchange said. "
    "The benchmark 10-year Treasury yield rose to 2.66 percent, traders said. "
    "Oil prices fell 1.07 percent to $65.51 a barrel in London, according to the ICE exchange."))
CLOCK = iter(f"2026-12-01T10:{minute:02d}:00Z" for minute in range(60))


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, nlp_blank) -> Path:
    return write_db(tmp_path_factory.mktemp("desk") / "claims.db", [*corpus_articles(), MARKETS], nlp_blank)


@pytest.fixture
def dow(db) -> str:
    """The id of the claim "closed at 24,731.58"."""
    return sql(db, "SELECT c.id FROM claims c JOIN quantities q ON q.article_id = c.article_id AND q.idx = c.quantity "
                   "WHERE q.text = '24,731.58'")[0][0]


@pytest.fixture
def client(db):
    return token_client(create_app(db, clock=lambda: next(CLOCK)))


def sql(db: Path, query: str, params: tuple = ()) -> list[tuple]:
    conn = store.connect(db)
    try:
        return [tuple(row) for row in conn.execute(query, params)]
    finally:
        conn.close()


def review(client, article_id: str, claim_id: str, **form):
    return client.post(f"/articles/{article_id}/claims/{claim_id}/review", data={"reviewer": "Ana Ruiz", **form})


def claim_order(db: Path) -> list[tuple[str, str]]:
    return sql(db, "SELECT article_id, id FROM claims ORDER BY article_id, id")


# exact figures ------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/claims?q=Dow", f"/articles/{MARKETS.id}/claims/{{dow}}"])
def test_figures_shown_as_printed_beside_the_exact_value(client, dow, url):
    page = client.get(url.format(dow=dow)).text
    assert "24,731.58" in re.findall(r'<span class="as-printed">“?([^<”]*)”?</span>', page)  # the article's text
    assert "24,731.58" in re.findall(r'<span class="exact">([^<]*)</span>', page)  # the normalized value
    assert "24,731.6" not in page.replace("24,731.58", "")


def test_interval_and_corrected_value_exact(client, dow):
    assert review(client, MARKETS.id, dow, status="disputed", value="24,731.583").status_code == 303
    page = client.get(f"/articles/{MARKETS.id}/claims/{dow}").text
    assert "interval [24,731.58, 24,731.58]" in page
    assert "stored: 24,731.583" in page and "value 24,731.583" in page  # the form and the history


@pytest.mark.parametrize("value, shown", [(24731.58, "24,731.58"), (200000.0, "200,000"), (2.66, "2.66"),
                                          (1234567.891, "1,234,567.891"), (4e10, "40,000,000,000")])
def test_pages_number_filter_never_rounds(db, value, shown):
    app = create_app(db)
    assert app.jinja_env.filters["num"](value) == shown


# speed of review ----------------------------------------------------------------------------------

def test_saving_opens_the_next_unreviewed_claim(client, db):
    order = claim_order(db)
    first, second, third = order[0], order[1], order[2]
    assert review(client, *second, status="confirmed").status_code == 303  # reviewed out of order
    response = review(client, *first, status="disputed")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/articles/{third[0]}/claims/{third[1]}?saved={first[0]}/{first[1]}"
    page = client.get(response.headers["Location"]).text
    assert "this is the next unreviewed claim" in page


def test_saving_the_last_claim_wraps_to_the_first_unreviewed(client, db):
    order = claim_order(db)
    response = review(client, *order[-1], status="confirmed")
    assert response.headers["Location"].startswith(f"/articles/{order[0][0]}/claims/{order[0][1]}?saved=")


@pytest.mark.parametrize("page, keys", [
    ("/claims", ("j / k", "Enter or o", "x", "/")),
    (f"/articles/seed/claims/{SEED_CLAIM}", ("j / k", "1–4", "n", "s", "u")),
])
def test_keyboard_shortcuts_listed_and_script_served(client, page, keys):
    text = client.get(page).text
    listed = re.search(r'<aside class="keys".*?</aside>', text, re.S).group(0)
    assert all(f"<kbd>{key}</kbd>" in listed for key in keys)
    assert re.findall(r"<script[^>]*>", text) == ['<script src="/static/review.js" defer>']  # no inline script
    script = client.get("/static/review.js")
    assert script.status_code == 200 and "keydown" in script.text
    assert "script-src 'self'" in client.get(page).headers["Content-Security-Policy"]


def test_bulk_marking_of_a_selection(client, db):
    chosen = [f"{a}/{c}" for a, c in claim_order(db)[:3]]
    token = page_token(client, "/claims")
    response = client.post("/claims/review", data={"claim": chosen, "status": "needs_check", "note": "check all",
                                                   "reviewer": "Ana Ruiz", "back": "?country=RU&page=2",
                                                   "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/claims?marked=3+needs_check&country=RU&page=2"
    stored = sql(db, "SELECT article_id || '/' || claim_id, status, note, reviewer FROM reviews ORDER BY updated_seq")
    assert stored == [(key, "needs_check", "check all", "Ana Ruiz") for key in chosen]
    assert "Marked 3 needs check." in client.get(response.headers["Location"]).text


@pytest.mark.parametrize("form, code, message", [
    ({"status": "confirmed", "reviewer": "Ana"}, 400, "no claim selected"),
    ({"claim": "seed/nope", "status": "confirmed", "reviewer": "Ana"}, 404, "not in the database"),
    ({"claim": f"seed/{SEED_CLAIM}", "status": "bogus", "reviewer": "Ana"}, 400, "unknown status"),
    ({"claim": f"seed/{SEED_CLAIM}", "status": "confirmed"}, 400, "give your name as reviewer"),
    ({"claim": f"seed/{SEED_CLAIM}", "status": "confirmed", "reviewer": "Ana", "csrf_token": ""}, 403, "token"),
])
def test_bulk_marking_refused(client, db, form, code, message):
    response = client.post("/claims/review", data=form)
    assert response.status_code == code and message in response.text
    assert sql(db, "SELECT COUNT(*) FROM reviews") == [(0,)]


@pytest.mark.parametrize("page", ["/claims", f"/articles/seed/claims/{SEED_CLAIM}"])
def test_every_post_form_carries_the_token(client, page):
    forms = re.findall(r'<form[^>]*method="post".*?</form>', client.get(page).text, re.S)
    assert forms and all('name="csrf_token" value="' in form for form in forms)


def test_quantity_marked_inside_its_sentence(client):
    page = client.get(f"/articles/seed/claims/{SEED_CLAIM}").text
    sentence = re.search(r'<blockquote class="sentence">.*?</blockquote>', page, re.S).group(0)
    assert marks(sentence, "quantity") == ["More than 200,000"]
    assert "Russians entered Kazakhstan since September 21" in sentence


def test_article_quantities_link_to_claims_and_back(client, db):
    page = client.get("/articles/seed").text
    claims = sql(db, "SELECT id, quantity FROM claims WHERE article_id = 'seed'")
    for claim_id, quantity in claims:  # every claim's quantity: an anchor, and a link to the claim
        mark = re.search(rf'<mark class="quantity" id="q-{quantity}"[^>]*><a href="([^"]+)">', page)
        assert mark, quantity
        claim_page = client.get(mark.group(1)).text
        assert f'href="/articles/seed#q-{quantity}"' in claim_page  # the claim links to its place
    assert len(claims) > 10


# finding claims ------------------------------------------------------------------------------------

@pytest.mark.parametrize("words, match", [
    ("Kazakhstan", "claims_fts MATCH 'Kazakhstan'"),
    ("tourist visas", "claims_fts MATCH 'tourist AND visas'"),
    ('"200,000"', "claims_fts MATCH '\"200 000\"'"),  # as written, a phrase
    ("Kazakh*", "claims_fts MATCH 'Kazakh*'"),
    ('AND ( "', "claims_fts MATCH 'and'"),  # FTS5 syntax typed in the box: searched as words, never an error
])
def test_search_uses_the_writers_full_text_index(client, db, words, match):
    response = client.get("/claims", query_string={"q": words})
    assert response.status_code == 200
    expected = sql(db, f"SELECT COUNT(*) FROM claims_fts WHERE {match}")[0][0]
    assert f" of {expected}</span>" in response.text and expected > 0


def test_search_in_step_after_reextraction(client, db, nlp_blank):
    before = client.get("/claims?q=Kazakhstan").text
    write_db(db, corpus_articles(wikinews=0)[:1], nlp_blank)  # the seed article again: rows replaced
    after = client.get("/claims?q=Kazakhstan").text
    count = re.compile(r"<span>\d+–\d+ of (\d+)</span>")
    assert count.search(before).group(1) == count.search(after).group(1) != "0"
    assert sql(db, "SELECT COUNT(*) FROM claims_fts") == sql(db, "SELECT COUNT(*) FROM claims")


def test_country_filter_matches_nationality_places_and_source(client, db):
    kz = sql(db, "SELECT article_id, id FROM claims c WHERE subject_country = 'KZ' OR source_country = 'KZ' "
                 "OR EXISTS (SELECT 1 FROM json_each(c.places) p WHERE json_extract(p.value, '$.country') = 'KZ')")
    by_subject = sql(db, "SELECT COUNT(*) FROM claims WHERE subject_country = 'KZ'")[0][0]
    assert len(kz) > by_subject + 5  # most claims about Kazakhstan have it as a place or the source's country
    page = client.get("/claims?country=KZ").text
    assert f" of {len(kz)}</span>" in page and 'value="KZ" selected' in page


def test_sentence_column(client):
    page = client.get(f"/claims?q={MARKETS.id.split('-')[0]}").text  # "markets" is in no sentence
    assert "No claim matches" in page
    page = client.get("/claims?q=Treasury").text
    cell = re.search(r'<td class="sentence-cell">(.*?)</td>', page, re.S).group(1)
    assert "The benchmark 10-year Treasury yield rose to" in cell and marks(cell, "quantity")


@pytest.mark.parametrize("args, expected", [
    ({"q": "Kazakhstan"}, ["SEARCH c USING INTEGER PRIMARY KEY (rowid=?)", "SCAN claims_fts VIRTUAL TABLE INDEX 0:M"]),
    ({"country": "KZ"}, ["SEARCH countries USING INDEX countries_code (code=?)",
                         "SEARCH officials USING INDEX officials_country (country=?)",
                         "SEARCH x USING COVERING INDEX claims_place_countries (article_id=?)"]),
])
def test_search_and_country_100k_read_indexes(db_100k, args, expected):
    """Places and sources are read only in the articles that name the country (or have an official of it)."""
    query, params = listing.claims_query(forms.parse_claim_filters(args))
    plan = " | ".join(row[3] for row in sql(db_100k, f"EXPLAIN QUERY PLAN {query}", tuple(params)))
    assert all(step in plan for step in expected), plan
    assert "SCAN c |" not in plan + " |"  # never every claim in no order (the table's order walks an index)


@pytest.mark.parametrize("url, last", [("/claims?page=99", "page {pages} of {pages}"),
                                       ("/claims?q=Kazakhstan&page=99", "page 1 of 1"),
                                       ("/articles?page=99", "page 1 of 1")])
def test_page_past_the_end_gives_the_last_page(client, db, url, last):
    pages = -(-sql(db, "SELECT COUNT(*) FROM claims")[0][0] // listing.PAGE_SIZE)
    page = client.get(url).text
    assert last.format(pages=pages) in page and 'rel="next"' not in page
    first, end, total = map(int, re.search(r"<span>(\d+)–(\d+) of (\d+)</span>", page).groups())
    assert first <= end == total


# audit trail ---------------------------------------------------------------------------------------

def test_reviewer_asked_once_then_remembered(client, db):
    url = f"/articles/seed/claims/{SEED_CLAIM}"
    assert "Your name (asked once" in client.get(url).text
    no_name = client.post(f"{url}/review", data={"status": "confirmed"})
    assert no_name.status_code == 400 and "give your name as reviewer" in no_name.text
    first = review(client, "seed", SEED_CLAIM, status="confirmed")
    assert "wc_reviewer=" in first.headers["Set-Cookie"] and "SameSite=Strict" in first.headers["Set-Cookie"]
    assert "Reviewing as <strong class=\"reviewer-name\">Ana Ruiz</strong>" in client.get(url).text
    assert client.post(f"{url}/review", data={"status": "disputed"}).status_code == 303  # the cookie's name
    assert sql(db, "SELECT reviewer, status FROM reviews ORDER BY updated_seq") == [
        ("Ana Ruiz", "confirmed"), ("Ana Ruiz", "disputed")]


def test_each_review_is_a_new_row_shown_in_the_history(db):
    times = iter(["2026-12-01T09:00:00Z", "2026-12-01T09:05:00Z"])
    client = token_client(create_app(db, clock=lambda: next(times)))
    review(client, "seed", SEED_CLAIM, status="confirmed", reviewer="Ana Ruiz")
    review(client, "seed", SEED_CLAIM, status="disputed", note="ministry says 210,000", value="210000",
           reviewer="Ben Ode")
    assert sql(db, "SELECT reviewer, reviewed_at, status, current FROM reviews ORDER BY updated_seq") == [
        ("Ana Ruiz", "2026-12-01T09:00:00Z", "confirmed", 0), ("Ben Ode", "2026-12-01T09:05:00Z", "disputed", 1)]
    page = client.get(f"/articles/seed/claims/{SEED_CLAIM}").text
    history = re.search(r'<section class="history">.*?</section>', page, re.S).group(0)
    assert history.index("Ben Ode") < history.index("Ana Ruiz")  # the latest first
    assert "2026-12-01T09:05:00Z" in history and "ministry says 210,000" in history and "value 210,000" in history
    latest = load_reviews(db)[("seed", SEED_CLAIM)]  # what the exports read
    assert (latest.status, latest.reviewer, latest.reviewed_at) == ("disputed", "Ben Ode", "2026-12-01T09:05:00Z")
    assert "1–1 of 1" in client.get("/claims?status=disputed").text
    assert "No claim matches" in client.get("/claims?status=confirmed").text


def test_reviews_table_of_an_earlier_version_kept(db):
    with sqlite3.connect(db) as conn:  # one row per claim, no reviewer, as the app wrote it before
        conn.execute("CREATE TABLE reviews (claim_id TEXT NOT NULL, article_id TEXT NOT NULL, status TEXT NOT NULL, "
                     "note TEXT, corrected TEXT, updated_seq INTEGER NOT NULL, PRIMARY KEY (article_id, claim_id))")
        conn.execute("INSERT INTO reviews VALUES (?, 'seed', 'confirmed', 'old', '{}', 7)", (SEED_CLAIM,))
    client = token_client(create_app(db))
    assert "old" in client.get(f"/articles/seed/claims/{SEED_CLAIM}").text
    review(client, "seed", SEED_CLAIM, status="disputed")
    assert sql(db, "SELECT status, note, updated_seq, reviewer, current FROM reviews ORDER BY updated_seq") == [
        ("confirmed", "old", 7, None, 0), ("disputed", "", 8, "Ana Ruiz", 1)]


# exports from the page -------------------------------------------------------------------------------

def test_csv_export_of_the_current_filter(client, db):
    review(client, "seed", SEED_CLAIM, status="disputed", note="210,000 per ministry")
    page = client.get("/claims?country=KZ&page=2").text
    link = re.search(r'id="export-csv" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert link == "/claims/export.csv?country=KZ"  # every page of the filter
    response = client.get(link)
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = listing.claim_keys(store.connect(db), listing.ClaimFilters(country="KZ"))
    assert {(r["article_id"], r["claim_id"]) for r in rows} == expected and len(rows) == len(expected)
    mine = next(r for r in rows if r["claim_id"] == SEED_CLAIM)
    assert (mine["review_status"], mine["review_note"], mine["reviewer"]) == ("disputed", "210,000 per ministry",
                                                                            "Ana Ruiz")


@pytest.mark.parametrize("configured, url, source", [
    (None, "http://localhost/claims#" + SEED_CLAIM, "this app"),
    ("https://factcheck.example/reviews", "https://factcheck.example/reviews#" + SEED_CLAIM, "configured"),
])
def test_claimreview_export_of_the_current_filter(db, dow, configured, url, source):
    client = token_client(create_app(db, review_url=configured))
    review(client, "seed", SEED_CLAIM, status="confirmed")
    review(client, MARKETS.id, dow, status="confirmed")
    page = client.get("/claims?q=Kazakhstan").text
    assert ("the configured review URL" if configured else "this app's own address") in page
    response = client.get("/claims/claimreview.json?q=Kazakhstan")
    items = json.loads(response.text)
    assert [item["url"] for item in items] == [url]  # the Dow claim is reviewed but outside the filter
    assert items[0]["reviewRating"]["alternateName"] == "Confirmed"
    assert response.headers["X-Review-Url-Source"] == source


# the file is not changed by reading ---------------------------------------------------------------

def test_opening_the_app_leaves_the_file_unchanged(db):
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    schema = sql(db, "SELECT type, name FROM sqlite_master ORDER BY name")
    client = token_client(create_app(db))
    for url in ("/articles", "/articles/seed", "/claims?q=Kazakhstan&country=KZ", f"/articles/seed/claims/{SEED_CLAIM}",
                "/claims/export.csv", "/claims/claimreview.json", "/groups"):
        assert client.get(url).status_code == 200, url
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert sql(db, "SELECT type, name FROM sqlite_master ORDER BY name") == schema
    assert ("index", "claims_country_order") in schema and ("table", "claims_fts") in schema  # the writer's
    review(client, "seed", SEED_CLAIM, status="confirmed")  # the first review makes the table
    assert {name for kind, name in sql(db, "SELECT type, name FROM main.sqlite_master") if "review" in name} == {
        "reviews", "reviews_claim", "reviews_status", "reviews_seq"}


def test_review_command_takes_a_review_url():
    from typer.testing import CliRunner
    from test_review import cli

    result = CliRunner().invoke(cli(), ["review", "--help"], terminal_width=200)
    assert result.exit_code == 0 and "--review-url" in result.output and "WIRECLAIMS_REVIEW_URL" in result.output


@pytest.mark.parametrize("words", ["*", '""', "-", "NEAR(", "^"])
def test_search_of_no_word_is_no_error(client, words):
    response = client.get("/claims", query_string={"q": words})
    assert response.status_code == 200 and "No claim matches" in response.text


def test_search_without_the_full_text_index(db):
    """A database whose SQLite had no FTS5 (or an older one): the search reads the sentences."""
    with sqlite3.connect(db) as conn:
        conn.executescript("DROP TRIGGER claims_fts_insert; DROP TRIGGER claims_fts_delete; "
                           "DROP TRIGGER claims_fts_update; DROP TABLE claims_fts;")
    (expected,) = sql(db, "SELECT COUNT(*) FROM claims WHERE sentence LIKE '%tourist visas%'")[0]
    page = create_app(db).test_client().get("/claims?q=tourist visas").text
    assert expected > 0 and f" of {expected}</span>" in page


def test_next_unreviewed_within_the_list_the_claim_was_opened_from(client, db):
    page = client.get("/claims?country=KZ&page=1").text
    links = [link.replace("&amp;", "&") for link in re.findall(r'<a class="open" href="([^"]+)"', page)]
    assert links and all(link.endswith("?list=country%3DKZ") for link in links)  # the list, not its page
    kz = sorted(listing.claim_keys(store.connect(db), listing.ClaimFilters(country="KZ")))
    claim = client.get(f"/articles/{kz[0][0]}/claims/{kz[0][1]}?list=country%3DKZ").text
    assert f'href="/articles/{kz[1][0]}/claims/{kz[1][1]}?list=country%3DKZ">next claim' in claim
    assert 'name="list" value="country=KZ"' in claim and 'href="/claims?country=KZ"' in claim
    response = client.post(f"/articles/{kz[0][0]}/claims/{kz[0][1]}/review",
                           data={"status": "confirmed", "reviewer": "Ana Ruiz", "list": "country=KZ"})
    assert response.headers["Location"] == (f"/articles/{kz[1][0]}/claims/{kz[1][1]}"
                                            f"?saved={kz[0][0]}/{kz[0][1]}&list=country%3DKZ")
    assert claim_order(db)[0] != kz[1]  # without the list the next unreviewed would be another claim


def test_a_list_with_none_left_goes_on_to_any_unreviewed(client, db):
    kz = sorted(listing.claim_keys(store.connect(db), listing.ClaimFilters(q="Kazakhstan", country="KZ")))
    for article_id, claim_id in kz[:-1]:
        review(client, article_id, claim_id, status="confirmed")
    last = client.post(f"/articles/{kz[-1][0]}/claims/{kz[-1][1]}/review",
                       data={"status": "confirmed", "reviewer": "Ana", "list": "q=Kazakhstan&country=KZ"})
    order = claim_order(db)
    after = next(key for key in order[order.index(kz[-1]):] + order if key not in kz)  # outside the list
    assert last.headers["Location"].startswith(f"/articles/{after[0]}/claims/{after[1]}?saved=")


def test_page_exports_read_only_the_articles_of_the_filter(db):
    from extractor.analysis.exports import load_articles

    assert [a.result.article_id for a in load_articles(db, {"seed", MARKETS.id, "nope"})] == ["seed", MARKETS.id]
    assert len(load_articles(db)) == len(load_articles(db, None)) > 2 and load_articles(db, []) == []


@pytest.mark.parametrize("name", ["José Núñez", 'Li "Ray" Wei; desk 2', "Ана Рууз"])
def test_reviewer_names_kept_as_written(client, db, name):
    review(client, "seed", SEED_CLAIM, status="confirmed", reviewer=name)
    client.post(f"/articles/seed/claims/{SEED_CLAIM}/review", data={"status": "disputed"})  # from the cookie
    assert sql(db, "SELECT reviewer FROM reviews") == [(name,), (name,)]
