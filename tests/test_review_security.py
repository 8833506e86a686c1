"""The review app against other web pages: host names, origins, the form token, headers; odd ids
and page numbers; claim groups that never hold a page up."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from review_client import groups_ready, page_token, token_client
from test_review import SEED_CLAIM, corpus_articles, write_db

from extractor.review import create_app
from extractor.review.groups_view import Groups, GroupView
from extractor.review.security import allowed_hosts_for

REVIEW = f"/articles/seed/claims/{SEED_CLAIM}/review"
WIRE_ID = "wire/2022/1"  # wire services number their stories with slashes


def wire_claim(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id FROM claims WHERE article_id = ? LIMIT 1", (WIRE_ID,)).fetchone()[0]


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, nlp_blank) -> Path:
    seed = corpus_articles(wikinews=0)[0]
    articles = [seed, seed.model_copy(update={"id": WIRE_ID})]
    return write_db(tmp_path_factory.mktemp("security") / "claims.db", articles, nlp_blank)


def reviews(db: Path) -> int:
    """Reviews stored; the app creates the table on the first review, so no table is none stored."""
    with sqlite3.connect(db) as conn:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'reviews'").fetchone() is None:
            return 0
        return conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]


@pytest.mark.parametrize("method, host", [
    ("GET", "evil.example:8000"),  # DNS rebinding: a hostile name resolved to 127.0.0.1
    ("GET", "evil.example"),
    ("POST", "evil.example:8000"),
    ("GET", "127.0.0.1.evil.example"),
])
def test_unknown_host_refused(db, method, host):
    client = create_app(db).test_client()
    token = page_token(client)
    response = client.open(REVIEW if method == "POST" else "/articles", method=method,
                           headers={"Host": host, "Origin": f"http://{host}"},
                           data={"status": "confirmed", "csrf_token": token} if method == "POST" else None)
    assert response.status_code == 400
    assert "is not one this app was started for" in response.text
    assert reviews(db) == 0


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "localhost"])
def test_loopback_hosts_served(db, host):
    assert create_app(db).test_client().get("/articles", headers={"Host": host}).status_code == 200


def test_hosts_of_a_named_address(db):
    app = create_app(db, allowed_hosts=allowed_hosts_for("10.1.2.3", ["review.newsroom.lan"]))
    client = app.test_client()
    assert client.get("/articles", headers={"Host": "review.newsroom.lan:8000"}).status_code == 200
    assert client.get("/articles", headers={"Host": "10.1.2.3:8000"}).status_code == 200
    assert client.get("/articles", headers={"Host": "localhost:8000"}).status_code == 400


@pytest.mark.parametrize("headers", [
    {"Origin": "null"},  # a sandboxed frame or a data: page, with no Sec-Fetch-Site
    {"Origin": "http://evil.example"},
    {"Origin": "http://localhost:9999"},  # another port is another origin
    {"Sec-Fetch-Site": "cross-site"},
])
def test_cross_origin_write_refused_even_with_token(db, headers):
    client = create_app(db).test_client()
    data = {"status": "confirmed", "csrf_token": page_token(client)}
    assert client.post(REVIEW, data=data, headers=headers).status_code == 403
    assert reviews(db) == 0


def test_same_origin_write_with_token_stored(db):
    client = create_app(db).test_client()
    data = {"status": "confirmed", "reviewer": "Ana Ruiz", "csrf_token": page_token(client)}
    response = client.post(REVIEW, data=data, headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert reviews(db) == 1


@pytest.mark.parametrize("token", ["", "0" * 64, "other-browser"])
def test_write_without_this_browsers_token_refused(db, token):
    app = create_app(db)
    client = app.test_client()
    page_token(client)  # this browser has its cookie
    if token == "other-browser":
        token = page_token(app.test_client())  # valid, but for another browser's cookie
    response = client.post(REVIEW, data={"status": "confirmed", "csrf_token": token})
    assert response.status_code == 403 and "token" in response.text
    assert reviews(db) == 0


def test_token_from_another_app_start_refused(db):
    old = create_app(db).test_client()
    token = page_token(old)
    new = create_app(db).test_client()
    new.set_cookie("wc_csrf", old.get_cookie("wc_csrf").value)
    assert new.post(REVIEW, data={"status": "confirmed", "csrf_token": token}).status_code == 403


def test_token_cookie_is_strict(db):
    response = create_app(db).test_client().get(f"/articles/seed/claims/{SEED_CLAIM}")
    cookie = response.headers["Set-Cookie"]
    assert "wc_csrf=" in cookie and "SameSite=Strict" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("url", ["/articles", f"/articles/seed/claims/{SEED_CLAIM}", "/claims", "/groups",
                                 "/articles/nope"])
def test_pages_cannot_be_framed(db, url):
    headers = create_app(db).test_client().get(url).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_ids_with_slashes_routed(db):
    client = token_client(create_app(db))
    claim = f"/articles/{WIRE_ID}/claims/{wire_claim(db)}"
    article = client.get(f"/articles/{WIRE_ID}")
    assert article.status_code == 200 and claim in article.text
    assert client.get(claim).status_code == 200
    assert client.post(f"{claim}/review", data={"status": "disputed", "reviewer": "Ana"}).status_code == 303
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT article_id, status FROM reviews").fetchall() == [(WIRE_ID, "disputed")]
    assert client.get("/articles/wire/2022/2").status_code == 404


@pytest.mark.parametrize("page", ["²", "①", "٣", "-1", "0", "1.5", "x"])
@pytest.mark.parametrize("path", ["/articles", "/claims"])
def test_bad_page_numbers_are_400(db, path, page):
    response = create_app(db).test_client().get(path, query_string={"page": page})
    assert response.status_code == 400 and "is not a page number" in response.text


def test_claim_page_does_not_wait_for_groups(db):
    release = threading.Event()
    group = GroupView(id="g1", conflict=True, reason="200,000 vs 98,000",
                      members=(("seed", SEED_CLAIM), (WIRE_ID, "c1")))

    def slow_loader(path: Path) -> Groups:
        release.wait(30)  # a database of 50,000 claims takes this long to group
        return Groups(groups=[group])

    app = create_app(db, groups_loader=slow_loader)
    client = app.test_client()
    start = time.monotonic()
    page = client.get(f"/articles/seed/claims/{SEED_CLAIM}").text
    assert time.monotonic() - start < 5 and "being computed" in page
    release.set()
    groups_ready(app)
    assert "200,000 vs 98,000" in client.get(f"/articles/seed/claims/{SEED_CLAIM}").text


def test_groups_kept_while_claims_change(db):
    calls: list[float] = []
    release = threading.Event()

    def loader(path: Path) -> Groups:
        calls.append(time.monotonic())
        if len(calls) > 1:
            release.wait(30)  # the recomputation after a commit is slow
        return Groups(groups=[GroupView(id=f"g{len(calls)}", conflict=False, reason="",
                                        members=(("seed", SEED_CLAIM), (WIRE_ID, "c1")))])

    app = groups_ready(create_app(db, groups_loader=loader, groups_gap=0))
    client = app.test_client()
    assert "group <code>g1</code>" in client.get(f"/articles/seed/claims/{SEED_CLAIM}").text
    with sqlite3.connect(db) as conn:  # a concurrent extract commits: the claims change
        columns = [row[1] for row in conn.execute("PRAGMA table_info(claims)")]
        copied = ", ".join("id || 'x'" if name == "id" else name for name in columns)
        conn.execute(f"INSERT INTO claims SELECT {copied} FROM claims LIMIT 1")
    start = time.monotonic()
    page = client.get(f"/articles/seed/claims/{SEED_CLAIM}").text
    assert time.monotonic() - start < 5 and "group <code>g1</code>" in page  # the last groups, at once
    release.set()
    groups_ready(app)
    assert len(calls) == 2 and "group <code>g2</code>" in client.get(f"/articles/seed/claims/{SEED_CLAIM}").text


def test_group_index_by_member():
    groups = Groups(groups=[GroupView(id=f"g{i}", conflict=False, reason="",
                                      members=((f"a{i}", "c"), (f"a{i + 1}", "c"))) for i in range(1000)])
    assert [g.id for g in groups.of_claim("a5", "c")] == ["g4", "g5"]
    assert groups.of_claim("nope", "c") == []
