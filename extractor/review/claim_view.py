"""What a claim page shows: the machine's record, the sentence with its quantity marked, the review
history (the latest first), the form's values, and the claims before, after and next to review."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from extractor.review import listing, store
from extractor.review.forms import ClaimFilters
from extractor.review.highlight import sentence_html
from models import Claim

#: The corrected fields, in form order, with the machine's value for each (from a claim row).
FIELDS = (("value", "value", "q_value"), ("bound", "bound", "q_bound"), ("source", "source", "source_text"),
          ("period_begin", "period begin", "time_begin"), ("period_end", "period end", "time_end"))


def claim_context(conn: sqlite3.Connection, row: sqlite3.Row, *, form: Mapping[str, str] | None,
                  reviewer: str, filters: ClaimFilters | None = None, list_query: str = "",
                  fts: bool = True) -> dict[str, Any]:
    """The claim page's template values for the claim ``row`` (``store.claim_row``); ``filters``
    (``list_query`` in a URL) is the claims list it was opened from: previous, next and next
    unreviewed are taken in it."""
    record = Claim.model_validate_json(row["record"])
    history = store.review_history(conn, row["article_id"], row["id"])
    review = history[0] if history else None
    before, after, todo = listing.neighbours(conn, row["article_id"], row["id"], filters, fts=fts)
    return {"claim": row, "record": record, "review": review, "history": history,
            "form": form if form is not None else form_of(review), "reviewer": reviewer,
            "marked_sentence": sentence_html(record.sentence.text, row["q_start"], row["q_end"], record.sentence.span[0]),
            "before": before, "after": after,
            "todo": todo if todo != (row["article_id"], row["id"]) else None, "list_query": list_query}


def form_of(review: store.Review | None) -> dict[str, str]:
    """The review form's values for the claim's current review (empty when it has none)."""
    if review is None:
        return {}
    values = {name: "" if review.corrected.get(name) is None else _str(review.corrected[name])
              for name, _, _ in FIELDS}
    return {"status": review.status, "note": review.note, **values}


def _str(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
