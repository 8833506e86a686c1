"""``wireclaims_countries``: country names, aliases and demonyms → ``doc.spans["wc_countries"]``.

Each span's ``label_`` is the form (``name``, ``alias``, ``demonym``) and ``kb_id_`` the
ISO 3166-1 alpha-2 code. Matching is case-sensitive (``PhraseMatcher`` on ``ORTH``), so
"Turkey" is a country and "turkey" is not. Decisions, each tested on real sentences:

- Longest match wins ("Papua New Guinea" over "Guinea"); the spans never overlap.
- A country word inside a longer non-country phrase from ``country_blockers.tsv`` is dropped
  ("New Mexico", "Northern Ireland", "Atlanta, Georgia").
- A match inside a longer PERSON entity is dropped ("Michael Jordan") when the pipeline has NER;
  a blank pipeline cannot tell, so there "Chad Smith" still yields TD.
- A demonym inside an organization's name still counts ("the Finnish Border Guard" → FI).
- An all-capital alias right before a currency sign is part of a currency, not a mention:
  "(US $2.63 billion)"; "US$40 billion" is one token, so the matcher never sees "US" there.
  Agency names ("AP", "EFE", "AFP") are not in the table.
"""

from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.components.base import Component, guarded, has_ner
from extractor.components.extensions import COUNTRIES
from extractor.normalize import countries as table

_BLOCK = "wc_country_blocker"


def _clear(doc: Doc) -> None:
    doc.spans[COUNTRIES] = []


class Countries(Component):
    """Find country mentions with a ``PhraseMatcher`` built from ``countries.tsv``."""

    def __init__(
        self, nlp: Language, name: str = "wireclaims_countries", *, skip_person: bool = True
    ) -> None:
        self.name = name
        self.skip_person = skip_person
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.blockers = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._blocked_words: dict[str, str] = {}
        self._build(nlp)

    def _build(self, nlp: Language) -> None:
        groups: dict[str, list[str]] = {}
        for phrase, (code, form) in table.phrases().items():
            groups.setdefault(f"{form}\t{code}", []).append(phrase)
        for key, phrases in groups.items():
            self.matcher.add(key, list(nlp.tokenizer.pipe(phrases)))
        for blocker in table.blockers():
            self._blocked_words[blocker.phrase] = blocker.blocks
        self.blockers.add(_BLOCK, list(nlp.tokenizer.pipe(list(self._blocked_words))))

    @guarded("wireclaims_countries", reset=_clear)
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[COUNTRIES] = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[Span]:
        """The country spans of ``doc``: sorted, non-overlapping, longest first on ties."""
        candidates = []
        for match_id, start, end in self.matcher(doc):
            form, code = doc.vocab.strings[match_id].split("\t")
            candidates.append(Span(doc, start, end, label=form, kb_id=code))
        blocked = self._blocked(doc)
        persons = self._persons(doc)
        kept = [
            span
            for span in candidates
            if not _is_blocked(span, blocked) and not _in_longer(span, persons) and not _currency_prefix(span)
        ]
        return sorted(filter_spans(kept), key=lambda span: span.start)

    def _blocked(self, doc: Doc) -> list[tuple[int, int, str]]:
        """``(start_char, end_char, blocked word)`` for every blocker phrase in ``doc``."""
        found = []
        for _, start, end in self.blockers(doc):
            span = doc[start:end]
            word = self._blocked_words.get(span.text)
            if word is not None:
                found.append((span.start_char, span.end_char, word))
        return found

    def _persons(self, doc: Doc) -> list[Span]:
        if not self.skip_person or not has_ner(doc):
            return []
        return [ent for ent in doc.ents if ent.label_ == "PERSON"]


def _is_blocked(span: Span, blocked: Iterable[tuple[int, int, str]]) -> bool:
    return any(
        start <= span.start_char and span.end_char <= end and span.text == word for start, end, word in blocked
    )


def _in_longer(span: Span, entities: Iterable[Span]) -> bool:
    """True when an entity covers ``span`` and more ("Michael Jordan" covers "Jordan")."""
    return any(
        ent.start <= span.start and span.end <= ent.end and len(ent) > len(span) for ent in entities
    )


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 1 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


def _currency_prefix(span: Span) -> bool:
    """An all-capital alias right before a currency sign is a currency: "US$40", "(US $2.63 billion)"."""
    if span.label_ != "alias" or not _is_acronym(span.text) or span.end >= len(span.doc):
        return False
    return span.doc[span.end].is_currency
