"""Make docs/review-seed.png: the review app's page of the seed article, in headless Chromium.

    .venv/bin/python scripts/screenshot.py [--model auto|blank] [--out docs/review-seed.png]

Extracts corpus/seed.jsonl into a temporary database, serves the app on a free 127.0.0.1 port and
shoots the article page with Playwright driving /usr/bin/chromium (no `playwright install`).
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build_db(path: Path, model: str) -> None:
    from extractor.api import extract_many, load
    from extractor.io.readers import read_articles
    from extractor.io.sinks.registry import open_writer

    warnings.filterwarnings("ignore", category=UserWarning)
    nlp = load(model)
    articles = [a for a in read_articles([ROOT / "corpus" / "seed.jsonl"])]
    with open_writer(path) as writer:
        for result, article in zip(extract_many(articles, nlp), articles):
            writer.write(result, article)


def shoot(db: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from extractor.review import create_app

    server = make_server("127.0.0.1", 0, create_app(db), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"http://127.0.0.1:{server.server_port}/articles/seed")
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="auto", help="pipeline for the seed article (auto or blank)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review-seed.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seed.db"
        build_db(db, args.model)
        shoot(db, args.out)
    print(args.out)


if __name__ == "__main__":
    main()
