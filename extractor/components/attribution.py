"""Attribution: who says so. Speech verbs, "according to X", quoted speakers, unnamed sources.

Writes ``doc.spans["wc_sources"]`` and ``doc._.wc_sources``: one dict per source with the
contract's fields (``text, span, name, title, country, kind, cue``) plus ``_sent`` (the start
token of its sentence), ``_cue_i`` (the cue's token index) and ``official`` (index or None).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from extractor.components import clause_sources, coref, cue_fallbacks, noun_cues, quotes, source_officials, source_spans
from extractor.components import extensions as ext
from extractor.components.base import Component, guarded, has_parse
from extractor.normalize.lexicon import mapping, read_tsv, tagged, words
from extractor.components.tokenpatterns import WordTest

_SUBJECT_DEPS = ("nsubj",)  # "the deal was announced": a passive subject is no speaker
#: Cues that are no verb: "according to X", "in a poll released Monday", "NAME: ..." opening a
#: paragraph, '"…" ― NAME' after a quotation.
_OTHER_CUES = frozenset({"according", "in", ":", "―", "—"})
_NOBODY = tagged("pronouns", "nobody")
_PRONOUNS = tagged("pronouns", "speaker")
_RELATIVE = tagged("pronouns", "resolved_later")
_QUOTES = frozenset({"\"", "“", "”", "″", "‶", "'", "’"})
#: ``doc.user_data`` key of the quotations and their speakers (``quotes.Region`` list).
QUOTES = "wireclaims.quotes"
_STOP = source_spans.STOP


class Cue(NamedTuple):
    lemma: str
    stance: str  # neutral, hedge, modality, negation: what the cue does to the claim
    kind: str  # speech, evidential (data and documents show), intent (a plan, a proposal)
    needs: frozenset[str]  # a particle or preposition the verb must take ("pointed out")


@functools.cache
def speech_forms() -> dict[str, Cue]:
    """Surface form -> cue for every attribution verb of ``resources/gazetteers/speech_cues.tsv``."""
    out = {}
    for row in read_tsv("speech_cues"):
        needs = frozenset(filter(None, row.get("needs", "").split("|")))
        for form in row["forms"].split("|"):
            out[form.lower()] = Cue(row["lemma"], row["stance"], row["kind"], needs)
    return out


class Found(NamedTuple):
    span: Span  # the source as written
    cue: Token
    anchor: int | None = None  # a cue noun: the verb whose clause it speaks for
    noun: bool = False  # the cue is a noun of cue_nouns.tsv: it vouches only for what it governs
    frame: bool = False  # a cue noun after by/per/under: it speaks for its verb's whole clause


class Attribution(Component):
    def __init__(self) -> None:
        self.forms = speech_forms()
        self.nouns = noun_cues.noun_forms()
        self.kinds = mapping("source_kinds", "word", "kind")
        self.cues = WordTest(lambda word: (word.lower() in self.forms or word.lower() in _OTHER_CUES
                                           or word.lower() in self.nouns))

    @guarded("attribution", reset=lambda doc: _store(doc, []))
    def __call__(self, doc: Doc) -> Doc:
        sources = []
        for i in self.cues.positions(doc):
            found = self._at(doc, doc[i], doc[i].sent)
            if found is not None:
                sources.append(found if isinstance(found, Found) else Found(*found))
        if has_parse(doc):
            for subject, verb in clause_sources.speakers(doc, {found.cue.i for found in sources}):
                span = _fitted(_subject_span(doc, subject))
                if span is not None:
                    sources.append(Found(span, verb))
        records = [self._describe(doc, found) for found in sources]
        _store(doc, records)
        text = ext.text_of(doc)
        doc.user_data[QUOTES] = quotes.speakers(text, quotes.regions(text), records)
        return doc

    def _at(self, doc: Doc, tok: Token, sent: Span) -> tuple[Span, Token] | Found | None:
        """The source that the cue word ``tok`` introduces, if it does."""
        if tok.lower_ in self.nouns and has_parse(doc) and noun_cues.nominal(tok):
            found = noun_cues.source(tok)
            if found is not None and _plausible(found.span):
                return Found(found.span, tok, found.anchor, True, found.frame)
        if tok.lower_ == "according":
            if tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
                span = _phrase_after(doc, tok.i + 2, sent.end)
                return None if span is None else (span, tok)
            return None
        if tok.lower_ == "in":
            span = self._in_document(tok)
            return None if span is None else (span, tok)
        if tok.text == ":":
            span = source_spans.colon_speaker(doc, tok, sent)
            if span is None and has_parse(doc):
                span = cue_fallbacks.colon_intro(doc, tok, sent, self._speaker_kind, self.forms)
            return None if span is None else (span, tok)
        if tok.text in ("―", "—"):
            span = cue_fallbacks.dash_tag(doc, tok, sent)
            return None if span is None else (span, tok)
        if tok.lower_ not in self.forms or _name_part(doc, tok, sent):
            return None
        if (not _is_verb(tok) or not _has_subject(tok)) and self._final_tag(doc, tok, sent):
            return source_spans.clean(doc, self._final_tag(doc, tok, sent), tok.i), tok
        if not _is_verb(tok) and has_parse(doc) and any(c.dep_ == "ccomp" for c in tok.children):
            span = cue_fallbacks.phrase_before(doc, tok, sent)  # "documents show he took": "show" read as a noun
            return None if span is None or not _plausible(span) else (span, tok)
        if not has_parse(doc) and tok.lower_.endswith("ing") and (tok.i == 0 or doc[tok.i - 1].lower_ not in _BE):
            return None  # without a parser a participle is no cue ("..., adding that"), "are predicting" is
        if _is_verb(tok) and self._takes(tok):
            if self.forms[tok.lower_].kind == "evidential" and cue_fallbacks.participle_subject(tok) is not None:
                return None  # ", citing major flaws", ", indicating a drop": the subject is no origin
            span = _fitted(_speaker(doc, tok, sent))
            if span is not None:
                return span, tok
        return None

    def _in_document(self, prep: Token) -> Span | None:
        """ "In a poll released Monday, 50 percent ...": a document a verb's figures come from."""
        if not has_parse(prep.doc) or prep.dep_ != "prep":
            return None
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None or self.kinds.get(obj.lower_) != "document" or obj.lower_ in _NOT_SOURCE_DOCS:
            return None
        if prep.head.pos_ not in ("VERB", "AUX") and obj.lower_ not in _POLLS:
            return None  # "a rise in the report's figures"; but "10 percent in the latest poll"
        span = source_spans.clean(prep.doc, obj.left_edge.i, obj.right_edge.i + 1)
        return span if span is not None and len(span) <= 15 else None

    def _final_tag(self, doc: Doc, cue: Token, sent: Span) -> int | None:
        """ "..., campaign finance records show.": a sentence-final tag the tagger read as a noun
        compound or left without a subject, or the same tag between commas (", F.A.A. records
        show, the jet has flown ..."). Only after a source word ("records", "data", "police") and
        a comma; returns where the source starts."""
        if cue.i == sent.start or doc[cue.i - 1].lower_ not in self.kinds:
            return None
        aside = cue.i + 1 < sent.end and doc[cue.i + 1].text == ","
        if not aside and any(not t.is_punct and not t.is_space for t in doc[cue.i + 1:sent.end]):
            return None
        start = cue.i - 1
        while start > sent.start and doc[start - 1].text not in _STOP and cue.i - start < 8:
            start -= 1
        return start if start > sent.start and doc[start - 1].text == "," else None

    def _takes(self, verb: Token) -> bool:
        """A cue that needs a particle ("pointed out", "called for") has it among its children;
        one that needs a clause ("he added that", '"...," he added') has no object of its own."""
        needs = self.forms[verb.lower_].needs
        if not needs or not has_parse(verb.doc):
            return True
        if "clause" in needs:  # a clause of its own, or the tag of a quotation; never an object
            if any(c.dep_ == "dobj" for c in verb.children):  # "it added 255,000 jobs"
                return False
            return verb.dep_ in ("ccomp", "parataxis") or any(
                c.dep_ in ("ccomp", "parataxis") or c.text in _QUOTES for c in verb.children)
        return any(c.lower_ in needs for c in verb.children if c.i > verb.i)

    def _speaker_kind(self, tok: Token) -> str | None:
        """What a head word names: a document, a person or an organization (None: neither)."""
        if self.kinds.get(tok.lower_) == "document":
            return "document"
        if tok.ent_type_ == "PERSON" or tok.lower_ in _PRONOUNS or tok.lemma_.lower() in words("titles"):
            return "person"
        return "organization" if tok.ent_type_ == "ORG" or self.kinds.get(tok.lower_) == "organization" else None

    def _describe(self, doc: Doc, found: Found) -> dict:
        span, cue = source_officials.extend_to_official(doc, found.span), found.cue
        official = source_officials.official_for(doc, span)
        info = self.nouns[cue.lower_] if found.noun else self.forms.get(cue.lower_)
        record = {
            "text": span.text, "span": (span.start_char, span.end_char),
            "name": None, "title": None, "country": ext.country_within(doc, span.start_char, span.end_char),
            "kind": self._kind(doc, span), "official": None,
            "cue": "according to" if cue.lower_ == "according" else cue.text,
            "_sent": span.sent.start, "_cue_i": cue.i, "_cue_char": cue.idx,
            "_stance": info.stance if info else "neutral",
            "_cue_kind": info.kind if info else _other_kind(cue),
            "_anchor_i": found.anchor, "_noun": found.noun, "_frame": found.frame,
            "_governed": found.noun or _participle(cue),
        }
        if found.noun and span.root.i == cue.i and info.kind == "evidential":
            record["kind"] = "document"  # "by one estimate": the estimate itself
        if official is None:
            resolved = coref.resolve(doc, span)
            if resolved is not None and resolved.official is not None:
                official = resolved.official, (doc._.wc_officials or [])[resolved.official]
            elif resolved is not None:
                record.update(name=resolved.name, kind=resolved.kind)
                return record
            elif coref.antecedent(span) is not None:  # "a report ..., which said": the report's kind
                record["kind"] = self._kind(doc, coref.antecedent(span))
        if official is not None:
            index, data = official
            record.update(name=data["name"], title=data["title"], official=index, kind="person",
                          country=data["country"] or record["country"])
        elif record["kind"] in ("person", "organization") and not _pronoun(span):
            person = source_officials.person_in(doc, span)
            record["name"] = person if person is not None else source_spans.proper_part(span)
        if record["name"] is None and _pronoun(span):
            record["unresolved"] = _why_unresolved(span)
        return record

    def _kind(self, doc: Doc, span: Span) -> str:
        last = span[-1]  # a head too where the parse hung the phrase's words apart: "F.A.A. records show"
        if has_parse(doc) and any(self.kinds.get(t.lower_) == "document" for t in (span.root, last)
                                  if t.i == span.root.i or not span.start <= t.head.i < span.end):
            return "document"  # "a CNN poll", "figures published by the ministry": the head tells
        if any(t.ent_type_ == "PERSON" for t in span) or (len(span) == 1 and span[0].lower_ in _PRONOUNS):
            return "person"
        lowered = f" {span.text.lower()} "
        kinds = {self.kinds[t.lower_] for t in span if t.lower_ in self.kinds}
        kinds |= {kind for word, kind in self.kinds.items() if " " in word and f" {word} " in lowered}
        if "media" in kinds:
            return "media"
        proper = source_spans.proper_part(span) is not None
        if any(t.ent_type_ == "ORG" for t in span) or (proper and "organization" in kinds):
            return "organization"
        for kind in ("document", "unnamed", "organization"):
            if kind in kinds:
                return kind
        return "organization" if proper else "unnamed"


