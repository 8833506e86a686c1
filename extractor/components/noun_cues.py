"""Attribution by a noun: "the IMF's estimate of 3.1 percent", "a New York Times report that Trump
lost $916 million", "by one estimate", "under Mrs. Clinton's plan", "his comment about 47 percent".

News hangs many figures on a noun that names a statement, a document or a plan
(``resources/gazetteers/cue_nouns.tsv``). Its owner — a possessor ("the IMF's", "its", "his") or a
proper-noun modifier ("a New York Times report") — is the source; after "by", "per" or "under"
without an owner the noun phrase itself is ("by one estimate"). Such a noun vouches only for the
figures it governs: those inside its phrase (not through a relative clause: "his plan, which
costs $5 trillion" is the reporter's figure), and, when it is the object of a verb or follows
by/per/under/in, those of that verb's clause ("it edged up its forecast ... to 4.2 percent").
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from spacy.tokens import Span, Token

from extractor.normalize.lexicon import read_tsv, tagged, words

#: Prepositions after which a cue noun speaks for its clause ("by one estimate", "under the plan").
_FRAMES = frozenset({"by", "per", "under"})
#: ... and after which it does only with an owner ("in the minister's words").
_OWNED_FRAMES = frozenset({"in"})
#: Entities that own a report ("a New York Times report") and those that are its topic ("the Iraq report").
_OWNERS = frozenset({"ORG", "PERSON"})
_TOPICS = frozenset({"GPE", "NORP", "LOC", "DATE", "EVENT", "FAC", "LAW", "PRODUCT", "WORK_OF_ART"})
#: How a figure hangs from a cue noun that vouches for it: its complement, not its modifier.
_COMPLEMENTS = tagged("dependency_roles", "complement")
_NOMINAL_DEPS = tagged("dependency_roles", "nominal")
_CLAUSES = tagged("dependency_roles", "clause")
_QUANTIFIERS = tagged("source_words", "quantifier")
_MODALS = tagged("source_words", "modal")


class NounCue(NamedTuple):
    noun: str
    stance: str
    kind: str


class Found(NamedTuple):
    span: Span  # the source
    anchor: int | None  # the verb whose clause the noun speaks for, if any
    frame: bool = False  # "by one estimate, ...": it speaks for the whole clause of that verb


@functools.cache
def noun_forms() -> dict[str, NounCue]:
    """Surface form -> cue for every noun of ``cue_nouns.tsv``."""
    return {form.lower(): NounCue(row["noun"], row["stance"], row["kind"])
            for row in read_tsv("cue_nouns") for form in row["forms"].split("|")}


def source(noun: Token) -> Found | None:
    """The source a cue noun introduces, and the verb it speaks for (None: its own phrase only)."""
    if not nominal(noun):
        return None
    cue = noun_forms()[noun.lower_]
    owner = _owner(noun, cue)
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in _FRAMES | _OWNED_FRAMES and head.head.i != head.i:
        if owner is None and (head.lower_ in _OWNED_FRAMES or (head.lower_ == "by" and not _counted(noun))):
            return None  # "in our data"; "outraged by reports of": no frame without an owner
        span = owner if owner is not None else _phrase(noun)
        return None if span is None else Found(span, _clause_of(head.head).i, True)
    if owner is None:
        return None
    modal = noun.dep_ == "nsubj" and any(c.lower_ in _MODALS for c in head.children if c.dep_ == "aux")
    valued = noun.dep_ == "nsubj" and head.lemma_.lower() in words("value_verbs")
    if noun.dep_ == "dobj" or modal or valued:
        return Found(owner, head.i)
    return None if cue.kind == "intent" else Found(owner, None)  # "Obama's plan to shield millions"


def nominal(tok: Token) -> bool:
    """A noun, or a word in a noun's place the tagger read as a verb ("its growth forecast")."""
    return tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in _NOMINAL_DEPS


def governs_from(noun: Token, anchor: Token, frame: bool, number: Token) -> bool:
    """The verb a cue noun speaks for holds the figure: anywhere in its clause for a frame ("by
    one estimate"), in its own simple clause for an object or subject ("it cut its forecast ...
    to 4.2 percent", not a figure in a clause joined to it)."""
    tok = number
    while tok.i != tok.head.i and tok.i != anchor.i:
        if tok.i == noun.i or (not frame and tok.dep_ in _CLAUSES) or tok.text == ":":
            return False
        tok = tok.head
    return tok.i == anchor.i


def governs(noun: Token, number: Token) -> bool:
    """The figure lies in the noun's complement ("estimate of 3.1 percent", "report that ..."), not
    in a modifier of the noun ("his 100-page report": the figure describes the document) nor
    through a relative clause."""
    tok = number
    while tok.i != tok.head.i:
        content = tok.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)
        if tok.dep_ == "relcl" and not content:  # "a report that Trump lost ...": a content clause
            return False
        if tok.head.i == noun.i:
            return (tok.dep_ in _COMPLEMENTS or content) and noun_forms()[noun.lower_].kind != "intent"
        if tok.text == ":":  # "his proposal: \"Families ... 24% ...\"": the colon's words are another's
            return False
        tok = tok.head
    return False


def _counted(noun: Token) -> bool:
    """ "one estimate", "some counts", "most accounts": a frame of its own after "by"."""
    return any(c.dep_ in ("det", "nummod", "amod") and c.lower_ in _QUANTIFIERS for c in noun.children)


def _owner(noun: Token, cue: NounCue) -> Span | None:
    """ "the IMF's" -> the IMF; "its" -> its; "a New York Times report" -> New York Times (a
    plan's or a law's proper-noun modifier is its name, not its owner: "the Silk Road plan")."""
    doc = noun.doc
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        end = poss.i + 1
        return doc[poss.left_edge.i:end] if poss.left_edge.i < end else None
    if cue.kind == "intent" or cue.noun == "law":
        return None
    named = [c for c in noun.children if c.dep_ in ("compound", "nmod") and c.i < noun.i
             and (c.pos_ == "PROPN" or c.ent_type_ in _OWNERS) and c.ent_type_ not in _TOPICS]
    if not named:
        return None
    start = min(c.left_edge.i for c in named)
    end = max(c.i for c in named) + 1
    span = doc[start:end]
    while len(span) and span[0].pos_ == "DET":
        span = doc[span.start + 1:span.end]
    return span if len(span) else None


def _phrase(noun: Token) -> Span | None:
    """The noun phrase up to the noun: "one estimate", "some counts"."""
    doc = noun.doc
    return doc[noun.left_edge.i:noun.i + 1]


def _clause_of(tok: Token) -> Token:
    """The verb a frame ("under the plan, ...") hangs from, past a participle the parse made the
    subject ("Under the plan, taxpayers reporting gains would pay ...": "pay")."""
    while tok.dep_ in ("csubj", "nsubj", "compound", "amod", "acl") and tok.head.i != tok.i:
        tok = tok.head
    return tok
