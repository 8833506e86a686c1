"""``wireclaims_qualifiers``: hedge, negation, modality, emphasis and approximation cues.

Cues come from ``resources/gazetteers/qualifier_cues.tsv`` (columns ``cue``, ``kind``, ``match``,
``guard``, ``note``) and land in ``doc.spans["wc_qualifiers"]`` with ``label_`` = kind. This
component only finds cues; which claim a cue applies to is the claims component's business.

- ``match``: ``lemma`` cues are matched on lemmas when the pipeline has a lemmatizer ("estimate"
  finds "estimates", "estimated"); with a blank pipeline every cue is matched on the lower-case
  form, so the table also lists the inflections as ``lower`` rows.
- ``guard``: a named check a match must pass. ``modal``: "may"/"might" as a modal verb, not the month
  ("in May", "May 24") nor the noun ("military might"); ``before_number``: directly before a number,
  possibly after one bound word ("some 70,000", "just over 5,000"; not "some experts", "talked
  about"); ``not_numero``: "no" but not "No. 5".
- Overlapping cues: the longest wins ("it was not possible to" is a hedge, not a negation).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from extractor.components.base import Component, guarded
from extractor.components.extensions import QUALIFIERS
from extractor.normalize.lexicon import read_tsv, tagged

KINDS = ("hedge", "negation", "modality", "emphasis", "approximation")
MATCHES = ("lemma", "lower")
# Words around a cue's number (``qualifier_context.tsv``): between a cue and its number, keeping the
# cue attached ("just over 5,000"); number words spaCy's ``like_num`` misses ("nearly half"); function
# words that cannot follow a modal verb ("the military might of Russia", blank pipeline).
_BOUND_WORDS = tagged("qualifier_context", "bound")
_NUMBERISH = tagged("qualifier_context", "numberish")
_NOT_AFTER_MODAL = tagged("qualifier_context", "not_after_modal")


@dataclass(frozen=True)
class Cue:
    """One row of ``qualifier_cues.tsv``."""

    cue: str
    kind: str
    match: str
    guard: str
    note: str


@functools.cache
def cues() -> tuple[Cue, ...]:
    """The rows of ``qualifier_cues.tsv``, in file order."""
    rows = read_tsv("qualifier_cues")
    return tuple(Cue(*(row.get(key, "") for key in ("cue", "kind", "match", "guard", "note"))) for row in rows)


def _clear(doc: Doc) -> None:
    doc.spans[QUALIFIERS] = []


class Qualifiers(Component):
    """Find qualifier cues with two ``Matcher``s: lemmas (model) or lower-case forms (blank)."""

    def __init__(self, nlp: Language, name: str = "wireclaims_qualifiers") -> None:
        self.name = name
        # PhraseMatchers, not token Matchers: one hash lookup per token instead of a check per cue
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.blank_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, cue in enumerate(cues()):
            words = [token.text for token in nlp.make_doc(cue.cue)]
            key = f"{index}"
            if cue.match == "lemma":
                self.by_lemma.add(key, [Doc(nlp.vocab, words=words, lemmas=words)])
            else:
                self.by_lower.add(key, [Doc(nlp.vocab, words=[w.lower() for w in words])])
            self.blank_lower.add(key, [Doc(nlp.vocab, words=[w.lower() for w in words])])

    @guarded("wireclaims_qualifiers", reset=_clear)
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[QUALIFIERS] = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[Span]:
        """The cue spans of ``doc``: sorted, non-overlapping, the longest cue first."""
        if doc.has_annotation("LEMMA"):
            matches = [*self.by_lemma(doc), *self.by_lower(doc)]
        else:
            matches = self.blank_lower(doc)
        table = cues()
        spans = []
        for match_id, start, end in matches:
            cue = table[int(doc.vocab.strings[match_id])]
            span = Span(doc, start, end, label=cue.kind)
            if GUARDS[cue.guard](span):
                spans.append(span)
        return sorted(filter_spans(spans), key=lambda span: span.start)


def _next(span: Span, offset: int = 0) -> Token | None:
    index = span.end + offset
    return span.doc[index] if index < len(span.doc) else None


def _is_number(token: Token | None) -> bool:
    if token is None:
        return False
    return token.like_num or token.is_currency or token.tag_ == "$" or token.text.endswith("$") or token.lower_ in _NUMBERISH


def _before_number(span: Span) -> bool:
    """Directly before a number, or before one bound word and then a number."""
    after = _next(span)
    if _is_number(after):
        return True
    return after is not None and after.lower_ in _BOUND_WORDS and _is_number(_next(span, 1))


def _modal(span: Span) -> bool:
    """A modal verb, not the month ("in May", "May 24") nor the noun ("military might")."""
    token, after = span[0], _next(span)
    if token.text[:1].isupper() and not token.is_sent_start:
        return False
    if after is None or after.like_num:
        return False
    if token.doc.has_annotation("TAG"):
        return token.tag_ == "MD"
    return after.lower_ in {"n't", "not"} or after.is_alpha and after.is_lower and after.lower_ not in _NOT_AFTER_MODAL


def _not_numero(span: Span) -> bool:
    """"no", but not the abbreviation "No. 5"."""
    after = _next(span)
    return not (after is not None and after.text == "." and not span[-1].whitespace_ and _is_number(_next(span, 1)))


GUARDS: Mapping[str, Callable[[Span], bool]] = MappingProxyType(
    {
        "": lambda span: True,
        "modal": _modal,
        "before_number": _before_number,
        "not_numero": _not_numero,
    }
)