#: Polls vouch for the figure they hold wherever "in" attaches ("6 percent of the vote in a poll").
_POLLS = tagged("source_kinds", "poll")
#: Documents that hold figures without being their source ("in a statement": the speaker is).
_NOT_SOURCE_DOCS = tagged("source_kinds", "holder")


def _participle(cue: Token) -> bool:
    """ "..., saying that", "with polls showing": a participle without a subject of its own
    vouches only for the clause it governs, not for the rest of the sentence."""
    return cue.tag_ == "VBG" and cue.lower_ in speech_forms() and not any(c.dep_ in ("nsubj", "aux") for c in cue.children)


def _pronoun(span: Span) -> bool:
    return len(span) == 1 and span[0].lower_ in coref.PRONOUNS


def _why_unresolved(span: Span) -> str:
    """Why a pronoun source has no name: what ``source.unresolved`` says."""
    word = span[0].lower_
    if word in ("i", "we", "me", "us", "you"):
        return "first or second person: the speaker of the quotation or the writer"
    phrase = coref.antecedent(span)
    if phrase is not None:
        return f"its antecedent names no one: {phrase.text!r}"
    return "no compatible person or organization named before it"


def _other_kind(cue: Token) -> str:
    """The kind of a cue that is no listed verb: "according to", "in a poll", "NAME:" speak
    (speech); a verb with a clause of its own ("agreed that") speaks for its clause (clause)."""
    return "clause" if cue.pos_ in ("VERB", "AUX") and cue.lower_ not in _OTHER_CUES else "speech"


