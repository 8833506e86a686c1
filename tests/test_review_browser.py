"""The review app in real headless Chromium (Playwright driving Debian's /usr/bin/chromium).

Skipped, with the reason, when /usr/bin/chromium is missing (Debian package ``chromium``) or the
``playwright`` package is not installed. ``playwright install`` is never needed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_app import MARKS, playwright_api, served as serving

from models import Article

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed.jsonl"
SEED_CLAIM = "7a43d381ce1e9c94"  # "More than 200,000 Russians entered Kazakhstan …"
XSS = Article(id="xss", title="Riot", published="2022-10-05",
              text="Police said <script>alert(1)</script> more than 300 people were arrested on Monday.")

pytestmark = MARKS
playwright_api()


@pytest.fixture(scope="module")
def served(tmp_path_factory, nlp_blank) -> Iterator[tuple[str, Path]]:
    """(base URL, db path): the app over the seed article and a <script> article, on a free port."""
    from extractor.api import extract_many
    from extractor.io.sinks.registry import open_writer

    db = tmp_path_factory.mktemp("browser") / "claims.db"
    articles = [Article.model_validate_json(SEED.read_text(encoding="utf-8").splitlines()[0]), XSS]
    with open_writer(db) as writer:
        for result, article in zip(extract_many(articles, nlp_blank), articles):
            writer.write(result, article)
    with serving(db) as base:
        yield base, db


def test_review_browser_seed_highlights(page, served, tmp_path):
    base, _ = served
    page.goto(f"{base}/articles/seed")
    assert "More than 200,000" in page.locator("article mark.quantity").all_inner_texts()
    assert "Marat Ajmetdzhanov" in page.locator("article mark.official").all_inner_texts()
    assert "Kazakhstan" in page.locator("article mark.country").all_inner_texts()
    sources = page.locator("article mark.source").all_inner_texts()
    assert any("Marat Ajmetdzhanov" in text for text in sources)
    background = page.locator("article mark.quantity").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background == "rgb(255, 226, 138)"  # the stylesheet was served and applied
    page.screenshot(path=str(tmp_path / "seed.png"), full_page=True)
    assert (tmp_path / "seed.png").stat().st_size > 10_000


def test_review_browser_dispute_through_form(page, served):
    base, db = served
    page.goto(f"{base}/articles/seed")
    page.locator(f"a[href$='/claims/{SEED_CLAIM}']").first.click()
    page.check("input[name=status][value=disputed]")
    page.fill("textarea[name=note]", "Interior ministry later said 210,000")
    page.fill("input[name=value]", "lots")
    page.fill("input[name=reviewer]", "Ana Ruiz")
    page.click("button[type=submit]")
    assert page.locator(".error").inner_text() == "corrected value 'lots' is not a number"
    page.fill("input[name=value]", "210,000")
    page.fill("input[name=period_end]", "2022-10-03")
    page.click("button[type=submit]")
    assert page.locator(".saved").inner_text().startswith("Review saved (")  # the next unreviewed claim
    page.locator(".saved a").click()  # back to the claim just reviewed
    assert page.locator(".status.disputed").first.inner_text() == "disputed"
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT status, note, corrected FROM reviews WHERE article_id = 'seed' "
                              "AND claim_id = ?", (SEED_CLAIM,)).fetchall()
    assert [(s, n, json.loads(c)) for s, n, c in stored] == [
        ("disputed", "Interior ministry later said 210,000", {"value": 210000.0, "period_end": "2022-10-03"})]


def test_review_browser_script_text_is_inert(page, served):
    base, _ = served
    page.goto(f"{base}/articles/xss")
    page.wait_for_load_state("load")
    assert "<script>alert(1)</script>" in page.locator("article#text").inner_text()
    assert page.evaluate("document.querySelectorAll('article script').length") == 0
    assert page.dialogs == []
