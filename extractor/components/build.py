"""Turn a processed ``Doc`` into the contract's ``ArticleResult`` (the validation boundary)."""

from __future__ import annotations

import math

from spacy.tokens import Doc

from extractor.chunking import claim_id
from extractor.components import extensions as ext
from extractor.normalize.countries import name_of
from models import (
    ArticleResult,
    Claim,
    Country,
    CountryMention,
    DateMention,
    Mention,
    Official,
    Quantity,
)
from models.article import Article

_QUANTITY_FIELDS = ("value", "low", "high", "bound", "change", "unit", "unit_text", "counted", "per")


def to_result(article: Article, doc: Doc, pipeline: str) -> ArticleResult:
    anchor = doc._.wc_anchor
    found = quantities(doc)
    return ArticleResult(
        article_id=article.id,
        published=anchor.isoformat() if anchor else None,
        published_source=doc._.wc_anchor_source,
        pipeline=pipeline,
        quantities=found,
        claims=[Claim(id=claim_id(article.id, found[c["quantity"]]), **c) for c in doc._.wc_claims or []],
        officials=[Official.model_validate(_public(o)) for o in doc._.wc_officials or []],
        countries=countries(doc),
        dates=dates(doc),
        warnings=list(doc._.wc_warnings or []),
    )


def _public(record: dict) -> dict:
    """Drop the components' private keys (``_...``)."""
    return {key: value for key, value in record.items() if not key.startswith("_")}


def mention(doc: Doc, start: int, end: int) -> dict:
    """A ``{text, span}`` dict for character offsets into ``doc.text``."""
    return {"text": ext.text_of(doc)[start:end], "span": (start, end)}


def quantities(doc: Doc) -> list[Quantity]:
    out = []
    for span in _group(doc, ext.QUANTITIES):
        data = span._.wc_quantity or {}
        fields = {key: data.get(key) for key in _QUANTITY_FIELDS}
        out.append(Quantity(**mention(doc, span.start_char, span.end_char), **_finite(doc, span.text, fields)))
    return out


def _finite(doc: Doc, text: str, fields: dict) -> dict:
    """A number beyond a float's range (above about 1.8e308) is null, with a warning, everywhere:
    JSON has no infinity, SQLite would store one and PostgreSQL would refuse the article."""
    huge = [key for key in ("value", "low", "high")
            if isinstance(fields[key], float) and not math.isfinite(fields[key])]
    if huge:
        ext.warn(doc, f"quantity {text!r} is beyond the range of numbers: {', '.join(huge)} left null")
        fields.update(dict.fromkeys(huge))
    return fields


def countries(doc: Doc) -> list[Country]:
    by_code: dict[str, list[CountryMention]] = {}
    for span in _group(doc, ext.COUNTRIES):
        by_code.setdefault(span.kb_id_, []).append(
            CountryMention(**mention(doc, span.start_char, span.end_char), form=span.label_)
        )
    return [Country(code=code, name=name_of(code), mentions=found) for code, found in by_code.items()]


def dates(doc: Doc) -> list[DateMention]:
    out = []
    for span in _group(doc, ext.DATES):
        timex = span._.wc_timex or {}
        out.append(DateMention(
            **mention(doc, span.start_char, span.end_char),
            type=timex.get("type") or span.label_ or "date",
            value=timex.get("value"),
            begin=timex.get("begin"),
            end=timex.get("end"),
            mod=timex.get("mod"),
            freq=timex.get("freq"),
            timezone=timex.get("timezone"),
        ))
    return out


_group = ext.ordered


__all__ = ["Mention", "to_result", "mention"]
