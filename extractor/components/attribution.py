"""Attribution: who says so. Speech verbs, "according to X", quoted speakers, unnamed sources.

Writes ``doc.spans["wc_sources"]`` and ``doc._.wc_sources``: one dict per source with the
contract's fields (``text, span, name, title, country, kind, cue``) plus ``_sent`` (the start
token of its sentence), ``_cue_i`` (the cue's token index) and ``official`` (index or None).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractor.components import extensions as ext
from extractor.components.base import Component, guarded, has_parse
from extractor.normalize.lexicon import mapping, read_tsv, words
from extractor.components.tokenpatterns import WordTest

_SUBJECT_DEPS = ("nsubj",)  # "the deal was announced": a passive subject is no speaker
_NOBODY = frozenset({"neither", "nobody", "none", "no one"})
_PRONOUNS = frozenset({"he", "she", "they"})
_RELATIVE = frozenset({"which", "that", "who", "whom", "what"})
_QUOTES = frozenset({"\"", "“", "”", "″", "‶", "'", "’"})
_STOP = frozenset({",", ".", ";", ":", "(", ")", "\"", "“", "”", "″", "‶", "'", "’", "‘"})


@functools.cache
def speech_forms() -> dict[str, tuple[str, str]]:
    """Surface form -> (lemma, stance) for every attribution verb."""
    out = {}
    for row in read_tsv("speech_cues"):
        for form in row["forms"].split("|"):
            out[form.lower()] = (row["lemma"], row["stance"])
    return out


class Attribution(Component):
    def __init__(self) -> None:
        self.forms = speech_forms()
        self.kinds = mapping("source_kinds", "word", "kind")
        self.cues = WordTest(lambda word: word.lower() in self.forms or word.lower() == "according")

    @guarded("attribution", reset=lambda doc: _store(doc, []))
    def __call__(self, doc: Doc) -> Doc:
        sources = []
        for i in self.cues.positions(doc):
            found = self._at(doc, doc[i], doc[i].sent)
            if found is not None:
                sources.append(found)
        _store(doc, [self._describe(doc, span, cue) for span, cue in sources])
        return doc

    def _at(self, doc: Doc, tok: Token, sent: Span) -> tuple[Span, Token] | None:
        """The source that the cue word ``tok`` introduces, if it does."""
        if tok.lower_ == "according":
            if tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
                span = _phrase_after(doc, tok.i + 2, sent.end)
                return None if span is None else (span, tok)
            return None
        if _is_verb(tok):
            span = _speaker(doc, tok, sent)
            if span is not None and _plausible(span):
                return span, tok
        return None

    def _describe(self, doc: Doc, span: Span, cue: Token) -> dict:
        span = _extend_to_official(doc, span)
        official = _official_for(doc, span)
        record = {
            "text": span.text, "span": (span.start_char, span.end_char),
            "name": None, "title": None, "country": ext.country_within(doc, span.start_char, span.end_char),
            "kind": self._kind(doc, span), "official": None,
            "cue": "according to" if cue.lower_ == "according" else cue.text,
            "_sent": span.sent.start, "_cue_i": cue.i,
            "_stance": self.forms.get(cue.lower_, ("", "neutral"))[1],
        }
        if official is not None:
            index, data = official
            record.update(name=data["name"], title=data["title"], official=index, kind="person",
                          country=data["country"] or record["country"])
        elif record["kind"] in ("person", "organization"):
            person = _person_in(doc, span)
            record["name"] = person if person is not None else _proper_part(span)
        return record

    def _kind(self, doc: Doc, span: Span) -> str:
        if any(t.ent_type_ == "PERSON" for t in span) or (len(span) == 1 and span[0].lower_ in _PRONOUNS):
            return "person"
        lowered = f" {span.text.lower()} "
        kinds = {self.kinds[t.lower_] for t in span if t.lower_ in self.kinds}
        kinds |= {kind for word, kind in self.kinds.items() if " " in word and f" {word} " in lowered}
        if "media" in kinds:
            return "media"
        proper = _proper_part(span) is not None
        if any(t.ent_type_ == "ORG" for t in span) or (proper and "organization" in kinds):
            return "organization"
        for kind in ("document", "unnamed", "organization"):
            if kind in kinds:
                return kind
        return "organization" if proper else "unnamed"


def _plausible(span: Span) -> bool:
    """A source is a short noun phrase: not "which", not a clause."""
    if len(span) == 1 and span[0].lower_ in _RELATIVE:
        return False
    if any(t.lower_ in speech_forms() for t in span):
        return False
    return len(span) <= 15 and not any(t.pos_ == "VERB" and t.tag_ != "VBN" for t in span)


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") if tok.pos_ else True


def _speaker(doc: Doc, verb: Token, sent: Span) -> Span | None:
    """The subject of a speech verb; after it when inverted ('..." said the minister.')."""
    if has_parse(doc):
        if not _speaks(verb):
            return None
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None and any(c.dep_ == "pobj" for c in agent.children):
            return _clean(doc, agent.i + 1, agent.right_edge.i + 1)  # "was reported by the agency"
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.text not in _QUOTES]
        if any(c.lower_ in _NOBODY for c in subjects):
            return None
        before = [c for c in subjects if c.i < verb.i and not _quoted_before(doc, c, verb)]
        after = [c for c in subjects if c.i > verb.i]
        for subject in before + after:
            return _clean(doc, subject.left_edge.i, subject.right_edge.i + 1)
    inverted = _inverted(doc, verb, sent)
    return inverted if inverted is not None or has_parse(doc) else _before(doc, verb, sent)


def _speaks(verb: Token) -> bool:
    """A speech act: not adjectival ("149 confirmed orders"), not passive without an agent,
    not negated ("would not reveal")."""
    if verb.dep_ in ("amod", "acomp") or any(c.dep_ == "neg" for c in verb.children):
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    return not passive or any(c.dep_ == "agent" for c in verb.children)


def _quoted_before(doc: Doc, subject: Token, verb: Token) -> bool:
    """A closing quote between subject and verb: the "subject" is the quote's last word."""
    return any(doc[i].text in _QUOTES for i in range(subject.i, verb.i))


