"""Officials: people holding an office, with title, country, organization and every mention.

Patterns, all anchored on a title from ``resources/gazetteers/titles.tsv``:

- ``[Demonym] TITLE NAME``: "Russian President Vladimir Putin", "Northrop Grumman CEO Ron Sugar";
- ``[the] [Demonym] TITLE [of X, Y and Z], NAME``: "the Kazakh Interior Minister, Marat
  Ajmetdzhanov", "the Minister of Digital Development, Innovation and Aerospace Industry, Baghdad Musin";
- ``NAME, [the] TITLE [of X]``: "Sergei Lavrov, the foreign minister of Russia".

Later mentions by surname, and spelling variants of a surname ("Akhmetdzhanov" beside
"Ajmetdzhanov"), are merged into the same official as mentions and aliases.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractor.components import extensions as ext
from extractor.components.base import Component, guarded, has_ner, has_tags
from extractor.normalize.lexicon import tagged, words
from extractor.normalize.names import fold, is_name_token, similar_surname

_NAME_PARTICLES = words("name_particles")
_NOT_NAMES = words("not_names")
_HONORIFICS = tagged("person_words", "yes", column="honorific")
_NAME_EDGE = tagged("determiners", "name_edge")


@dataclass
class _Found:
    name: Span
    title: Span
    country: str | None
    organization: str | None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    inferred: bool = False


class Officials(Component):
    """Find officials; write ``doc.spans["wc_officials"]`` and ``doc._.wc_officials``."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("TITLE", [nlp.make_doc(title) for title in sorted(words("titles"))])

    @guarded("officials", reset=lambda doc: _store(doc, []))
    def __call__(self, doc: Doc) -> Doc:
        found: list[_Found] = []
        surnames = _Surnames(found)
        for title in self._titles(doc):
            hit = _with_name(doc, title)
            if hit is not None:
                _merge(found, hit, surnames)
        _add_surname_mentions(doc, found)
        _infer_countries(doc, found)
        _store(doc, found)
        return doc

    def _titles(self, doc: Doc) -> list[Span]:
        spans = [Span(doc, start, end) for _, start, end in self.matcher(doc)]
        longest: list[Span] = []
        taken = bytearray(len(doc))  # tokens of the titles kept: longest first, no overlaps
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if not any(taken[span.start:span.end]):
                taken[span.start:span.end] = b"\x01" * (span.end - span.start)
                longest.append(span)
        return sorted(longest, key=lambda s: s.start)


def _with_name(doc: Doc, title: Span) -> _Found | None:
    """The official a title belongs to, or None when no name stands beside it."""
    if _inside_name(doc, title):
        return None
    left = _extend_left(doc, title.start)
    complement_end, name = _complement(doc, _absorb_nouns(doc, title.end))
    if name is None:
        name = _name_after(doc, complement_end) or _name_before(doc, left)
    if name is None:
        return None
    whole = doc[left:complement_end]
    country = ext.country_within(doc, whole.start_char, whole.end_char)
    office_start = _office_start(doc, left, title.start)
    return _Found(name=name, title=doc[office_start:complement_end], country=country,
                  organization=_organization(doc, left, office_start, title.end, complement_end),
                  mentions=[name])


def _inside_name(doc: Doc, title: Span) -> bool:
    """ "General Motors", "Martin Luther King Jr": the title word is part of a longer name."""
    following = doc[title.end] if title.end < len(doc) else None
    if following is not None and following.lower_ in words("org_words"):
        return True
    ent = title[0].ent_type_
    if ent == "ORG" and following is not None and following.ent_type_ == "ORG" and not following.ent_iob_ == "B":
        return True
    return ent == "PERSON" and title[0].ent_iob_ == "I"


