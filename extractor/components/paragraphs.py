"""Paragraph breaks are sentence breaks: datelines, headlines and photo captions stand alone.

Runs before the parser (which keeps sentence starts that are already set) or after the
sentencizer of the blank pipeline.
"""

from __future__ import annotations

from spacy.tokens import Doc


class Paragraphs:
    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[1:]:
            previous = doc[tok.i - 1]
            if previous.is_space and "\n" in previous.text and not tok.is_space:
                tok.is_sent_start = True
        return doc
