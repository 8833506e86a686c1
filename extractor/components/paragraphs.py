"""Paragraph breaks are sentence breaks: datelines, headlines and photo captions stand alone.

Runs before the parser (which keeps sentence starts that are already set) or after the
sentencizer of the blank pipeline.
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.tokens import Doc


class Paragraphs:
    def __call__(self, doc: Doc) -> Doc:
        starts = [tok.i + 1 for tok in doc[:-1]
                  if tok.is_space and "\n" in tok.text and not doc[tok.i + 1].is_space]
        if starts:  # one write of the array: setting ``is_sent_start`` scans the doc each time
            values = doc.to_array([SENT_START])
            values[starts] = 1
            doc.from_array([SENT_START], values)
        return doc