def _fitted(span: Span | None) -> Span | None:
    """The source as written, or its head phrase when the whole is too long or holds a clause
    ("A study by two economists at ... concluded": "A study")."""
    if span is None or _plausible(span):
        return span
    head = source_spans.head_phrase(span)
    return head if head is not None and _plausible(head) else None


def _plausible(span: Span) -> bool:
    """A source is a short noun phrase: not "which", not a clause."""
    if len(span) == 1 and span[0].lower_ in _RELATIVE:  # "Jane Doe, who said": kept, resolved later
        return span[0].lower_ in coref.RELATIVE and (
            span[0].head.dep_ == "relcl" or cue_fallbacks.relative_head(span[0]) is not None)
    if len(span) == 1 and span[0].text[0] in "'’":  # "Let's say": a clitic is nobody
        return False
    if any(t.lower_ in speech_forms() and t.pos_ in ("VERB", "AUX", "") for t in span):
        return False  # a clause, not a noun phrase; "FEC reports", "the report" are sources
    return len(span) <= 15 and not any(t.pos_ == "VERB" and t.tag_ != "VBN" for t in span)


#: Auxiliaries of a speech act still to come: "the candidate will announce plans for ...".
_NOT_YET = tagged("source_words", "not_yet")
_BE = tagged("source_words", "be")
#: Where a participle is a noun's modifier or a noun itself, not a clause of speech.
_NOUN_DEPS = tagged("dependency_roles", "noun_use")


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) if has_parse(verb.doc) else True