def _extend_left(doc: Doc, start: int) -> int:
    """Capitalized modifiers and demonyms before a title: "Kazakh Interior", "Northrop Grumman"."""
    sent_start = doc[start].sent.start
    i = start
    while i > sent_start:
        prev = doc[i - 1]
        if prev.lower_ in _NAME_EDGE:
            break
        if prev.text == "&" and i - 2 >= sent_start and doc[i - 2].is_title:  # "Procter & Gamble"
            i -= 1
            continue
        if prev.lower_ in ("'s", "’s") and i - 2 >= sent_start and doc[i - 2].is_title:  # "Canada's"
            i -= 1
            continue
        if prev.is_title or (prev.is_upper and prev.is_alpha) or prev.lower_ in words("title_modifiers"):
            i -= 1  # "Kazakh Interior", "Northrop Grumman", "federal industry", "economy"
            continue
        break
    return i


def _absorb_nouns(doc: Doc, end: int) -> int:
    """ "chief market strategist", "head trader": common nouns that finish the title."""
    if not has_tags(doc):
        return end
    while end < len(doc) and doc[end].tag_ in ("NN", "NNS") and doc[end].is_lower and end < doc[end - 1].sent.end:
        end += 1
    return end


def _complement(doc: Doc, end: int) -> tuple[int, Span | None]:
    """Extend over "of Digital Development, Innovation and Aerospace Industry, NAME".

    Returns the end of the title phrase and, when the last comma-separated part is a name,
    that name.
    """
    sent_end = doc[end - 1].sent.end
    if end >= sent_end or doc[end].lower_ not in ("of", "for", "at"):
        return end, None
    i = end + 1
    if i < sent_end and doc[i].lower_ == "the":
        i += 1
    parts: list[list[int]] = [[]]
    while i < sent_end:
        tok = doc[i]
        if tok.text == ",":
            parts.append([])
        elif tok.is_title or tok.is_upper or tok.lower_ in ("and", "&", "of", "the"):
            parts[-1].append(i)
        else:
            break
        i += 1
    parts = [p for p in parts if p]
    if not parts:
        return end, None
    last = parts[-1]
    while len(last) > 1 and doc[last[0]].lower_ in _HONORIFICS:
        last = last[1:]
    if len(parts) > 1 and _looks_like_name(doc, last[0], last[-1] + 1):
        prior = parts[-2]
        return prior[-1] + 1, doc[last[0]:last[-1] + 1]
    return parts[0][-1] + 1 if len(parts) == 1 else parts[-1][-1] + 1, None


def _name_after(doc: Doc, i: int) -> Span | None:
    comma = i < len(doc) and doc[i].text == ","
    start = i + 1 if comma else i
    while start < len(doc) and doc[start].lower_ in _HONORIFICS:
        start += 1
    end = start
    sent_end = doc[max(i - 1, 0)].sent.end
    while end < sent_end and end - start < 4 and _name_part(doc[end]):
        end += 1
    if end == start or not is_name_token(doc[end - 1].text):
        return None
    if comma and end - start < 2 and not _is_person(doc, start, end):
        return None
    return doc[start:end] if _looks_like_name(doc, start, end) else None


def _name_before(doc: Doc, left: int) -> Span | None:
    """ "NAME, the TITLE": a name run ending at a comma just before the title phrase."""
    i = left
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    if i < 2 or doc[i - 1].text != ",":
        return None
    end = i - 1
    start = end
    while start > doc[end - 1].sent.start and end - start < 4 and _name_part(doc[start - 1]):
        start -= 1
    if end - start >= 2 and _looks_like_name(doc, start, end):
        return doc[start:end]
    return None


def _name_part(tok) -> bool:
    if tok.lower_ in _HONORIFICS:
        return False
    if tok.text == "-":  # "Jean-Claude", "Perez-Guerra": a hyphen inside one written name
        return 0 < tok.i < len(tok.doc) - 1 and tok.doc[tok.i - 1].whitespace_ == "" and tok.whitespace_ == ""
    initial = len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "."
    return (is_name_token(tok.text) and tok.lower_ not in _NOT_NAMES) or tok.lower_ in _NAME_PARTICLES or initial


