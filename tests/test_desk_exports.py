"""Exports a fact-checking desk can publish: ClaimReview valid by default, the claim's own clause,
the latest review, corrections and notes, and the review columns of the CSV.

The JSON Schema below holds Google's fact-check (ClaimReview) structured data properties: required
``claimReviewed``, ``reviewRating`` (with ``alternateName``) and ``url``; recommended ``author``
(with ``name``), ``datePublished``, ``itemReviewed`` (a ``Claim`` with ``author``, ``datePublished``,
``appearance``/``firstAppearance``), and ``ratingValue``/``bestRating``/``worstRating`` on the rating.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extractor.analysis.exports import (
    CSV_COLUMNS,
    MissingReviewUrl,
    claim_reviews,
    load_articles,
    load_reviews,
    write_csv,
)
from extractor.analysis.summary import SUMMARY_CHARS, claim_summary
from extractor.cli.claims import export as export_command
from extractor.io.sinks.sqlite import SqliteWriter
from test_exports import AUTHORITIES_CLAIM, MINISTER_CLAIM, corpus_articles

jsonschema = pytest.importorskip("jsonschema")

FINLAND_CLAIM = "66d219699ad38c32"   # "... only 1,688 Russians managed to cross overland into the Nordic country that day"
BORDER_CLAIM = "080d65b8bfe41f4f"    # "More of 194,000 Russians had crossed into Kazakhstan, Georgia and Finland by Tuesday."
#: A history of reviews, several rows per claim as an audit trail keeps them (no primary key).
REVIEWS = [  # claim_id, article_id, status, note, corrected, updated_seq, reviewer, reviewed_at
    (MINISTER_CLAIM, "seed", "disputed", "first look", None, 1, "ana", "2022-10-05T09:00:00Z"),
    (MINISTER_CLAIM, "seed", "confirmed", "Matches the ministry.", '{"value": 200000.5, "bound": "exact"}', 4,
     "bea", "2022-10-06T10:30:00Z"),
    (AUTHORITIES_CLAIM, "seed", "confirmed", None, None, 2, "ana", "2022-10-05T09:10:00Z"),
    (AUTHORITIES_CLAIM, "seed", "wrong_extraction", "not a claim", None, 3, "bea", "2022-10-05T09:20:00Z"),
    (FINLAND_CLAIM, "seed", "needs_check", None, '{"source": "the Finnish Border Guard"}', 5, None, "2022-10-07T08:00:00Z"),
]
REVIEW_URL = "https://factdesk.example.org/checks/russians-leaving"

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_NAMED = {"type": "object", "required": ["@type", "name"],
          "properties": {"@type": {"enum": ["Person", "Organization"]}, "name": {"type": "string", "minLength": 1}}}
_WORK = {"type": "object", "required": ["@type", "url"],
         "properties": {"@type": {"const": "CreativeWork"}, "url": {"type": "string", "format": "uri"}}}
CLAIM_REVIEW_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "@type", "claimReviewed", "reviewRating", "url", "author", "datePublished",
                 "itemReviewed"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "claimReviewed": {"type": "string", "minLength": 1, "maxLength": SUMMARY_CHARS},
        "url": {"type": "string", "pattern": r"^https?://[^#\s]+#[0-9a-f]{16}$"},
        "author": _NAMED,
        "datePublished": _DATE,
        "reviewBody": {"type": "string", "minLength": 1},
        "reviewRating": {
            "type": "object", "required": ["@type", "alternateName", "ratingValue", "bestRating", "worstRating"],
            "properties": {"@type": {"const": "Rating"}, "alternateName": {"type": "string", "minLength": 1},
                           "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                           "bestRating": {"const": 5}, "worstRating": {"const": 1}}},
        "itemReviewed": {
            "type": "object", "required": ["@type", "appearance", "firstAppearance", "datePublished"],
            "properties": {"@type": {"const": "Claim"}, "author": _NAMED, "datePublished": _DATE,
                           "appearance": _WORK, "firstAppearance": _WORK}},
    },
}


@pytest.fixture(scope="module")
def desk_db(nlp_model, tmp_path_factory) -> Path:
    """Seed + Wikinews 62929, with a url given to the seed, and a review history."""
    from extractor.api import extract_many

    articles = corpus_articles("seed", "wikinews-62929")
    articles[0] = articles[0].model_copy(update={"url": "https://example.com/news/russians-kazakhstan",
                                                  "title": "More than 200,000 Russians entered Kazakhstan"})
    path = tmp_path_factory.mktemp("desk") / "claims.db"
    with SqliteWriter(path) as writer:
        for article, result in zip(articles, extract_many(articles, nlp_model)):
            writer.write(result, article)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE reviews (claim_id TEXT, article_id TEXT, status TEXT, note TEXT, "
                     "corrected TEXT, updated_seq INTEGER, reviewer TEXT, reviewed_at TEXT)")
        conn.executemany("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?)", REVIEWS)
    conn.close()
    return path


def exported(path: Path, **options) -> list[dict]:
    return claim_reviews(load_articles(path), load_reviews(path), review_url=REVIEW_URL, reviewer="Fact desk",
                         **options)


def test_desk_exports_every_item_is_valid_claimreview(desk_db):
    items = exported(desk_db)
    validator = jsonschema.Draft202012Validator(CLAIM_REVIEW_SCHEMA)
    for item in items:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(item)]
        assert not errors, (item["identifier"], errors)
    # reviewed claims only, never the wrong extraction; the latest review of each
    assert {i["identifier"]: i["reviewRating"]["alternateName"] for i in items} == {
        MINISTER_CLAIM: "Confirmed", FINLAND_CLAIM: "Needs check"}


def test_desk_exports_latest_review_with_its_note_corrections_and_day(desk_db):
    minister = next(i for i in exported(desk_db) if i["identifier"] == MINISTER_CLAIM)
    assert minister["reviewBody"] == "Matches the ministry. Corrected: value 200,000.5; bound exact."
    assert minister["datePublished"] == "2022-10-06"     # the day of the latest review, no clock
    assert minister["url"] == f"{REVIEW_URL}#{MINISTER_CLAIM}"
    assert exported(desk_db, review_date="2022-11-01")[0]["datePublished"] == "2022-11-01"


def test_desk_exports_unreviewed_only_on_request_and_say_so(desk_db):
    articles = load_articles(desk_db)
    items = exported(desk_db, include_unreviewed=True)
    claims = sum(len(a.result.claims) for a in articles)
    assert len(items) == claims - 1                      # all but the wrong extraction
    assert AUTHORITIES_CLAIM not in {i["identifier"] for i in items}
    unrated = [i for i in items if "reviewRating" not in i]
    assert len(unrated) == claims - 3
    assert all(i["reviewBody"].startswith("Not reviewed yet") and "datePublished" not in i for i in unrated)


def test_desk_exports_review_url_is_required(desk_db):
    with pytest.raises(MissingReviewUrl, match="review_url"):
        claim_reviews(load_articles(desk_db), load_reviews(desk_db), review_url="  ")


@pytest.mark.parametrize("article_id, claim_id, summary", [
    ("seed", MINISTER_CLAIM, "More than 200,000 Russians entered Kazakhstan since September 21"),
    # the preposition the sentence gives the first place, the places joined
    ("seed", BORDER_CLAIM, "More of 194,000 Russians crossed into Kazakhstan, Georgia and Finland"),
    # "the Nordic country" is Finland: the place's name, "in" before it
    ("seed", FINLAND_CLAIM, "1,688 Russians cross in Finland that day"),
])
def test_desk_exports_claim_reviewed_is_the_claims_own_clause(desk_db, article_id, claim_id, summary):
    article = next(a for a in load_articles(desk_db) if a.result.article_id == article_id)
    claim = next(c for c in article.result.claims if c.id == claim_id)
    assert claim_summary(article.result, claim) == summary
    assert len(summary) < len(claim.sentence.text)


def test_desk_exports_summaries_of_the_wikinews_corpus_fit(wikinews_results):
    """Every claim of the 90 articles gets a clause within the limit; none is empty."""
    lengths = [len(claim_summary(r, c)) for r in wikinews_results for c in r.claims]
    assert lengths and 0 < min(lengths) and max(lengths) <= SUMMARY_CHARS


def test_desk_exports_csv_has_the_review_and_article_columns(desk_db):
    stream = io.StringIO(newline="")
    write_csv(load_articles(desk_db), load_reviews(desk_db), stream)
    rows = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(stream.getvalue(), newline=""))}
    assert {"review_note", "corrected_value", "corrected_bound", "corrected_source", "corrected_period_begin",
            "corrected_period_end", "reviewer", "reviewed_at", "published", "title", "url"} <= set(CSV_COLUMNS)
    minister = rows[MINISTER_CLAIM]
    assert {k: minister[k] for k in ("review_status", "review_note", "corrected_value", "corrected_bound",
                                     "corrected_source", "reviewer", "reviewed_at", "published", "title", "url")} == {
        "review_status": "confirmed", "review_note": "Matches the ministry.", "corrected_value": "200000.5",
        "corrected_bound": "exact", "corrected_source": "", "reviewer": "bea", "reviewed_at": "2022-10-06T10:30:00Z",
        "published": "2022-10-04", "title": "More than 200,000 Russians entered Kazakhstan",
        "url": "https://example.com/news/russians-kazakhstan"}
    assert rows[FINLAND_CLAIM]["corrected_source"] == "the Finnish Border Guard"
    assert rows[AUTHORITIES_CLAIM]["review_status"] == "wrong_extraction"   # the CSV keeps every claim


def other() -> None:
    """A second command, so that "export" is a subcommand as on the real app."""


def test_desk_exports_command_review_url_from_the_environment(desk_db):
    app = typer.Typer()
    app.command()(export_command)
    app.command()(other)
    result = CliRunner().invoke(app, ["export", str(desk_db), "--format", "claimreview"],
                                env={"WIRECLAIMS_REVIEW_URL": REVIEW_URL})
    assert result.exit_code == 0, result.stderr
    assert [item["url"].split("#")[0] for item in json.loads(result.stdout)] == [REVIEW_URL] * 2


@pytest.fixture(scope="module")
def market_results(nlp_model):
    from extractor.api import extract_many

    return {r.article_id: r for r in extract_many(corpus_articles("wikinews-126361", "wikinews-121978",
                                                                  "wikinews-114565"), nlp_model)}


@pytest.mark.parametrize("article_id, figure, summary", [
    # the verb comes before the figure and the record has no subject: the capitalized words before it act
    ("wikinews-126361", "6,246", "GM has 6,246 dealers"),   # "At the moment, GM has 6,246 dealers in the U.S.."
    # a subject before the verb is the record's own
    ("wikinews-121978", "30.27 points", "the Standard & Poor's 500 plunged 30.27 points"),
])
def test_desk_exports_claim_reviewed_names_who_acts(market_results, article_id, figure, summary):
    result = market_results[article_id]
    claim = next(c for c in result.claims if result.quantities[c.quantity].text == figure)
    assert claim_summary(result, claim).startswith(summary)  # the claim's time may follow ("At the moment")
