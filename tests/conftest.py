"""Shared fixtures. The pipelines are built once per session (building one takes seconds), through
``pipeline.build`` as production builds them, with ``strict_components``: an error inside a
component raises in the tests instead of becoming a warning on the article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"

#: Modules whose tests run a server, a browser, a cluster, whole-corpus passes or subprocess runs
#: of the pipeline: marked ``slow`` here, in one place (``pytest -m "not slow"`` leaves them out).
#: test_reliability runs ``wireclaims`` in subprocesses (full disks, killed parents, lost servers);
#: test_long_articles feeds articles of up to 150,000 characters (test_batch keeps a fast one);
#: test_article_parts writes articles of several parts; test_group_index runs an extract beside the app.
SLOW_MODULES = frozenset({"test_postgres.py", "test_review_browser.py", "test_review_desk_browser.py",
                          "test_dask_engine.py",
                          "test_contract.py", "test_memory.py", "test_layout_same_output.py",
                          "test_reliability.py", "test_long_articles.py", "test_layout_dask_strict.py",
                          "test_article_parts.py", "test_group_index.py"})
#: Fixtures that cost a whole-corpus pass or a 100,000-claim database: a test using one is slow too.
SLOW_FIXTURES = frozenset({"wikinews_results", "db_100k"})
#: Words in a test's name that say it runs over the whole corpus, kills a run, feeds megabytes or
#: starts a Python subprocess with spaCy in it (over a second each on a quiet machine).
SLOW_NAMES = ("whole_corpus", "killed_run", "2_5_mb", "on_the_whole_corpus", "symlink_loop",
              "file_name_not_utf8", "package_face_loads_the_api", "roundtrip_rich_record_sqlite",
              "roundtrip_results_of_any_text", "wikinews_to_sqlite_with_the_model",
              "wikinews_blank_jsonl_and_sqlite_agree", "python_dash_m_is_the_same_cli",
              "any_bytes_one_item_per_line_never_raises")


#: Tests in a slow module that start nothing (the Dask engine's shard planning and reading): they
#: keep the module in the fast subset.
FAST_IN_SLOW_MODULES = ("test_plan_shards", "test_read_shard")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        in_slow_module = item.path.name in SLOW_MODULES and not item.name.startswith(FAST_IN_SLOW_MODULES)
        if (in_slow_module or SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
                or any(word in item.name for word in SLOW_NAMES)):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def one_cli_pipeline_per_model():
    """``wireclaims extract`` run in-process (CliRunner, some sixty times) builds its pipeline once
    per (model, strictness) for the session, through the CLI's own loader and so ``pipeline.build``,
    instead of once per run (about a second each)."""
    from extractor.cli import app

    original, built = app._load, {}

    def load_once(model: str, *, strict_components: bool = False):
        if (model, strict_components) not in built:
            built[model, strict_components] = original(model, strict_components=strict_components)
        return built[model, strict_components]

    app._load = load_once
    yield
    app._load = original


@pytest.fixture(scope="session")
def nlp_blank():
    """The wireclaims pipeline on a blank English model (rules only, fast)."""
    from extractor.pipeline import build

    return build("blank", strict_components=True)


@pytest.fixture(scope="session")
def nlp_blank_production():
    """The blank pipeline with production's error handler: a component's error becomes a warning on
    the article (tests that mutate a pipeline build their own)."""
    from extractor.pipeline import build

    return build("blank")


@pytest.fixture(scope="session")
def nlp_model():
    """The wireclaims pipeline on the English model (falls back to blank if it is not installed)."""
    from extractor.pipeline import build

    return build("auto", strict_components=True)


@pytest.fixture(scope="session")
def wikinews_lines() -> list[str]:
    """The first lines of the real Wikinews sample corpus (../shared/corpus/wikinews.jsonl)."""
    if not CORPUS.is_file():
        pytest.skip(f"corpus not found: {CORPUS}")
    with CORPUS.open(encoding="utf-8") as stream:
        lines = [line for _, line in zip(range(3), stream)]
    assert all(json.loads(line)["id"] for line in lines)
    return lines


BUNDLED_WIKINEWS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"


@pytest.fixture(scope="session")
def wikinews_articles():
    """All articles of the bundled Wikinews corpus (corpus/wikinews.jsonl), as ``Article``s."""
    from models import Article

    with BUNDLED_WIKINEWS.open(encoding="utf-8") as stream:
        return [Article.model_validate_json(line) for line in stream if line.strip()]


@pytest.fixture(scope="session")
def wikinews_results(wikinews_articles, nlp_model):
    """The model pipeline's results for every bundled Wikinews article, in input order (run once)."""
    from extractor.api import extract_many

    results = list(extract_many(wikinews_articles, nlp_model))
    assert [r.article_id for r in results] == [a.id for a in wikinews_articles]
    return results