def _inverted(doc: Doc, verb: Token, sent: Span) -> Span | None:
    """'..., indicated the Ministry of the Interior.': a phrase that ends the sentence."""
    if verb.i == 0 or doc[verb.i - 1].text not in _STOP or verb.i + 1 >= sent.end:
        return None
    after = _phrase_after(doc, verb.i + 1, sent.end)
    if after is None or any(not t.is_punct and not t.is_space for t in doc[after.end:sent.end]):
        return None
    if has_parse(doc) and after.root.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return after


def _before(doc: Doc, verb: Token, sent: Span) -> Span | None:
    """Without a parser: the words between the previous punctuation and the verb."""
    end = verb.i - 1 if verb.i > sent.start and doc[verb.i - 1].text == "," else verb.i
    start = end
    while start > sent.start and doc[start - 1].text not in _STOP:
        start -= 1
    return _clean(doc, start, end) if 0 < end - start <= 8 else None


def _phrase_after(doc: Doc, start: int, end: int) -> Span | None:
    """A noun phrase up to the next comma/period, taking in a trailing ", NAME" apposition."""
    i = start
    while i < end and doc[i].text not in _STOP and not any(c.isdigit() for c in doc[i].text):
        i += 1
    if i < end and doc[i].text == ",":  # ", Marat Ajmetdzhanov." closing the sentence
        j = i + 1
        while j < end and j - i <= 4 and doc[j].is_title:
            j += 1
        if j > i + 1 and all(t.is_punct or t.is_space for t in doc[j:end]):
            i = j
    return _clean(doc, start, i)


def _clean(doc: Doc, start: int, end: int) -> Span | None:
    while start < end and doc[start].text in _STOP:
        start += 1
    while end > start and doc[end - 1].text in _STOP:
        end -= 1
    return doc[start:end] if end > start else None


def _extend_to_official(doc: Doc, span: Span) -> Span:
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


def _official_for(doc: Doc, span: Span) -> tuple[int, dict] | None:
    """The official a source names: by a mention inside it, by "the minister", or by "he"."""
    officials, index = doc._.wc_officials or [], _mention_index(doc)
    starting = index.by_start[bisect.bisect_left(index.by_start, (span.start,)):
                              bisect.bisect_left(index.by_start, (span.end,))]
    inside = [(order, mention) for _, order, mention in starting if mention.end <= span.end]
    if inside:
        mention = min(inside, key=lambda item: item[0])[1]
        return int(mention.kb_id_), officials[int(mention.kb_id_)]
    number = index.title_over(span.start_char, span.end_char)  # "the Airbus chief executive" beside the name
    if number is not None:
        return number, officials[number]
    lowered = {t.lower_ for t in span}
    if span[0].lower_ in ("the", "he", "she") or len(span) == 1:
        return _earlier_official(index, officials, span, lowered)
    return None


