"""Who "he", "the minister" and "the company" are: a rule-based resolver for attribution sources.

A source written as a pronoun or a description keeps its text and span as written; this module
finds the name it stands for, the nearest compatible antecedent before it in the article:

- "he" / "she": the nearest person named before (an official or a PERSON entity), skipping one
  whose gender is known to differ (from "Mr."/"Ms." or a gendered title word before the name, a
  common given name, or a "he"/"she" already resolved to that person), and preferring a clause
  subject among the candidates of the last two sentences;
- "the minister", "the senator", "the spokeswoman": the nearest official holding that title, else
  the nearest person written with that title or its abbreviation ("Sen. Jane Doe");
- "the company", "the agency", "they", "it": the nearest organization (ORG entity) before;
- "who", "which", "that" opening a relative clause: the noun the clause hangs from, resolved in
  turn ("Jane Doe, who said" -> Jane Doe; "the agency, which showed" -> the agency's name).

A person is named by the fullest form written in the article ("Doe" -> "Jane Doe"). The resolver
looks only at entity and official mentions, collected once per article, so it costs a few
comparisons per source.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractor.components import cue_fallbacks
from extractor.components import extensions as ext
from extractor.normalize.lexicon import mapping, tagged, words

_PRONOUN_GENDER = {word: gender for word, gender in mapping("pronouns", "word", "gender").items() if gender}
_ORG_PRONOUNS = tagged("pronouns", "organization")
RELATIVE = tagged("pronouns", "relative")
#: Sources written as a pronoun: each gets a name or says why not (``source.unresolved``).
PRONOUNS = tagged("pronouns", "stands_for")
_DETERMINERS = tagged("determiners", "definite")
#: Entities the resolver links to.
_LABELS = {"PERSON": "person", "ORG": "organization"}
#: How far back an antecedent may be (characters): a few paragraphs.
_WINDOW = 3000
_KEY = "wireclaims.coref"


@dataclass
class Mention:
    start: int  # character offset
    kind: str  # person or organization
    name: str
    official: int | None = None
    title: str | None = None
    gender: str | None = None
    subject: bool = False  # the subject of its clause: the likelier antecedent of a pronoun


def resolve(doc: Doc, span: Span) -> Mention | None:
    """The named person or organization a pronoun or description source stands for, if any."""
    first = span[0]
    lowered = first.lower_
    if len(span) == 1 and lowered in RELATIVE:
        return _relative(doc, span)
    if len(span) == 1 and lowered in _PRONOUN_GENDER:
        return _nearest(doc, span.start_char, "person", gender=_PRONOUN_GENDER[lowered])
    if len(span) == 1 and lowered in _ORG_PRONOUNS:
        return _nearest(doc, span.start_char, "organization")
    if lowered in _DETERMINERS and 2 <= len(span) <= 4 and not any(t.is_title for t in span[1:]):
        return _description(doc, span)
    return None


def _description(doc: Doc, span: Span) -> Mention | None:
    head = span.root.lower_ if span.root.i >= span.start else span[-1].lower_
    if head in words("titles") or head in _gendered_titles():
        gender = _gendered_titles().get(head)
        return _nearest(doc, span.start_char, "person", title=head, gender=gender)
    if head in words("org_words") or mapping("source_kinds", "word", "kind").get(head) == "organization":
        return _nearest(doc, span.start_char, "organization")
    return None


def antecedent(span: Span) -> Span | None:
    """The noun phrase a relative pronoun's clause modifies ("a report released by X, which")."""
    if len(span) != 1 or span[0].lower_ not in RELATIVE:
        return None
    clause = span[0].head
    if clause.dep_ == "relcl" and clause.head.i < span.start:
        noun = clause.head
    else:  # "the Chicago Police Department which reported": the parse made it no relative clause
        noun = cue_fallbacks.relative_head(span[0])
        if noun is None:
            return None
    return span.doc[noun.left_edge.i:noun.i + 1]


def _relative(doc: Doc, span: Span) -> Mention | None:
    """ "Jane Doe, who said": the noun phrase the relative clause modifies."""
    phrase = antecedent(span)
    if phrase is None:
        return None
    named = next((m for m in _mentions(doc) if phrase.start_char <= m.start < phrase.end_char), None)
    if named is not None:
        return named
    return resolve(doc, phrase) if phrase[0].lower_ in _DETERMINERS else None


