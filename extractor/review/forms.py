"""Request input, validated once: the review form and the list filters.

Every parser takes a plain mapping (a form or query string) and returns a frozen record, or raises
``InvalidInput`` with a one-line message that the app sends back with status 400.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import get_args

from extractor.review.store import STATUSES, Review
from models.records import Bound, SourceKind

BOUNDS: tuple[str, ...] = get_args(Bound)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
#: The claims list's status filter: a review status, or no review yet.
STATUS_FILTERS = (*STATUSES, "unreviewed")
MAX_NOTE = 2000
MAX_FIELD = 300
MAX_REVIEWER = 80
#: Claims one bulk marking may name (a page of the claims table holds 50).
MAX_BULK = 500
MAX_PAGE = 1_000_000
#: Sortable columns of the claims table (query value -> label); the SQL lives in ``listing``.
CLAIM_SORTS = ("article", "value", "subject", "country", "source", "kind", "begin", "end", "hedged", "status")


class InvalidInput(ValueError):
    """A form or query value that cannot be used; the message is shown to the user."""


@dataclass(frozen=True)
class ArticleFilters:
    q: str = ""
    country: str = ""
    official: str = ""
    published_from: str = ""
    published_to: str = ""
    hedged: bool | None = None
    page: int = 1


@dataclass(frozen=True)
class ClaimFilters:
    q: str = ""
    hedged: bool | None = None
    source_kind: str = ""
    country: str = ""
    period_from: str = ""
    period_to: str = ""
    status: str = ""
    sort: str = "article"
    desc: bool = False
    page: int = 1


def parse_review(form: Mapping[str, str], article_id: str, claim_id: str, *, reviewer: str = "",
                 reviewed_at: str = "") -> Review:
    """A ``Review`` from the claim page's form: status, note and the corrected fields, by
    ``reviewer`` (the form's field, else the name given before) at ``reviewed_at``."""
    status, note = _status(form), _note(form)
    return Review(article_id=article_id, claim_id=claim_id, status=status, note=note,
                  corrected=parse_corrected(form), reviewer=parse_reviewer(form, reviewer),
                  reviewed_at=reviewed_at)


def parse_bulk(form: Mapping[str, str], selected: list[str], *, reviewer: str = "",
               reviewed_at: str = "") -> list[Review]:
    """One ``Review`` per selected claim (``ARTICLE_ID/CLAIM_ID`` values), one status and note for all."""
    if not selected:
        raise InvalidInput("no claim selected: tick the claims to mark first")
    if len(selected) > MAX_BULK:
        raise InvalidInput(f"more than {MAX_BULK} claims selected")
    status, note, name = _status(form), _note(form), parse_reviewer(form, reviewer)
    keys = [_claim_key(value) for value in dict.fromkeys(selected)]
    return [Review(article_id=article_id, claim_id=claim_id, status=status, note=note, reviewer=name,
                   reviewed_at=reviewed_at) for article_id, claim_id in keys]


def parse_reviewer(form: Mapping[str, str], remembered: str = "") -> str:
    """Who reviews: the form's ``reviewer`` field, else the name remembered from before; required."""
    name = " ".join((form.get("reviewer") or remembered or "").split())
    if not name:
        raise InvalidInput("give your name as reviewer (asked once, then remembered by this browser)")
    if len(name) > MAX_REVIEWER:
        raise InvalidInput(f"reviewer name is longer than {MAX_REVIEWER} characters")
    return name


def _status(form: Mapping[str, str]) -> str:
    status = _text(form, "status")
    if status not in STATUSES:
        raise InvalidInput(f"unknown status {status!r}: choose one of {', '.join(STATUSES)}")
    return status


def _note(form: Mapping[str, str]) -> str:
    note = (form.get("note") or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"note is longer than {MAX_NOTE} characters")
    return note


def _claim_key(value: str) -> tuple[str, str]:
    """``ARTICLE_ID/CLAIM_ID`` -> the pair (article ids may hold ``/``; claim ids do not)."""
    article_id, _, claim_id = value.rpartition("/")
    if not article_id or not claim_id or len(value) > MAX_FIELD:
        raise InvalidInput(f"selected claim {value[:80]!r} is not ARTICLE_ID/CLAIM_ID")
    return article_id, claim_id


def parse_corrected(form: Mapping[str, str]) -> dict[str, object]:
    """The corrected fields that were filled in: value, bound, source, period_begin, period_end."""
    corrected: dict[str, object] = {}
    value = _text(form, "value")
    if value:
        corrected["value"] = _number(value)
    bound = _text(form, "bound")
    if bound:
        corrected["bound"] = _choice(bound, BOUNDS, "bound")
    source = _text(form, "source")
    if source:
        corrected["source"] = source
    begin, end = _day(form, "period_begin", "period begin"), _day(form, "period_end", "period end")
    if begin and end and begin > end:
        raise InvalidInput(f"period begin {begin} is after period end {end}")
    corrected.update({k: v for k, v in (("period_begin", begin), ("period_end", end)) if v})
    return corrected


def parse_article_filters(args: Mapping[str, str]) -> ArticleFilters:
    """The articles list's query string."""
    start, end = _day(args, "from", "from date"), _day(args, "to", "to date")
    return ArticleFilters(q=_text(args, "q"), country=_country(args), official=_text(args, "official"),
                          published_from=start, published_to=end, hedged=_yes_no(args, "hedged"),
                          page=_page(args))


def parse_claim_filters(args: Mapping[str, str]) -> ClaimFilters:
    """The claims table's query string."""
    kind, status, sort = _text(args, "kind"), _text(args, "status"), _text(args, "sort") or "article"
    return ClaimFilters(
        q=_text(args, "q"),
        hedged=_yes_no(args, "hedged"),
        source_kind=_choice(kind, SOURCE_KINDS, "source kind") if kind else "",
        country=_country(args),
        period_from=_day(args, "from", "from date"), period_to=_day(args, "to", "to date"),
        status=_choice(status, STATUS_FILTERS, "status") if status else "",
        sort=_choice(sort, CLAIM_SORTS, "sort column"),
        desc=_text(args, "dir") == "desc",
        page=_page(args))


#: Query parameters that choose which claims a list holds (not its order, page or messages).
LIST_PARAMS = ("q", "hedged", "kind", "country", "from", "to", "status")


def list_query(args: Mapping[str, str]) -> str:
    """The query string of the claims a list selects (``country=KZ&status=unreviewed``), or ``""``."""
    from urllib.parse import urlencode

    return urlencode([(name, args[name]) for name in LIST_PARAMS if args.get(name)])


def query_args(query: str) -> dict[str, str]:
    """A query string's parameters (``?country=KZ&page=2`` or without the ``?``)."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(query.lstrip("?")))


def list_filters(query: str) -> ClaimFilters:
    """The claims list a claim page was opened from (``?list=…``), validated as the table's filters."""
    return parse_claim_filters(query_args(query))


def _text(values: Mapping[str, str], name: str) -> str:
    value = (values.get(name) or "").strip()
    if len(value) > MAX_FIELD:
        raise InvalidInput(f"{name} is longer than {MAX_FIELD} characters")
    return value


def _number(text: str) -> float:
    try:  # "200,000" is a number; "2_0" (Python-only syntax) is not
        value = float(text.replace(",", "")) if "_" not in text else math.nan
    except ValueError:
        raise InvalidInput(f"corrected value {text!r} is not a number") from None
    if not math.isfinite(value):
        raise InvalidInput(f"corrected value {text!r} is not a number")
    return value


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"unknown {what} {value!r}: choose one of {', '.join(allowed)}")
    return value


def _day(values: Mapping[str, str], name: str, what: str) -> str:
    text = _text(values, name)
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_day(text, what)
    except ValueError:
        return _bad_day(text, what)


def _bad_day(text: str, what: str) -> str:
    raise InvalidInput(f"{what} {text!r} is not a YYYY-MM-DD date")


def _yes_no(values: Mapping[str, str], name: str) -> bool | None:
    value = _text(values, name)
    if value in ("", "any"):
        return None
    if value not in ("yes", "no"):
        raise InvalidInput(f"{name} must be yes, no or any, not {value!r}")
    return value == "yes"


def _country(values: Mapping[str, str]) -> str:
    code = _text(values, "country").upper()
    if code and not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise InvalidInput(f"country {code!r} is not an ISO 3166-1 alpha-2 code")
    return code


def _page(values: Mapping[str, str]) -> int:
    text = _text(values, "page") or "1"
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PAGE:  # "²".isdigit() too
        raise InvalidInput(f"page {text!r} is not a page number")
    return int(text)
