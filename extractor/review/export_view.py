"""The claims table's exports: CSV and ClaimReview JSON-LD of the claims the current filter selects.

Both are ``extractor.analysis.exports`` over the database's records, restricted to the claims the
filter matches on every page (``listing.claim_keys``), with each claim's latest review. ClaimReview
needs the address of the page that publishes the reviews: the app's configured review URL
(``wireclaims review --review-url``, or ``WIRECLAIMS_REVIEW_URL``), else the app's own claims page
(``http://127.0.0.1:8000/claims``; its rows carry the claim ids as anchors), and the response says
which it used in an ``X-Review-Url-Source`` header.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from flask import Response, current_app, request, url_for

from extractor.analysis.exports import StoredArticle, claim_reviews, load_articles, load_reviews, write_csv
from extractor.review import forms, listing


def _selected(conn: sqlite3.Connection, path: Path, fts: bool) -> list[StoredArticle]:
    """The articles with a selected claim, each keeping only its selected claims."""
    keys = listing.claim_keys(conn, forms.parse_claim_filters(request.args), fts=fts)
    articles = {article_id for article_id, _ in keys}
    return [_only(article, keys) for article in load_articles(path, articles)]


def _only(article: StoredArticle, keys: set[tuple[str, str]]) -> StoredArticle:
    aid = article.result.article_id
    claims = [claim for claim in article.result.claims if (aid, claim.id) in keys]
    return replace(article, result=article.result.model_copy(update={"claims": claims}))


def review_url() -> tuple[str, str]:
    """(the ClaimReview ``url`` base, where it came from: ``configured`` or ``this app``)."""
    configured = current_app.config.get("REVIEW_URL") or ""
    if configured.strip():
        return configured.strip(), "configured"
    return url_for("claims", _external=True), "this app"


def csv_response(conn: sqlite3.Connection, path: Path, fts: bool) -> Response:
    stream = io.StringIO(newline="")
    write_csv(_selected(conn, path, fts), load_reviews(path), stream)
    return _download(stream.getvalue(), "text/csv", "claims.csv")


def claimreview_response(conn: sqlite3.Connection, path: Path, fts: bool) -> Response:
    base, origin = review_url()
    items = claim_reviews(_selected(conn, path, fts), load_reviews(path), review_url=base)
    response = _download(json.dumps(items, ensure_ascii=False, indent=2) + "\n", "application/ld+json",
                         "claimreview.json")
    response.headers["X-Review-Url-Source"] = origin
    return response


def _download(body: str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_links(args: Mapping[str, str]) -> dict[str, str]:
    """The export URLs of the current filter (the page number left out: an export is every page)."""
    query = forms.list_query(args)
    suffix = f"?{query}" if query else ""
    return {"csv": url_for("export_csv") + suffix, "claimreview": url_for("export_claimreview") + suffix}
