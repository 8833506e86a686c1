"""Standard exports of a SQLite output: schema.org ClaimReview JSON-LD, Label Studio tasks, CSV.

Reading (``load_articles``, ``load_reviews``) is separate from building (``claim_reviews``,
``labelstudio_tasks``, ``write_csv``), which are pure over what was read. Reviews come from the
``reviews`` table the review app keeps in the same database (``claim_id, article_id, status, note,
corrected, updated_seq``, and ``reviewer``, ``reviewed_at`` where the table has them); when a claim
has several rows the latest ``updated_seq`` wins; without the table there are none. Nothing here
reads the clock: a review's ``datePublished`` is the ``review_date`` passed in, else the day of its
``reviewed_at``.

ClaimReview follows Google's fact-check structured data: ``claimReviewed`` (a short summary built
from the claim's fields, see ``claim_summary``), ``reviewRating`` with ``alternateName`` and ``url``
are on every reviewed item; ``wrong_extraction`` is never exported (it says nothing about the claim).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from extractor.io.sinks.registry import connect_read_only
from extractor.analysis.render import exact_number
from extractor.analysis.summary import claim_summary
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
#: Statuses never exported: the extraction was wrong, so there is no claim to rate.
NOT_EXPORTED = frozenset({"wrong_extraction"})
#: The fields a reviewer can correct, as the review app stores them in ``reviews.corrected`` (JSON).
CORRECTED = ("value", "bound", "source", "period_begin", "period_end")
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
    "review_note", *(f"corrected_{name}" for name in CORRECTED), "reviewer", "reviewed_at",
    "published", "title", "url",
)
#: A claim that is not reviewed (exported only on request) says so in place of a rating.
UNREVIEWED = "Not reviewed yet: a machine-extracted claim, no verdict."


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
    """The latest review of one claim; ``corrected`` is the JSON object of corrected fields."""

    status: str
    note: str | None = None
    corrected: str | None = None
    seq: int = 0
    reviewer: str | None = None
    reviewed_at: str | None = None

    def corrections(self) -> dict[str, Any]:
        """The corrected fields that hold a value (``{}`` when none or not an object)."""
        try:
            data = json.loads(self.corrected or "{}")
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {key: value for key, value in data.items() if key in CORRECTED and value not in (None, "")}


Reviews = dict[tuple[str, str], Review]


def _read_only(path: Path | str):
    return connect_read_only(Path(path))


def load_articles(path: Path | str, ids: Iterable[str] | None = None) -> list[StoredArticle]:
    """Every article of a SQLite output (only those of ``ids`` when given), in the order written."""
    where, params = ("WHERE article_id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]) \
        if ids is not None else ("", [])
    with _read_only(path) as conn:
        rows = conn.execute(f"SELECT record, text, title, url, published FROM articles {where} ORDER BY rowid",
                            params).fetchall()
    return [StoredArticle(ArticleResult.model_validate_json(record), text, title, url, published)
            for record, text, title, url, published in rows]


def load_reviews(path: Path | str) -> Reviews:
    """The latest review per ``(article_id, claim_id)``; empty when there is no ``reviews`` table."""
    with _read_only(path) as conn:
        have = {row[1] for row in conn.execute("PRAGMA table_info(reviews)")}
        if not have:
            return {}
        extra = [f"{name}" if name in have else f"NULL AS {name}" for name in ("reviewer", "reviewed_at")]
        rows = conn.execute(f"SELECT article_id, claim_id, status, note, corrected, updated_seq, {', '.join(extra)} "
                            "FROM reviews ORDER BY updated_seq, rowid").fetchall()
    reviews: Reviews = {}
    for article_id, claim_id, status, note, corrected, seq, reviewer, reviewed_at in rows:
        reviews[(article_id, claim_id)] = Review(status, note, corrected, seq or 0, reviewer, reviewed_at)
    return reviews


# ClaimReview ---------------------------------------------------------------------------------------

class MissingReviewUrl(ValueError):
    """ClaimReview needs the URL of the page that publishes the reviews."""


def claim_reviews(
    articles: Iterable[StoredArticle],
    reviews: Reviews,
    *,
    review_url: str,
    reviewer: str | None = None,
    review_date: str | None = None,
    include_unreviewed: bool = False,
) -> list[dict[str, Any]]:
    """One schema.org ``ClaimReview`` per reviewed claim (JSON-LD objects, each with its ``@context``).

    Claims reviewed ``wrong_extraction`` are left out; unreviewed ones too unless
    ``include_unreviewed`` (they carry no ``reviewRating`` and a ``reviewBody`` saying so). ``url``
    is ``review_url`` + ``#`` + claim id; ``author`` the ``reviewer`` organization.
    """
    if not (review_url or "").strip():
        raise MissingReviewUrl("ClaimReview needs review_url, the page where the reviews are published")
    out = []
    for article in articles:
        for claim in article.result.claims:
            review = reviews.get((article.result.article_id, claim.id))
            if _exported(review, include_unreviewed):
                out.append(_claim_review(article, claim, review, reviewer, review_date, review_url.strip()))
    return out


def _exported(review: Review | None, include_unreviewed: bool) -> bool:
    if review is None:
        return include_unreviewed
    return review.status not in NOT_EXPORTED


def _claim_review(article: StoredArticle, claim: Claim, review: Review | None, reviewer: str | None,
                  review_date: str | None, review_url: str) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim", "appearance": _creative_work(article),
                            "firstAppearance": _creative_work(article)}
    if claim.source is not None:
        item["author"] = _author(claim.source)
    if article.published:
        item["datePublished"] = article.published
    node: dict[str, Any] = {"@context": SCHEMA_ORG, "@type": "ClaimReview", "identifier": claim.id,
                            "claimReviewed": claim_summary(article.result, claim), "itemReviewed": item,
                            "url": f"{review_url}#{claim.id}"}
    if reviewer:
        node["author"] = {"@type": "Organization", "name": reviewer}
    node.update(_review_parts(review, review_date) if review is not None else {"reviewBody": UNREVIEWED})
    return node


def _review_parts(review: Review, review_date: str | None) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    day = review_date or (review.reviewed_at or "")[:10]
    if day:
        parts["datePublished"] = day
    body = " ".join(filter(None, [(review.note or "").strip(), correction_text(review.corrections())]))
    if body:
        parts["reviewBody"] = body
    rating = RATINGS.get(review.status)
    if rating is not None:
        parts["reviewRating"] = {"@type": "Rating", "ratingValue": rating[0], "bestRating": BEST_RATING,
                                 "worstRating": WORST_RATING, "alternateName": rating[1]}
    return parts


def correction_text(corrections: dict[str, Any]) -> str:
    """The reviewer's corrections as one sentence: "Corrected: value 98,000; bound exact."."""
    if not corrections:
        return ""
    parts = []
    for name in CORRECTED:
        if name in corrections:
            value = corrections[name]
            shown = exact_number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
            parts.append(f"{name.replace('_', ' ')} {shown}")
    return "Corrected: " + "; ".join(parts) + "."


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
            writer.writerow(csv_row(article, claim, review))
            rows += 1
    return rows


def csv_row(article: StoredArticle, claim: Claim, review: Review | None = None) -> dict[str, str]:
    """A claim's flattened columns; empty strings for nulls, ``; ``-joined lists."""
    result = article.result
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
        "published": article.published or result.published, "title": article.title, "url": article.url,
        **_review_columns(review),
    }
    return {key: "" if row.get(key) is None else str(row[key]) for key in CSV_COLUMNS}


def _review_columns(review: Review | None) -> dict[str, object]:
    if review is None:
        return {}
    corrections = review.corrections()
    fixed = {f"corrected_{name}": _num(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
             else value for name, value in corrections.items()}
    return {"review_status": review.status, "review_note": review.note, "reviewer": review.reviewer,
            "reviewed_at": review.reviewed_at, **fixed}


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else repr(value)
