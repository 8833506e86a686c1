"""The review app served on a free port and a headless Chromium to drive it, for the browser tests
(``test_review_browser``, ``test_review_desk_browser``; their ``browser`` and ``page`` fixtures are in
conftest). Chromium is Debian's ``/usr/bin/chromium`` (package ``chromium``), driven by the
``playwright`` package: ``playwright install`` is never needed. Without either the tests skip, saying
which is missing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: The browser test modules' mark (conftest marks them slow): skipped without Chromium.
MARKS = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium: apt-get install chromium")


def playwright_api():
    """``playwright.sync_api``, or a skip naming the package."""
    return pytest.importorskip("playwright.sync_api", reason="needs the playwright package: pip install playwright")


@contextmanager
def served(db: Path) -> Iterator[str]:
    """The review app over ``db`` on 127.0.0.1 at a free port: yields its base URL."""
    from werkzeug.serving import make_server

    from extractor.review import create_app

    server = make_server("127.0.0.1", 0, create_app(db), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
