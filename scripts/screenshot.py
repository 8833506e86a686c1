"""Make docs/review-claims.png: the review app's claims table on the corpus database, 1400 px wide.

    .venv/bin/python scripts/screenshot.py [--db claims.db] [--model auto|blank] [--out docs/review-claims.png]
                                           [--path "/claims?q=points"]

Uses a copy of ``--db`` (the output of `make run`; without one, the bundled corpus is extracted
into a temporary database), marks two claims through the app's own review form (reviewer "Desk",
so the table shows verdicts), serves the app on a free 127.0.0.1 port and shoots ``--path`` with
Playwright driving /usr/bin/chromium (no `playwright install`) at a 1400 x 1000 viewport.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import threading
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def build_db(path: Path, model: str) -> None:
    from extractor.api import extract_many, load
    from extractor.io.readers import read_articles
    from extractor.io.sinks.registry import open_writer

    warnings.filterwarnings("ignore", category=UserWarning)
    nlp = load(model)
    articles = list(read_articles([ROOT / "corpus"]))
    with open_writer(path) as writer:
        for result, article in zip(extract_many(articles, nlp), articles):
            writer.write(result, article)


def mark_two(app, path: str) -> None:
    """Review the first two claims of ``path``'s table as a fact-checker would, through the form."""
    client = app.test_client()
    page = client.get(path).text
    claims = re.findall(r'name="claim" value="([^"]+)"', page)[:2]
    for key, status in zip(claims, ("confirmed", "needs_check")):
        article_id, _, claim_id = key.rpartition("/")
        url = f"/articles/{article_id}/claims/{claim_id}"
        token = TOKEN.search(client.get(url).text).group(1)
        client.post(f"{url}/review", data={"status": status, "reviewer": "Desk", "csrf_token": token})


def shoot(db: Path, out: Path, path: str) -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from extractor.review import create_app

    app = create_app(db)
    mark_two(app, path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{server.server_port}{path}")
            page.keyboard.press("j")  # the current row, as the keys show it
            page.keyboard.press("j")
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a SQLite output to copy (default: extract corpus/)")
    parser.add_argument("--model", default="auto", help="pipeline when extracting corpus/ (auto or blank)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review-claims.png")
    parser.add_argument("--path", default="/claims?q=points", help="the page to shoot")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "claims.db"
        if args.db:
            shutil.copy(args.db, db)
        else:
            build_db(db, args.model)
        shoot(db, args.out, args.path)
    print(args.out)


if __name__ == "__main__":
    main()
