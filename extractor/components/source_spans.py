"""The written extent of a source phrase: trimmed of punctuation, a name before a colon, the
proper part of a description, and the head phrase when the whole subject is too long to be one.

A source is a short noun phrase, but news often hangs a long description on its head: "A study by
two economists at the University of Chicago and a colleague at Stanford concluded that ...", "An
analysis of elections going back to 1972 showed ...", '"...," said William Gale, the senior fellow in
economic studies at the Brookings Institution in Washington'. The whole phrase is no plausible
source (too long, or holding a verb of its own), but its head is: the words up to the head noun
("A study", "An analysis", "William Gale"), the modifiers after it only describe it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extractor.normalize.lexicon import words

_NAME_JOINERS = words("name_joiners")
#: Punctuation trimmed from both ends of a source phrase.
STOP = frozenset({",", ".", ";", ":", "(", ")", "\"", "“", "”", "″", "‶", "'", "’", "‘"})
#: The longest head phrase kept ("the nonpartisan Congressional Budget Office's own analysts").
MAX_HEAD_WORDS = 8


def head_phrase(span: Span) -> Span | None:
    """The part of ``span`` up to its head noun, when modifiers follow the head; else None."""
    root = span.root
    if root.pos_ not in ("NOUN", "PROPN") or root.i + 1 >= span.end:
        return None
    if root.i + 1 - span.start > MAX_HEAD_WORDS:
        return None
    return span.doc[span.start:root.i + 1]


def clean(doc: Doc, start: int, end: int) -> Span | None:
    while start < end and doc[start].text in STOP:
        start += 1
    while end > start and doc[end - 1].text in STOP:
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start:end]):
            break  # "Gov. Rick Scott (R)": the closing parenthesis of an opened one stays
        end -= 1
    return doc[start:end] if end > start else None


def colon_speaker(doc: Doc, colon: Token, sent: Span) -> Span | None:
    """ "Jane Doe, The Daily Ledger: ..." / "PENCE: ...": a short run of names opening the paragraph."""
    start = sent.start
    for i in range(colon.i - 1, sent.start - 1, -1):
        if doc[i].text in ("-", "—", "–"):  # "HEADLINE - Jeffrey M. Jones: ..."
            start = i + 1
            break
    span = clean(doc, start, colon.i)
    if span is None or len(span) > 8 or colon.i + 1 >= len(doc) or "\n" in doc[colon.i + 1].text:
        return None
    words = [t for t in span if t.is_alpha]
    named = any(t.ent_type_ in ("PERSON", "ORG") for t in span) or (len(words) == 1 and words[0].is_upper)
    proper = all(t.is_title or t.is_upper or not t.is_alpha or t.lower_ in _NAME_JOINERS for t in span)
    return span if named and proper and words else None


def proper_part(span: Span) -> str | None:
    """The capitalized part of a source: "the Finnish Border Guard" -> "Finnish Border Guard"."""
    tokens = [t for t in span if t.is_title or t.is_upper or t.lower_ in ("of", "the", "and")]
    while tokens and tokens[0].lower_ in ("of", "the", "and"):
        tokens.pop(0)
    while tokens and tokens[-1].lower_ in ("of", "the", "and"):
        tokens.pop()
    if not tokens or (len(tokens) == 1 and tokens[0].i == span.sent.start):
        return None
    return span.doc[tokens[0].i:tokens[-1].i + 1].text
