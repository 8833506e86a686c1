"""extractor.analysis.exports: ClaimReview JSON-LD, Label Studio tasks + config, CSV; and the export command.

ClaimReview is validated two ways: JSON-LD expansion with pyld (the document is well-formed JSON-LD
and every term and type lands in the schema.org vocabulary; the schema.org context is served
locally as ``@vocab``, no network), and structure against schema.org / Google's ClaimReview
properties: ``claimReviewed`` (required), ``reviewRating`` as a ``Rating`` with ``ratingValue``
within ``worstRating``..``bestRating`` and an ``alternateName`` (required when reviewed),
``itemReviewed`` a ``Claim`` with ``author`` (``Person``/``Organization`` with ``name``) and
``appearance``/``firstAppearance`` ``CreativeWork``s, review ``author``/``url``/``datePublished``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extractor.cli.claims import config_path
from extractor.cli.claims import export as export_command
from extractor.analysis.exports import (
    CSV_COLUMNS,
    RATINGS,
    Review,
    StoredArticle,
    claim_reviews,
    csv_row,
    labelstudio_config,
    labelstudio_tasks,
    load_articles,
    load_reviews,
    write_csv,
)
from extractor.io.sinks.sqlite import SqliteWriter
from models import Article, ArticleResult, Claim, Mention, Predicate, Quantity

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
MINISTER_CLAIM = "7a43d381ce1e9c94"     # "More than 200,000 Russians entered Kazakhstan since September 21 ..."
AUTHORITIES_CLAIM = "087686b225149100"  # "... the authorities of the Central Asian republic reported on Tuesday."
REVIEWS = [  # claim_id, article_id, status, note, corrected, updated_seq
    (MINISTER_CLAIM, "seed", "needs_check", None, None, 1),
    (MINISTER_CLAIM, "seed", "confirmed", "Matches the ministry's figure, with a comma, and a \"quote\".", None, 2),
    (AUTHORITIES_CLAIM, "seed", "wrong_extraction", None, '{"source": null}', 3),
]


def corpus_articles(*ids: str) -> list[Article]:
    lines = [*(CORPUS / "seed.jsonl").open(encoding="utf-8"), *(CORPUS / "wikinews.jsonl").open(encoding="utf-8")]
    found = {a.id: a for a in (Article.model_validate_json(line) for line in lines if line.strip())}
    return [found[i] for i in ids]


@pytest.fixture(scope="module")
def db(nlp_model, tmp_path_factory) -> Path:
    """Seed + Wikinews 62929 (Airbus job cuts, with url and title), and a reviews table."""
    from extractor.api import extract_many

    articles = corpus_articles("seed", "wikinews-62929")
    path = tmp_path_factory.mktemp("exports") / "claims.db"
    with SqliteWriter(path) as writer:
        for article, result in zip(articles, extract_many(articles, nlp_model)):
            assert article.id != "seed" or {MINISTER_CLAIM, AUTHORITIES_CLAIM} <= {c.id for c in result.claims}
            writer.write(result, article)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE reviews (claim_id TEXT, article_id TEXT, status TEXT, note TEXT, "
                     "corrected JSON, updated_seq INTEGER)")
        conn.executemany("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?)", REVIEWS)
    conn.close()
    return path


@pytest.fixture(scope="module")
def no_reviews_db(db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("exports") / "unreviewed.db"
    with sqlite3.connect(db) as source, sqlite3.connect(path) as target:
        source.backup(target)
        target.execute("DROP TABLE reviews")
    return path


def test_exports_load_reviews_latest_sequence_wins(db, no_reviews_db):
    reviews = load_reviews(db)
    assert {key: review.status for key, review in reviews.items()} == {
        ("seed", MINISTER_CLAIM): "confirmed", ("seed", AUTHORITIES_CLAIM): "wrong_extraction"}
    assert load_reviews(no_reviews_db) == {}


# ClaimReview ---------------------------------------------------------------------------------------

def local_schema_org(url: str, options=None) -> dict:
    assert url.rstrip("/") == "https://schema.org", url
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "https://schema.org/"}}}


def expanded_types(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        found.update(node.get("@type", []))
        for value in node.values():
            found |= expanded_types(value)
    elif isinstance(node, list):
        for value in node:
            found |= expanded_types(value)
    return found


def check_claim_review(node: dict, article: StoredArticle, claim: Claim) -> None:
    assert node["@context"] == "https://schema.org" and node["@type"] == "ClaimReview"
    assert node["claimReviewed"] == claim.sentence.text and node["claimReviewed"].strip()
    item = node["itemReviewed"]
    assert item["@type"] == "Claim"
    for key in ("appearance", "firstAppearance"):
        work = item[key]
        assert work["@type"] == "CreativeWork"
        assert (work.get("url"), work.get("datePublished")) == (article.url, article.published)
    if claim.source is None:
        assert "author" not in item
        return
    author = item["author"]
    assert author["@type"] == ("Person" if claim.source.kind == "person" else "Organization")
    assert author["name"] == (claim.source.name or claim.source.text)
    assert author.get("jobTitle") == (claim.source.title if claim.source.kind == "person" else None)


def test_exports_claimreview_is_valid_json_ld_in_the_schema_org_vocabulary(db):
    jsonld = pytest.importorskip("pyld.jsonld")
    articles = load_articles(db)
    nodes = claim_reviews(articles, load_reviews(db), reviewer="Fact desk", review_date="2022-10-05",
                          review_url="https://example.org/checks/seed")
    expanded = jsonld.expand(nodes, options={"documentLoader": local_schema_org})
    assert len(expanded) == len(nodes) == sum(len(a.result.claims) for a in articles)
    assert expanded_types(expanded) <= {f"https://schema.org/{t}" for t in
                                        ("ClaimReview", "Claim", "CreativeWork", "Person", "Organization", "Rating")}
    assert all(key.startswith(("@", "https://schema.org/")) for node in expanded for key in node)


def test_exports_claimreview_structure(db):
    articles = load_articles(db)
    nodes = iter(claim_reviews(articles, load_reviews(db), reviewer="Fact desk", review_date="2022-10-05",
                               review_url="https://example.org/checks"))
    reviewed = {}
    for article in articles:
        for claim in article.result.claims:
            node = next(nodes)
            check_claim_review(node, article, claim)
            assert node["author"] == {"@type": "Organization", "name": "Fact desk"}
            assert node["url"] == f"https://example.org/checks#{claim.id}"
            if "datePublished" in node:
                reviewed[claim.id] = node
    assert set(reviewed) == {MINISTER_CLAIM, AUTHORITIES_CLAIM}
    minister = reviewed[MINISTER_CLAIM]
    assert minister["itemReviewed"]["author"] == {"@type": "Person", "name": "Marat Ajmetdzhanov",
                                                  "jobTitle": "Interior Minister"}
    assert minister["reviewRating"] == {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1,
                                        "alternateName": "Confirmed"}
    assert "reviewRating" not in reviewed[AUTHORITIES_CLAIM]   # a wrong extraction rates nothing


def test_exports_claimreview_wikinews_appearance_carries_url_and_date(db):
    article = next(a for a in load_articles(db) if a.result.article_id == "wikinews-62929")
    node = claim_reviews([article], {})[0]
    assert node["itemReviewed"]["firstAppearance"] == {
        "@type": "CreativeWork", "url": "https://en.wikinews.org/wiki/?curid=62929",
        "headline": "A380 makes maiden flight to US", "datePublished": "2007-03-19"}


@pytest.mark.parametrize("status, value, name", [
    ("confirmed", 5, "Confirmed"), ("needs_check", 3, "Needs check"), ("disputed", 1, "Disputed"),
    ("wrong_extraction", None, None), ("no such status", None, None),
])
def test_exports_claimreview_rating_by_status(db, status, value, name):
    seed = [a for a in load_articles(db) if a.result.article_id == "seed"]
    nodes = claim_reviews(seed, {("seed", MINISTER_CLAIM): Review(status)})
    rated = {n["identifier"]: n["reviewRating"] for n in nodes if "reviewRating" in n}
    expected = {} if value is None else {MINISTER_CLAIM: {"@type": "Rating", "ratingValue": value,
                                                          "bestRating": 5, "worstRating": 1, "alternateName": name}}
    assert rated == expected
    assert not any("datePublished" in n for n in nodes)   # no review_date given, no clock read


def test_exports_claimreview_without_reviews_table_has_no_ratings(no_reviews_db):
    nodes = claim_reviews(load_articles(no_reviews_db), load_reviews(no_reviews_db), review_date="2022-10-05")
    assert nodes and not any("reviewRating" in n or "datePublished" in n for n in nodes)
    assert set(RATINGS) == {"confirmed", "disputed", "wrong_extraction", "needs_check"}


# Label Studio --------------------------------------------------------------------------------------

def test_exports_labelstudio_results_match_config_and_text(db):
    config = ET.fromstring(labelstudio_config())
    labels = {e.get("name"): {l.get("value") for l in e.iter("Label")} for e in config.iter("Labels")}
    targets = {e.get("name") for e in config.iter("Text")}
    relations = {e.get("value") for e in config.iter("Relation")}
    assert [e.get("toName") for e in config.iter("Labels")] == sorted(targets) == ["text"]
    tasks = labelstudio_tasks(load_articles(db), model_version="wireclaims-test")
    assert [t["data"]["article_id"] for t in tasks] == ["seed", "wikinews-62929"]
    for task in tasks:
        text = task["data"]["text"]
        (prediction,) = task["predictions"]
        assert prediction["model_version"] == "wireclaims-test"
        spans = {r["id"]: r for r in prediction["result"] if r["type"] == "labels"}
        assert len(spans) == sum(r["type"] == "labels" for r in prediction["result"])   # ids unique
        for r in spans.values():
            assert r["from_name"] in labels and r["to_name"] in targets
            assert set(r["value"]["labels"]) <= labels[r["from_name"]]
            assert text[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"] != ""
        for r in (r for r in prediction["result"] if r["type"] == "relation"):
            assert set(r["labels"]) <= relations and r["direction"] == "right"
            assert spans[r["from_id"]]["value"]["labels"] == ["SOURCE"]
            assert spans[r["to_id"]]["value"]["labels"] == ["QUANTITY"]


def test_exports_labelstudio_seed_minister_says_the_figure(db):
    seed = [a for a in load_articles(db) if a.result.article_id == "seed"]
    (task,) = labelstudio_tasks(seed, model_version="v")
    results = task["predictions"][0]["result"]
    spans = {r["id"]: r["value"] for r in results if r["type"] == "labels"}
    says = {(spans[r["from_id"]]["text"], spans[r["to_id"]]["text"]) for r in results if r["type"] == "relation"}
    assert ("the Kazakh Interior Minister, Marat Ajmetdzhanov", "More than 200,000") in says
    assert ("the Finnish Border Guard", "1,688") in says
    sourced = {(c.source.span, c.quantity) for c in seed[0].result.claims if c.source is not None}
    assert len(says) == len(sourced)
    assert {label for value in spans.values() for label in value["labels"]} == {
        "QUANTITY", "SOURCE", "DATE", "COUNTRY", "OFFICIAL"}


# CSV -----------------------------------------------------------------------------------------------

# Wikinews 100911, hard-wrapped as wire copy arrives: a comma, straight quotes and a newline inside.
DICKS = ('Washington representative Norm Dicks said he too was "shocked", releasing a statement saying "This '
         'decision is even more disappointing because the Air Force had previously favored the Boeing 767 tanker\n'
         'and we were prepared to move forward with the production of 100 tankers in 2003."')


def dicks_article() -> StoredArticle:
    start = DICKS.index("100 tankers")
    result = ArticleResult(
        article_id="wikinews-100911", published="2008-03-01",
        quantities=[Quantity(text="100", span=(start, start + 3), value=100, low=100, high=100, bound="exact",
                             counted="tankers")],
        claims=[Claim(id="c1", quantity=0, sentence=Mention(text=DICKS, span=(0, len(DICKS))),
                      predicate=Predicate(text="move", lemma="move"))])
    return StoredArticle(result, DICKS)


def read_back(articles, reviews) -> list[dict[str, str]]:
    stream = io.StringIO(newline="")
    rows = write_csv(articles, reviews, stream)
    read = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert len(read) == rows
    return read


def test_exports_csv_round_trips_commas_quotes_and_newlines():
    (row,) = read_back([dicks_article()], {("wikinews-100911", "c1"): Review("disputed")})
    assert tuple(row) == CSV_COLUMNS
    assert row["sentence"] == DICKS
    assert (row["quantity_text"], row["value"], row["low"], row["high"], row["bound"], row["unit"]) == (
        "100", "100", "100", "100", "exact", "")
    assert (row["predicate"], row["hedged"], row["review_status"], row["subject"]) == ("move", "false", "disputed", "")


def test_exports_csv_of_the_database(db):
    articles, reviews = load_articles(db), load_reviews(db)
    rows = read_back(articles, reviews)
    claims = [(a.result, c) for a in articles for c in a.result.claims]
    assert [(r["article_id"], r["claim_id"]) for r in rows] == [(res.article_id, c.id) for res, c in claims]
    assert rows == [csv_row(res, c, reviews.get((res.article_id, c.id))) for res, c in claims]
    minister = next(r for r in rows if r["claim_id"] == MINISTER_CLAIM)
    assert {k: minister[k] for k in ("quantity_text", "value", "low", "high", "bound", "subject_country",
                                     "predicate", "places", "time_begin", "time_end", "source_name",
                                     "source_kind", "review_status")} == {
        "quantity_text": "More than 200,000", "value": "200000", "low": "200000", "high": "", "bound": "more_than",
        "subject_country": "RU", "predicate": "enter", "places": "Kazakhstan (KZ)", "time_begin": "2022-09-21",
        "time_end": "2022-10-04", "source_name": "Marat Ajmetdzhanov", "source_kind": "person",
        "review_status": "confirmed"}
    assert minister["qualifiers"] == "More than (bound)"


# The command ---------------------------------------------------------------------------------------

def other() -> None:
    """A second command, so that "export" is a subcommand as on the real app."""


def cli(*args: str):
    app = typer.Typer()
    app.command()(export_command)
    app.command()(other)
    return CliRunner().invoke(app, ["export", *args])


def test_exports_command_writes_each_format(db, tmp_path):
    out = tmp_path / "tasks.json"
    assert cli(str(db), "--format", "labelstudio", "-o", str(out)).exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2
    assert config_path(out) == tmp_path / "tasks.config.xml"
    assert ET.fromstring(config_path(out).read_text(encoding="utf-8")).tag == "View"
    table = tmp_path / "claims.csv"
    assert cli(str(db), "--format", "csv", "-o", str(table)).exit_code == 0
    with table.open(encoding="utf-8", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == sum(len(a.result.claims) for a in load_articles(db))
    result = cli(str(db), "--format", "claimreview", "--review-date", "2022-10-05")
    nodes = json.loads(result.stdout)
    assert result.exit_code == 0 and [n["datePublished"] for n in nodes if "datePublished" in n] == ["2022-10-05"] * 2


@pytest.mark.parametrize("args, message", [
    (["--format", "labelstudio"], "--format labelstudio needs -o FILE (its labeling config is written beside it)"),
    (["--format", "claimreview", "--review-date", "5 Oct"], "--review-date '5 Oct' is not a YYYY-MM-DD date"),
])
def test_exports_command_bad_usage(db, args, message):
    result = cli(str(db), *args)
    assert (result.exit_code, result.stderr.strip()) == (2, f"wireclaims: error: {message}")


def test_exports_command_help_for_every_option():
    command = typer.main.get_command_from_info(
        typer.models.CommandInfo(callback=export_command), pretty_exceptions_short=True, rich_markup_mode=None)
    assert command.help and all(param.help for param in command.params)