@pytest.fixture(scope="session")
def five(wikinews_articles, nlp_blank):
    """The first 5 Wikinews articles and the blank pipeline's results for them."""
    from extractor.api import extract_many

    articles = wikinews_articles[:5]
    results = list(extract_many(articles, nlp_blank))
    assert [r.article_id for r in results] == [a.id for a in articles]
    return articles, results


@pytest.fixture(scope="session")
def rejects_replaced_by_location():
    """``check(output)``: two runs of rejects into a database output; a reject replaces the one
    at the same ``(source, line)`` (a whole-file reject, line None, by its source alone)."""
    from extractor.io.sinks.registry import open_writer, read_rejects
    from models import Reject

    def check(output) -> None:
        first = [Reject(source="in.jsonl", line=2, reason="missing field 'id'", raw="{}"),
                 Reject(source="in.jsonl", line=5, article_id="b", reason="text is empty"),
                 Reject(source="x.txt", article_id="x", reason="text is empty")]
        second = [Reject(source="in.jsonl", line=2, article_id="a", reason="text is empty"),
                  Reject(source="x.txt", article_id="x", reason="file is not valid UTF-8 (byte 0xff at 0)")]
        for rejects in (first, second):
            with open_writer(output) as writer:
                for reject in rejects:
                    writer.reject(reject)
        assert list(read_rejects(output)) == [first[1], *second]

    return check


@pytest.fixture(scope="session")
def pg():
    """One throwaway PostgreSQL server for the session (tests/pg_server.py); each test asks it for a
    database of its own. Skips, saying why, without psycopg or a PostgreSQL install."""
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'psycopg[binary]>=3.2'")
    from pg_server import PgServer, PgUnavailable

    try:
        server = PgServer.start()
    except PgUnavailable as err:
        pytest.skip(str(err))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one browser test module (tests/browser_app.py). Skips, saying why,
    without /usr/bin/chromium or the playwright package."""
    from browser_app import CHROMIUM, FLAGS, playwright_api

    if not CHROMIUM.exists():
        pytest.skip(f"needs {CHROMIUM}: apt-get install chromium")
    with playwright_api().sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def viewport() -> dict[str, int]:
    """The browser window of ``page`` (a module overrides it to test another width)."""
    return {"width": 1280, "height": 900}


@pytest.fixture
def page(browser, viewport):
    """A fresh browser page; what it says is kept: ``page.dialogs`` (alert, confirm: dismissed) and
    ``page.console_errors`` (the console's errors)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.dialogs, page.console_errors = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    """A fresh copy of the module's ``base_db`` (an extractor SQLite output) for each test: reviews
    are written into it."""
    import shutil

    return Path(shutil.copy(base_db, tmp_path / "claims.db"))


@pytest.fixture(scope="module")
def db_100k(base_db, tmp_path_factory) -> Path:
    """The module's ``base_db`` with its claims copied to about 100,000 (tests/review_dbs.py)."""
    from review_dbs import copy_to_100k

    return copy_to_100k(base_db, tmp_path_factory.mktemp("big") / "claims.db")
