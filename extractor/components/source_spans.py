"""The written extent of a source phrase when the whole subject is too long to be one.

A source is a short noun phrase, but news often hangs a long description on its head: "A study by
two economists at the University of Chicago and a colleague at Stanford concluded that ...", "An
analysis of elections going back to 1972 showed ...", '"...," said William Gale, the senior fellow in
economic studies at the Brookings Institution in Washington'. The whole phrase is no plausible
source (too long, or holding a verb of its own), but its head is: the words up to the head noun
("A study", "An analysis", "William Gale"), the modifiers after it only describe it.
"""

from __future__ import annotations

from spacy.tokens import Span

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
