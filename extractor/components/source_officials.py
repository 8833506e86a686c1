"""The official or person a source names: widened to the official's name after a title, the
official whose mention or title lies inside it, the first PERSON entity in it. Each lookup is a
bisect into indexes built once per article (``ext.cache_of``)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractor.components import extensions as ext


def extend_to_official(doc: Doc, span: Span) -> Span:
    """ "according to the Minister of X, NAME": widen to the official's name after the title."""
    index = _mention_index(doc)
    titled = index.by_title[bisect.bisect_left(index.by_title, (span.start_char,)):
                            bisect.bisect_left(index.by_title, (span.end_char,))]
    for _, _, tok_span in sorted(titled, key=lambda item: item[1]):  # in the order of the mentions
        if tok_span.start_char >= span.end_char:
            between = ext.text_of(doc)[span.end_char:tok_span.start_char]
            if len(between) <= 60 and "." not in between:
                return doc[span.start:tok_span.end]
    return span


def official_for(doc: Doc, span: Span) -> tuple[int, dict] | None:
    """The official a source names: by a mention inside it, by "the minister", or by "he"."""
    officials, index = doc._.wc_officials or [], _mention_index(doc)
    starting = index.by_start[bisect.bisect_left(index.by_start, (span.start,)):
                              bisect.bisect_left(index.by_start, (span.end,))]
    inside = [(order, mention) for _, order, mention in starting if mention.end <= span.end]
    if inside:
        mention = min(inside, key=lambda item: item[0])[1]
        return int(mention.kb_id_), officials[int(mention.kb_id_)]
    number = index.title_over(span.start_char, span.end_char)  # "the Airbus chief executive" beside the name
    return None if number is None else (number, officials[number])


@dataclass
class _MentionIndex:
    """The officials' mentions of one article, sorted for the lookups above (each a bisect)."""

    by_start: list[tuple[int, int, Span]]  # (token start, order in doc.spans, mention)
    by_title: list[tuple[int, int, Span]]  # (title's first character, order, mention)
    titles: list[tuple[int, int, int]]  # (first character, official, end character) of each title
    longest_title: int

    def title_over(self, start: int, end: int) -> int | None:
        """The first official (by index) whose title overlaps characters ``[start, end)``."""
        first = bisect.bisect_left(self.titles, (start - self.longest_title,))
        hits = [number for t_start, number, t_end in self.titles[first:bisect.bisect_left(self.titles, (end,))]
                if t_start < end and start < t_end]
        return min(hits, default=None)


def _mention_index(doc: Doc) -> _MentionIndex:
    cache = ext.cache_of(doc)
    key = ("mention_index", len(doc.spans.get(ext.OFFICIALS, [])))
    if key not in cache:
        mentions, officials = list(doc.spans.get(ext.OFFICIALS, [])), doc._.wc_officials or []
        titles = sorted((data["_title_span"][0], number, data["_title_span"][1])
                        for number, data in enumerate(officials))
        cache[key] = _MentionIndex(
            by_start=sorted(((m.start, order, m) for order, m in enumerate(mentions)), key=lambda t: t[:2]),
            by_title=sorted(((officials[int(m.kb_id_)]["_title_span"][0], order, m)
                             for order, m in enumerate(mentions)), key=lambda t: t[:2]),
            titles=titles, longest_title=max((end - start for start, _, end in titles), default=0))
    return cache[key]


def person_in(doc: Doc, span: Span) -> str | None:
    """The text of the first PERSON among ``span.ents`` (which walks every entity of the doc)."""
    cache = ext.cache_of(doc)
    if "entities" not in cache:
        cache["entities"] = [(e.start, e.end, e.label_, e.text) for e in doc.ents]
    entities = cache["entities"]
    for start, end, label, text in entities[bisect.bisect_left(entities, (span.start,)):]:
        if end > span.end:
            break  # as Span.ents does: the entities inside, up to the first that is not
        if label == "PERSON":
            return text
    return None
