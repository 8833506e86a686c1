"""Custom attributes shared by the wireclaims components.

The components talk to each other through ``doc.spans`` groups and these extensions,
never through module state. Every group name and attribute lives here, registered once.

Span groups (``doc.spans[...]``), in pipeline order:

``wc_dates``       one span per temporal expression (the bare expression, without signal words
                   like "since"); ``span.label_`` is the TIMEX3 type; ``span._.wc_timex`` holds
                   ``{"type", "value", "begin", "end", "mod", "period"}`` where ``begin``/``end``
                   are ``YYYY-MM-DD`` or ``None`` and ``period`` is ``None`` or
                   ``{"start_char", "end_char", "begin", "end", "signal"}``: the stretch of time
                   a claim covers when a signal word governs the expression ("since September 21"
                   → begin 2022-09-21, end = anchor; "by Tuesday" → begin None, end Tuesday).
``wc_countries``   one span per country mention; ``label_`` is the form (``name``, ``alias``,
                   ``demonym``) and ``kb_id_`` the ISO 3166-1 alpha-2 code.
``wc_quantities``  one span per numeric expression, qualifier included; ``label_`` is the bound;
                   ``span._.wc_quantity`` holds the normalized fields of ``models.Quantity``
                   (``value, low, high, bound, change, unit, counted, per``) plus
                   ``counted_span`` (``(start_char, end_char)`` or ``None``), ``number_span``
                   (the digits or number words alone) and ``qualifier_span`` (the bound cue, or
                   ``None``).
``wc_qualifiers``  cue phrases (hedges, negation, modality, emphasis, approximation, bound);
                   ``label_`` is the kind.
``wc_officials``   every mention of a person holding an office; ``kb_id_`` is the official's
                   index as a string; the records are in ``doc._.wc_officials``.
``wc_sources``     attribution sources; data in ``doc._.wc_sources``.

Doc attributes: ``wc_anchor`` (``datetime.date`` or ``None``, set before the pipeline runs),
``wc_anchor_source`` (``"input"``, ``"text"``, ``"none"``), ``wc_officials``, ``wc_sources``,
``wc_claims`` (lists of plain dicts), ``wc_warnings`` (list of strings), ``wc_index``
(the article's position in its batch).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

DATES = "wc_dates"
COUNTRIES = "wc_countries"
QUANTITIES = "wc_quantities"
QUALIFIERS = "wc_qualifiers"
OFFICIALS = "wc_officials"
SOURCES = "wc_sources"

_DOC_ATTRS = {
    "wc_anchor": None,
    "wc_anchor_source": "none",
    "wc_officials": None,
    "wc_sources": None,
    "wc_claims": None,
    "wc_warnings": None,
    "wc_index": None,
}
#: Per-article working memory (sorted span groups, the article text, "has a parse"), kept in
#: ``doc.user_data`` under this key rather than in a ``doc._`` extension: components ask for it
#: thousands of times an article, and every ``doc._`` access builds a new accessor object.
_CACHE = "wireclaims.cache"
_TEXT = "wireclaims.text"  # kept apart: it outlives ``forget`` (the records are built from it)
_SPAN_ATTRS = {"wc_timex": None, "wc_quantity": None}


def register() -> None:
    """Register the extensions; safe to call more than once."""
    for name, default in _DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def warn(doc: Doc, message: str) -> None:
    """Record a warning on the article (it ends up in the record's ``warnings``)."""
    if doc._.wc_warnings is None:
        doc._.wc_warnings = []
    doc._.wc_warnings.append(message)


register()


def ordered(doc: Doc, group: str) -> list[Span]:
    """A span group in text order (the order records are written in); sorted once per size."""
    if group not in doc.spans:
        return []
    cache = cache_of(doc)
    key = ("ordered", group, len(doc.spans[group]))
    if key not in cache:
        cache[key] = sorted(doc.spans[group], key=lambda span: (span.start_char, span.end_char))
    return cache[key]


def within(doc: Doc, group: str, start: int, end: int) -> list[Span]:
    """The spans of a group that start at tokens ``start <= i < end``, in text order."""
    spans = ordered(doc, group)
    key = ("starts", group, len(spans))
    cache = cache_of(doc)
    if key not in cache:
        cache[key] = [span.start for span in spans]
    starts = cache[key]
    return spans[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def country_within(doc: Doc, start_char: int, end_char: int) -> str | None:
    """The code of the first country mention inside ``[start_char, end_char)``, or ``None``."""
    mentions = ordered(doc, COUNTRIES)
    cache, key = cache_of(doc), ("start_chars", COUNTRIES, len(mentions))
    if key not in cache:
        cache[key] = [mention.start_char for mention in mentions]
    for mention in mentions[bisect.bisect_left(cache[key], start_char):]:  # text order: skip those before
        if mention.start_char >= end_char:
            break
        if mention.end_char <= end_char:
            return mention.kb_id_
    return None


def forget(doc: Doc) -> None:
    """Drop the per-article caches (before the doc leaves the pipeline or a process)."""
    doc.user_data.pop(_CACHE, None)


def cache_of(doc: Doc) -> dict:
    """The article's working memory (see ``_CACHE``)."""
    cache = doc.user_data.get(_CACHE)
    if cache is None:
        cache = doc.user_data[_CACHE] = {}
    return cache


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token again on each ``doc.text``, which made
    per-mention slicing quadratic in the article's length."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text