def _nearest(doc: Doc, before: int, kind: str, *, gender: str | None = None,
             title: str | None = None) -> Mention | None:
    """The nearest compatible mention before ``before``; a pronoun prefers a subject among the
    candidates of the last two sentences ("Warren questioned Stumpf. She said ...": Warren)."""
    sentences, candidates = _sentence_starts(doc, before), []
    for mention in reversed(_mentions(doc)):
        if mention.start >= before:
            continue
        if before - mention.start > _WINDOW:
            break
        if mention.kind != kind or (gender and mention.gender and mention.gender != gender):
            continue
        if title and not (mention.title and title in mention.title.split()):
            continue
        if candidates and (mention.start < sentences or title):
            break
        candidates.append(mention)
        if mention.subject or mention.start < sentences:
            break
    if not candidates:
        return None
    chosen = next((m for m in candidates if m.subject), candidates[0])
    if gender and not chosen.gender:
        chosen.gender = gender  # the first pronoun that fits tells the person's gender
    return chosen


def _sentence_starts(doc: Doc, before: int) -> int:
    """Character offset where the sentence before the one holding ``before`` starts."""
    token = doc.char_span(before, before + 1, alignment_mode="expand")
    if token is None:
        return 0
    sent = token[0].sent
    if sent.start == 0:
        return 0
    return doc[sent.start - 1].sent.start_char


def _mentions(doc: Doc) -> list[Mention]:
    """Officials and PERSON/ORG entities in text order, persons with their fullest name (cached)."""
    if _KEY not in doc.user_data:
        doc.user_data[_KEY] = _collect(doc)
    return doc.user_data[_KEY]


def _collect(doc: Doc) -> list[Mention]:
    officials = doc._.wc_officials or []
    by_start = {}
    for span in doc.spans.get(ext.OFFICIALS, []):
        data = officials[int(span.kb_id_)]
        by_start[span.start_char] = Mention(span.start_char, "person", data["name"], int(span.kb_id_),
                                            (data["title"] or "").lower(), _gender_of(doc, span),
                                            _is_subject(span))
    full_names: dict[str, str] = {}
    for ent in doc.ents:
        kind = _LABELS.get(ent.label_)
        if kind is None or ent.start_char in by_start:
            continue
        name = _without_determiner(ext.text_of(doc)[ent.start_char:ent.end_char])
        if kind == "person":
            name = _fullest(name, full_names)
        by_start[ent.start_char] = Mention(ent.start_char, kind, name, None, _title_before(doc, ent),
                                           _gender_of(doc, ent) if kind == "person" else None,
                                           _is_subject(ent))
    return [by_start[start] for start in sorted(by_start)]


def _fullest(name: str, full_names: dict[str, str]) -> str:
    """ "Doe" after "Jane Doe" is Jane Doe; remember every name by its last word."""
    last = name.split()[-1].lower()
    if len(name.split()) > 1:
        full_names[last] = name
        return name
    return full_names.get(last, name)


def _title_before(doc: Doc, ent: Span) -> str | None:
    """ "Sen. Jane Doe" -> "senator": a title word or its abbreviation right before a name."""
    if ent.start == 0:
        return None
    word = doc[ent.start - 1].lower_
    return _abbreviations().get(word, word if word in words("titles") else None)


def _without_determiner(name: str) -> str:
    first, _, rest = name.partition(" ")
    return rest if first.lower() in ("the", "a", "an") and rest else name


def _is_subject(span: Span) -> bool:
    return span.root.dep_ in ("nsubj", "nsubjpass")


def _gender_of(doc: Doc, ent: Span) -> str | None:
    """From "Mr."/"Ms." or a gendered title just before the name, else from the given name."""
    for i in range(max(0, ent.start - 3), ent.start):
        word = doc[i].lower_
        if word in _gendered_titles():
            return _gendered_titles()[word]
    return mapping("given_names", "name", "gender").get(ent[0].lower_)


@functools.cache
def _gendered_titles() -> dict[str, str]:
    """Words that tell a person's gender: honorifics and gendered titles (``person_words.tsv``)."""
    return {word: gender for word, gender in mapping("person_words", "word", "gender").items() if gender}


@functools.cache
def _abbreviations() -> dict[str, str]:
    """ "sen." -> "senator": abbreviated titles before a name (``person_words.tsv``)."""
    return {word: full for word, full in mapping("person_words", "word", "stands_for").items() if full}
