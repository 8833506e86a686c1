"""What every wireclaims component shares: one bad article is reported, never fatal."""

from __future__ import annotations

import functools
from collections.abc import Callable

from spacy.tokens import Doc

from extractor.extensions import cache_of, warn


def guarded(name: str, reset: Callable[[Doc], None] | None = None):
    """Decorate a component's ``__call__``: an exception becomes a warning on the article.

    ``reset`` clears whatever the component may have half-written, so the record stays
    consistent; the rest of the pipeline still runs on the article.
    """

    def wrap(method):
        @functools.wraps(method)
        def call(self, doc: Doc) -> Doc:
            try:
                return method(self, doc)
            except Exception as err:  # noqa: BLE001 - reported on the article, never swallowed
                if reset is not None:
                    reset(doc)
                warn(doc, f"{name} skipped: {type(err).__name__}: {err}")
                return doc

        return call

    return wrap


def has_parse(doc: Doc) -> bool:
    """Whether a dependency parse is there (asked often: remembered per article)."""
    cache = cache_of(doc)
    if "has_parse" not in cache:
        cache["has_parse"] = doc.has_annotation("DEP")
    return cache["has_parse"]


def has_ner(doc: Doc) -> bool:
    """Whether named entities were set (remembered per article: spaCy scans every token to say)."""
    return _annotated(doc, "ENT_IOB")


def has_pos(doc: Doc) -> bool:
    """Whether coarse part-of-speech tags were set (remembered per article)."""
    return _annotated(doc, "POS")


def has_tags(doc: Doc) -> bool:
    """Whether part-of-speech tags were set (remembered per article)."""
    return _annotated(doc, "TAG")


def _annotated(doc: Doc, attr: str) -> bool:
    cache = cache_of(doc)
    key = ("annotated", attr)
    if key not in cache:
        cache[key] = doc.has_annotation(attr)
    return cache[key]
