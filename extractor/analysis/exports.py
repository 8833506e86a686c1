"""Standard exports of a SQLite output: schema.org ClaimReview JSON-LD, Label Studio tasks, CSV.

Reading (``load_articles``, ``load_reviews``) is separate from building (``claim_reviews``,
``labelstudio_tasks``, ``write_csv``), which are pure over what was read. Reviews come from the
``reviews`` table the review app keeps in the same database (``claim_id, article_id, status, note,
corrected, updated_seq``); the latest ``updated_seq`` per claim wins; without the table there are none.
Nothing here reads the clock: a review's ``datePublished`` is the ``review_date`` passed in.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from extractor.io.sinks.registry import connect_read_only
from models import ArticleResult, Claim, Source

SCHEMA_ORG = "https://schema.org"
#: Review status -> (ratingValue, alternateName) on a 1 (worst) .. 5 (best) scale; ``None``: no rating
#: (a wrong extraction says nothing about the claim itself).
RATINGS: dict[str, tuple[int, str] | None] = {
    "confirmed": (5, "Confirmed"),
    "needs_check": (3, "Needs check"),
    "disputed": (1, "Disputed"),
    "wrong_extraction": None,
}
BEST_RATING, WORST_RATING = 5, 1
#: Label Studio: the labels, which records give them, and the relation from a source to its quantity.
LABELS = ("QUANTITY", "SOURCE", "DATE", "COUNTRY", "OFFICIAL")
LABEL_COLORS = {"QUANTITY": "#1f77b4", "SOURCE": "#d62728", "DATE": "#2ca02c", "COUNTRY": "#9467bd",
                "OFFICIAL": "#ff7f0e"}
RELATION = "says"
FROM_NAME, TO_NAME = "label", "text"
CSV_COLUMNS = (
    "article_id", "claim_id", "sentence", "quantity_text", "value", "low", "high", "bound", "unit",
    "counted", "subject", "subject_country", "predicate", "places", "time_begin", "time_end",
    "source_text", "source_name", "source_kind", "hedged", "qualifiers", "review_status",
)


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored: its record and the input fields kept beside it."""

    result: ArticleResult
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Review:
    """The latest review of one claim."""

    status: str
    note: str | None = None
    corrected: str | None = None
    seq: int = 0


Reviews = dict[tuple[str, str], Review]


def _read_only(path: Path | str):
    return connect_read_only(Path(path))


def load_articles(path: Path | str) -> list[StoredArticle]:
    """Every article of a SQLite output, in the order written."""
    with _read_only(path) as conn:
        rows = conn.execute("SELECT record, text, title, url, published FROM articles ORDER BY rowid").fetchall()
    return [StoredArticle(ArticleResult.model_validate_json(record), text, title, url, published)
            for record, text, title, url, published in rows]


def load_reviews(path: Path | str) -> Reviews:
    """The latest review per ``(article_id, claim_id)``; empty when there is no ``reviews`` table."""
    with _read_only(path) as conn:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reviews'").fetchone() is None:
            return {}
        rows = conn.execute("SELECT article_id, claim_id, status, note, corrected, updated_seq FROM reviews "
                            "ORDER BY updated_seq, rowid").fetchall()
    reviews: Reviews = {}
    for article_id, claim_id, status, note, corrected, seq in rows:
        reviews[(article_id, claim_id)] = Review(status, note, corrected, seq or 0)
    return reviews


# ClaimReview ---------------------------------------------------------------------------------------

def claim_reviews(
    articles: Iterable[StoredArticle],
    reviews: Reviews,
    *,
    reviewer: str | None = None,
    review_date: str | None = None,
    review_url: str | None = None,
) -> list[dict[str, Any]]:
    """One schema.org ``ClaimReview`` per claim (JSON-LD objects, each with its ``@context``).

    ``reviewRating`` and ``datePublished`` (= ``review_date``) only for claims with a review;
    ``author`` of the review is the ``reviewer`` organization; ``url`` is ``review_url`` + ``#`` + claim id.
    """
    out = []
    for article in articles:
        for claim in article.result.claims:
            review = reviews.get((article.result.article_id, claim.id))
            out.append(_claim_review(article, claim, review, reviewer, review_date, review_url))
    return out


def _claim_review(article: StoredArticle, claim: Claim, review: Review | None, reviewer: str | None,
                  review_date: str | None, review_url: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim", "appearance": _creative_work(article),
                            "firstAppearance": _creative_work(article)}
    if claim.source is not None:
        item["author"] = _author(claim.source)
    if article.published:
        item["datePublished"] = article.published
    node: dict[str, Any] = {"@context": SCHEMA_ORG, "@type": "ClaimReview", "identifier": claim.id,
                            "claimReviewed": claim.sentence.text, "itemReviewed": item}
    if reviewer:
        node["author"] = {"@type": "Organization", "name": reviewer}
    if review_url:
        node["url"] = f"{review_url}#{claim.id}"
    if review is not None:
        node.update(_review_parts(review, review_date))
    return node


