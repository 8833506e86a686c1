"""Where the parse misses a listed cue's source: fallbacks that read the words, not one arc.

The small English model often attaches a speech verb wrongly: "leaked documents from his 1995 tax
return show he took ..." tags "show" a noun; "the minimum $20 million experts say it costs" makes
"experts" the object of "of"; "explaining the firings amounted to 1 percent" hangs the participle
from the wrong verb; "the Chicago Police Department which reported ..." reads the relative clause
as an adverbial one. Each function here finds the source from the word order around the cue, with
the parse only as a hint, and returns ``None`` when the words do not say.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

#: Words that end a noun phrase read leftwards from a cue: clause openers and finite verbs.
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_OPENERS = frozenset({"SCONJ", "CCONJ", "ADP"})
_LONGEST = 10
_NOUNISH = frozenset({"NOUN", "PROPN", "PRON"})
_DASHES = frozenset({"―", "—", "–"})
_CLOSING_QUOTES = frozenset({"”", "\"", "''", "’"})


def phrase_before(doc: Doc, cue: Token, sent: Span) -> Span | None:
    """ "after leaked documents from his 1995 tax return show": the noun phrase right before a cue
    the tagger read as a noun, back to a clause opener ("after"), a finite verb or punctuation."""
    start = cue.i
    while start > sent.start and cue.i - start < _LONGEST:
        tok = doc[start - 1]
        if tok.is_punct or tok.tag_ in _FINITE or (tok.pos_ in _OPENERS and tok.dep_ in ("mark", "cc")):
            break
        start -= 1
    if start == cue.i or doc[cue.i - 1].pos_ not in _NOUNISH:
        return None
    return doc[start:cue.i]


def adjacent_subject(doc: Doc, verb: Token, sent: Span) -> Span | None:
    """ "the minimum $20 million experts say it costs": the parse gave the verb no subject; the
    plural noun, name or pronoun right before it (or before an age: "NAME, 44, said"), with the
    adjectives and nouns before that."""
    if verb.i == sent.start:
        return None
    last = end = doc[verb.i - 1]
    if verb.i - 4 >= sent.start and last.text == "," and doc[verb.i - 2].like_num and doc[verb.i - 3].text == ",":
        last, end = doc[verb.i - 4], doc[verb.i - 2]  # "Marcel Lazar, 44, said": a name and its age
    if last.pos_ not in _NOUNISH or last.tag_ in ("NN", "POS") or last.dep_ == "poss":
        return None  # a singular common noun before a verb is rarely its bare subject
    start = last.i
    while start > sent.start and doc[start - 1].pos_ in ("ADJ", "NOUN", "PROPN") and doc[start - 1].is_alpha:
        start -= 1
    return doc[start:end.i + 1]


def participle_subject(verb: Token) -> Token | None:
    """ "Stumpf tried ..., explaining the firings amounted to 1 percent": a participle after a
    comma speaks for the subject of the clause it follows, wherever the parse hung it."""
    doc = verb.doc
    if verb.tag_ != "VBG" or verb.i == 0 or doc[verb.i - 1].text not in (",", "—", "–"):
        return None
    for tok in [*verb.ancestors, verb.sent.root]:
        subject = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is not None:
            return subject
    return None


def with_absolute(verb: Token) -> Token | None:
    """ "with RealClearPolitics showing her ahead 3 points": the noun after "with" speaks."""
    head = verb.head
    if verb.dep_ == "acl" and head.dep_ == "pobj" and head.head.lower_ == "with" and head.i < verb.i:
        return head
    return None


def relative_head(pronoun: Token) -> Token | None:
    """ "the Chicago Police Department which reported": the noun a relative pronoun follows, when
    the parse did not make its clause a relative one."""
    doc = pronoun.doc
    i = pronoun.i - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i < pronoun.sent.start or doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    return doc[i]


def dash_tag(doc: Doc, dash: Token, sent: Span) -> Span | None:
    """ '"…!" ― Julie A. Diaz Martinez.': a dash after a closing quotation, then a name to the end."""
    if dash.text not in _DASHES or dash.i == 0 or doc[dash.i - 1].text not in _CLOSING_QUOTES:
        return None
    start = dash.i + 1
    while start < sent.end and doc[start].is_space:  # "―\xa0Julie"
        start += 1
    end = start
    while end < sent.end and not doc[end].is_space and doc[end].text not in (".", "\n") and end - dash.i <= 6:
        end += 1
    span = doc[start:end]
    if not len(span) or any(t.is_alpha and not (t.is_title or t.is_upper) for t in span):
        return None
    rest = doc[end:sent.end]
    return span if all(t.text not in _DASHES for t in span) and all(t.is_punct or t.is_space for t in rest) else None


def colon_intro(doc: Doc, colon: Token, sent: Span, speaker_like, cues) -> Span | None:
    """ "Sanders made the following comment:" / "exemplified by this finding: ''…''": a colon
    that opens a quotation or ends its paragraph introduces the words after it; the source is the
    document noun right before it, else the subject of the sentence when it names a speaker."""
    after = doc[colon.i + 1] if colon.i + 1 < len(doc) else None
    if after is None or not ("\n" in after.text or after.text in ("“", "\"", "''", "‘")):
        return None
    root = sent.root
    if root.i > colon.i or any(t.lower_ in cues for t in doc[sent.start:colon.i]):
        return None  # "McCrummen reports:", "as a reporter noted, ...:": a cue of its own speaks
    subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i < colon.i), None)
    if subject is not None and speaker_like(subject) in ("person", "organization"):
        return doc[subject.left_edge.i:subject.i + 1]
    before = doc[colon.i - 1] if colon.i > sent.start else None
    if before is not None and speaker_like(before) == "document":
        return doc[before.left_edge.i:before.i + 1]
    return None
