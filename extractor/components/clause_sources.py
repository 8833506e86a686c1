"""Attribution by construction: a person or organization with a clause of its own says so.

Beyond the listed cues, news attributes a figure by any verb that takes a clause complement
with a named or personal subject: "Jane Doe agreed that 5,000 jobs were at stake", "the union
argues that pay fell 3 percent". The verbs whose clause is no one's statement ("the rule means
that", "it seems that") are listed in ``resources/gazetteers/clause_verbs.tsv``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extractor.normalize.lexicon import mapping, tagged, words

_PERSONAL = tagged("pronouns", "personal")
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def speakers(doc: Doc, known: set[int]) -> list[tuple[Token, Token]]:
    """(subject, verb) for each clause-taking verb with a person or organization subject that is
    not already a cue (``known`` holds the cue indices)."""
    out, seen = [], set()
    for tok in doc:
        if tok.dep_ != "ccomp":
            continue
        verb = tok.head
        if verb.i in known or verb.i in seen or verb.pos_ not in ("VERB", "AUX") or verb.i > tok.i:
            continue
        if verb.lemma_.lower() in words("clause_verbs") or any(c.dep_ == "neg" for c in verb.children):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is not None and _speaker_like(subject):
            seen.add(verb.i)
            out.append((subject, verb))
    return out


def _speaker_like(subject: Token) -> bool:
    """A person or organization: a name, a personal pronoun, a title or a source word."""
    if subject.ent_type_ in _NAMED or subject.lower_ in _PERSONAL:
        return True
    noun = subject.lemma_.lower()
    return noun in words("titles") or mapping("source_kinds", "word", "kind").get(subject.lower_) in (
        "organization", "unnamed", "media")