def _earlier_official(index: _MentionIndex, officials: list[dict], span: Span,
                      lowered: set[str]) -> tuple[int, dict] | None:
    """The official of the last mention before ``span`` that "he"/"she" or a title word of it fits."""
    if lowered & {"he", "she"}:  # every official fits: the nearest mention (the first one listed)
        candidates = index.last_before(index.by_start, span.start)[:1]
    else:
        words_used = lowered & words("titles")
        candidates = [max((m for w in words_used for m in index.last_before(index.by_word.get(w, []), span.start)),
                          key=lambda item: (item[0], -item[1]), default=None)]
    found = next((c for c in candidates if c is not None), None)
    return None if found is None else (int(found[2].kb_id_), officials[int(found[2].kb_id_)])


@dataclass
class _MentionIndex:
    """The officials' mentions of one article, sorted for the source lookups above."""

    by_start: list[tuple[int, int, Span]]  # (token start, order in doc.spans, mention)
    by_title: list[tuple[int, int, Span]]  # (title's first character, order, mention)
    by_word: dict[str, list[tuple[int, int, Span]]]  # title word -> (start, order, mention), sorted
    titles: list[tuple[int, int, int]]  # (first character, official, end character) of each title
    longest_title: int

    def title_over(self, start: int, end: int) -> int | None:
        """The first official (by index) whose title overlaps characters ``[start, end)``."""
        first = bisect.bisect_left(self.titles, (start - self.longest_title,))
        hits = [number for t_start, number, t_end in self.titles[first:bisect.bisect_left(self.titles, (end,))]
                if t_start < end and start < t_end]
        return min(hits, default=None)

    @staticmethod
    def last_before(found: list[tuple[int, int, Span]], before: int) -> list[tuple[int, int, Span]]:
        """The items of ``found`` (sorted) with the last start before token ``before``, in order."""
        end = bisect.bisect_left(found, (before,))
        return found[bisect.bisect_left(found, (found[end - 1][0],)):end] if end else []


def _mention_index(doc: Doc) -> _MentionIndex:
    cache = ext.cache_of(doc)
    key = ("mention_index", len(doc.spans.get(ext.OFFICIALS, [])))
    if key not in cache:
        mentions, officials = list(doc.spans.get(ext.OFFICIALS, [])), doc._.wc_officials or []
        titles = sorted((data["_title_span"][0], number, data["_title_span"][1])
                        for number, data in enumerate(officials))
        by_word: dict[str, list[tuple[int, int, Span]]] = {}
        for order, m in enumerate(mentions):
            for word in set(officials[int(m.kb_id_)]["_title_words"]):
                by_word.setdefault(word, []).append((m.start, order, m))
        cache[key] = _MentionIndex(
            by_start=sorted(((m.start, order, m) for order, m in enumerate(mentions)), key=lambda t: t[:2]),
            by_title=sorted(((officials[int(m.kb_id_)]["_title_span"][0], order, m)
                             for order, m in enumerate(mentions)), key=lambda t: t[:2]),
            by_word={w: sorted(items, key=lambda t: t[:2]) for w, items in by_word.items()},
            titles=titles, longest_title=max((end - start for start, _, end in titles), default=0))
    return cache[key]


def _person_in(doc: Doc, span: Span) -> str | None:
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


def _proper_part(span: Span) -> str | None:
    """The capitalized part of a source: "the Finnish Border Guard" -> "Finnish Border Guard"."""
    tokens = [t for t in span if t.is_title or t.is_upper or t.lower_ in ("of", "the", "and")]
    while tokens and tokens[0].lower_ in ("of", "the", "and"):
        tokens.pop(0)
    while tokens and tokens[-1].lower_ in ("of", "the", "and"):
        tokens.pop()
    if not tokens or (len(tokens) == 1 and tokens[0].i == span.sent.start):
        return None
    return span.doc[tokens[0].i:tokens[-1].i + 1].text


def _store(doc: Doc, sources: list[dict]) -> None:
    doc._.wc_sources = sources
    doc.spans[ext.SOURCES] = [doc.char_span(*s["span"], label=s["kind"]) for s in sources]