def _looks_like_name(doc: Doc, start: int, end: int) -> bool:
    """Title-case tokens that are neither titles, countries nor org words; a PERSON if NER ran."""
    if end <= start or end - start > 4:
        return False
    tokens = doc[start:end]
    if any(t.lower_ in words("titles") or t.lower_ in words("org_words") for t in tokens):
        return False
    if any(t.like_num or t.lower_ in _NOT_NAMES for t in tokens):
        return False
    if _overlaps(doc, ext.COUNTRIES, start, end) or _overlaps(doc, ext.DATES, start, end):
        return False
    if has_ner(doc) and any(t.ent_type_ in ("GPE", "DATE", "NORP", "LOC") for t in tokens):
        return _is_person(doc, start, end)
    return True


def _is_person(doc: Doc, start: int, end: int) -> bool:
    return any(t.ent_type_ == "PERSON" for t in doc[start:end])


def _overlaps(doc: Doc, group: str, start: int, end: int) -> bool:
    return group in doc.spans and any(_covered(doc, group)[start:end])


def _covered(doc: Doc, group: str) -> bytearray:
    """Which tokens some span of ``group`` covers (worked out once per size of the group)."""
    cache = ext.cache_of(doc)
    key = ("covered", group, len(doc.spans[group]))
    if key not in cache:
        covered = cache[key] = bytearray(len(doc))
        for span in doc.spans[group]:
            covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    return cache[key]


def _office_start(doc: Doc, left: int, head: int) -> int:
    """Where the office begins: "Interior Minister", "Deputy Defense Secretary", "CEO"."""
    start = head
    modifiers = words("title_modifiers")
    while start > left and (doc[start - 1].lower_ in modifiers or doc[start - 1].ent_type_ == "GPE"
                            and not _overlaps(doc, ext.COUNTRIES, start - 1, start)):
        start -= 1
    return start


def _organization(doc: Doc, left: int, office: int, head_end: int, end: int) -> str | None:
    """Proper names before the office ("Northrop Grumman CEO"), or after "of/at/for" in it."""
    start = left
    countries = ext.within(doc, ext.COUNTRIES, left, office)
    if countries:
        start = max(start, max(s.end for s in countries))
    if start < office:
        return doc[start:office].text
    for i in range(head_end, end):
        if doc[i].lower_ in ("of", "at", "for"):
            rest = doc[i + 1:end]
            if rest and not _overlaps(doc, ext.COUNTRIES, rest.start, rest.end) and rest[-1].is_title:
                return rest.text[4:] if rest.text.startswith("the ") else rest.text
            break
    return None


def _merge(found: list[_Found], hit: _Found, surnames: _Surnames) -> None:
    surname = hit.name[-1].text
    index = surnames.first_similar(surname)
    if index < 0:
        found.append(hit)
        return
    other = found[index]
    if hit.name.start_char not in {m.start_char for m in other.mentions}:
        other.mentions.append(hit.name)
    if other.name[-1].text != surname and surname not in other.aliases:
        other.aliases.append(hit.name.text)
    other.country = other.country or hit.country


class _Surnames:
    """The first official whose surname is a word or a variant of it, asked once per distinct word.

    Only officials whose folded surname starts with the word's folded first letter can match
    (``similar_surname`` requires it), so each word is compared with those alone, each once.
    """

    def __init__(self, found: list[_Found]) -> None:
        self.found = found
        self.by_letter: dict[str, list[int]] = {}
        self.indexed = 0
        self.memo: dict[str, tuple[int, int]] = {}  # word -> (match or -1, candidates compared)

    def first_similar(self, surname: str) -> int:
        while self.indexed < len(self.found):  # officials added since the last question
            letter = fold(self.found[self.indexed].name[-1].text)[:1]
            self.by_letter.setdefault(letter, []).append(self.indexed)
            self.indexed += 1
        candidates = self.by_letter.get(fold(surname)[:1], [])
        match, compared = self.memo.get(surname, (-1, 0))
        while match < 0 and compared < len(candidates):
            if similar_surname(self.found[candidates[compared]].name[-1].text, surname):
                match = candidates[compared]
            compared += 1
        self.memo[surname] = (match, compared)
        return match


