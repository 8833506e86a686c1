"""Pydantic records of the wireclaims contract (``../shared/CONTRACT.md``).

This package holds records only: it imports neither spaCy nor ``extractor``.
"""

from models.article import Article, Reject
from models.records import (
    SCHEMA_VERSION,
    ArticleResult,
    Claim,
    Country,
    CountryMention,
    DateMention,
    Mention,
    Official,
    Place,
    Predicate,
    Qualifier,
    Quantity,
    Source,
    Subject,
    TimeSpan,
)

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleResult",
    "Claim",
    "Country",
    "CountryMention",
    "DateMention",
    "Mention",
    "Official",
    "Place",
    "Predicate",
    "Qualifier",
    "Quantity",
    "Reject",
    "Source",
    "Subject",
    "TimeSpan",
]