def _review_parts(review: Review, review_date: str | None) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    if review_date:
        parts["datePublished"] = review_date
    if review.note:
        parts["reviewBody"] = review.note
    rating = RATINGS.get(review.status)
    if rating is not None:
        parts["reviewRating"] = {"@type": "Rating", "ratingValue": rating[0], "bestRating": BEST_RATING,
                                 "worstRating": WORST_RATING, "alternateName": rating[1]}
    return parts


def _creative_work(article: StoredArticle) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    for key, value in (("url", article.url), ("headline", article.title), ("datePublished", article.published)):
        if value:
            work[key] = value
    return work


def _author(source: Source) -> dict[str, Any]:
    if source.kind == "person":
        author: dict[str, Any] = {"@type": "Person", "name": source.name or source.text}
        if source.title:
            author["jobTitle"] = source.title
        return author
    return {"@type": "Organization", "name": source.name or source.text}


# Label Studio --------------------------------------------------------------------------------------

def labelstudio_config() -> str:
    """The labeling config matching ``labelstudio_tasks``."""
    labels = "\n".join(f"    <Label value={quoteattr(name)} background={quoteattr(LABEL_COLORS[name])}/>"
                       for name in LABELS)
    return (f'<View>\n  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
            f'  <Text name="{TO_NAME}" value="$text"/>\n'
            f'  <Relations>\n    <Relation value={quoteattr(RELATION)}/>\n  </Relations>\n</View>\n')


def labelstudio_tasks(articles: Iterable[StoredArticle], *, model_version: str) -> list[dict[str, Any]]:
    """One Label Studio task per article, its spans and source->quantity relations as a prediction."""
    return [{"data": {"text": a.text, "article_id": a.result.article_id},
             "predictions": [{"model_version": model_version, "result": _results(a.result, a.text)}]}
            for a in articles]


def _results(result: ArticleResult, text: str) -> list[dict[str, Any]]:
    spans: dict[str, tuple[tuple[int, int], str]] = {}
    spans.update({f"q{i}": (q.span, "QUANTITY") for i, q in enumerate(result.quantities)})
    spans.update({f"d{i}": (d.span, "DATE") for i, d in enumerate(result.dates)})
    spans.update({f"c{c.code}{k}": (m.span, "COUNTRY") for c in result.countries
                  for k, m in enumerate(c.mentions)})
    spans.update({f"o{i}m{k}": (m.span, "OFFICIAL") for i, o in enumerate(result.officials)
                  for k, m in enumerate(o.mentions)})
    relations: dict[tuple[str, str], None] = {}
    for claim in result.claims:
        if claim.source is not None and 0 <= claim.quantity < len(result.quantities):
            source_id = f"s{claim.source.span[0]}x{claim.source.span[1]}"
            spans[source_id] = (claim.source.span, "SOURCE")
            relations[(source_id, f"q{claim.quantity}")] = None
    out = [_span_result(key, span, label, text) for key, (span, label) in spans.items()]
    out.extend({"type": "relation", "from_id": source, "to_id": quantity, "direction": "right",
                "labels": [RELATION]} for source, quantity in relations)
    return out


def _span_result(key: str, span: tuple[int, int], label: str, text: str) -> dict[str, Any]:
    start, end = span
    return {"id": key, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


# CSV -----------------------------------------------------------------------------------------------

def write_csv(articles: Iterable[StoredArticle], reviews: Reviews, stream: TextIO) -> int:
    """One row per claim (``CSV_COLUMNS``) to ``stream`` (open it with ``newline=""``); returns the rows."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    rows = 0
    for article in articles:
        for claim in article.result.claims:
            review = reviews.get((article.result.article_id, claim.id))
            writer.writerow(csv_row(article.result, claim, review))
            rows += 1
    return rows


def csv_row(result: ArticleResult, claim: Claim, review: Review | None = None) -> dict[str, str]:
    """A claim's flattened columns; empty strings for nulls, ``; ``-joined lists."""
    q = result.quantities[claim.quantity] if 0 <= claim.quantity < len(result.quantities) else None
    subject, predicate, time, source = claim.subject, claim.predicate, claim.time, claim.source
    row: dict[str, object] = {
        "article_id": result.article_id, "claim_id": claim.id, "sentence": claim.sentence.text,
        "quantity_text": q and q.text, "value": q and _num(q.value), "low": q and _num(q.low),
        "high": q and _num(q.high), "bound": q and q.bound, "unit": q and q.unit, "counted": q and q.counted,
        "subject": subject and subject.text, "subject_country": subject and subject.country,
        "predicate": predicate and predicate.lemma,
        "places": "; ".join(f"{p.text} ({p.country})" if p.country else p.text for p in claim.places),
        "time_begin": time and time.begin, "time_end": time and time.end,
        "source_text": source and source.text, "source_name": source and source.name,
        "source_kind": source and source.kind, "hedged": "true" if claim.hedged else "false",
        "qualifiers": "; ".join(f"{x.text} ({x.kind})" for x in claim.qualifiers),
        "review_status": review and review.status,
    }
    return {key: "" if value is None else str(value) for key, value in row.items()}


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else repr(value)