def _add_surname_mentions(doc: Doc, found: list[_Found]) -> None:
    """Later mentions by surname alone, or by a spelling variant of it."""
    if not found:
        return
    taken = {(m.start, m.end) for o in found for m in o.mentions}
    owner: dict[int, int] = {}  # token -> the first official one of whose mentions holds it
    for index, official in reversed(list(enumerate(found))):
        for mention in official.mentions:
            owner.update(dict.fromkeys(range(mention.start, mention.end), index))
    surnames = _Surnames(found)
    for tok in doc:
        if not tok.is_title and not tok.is_upper or len(tok.text) < 4 or not is_name_token(tok.text):
            continue
        if (tok.i, tok.i + 1) in taken:
            continue
        index = surnames.first_similar(tok.text)
        if index < 0 or owner.get(tok.i, len(found)) <= index:
            continue  # a mention of this or an earlier official holds this word
        official = found[index]
        official.mentions.append(doc[tok.i:tok.i + 1])
        if tok.text != official.name[-1].text and tok.text not in official.aliases:
            official.aliases.append(tok.text)


def _infer_countries(doc: Doc, found: list[_Found]) -> None:
    """An office with no stated country takes the one country named in its sentence."""
    for official in found:
        if official.country is not None:
            continue
        sent = official.title.sent
        codes = {s.kb_id_ for s in ext.within(doc, ext.COUNTRIES, sent.start, sent.end) if s.label_ != "demonym"}
        if len(codes) == 1:
            official.country, official.inferred = codes.pop(), True


def _unglued(span: Span, cues: list[tuple[int, int, int]]) -> tuple[int, int]:
    """A name's characters without a number cue glued to its end ("Baghdad Musinsome 70,000").

    ``cues``: ``(start, order, end)`` of the quantities' cue words, sorted (``_cues``); of the cues
    that start inside the name and reach past its end, the last quantity's wins.
    """
    end, last = span.end_char, -1
    for start, order, cue_end in cues[bisect.bisect_right(cues, (span.start_char, len(cues))):]:
        if start >= span.end_char:
            break
        if span.end_char <= cue_end and order > last:
            end, last = start, order
    return span.start_char, end


def _cues(doc: Doc) -> list[tuple[int, int, int]]:
    cues = ((quantity._.wc_quantity or {}).get("qualifier_span") for quantity in doc.spans.get(ext.QUANTITIES, []))
    return sorted((cue[0], order, cue[1]) for order, cue in enumerate(cues) if cue)


def _store(doc: Doc, found: list[_Found]) -> None:
    records, spans, cues = [], [], _cues(doc) if found else []
    for index, official in enumerate(found):
        mentions = sorted(official.mentions, key=lambda s: s.start)
        for span in mentions:
            spans.append(Span(doc, span.start, span.end, label="OFFICIAL", kb_id=str(index)))
        records.append({
            "name": ext.text_of(doc)[slice(*_unglued(official.name, cues))],
            "aliases": official.aliases,
            "title": official.title.text or None,
            "country": official.country,
            "country_inferred": official.inferred,
            "organization": official.organization,
            "mentions": [_mention(doc, s, cues) for s in mentions],
            "_title_words": [t.lower_ for t in official.title],
            "_title_span": (official.title.start_char, official.title.end_char),
        })
    doc.spans[ext.OFFICIALS] = spans
    doc._.wc_officials = records


def _mention(doc: Doc, span: Span, cues: list[tuple[int, int, int]]) -> dict:
    start, end = _unglued(span, cues)
    return {"text": ext.text_of(doc)[start:end], "span": (start, end)}