def _name_part(doc: Doc, tok: Token, sent: Span) -> bool:
    """Without a tagger, a capitalized cue form after a capitalized word is part of a name ("the
    United States", "Human Rights Watch Reports"), not a verb of speech."""
    return not tok.pos_ and tok.is_title and tok.i > sent.start and doc[tok.i - 1].is_title


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") if tok.pos_ else True


def _speaker(doc: Doc, verb: Token, sent: Span) -> Span | None:
    """The subject of a speech verb; after it when inverted ('..." said the minister.')."""
    if has_parse(doc):
        if not _speaks(verb):
            return None
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None and any(c.dep_ == "pobj" for c in agent.children):
            return source_spans.clean(doc, agent.i + 1, agent.right_edge.i + 1)  # "was reported by the agency"
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.text not in _QUOTES]
        if not subjects and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            # "Scott blasted Congress and said ...": the subject the two verbs share
            subjects = [c for c in verb.head.children if c.dep_ in _SUBJECT_DEPS and c.text not in _QUOTES]
        if any(c.lower_ in _NOBODY for c in subjects):
            return None
        before = [c for c in subjects if c.i < verb.i and not _quoted_before(doc, c, verb)]
        after = [c for c in subjects if c.i > verb.i]
        for subject in before + after:
            return _subject_span(doc, subject)
        borrowed = cue_fallbacks.with_absolute(verb) or cue_fallbacks.participle_subject(verb)
        if borrowed is not None:
            return _subject_span(doc, borrowed)
        if not subjects and verb.dep_ in ("dep", "ROOT", "parataxis"):
            adjacent = cue_fallbacks.adjacent_subject(doc, verb, sent)
            if adjacent is not None:
                return adjacent
    inverted = _inverted(doc, verb, sent)
    return inverted if inverted is not None or has_parse(doc) else _before(doc, verb, sent)


