"""The review app's desk features in headless Chromium (Playwright driving Debian's /usr/bin/chromium):
the keyboard flow end to end, exact figures as the browser shows them, the anchors between an
article's quantities and its claims, and the claims table at 1400 px. Skipped, with the reason,
without /usr/bin/chromium or the playwright package."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_app import MARKS, playwright_api, served as serving
from test_review import corpus_articles, write_db
from test_review_desk import MARKETS

pytestmark = MARKS
playwright_api()


@pytest.fixture(scope="module")
def served(tmp_path_factory, nlp_blank) -> Iterator[tuple[str, Path]]:
    """(base URL, db path): the app over the seed, three Wikinews articles and a markets report."""
    db = write_db(tmp_path_factory.mktemp("desk-browser") / "claims.db", [*corpus_articles(), MARKETS], nlp_blank)
    with serving(db) as base:
        yield base, db


@pytest.fixture
def viewport() -> dict[str, int]:
    return {"width": 1400, "height": 900}  # the desk's screen: the claims table must fit it


def unreviewed_order(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        reviewed = set()
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'reviews'").fetchone():
            reviewed = {row[0] for row in conn.execute("SELECT article_id || '/' || claim_id FROM reviews")}
        rows = conn.execute("SELECT article_id || '/' || id FROM claims ORDER BY article_id, id").fetchall()
    return [key for (key,) in rows if key not in reviewed]


def claim_url(base: str, key: str) -> str:
    article_id, _, claim_id = key.rpartition("/")
    return f"{base}/articles/{article_id}/claims/{claim_id}"


def test_keyboard_flow_end_to_end(page, served):
    base, db = served
    todo = unreviewed_order(db)
    page.goto(f"{base}/claims")
    rows = page.locator("table.claims tbody tr")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")  # down three, up one: the second row
    assert rows.nth(1).get_attribute("class") == "current"
    assert page.locator("tr.current").count() == 1
    page.keyboard.press("Enter")
    page.wait_for_url(claim_url(base, todo[1]))
    page.keyboard.press("2")  # disputed
    assert page.locator("input[name=status][value=disputed]").is_checked()
    page.keyboard.press("n")
    page.keyboard.type("the ministry's figure differs")  # typed into the note, not read as keys
    assert page.locator("input[name=status][value=disputed]").is_checked()
    page.fill("input[name=reviewer]", "Ana Ruiz")  # asked once
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    page.wait_for_url(lambda url: url.startswith(f"{claim_url(base, todo[2])}?saved="))  # the next unreviewed
    assert "this is the next unreviewed claim" in page.locator(".saved").inner_text()
    assert "Ana Ruiz" in page.locator(".reviewer-name").inner_text()  # remembered: not asked again
    page.keyboard.press("4")  # needs check, saved with the remembered name
    page.keyboard.press("s")
    page.wait_for_url(lambda url: url.startswith(f"{claim_url(base, todo[3])}?saved="))
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT article_id || '/' || claim_id, status, note, reviewer FROM reviews "
                              "ORDER BY updated_seq").fetchall()
    assert stored == [(todo[1], "disputed", "the ministry's figure differs", "Ana Ruiz"),
                      (todo[2], "needs_check", "", "Ana Ruiz")]
    page.keyboard.press("k")  # back to the claim before
    page.wait_for_url(claim_url(base, todo[2]))
    assert page.console_errors == []


def test_exact_figures_in_the_browser(page, served):
    base, _ = served
    page.goto(f"{base}/claims?q=Dow")
    row = page.locator("table.claims tbody tr").first
    assert row.locator(".as-printed").inner_text() == "24,731.58"
    assert row.locator(".exact").inner_text() == "24,731.58"
    assert row.locator(".sentence-cell mark.quantity").inner_text() == "24,731.58"
    row.locator("a.open").click()
    quantity = page.locator("table.record tr", has_text="Quantity").inner_text()
    assert "“24,731.58” · exact · value 24,731.58 · interval [24,731.58, 24,731.58]" in quantity
    assert page.locator("td.machine").first.inner_text() == "“24,731.58” = 24,731.58"
    assert "24,731.6" not in page.locator("main").inner_text().replace("24,731.58", "")


def test_anchors_between_quantities_and_claims(page, served):
    base, _ = served
    page.goto(f"{base}/articles/seed")
    link = page.locator("article mark.quantity a", has_text="More than 200,000").first
    link.click()  # a highlighted quantity opens its claim
    page.wait_for_url(f"{base}/articles/seed/claims/*")
    assert page.locator("blockquote.sentence mark.quantity").inner_text() == "More than 200,000"
    page.locator("a.in-text").click()  # and the claim leads to its place in the text
    page.wait_for_url(f"{base}/articles/seed#q-*")
    target = page.evaluate("document.querySelector(':target').textContent")
    assert target == "More than 200,000"
    in_view = page.evaluate("(() => { const r = document.querySelector(':target').getBoundingClientRect();"
                            " return r.top >= 0 && r.bottom <= window.innerHeight; })()")
    assert in_view


@pytest.mark.parametrize("url", ["/claims", "/claims?country=KZ", "/articles/seed"])
def test_pages_fit_1400_px(page, served, url):
    base, _ = served
    page.goto(base + url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400


def test_bulk_marking_in_the_browser(page, served):
    base, db = served
    page.goto(f"{base}/claims?q=percent")
    boxes = page.locator("table.claims input[type=checkbox]")
    assert boxes.count() > 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("form.bulk select[name=status]", "confirmed")
    page.fill("form.bulk input[name=reviewer]", "Ben Ode")
    page.click("form.bulk button[type=submit]")
    assert page.locator(".saved").inner_text() == "Marked 2 confirmed."
    assert page.locator("table.claims .status.confirmed").count() == 2
    assert "q=percent" in page.url
