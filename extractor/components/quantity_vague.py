"""Amounts without a figure, read where the quantities scanner finds their first word.

* ``few_core``: "a few hundred million", "several thousand" — ``[scale, 10 × scale]``;
* ``vague_phrase``: "a couple of" (about 2), "a handful of" (2 to 10);
* ``sized_proportion``: "a small percentage of voters", "a large share of" — a vague amount in percent;
* ``vague_core``: "hundreds", "tens of thousands", "dozens of".
"""

from __future__ import annotations

from spacy.tokens import Doc

from extractor.components.quantity_match import next_lower
from extractor.normalize.numbers import multiplier, vague_interval, words_of


def few_core(doc: Doc, i: int):
    """"a few hundred million", "several thousand": a vague count of a scale, read like the plural
    ("hundreds of millions"): ``[scale, 10 × scale]``."""
    for cue in words_of("few"):
        words = cue.split()
        end = i + len(words)
        if [t.lower_ for t in doc[i:end]] != words:
            continue
        scale, start = 1.0, end
        while end < len(doc) and _is_scale(doc[end]) and doc[end].is_lower:
            scale *= multiplier(doc[end].text)
            end += 1
        return (end, None, scale, scale * 10) if end > start else None
    return None


def vague_phrase(doc: Doc, i: int):
    """"a couple of" (about 2), "a handful of" (2 to 10): counts without a number."""
    for cue, reading in words_of("vague_phrase").items():
        words = cue.split()
        if [t.lower_ for t in doc[i:i + len(words)]] == words:
            kind, *numbers = reading.split()
            end, scale = i + len(words), 1.0
            while end < len(doc) and _is_scale(doc[end]) and doc[end].is_lower:  # "a couple of hundred"
                scale *= multiplier(doc[end].text)
                end += 1
            if kind == "approximate":
                return end, float(numbers[0]) * scale, None, None, "approximate"
            return end, None, float(numbers[0]) * scale, float(numbers[1]) * scale
    return None


def sized_proportion(doc: Doc, i: int):
    """"a small percentage of voters", "a large share of", "a tiny fraction of": a proportion the
    text sizes without a figure. A vague amount (CONTRACT: value null) in percent; the size words
    are its qualifier. "How do I calculate a percentage?" sizes nothing and is no quantity."""
    end = i + 1
    while end < min(i + 4, len(doc)) and doc[end].lower_ in words_of("proportion_size"):
        end += 1
    if end == i + 1 or end >= len(doc):
        return None
    width = _proportion_noun(doc, end)
    return (end + width, None, None, None, "vague") if width else None


def _proportion_noun(doc: Doc, j: int) -> int:
    """How many words of a proportion noun ("percentage", "per cent", "share") start at ``j``."""
    for width in (2, 1):
        if j + width <= len(doc) and " ".join(t.lower_ for t in doc[j:j + width]) in words_of("proportion_noun"):
            return width
    return 0


def vague_core(doc: Doc, i: int):
    end = i + 1
    while end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in words_of("vague"):
        end += 2
    found = vague_interval(doc[i:end].text)
    if found is None or (end - i == 1 and doc[i].lower_ in ("tens", "dozens") and next_lower(doc, end) != "of"):
        return None
    return end, None, found[0], found[1]


def _is_scale(token) -> bool:
    return len(token.text) > 1 and multiplier(token.text) is not None