def _subject_span(doc: Doc, subject: Token) -> Span | None:
    """The subject's phrase without a relative clause after the name ("Paul H. Chipok, a lawyer in
    Orlando who specializes in ...": the name and title are the source, the clause describes them)."""
    end = subject.right_edge.i + 1
    for tok in doc[subject.i + 1:end]:
        if tok.dep_ == "relcl" and tok.left_edge.i > subject.i:
            end = tok.left_edge.i
            break
    return source_spans.clean(doc, subject.left_edge.i, end)


def _speaks(verb: Token) -> bool:
    """A speech act: not adjectival ("149 confirmed orders"), not passive without an agent,
    not negated ("would not reveal"), not yet made ("will announce", "plans to announce")."""
    if verb.dep_ in ("amod", "acomp") or any(c.dep_ == "neg" for c in verb.children):
        return False
    if any(c.lower_ in _NOT_YET and c.dep_ == "aux" for c in verb.children) and speech_forms()[verb.lower_].kind != "intent":
        return False  # "will announce"; but "will seek", "plans to cut" are intents; "reported to the IRS" is said
    if (verb.tag_ == "VBG" and verb.dep_ in _NOUN_DEPS and not any(c.dep_ == "aux" for c in verb.children)
            and cue_fallbacks.participle_subject(verb) is None):
        return cue_fallbacks.with_absolute(verb) is not None  # "taxpayers reporting capital gains"
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    return not passive or any(c.dep_ == "agent" for c in verb.children)


def _quoted_before(doc: Doc, subject: Token, verb: Token) -> bool:
    """A closing quote between subject and verb: the "subject" is the quote's last word."""
    return any(doc[i].text in _QUOTES and not _possessive(doc, i) for i in range(subject.i, verb.i))


def _possessive(doc: Doc, i: int) -> bool:
    """ "Sanders’ campaign manager": an apostrophe glued to a word in -s marks a possessive."""
    return i > 0 and doc[i].text in ("'", "’") and not doc[i - 1].whitespace_ and doc[i - 1].lower_.endswith("s")


def _inverted(doc: Doc, verb: Token, sent: Span) -> Span | None:
    """'..., indicated the Ministry of the Interior.': a phrase that ends the sentence."""
    if verb.i == 0 or doc[verb.i - 1].text not in _STOP or verb.i + 1 >= sent.end:
        return None
    after = _phrase_after(doc, verb.i + 1, sent.end)
    if after is None or any(not t.is_punct and not t.is_space for t in doc[after.end:sent.end]):
        return None
    if has_parse(doc) and (after.root.pos_ not in ("NOUN", "PROPN", "PRON") or verb.tag_ == "VBG"):
        return None  # ", citing major flaws": a participle's object, not an inverted speaker
    return after


def _before(doc: Doc, verb: Token, sent: Span) -> Span | None:
    """Without a parser: the words between the previous punctuation and the verb."""
    end = verb.i - 1 if verb.i > sent.start and doc[verb.i - 1].text == "," else verb.i
    start = end
    while start > sent.start and doc[start - 1].text not in _STOP:
        start -= 1
    return source_spans.clean(doc, start, end) if 0 < end - start <= 8 else None


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
    return source_spans.clean(doc, start, i)


def _store(doc: Doc, sources: list[dict]) -> None:
    doc.user_data[QUOTES] = []
    doc._.wc_sources = sources
    doc.spans[ext.SOURCES] = [doc.char_span(*s["span"], label=s["kind"]) for s in sources]
