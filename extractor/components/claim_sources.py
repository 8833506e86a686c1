"""Who vouches for a claim's figure: the source chosen among the attributions of its sentence.

Inside a quotation, the quotation's speaker, unless a cue outside it governs the figure; else the
attribution whose cue governs the figure in the parse (a verb above it, a cue noun whose phrase
holds it, the verb a cue noun speaks for) — of several, the innermost statement ("X said Y
reported that ..." -> Y, who states the figure), except an unnamed hedge inside a named statement
("Gallois said the company expects ..." -> Gallois); else the nearest in the sentence, leaving out
the cues that vouch only for their own clause (plans, clause verbs, cue nouns) and those inside a
relative clause that does not hold the figure. A source phrase that holds the figure ("31 percent
of voters said") is its subject, not its source.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extractor.components import extensions as ext
from extractor.components import coref, noun_cues, quotes
from extractor.components.attribution import QUOTES
from extractor.components.base import has_parse
from extractor.normalize.lexicon import tagged

#: Cue kinds that vouch only for the figures in their own clause: a plan ("GM plans to cut"), a verb
#: with a clause of its own ("she agreed that"); not for the rest of the sentence.
_GOVERNED_ONLY = frozenset({"intent", "clause"})
_PERSONAL = coref.PRONOUNS
#: Words of a source phrase that count people: "twice as many Democrats", "a majority of voters".
_COUNTING = tagged("source_words", "counting")
#: First words of a source that name no one: "he", "the company", "its analysts".
_DESCRIPTIVE = tagged("source_words", "unnamed_start")


def _sources_by_sentence(doc: Doc) -> dict[int, list[dict]]:
    cache = ext.cache_of(doc)
    if "sources_by_sentence" not in cache:
        by_sent: dict[int, list[dict]] = {}
        for source in doc._.wc_sources or []:
            by_sent.setdefault(source["_sent"], []).append(source)
        cache["sources_by_sentence"] = by_sent
    return cache["sources_by_sentence"]


def source(doc: Doc, quantity: Span, number: Token) -> dict | None:
    """The attribution (a ``wc_sources`` dict) that vouches for the figure ``number``, if any."""
    sent_start = quantity.sent.start
    sources = doc._.wc_sources or []
    here = [s for s in _sources_by_sentence(doc).get(sent_start, []) if not _own_subject(doc, s, number)]
    here = _not_counted(doc, here)
    region = quotes.holding(doc.user_data.get(QUOTES, []), number.idx)
    if region is not None and region.speaker is not None:
        outside = [s for s in here if not region.start <= s["_cue_char"] < region.end]
        ancestors = {t.i for t in number.ancestors}
        if not (region.inherited and outside) and not any(s["_cue_i"] in ancestors for s in outside):
            return sources[region.speaker]  # else a cue outside the quotation governs the figure
        here = outside
    if not here:
        return None
    saying = [s for s in here if s["_cue_kind"] != "intent"]
    plans, here = [s for s in here if s["_cue_kind"] == "intent"], saying or here
    # "X wanted to cut 30%, according to Y": Y vouches for X's plan
    if has_parse(doc):
        chain = [t.i for t in number.ancestors]
        ancestors = set(chain)
        governing = [s for s in here if _governs(doc, s, number, ancestors)]
        if governing:
            chosen = _innermost(doc, _relayed(doc, sorted(governing, key=lambda s: _depth(s, chain)), chain))
            return _with_plan(doc, chosen, plans, number, chain)
        here = [s for s in here if s["_cue_kind"] not in _GOVERNED_ONLY and not s.get("_governed")]
        here = [s for s in here if not _in_other_clause(doc[s["_cue_i"]], ancestors)]
    if not here:
        return None
    plain = [s for s in here if s["_stance"] == "neutral"] or here  # "X said Y expects ..." -> X
    return min(plain, key=lambda s: abs(s["_cue_i"] - number.i))


def _governs(doc: Doc, source: dict, number: Token, ancestors: set[int]) -> bool:
    """The source's cue is above the figure in the parse: a verb whose clause holds it, a cue noun
    whose phrase holds it, or the verb a cue noun speaks for ("by one estimate", "its forecast")."""
    if source.get("_noun") and (source["_cue_i"] in ancestors or source.get("_anchor_i") is None):
        return noun_cues.governs(doc[source["_cue_i"]], number)  # inside its phrase: by its phrase
    if source.get("_anchor_i") is not None:
        if source["_anchor_i"] not in ancestors:
            return False
        return not source.get("_noun") or noun_cues.governs_from(
            doc[source["_cue_i"]], doc[source["_anchor_i"]], source["_frame"], number)
    return source["_cue_i"] in ancestors and _through_clause(doc, source, number)


def _innermost(doc: Doc, governing: list[dict]) -> dict:
    """Nested attributions: the innermost statement ("X said Y reported that ..." -> Y, who states
    the figure), except where the inner one is the outer speaker's own words (a pronoun: "officials
    say they have found ..."; an unnamed hedge: "Gallois said the company expects ..."; a verb
    outside the cue list: "X said he understood ..."), or what a document recorded ("the poll
    found that 70 percent of voters said ...", "Pew found that twice as many Democrats said ...")."""
    inner, outer = governing[0], governing[1:]
    if outer and (inner["text"].lower() in _PERSONAL or inner["_cue_kind"] == "clause"
                  or (inner["_stance"] != "neutral" and not _named(inner["text"]))
                  or (inner["_cue_kind"] == "speech" and (_counts(doc, inner) or any(map(_documents, outer))))):
        chosen = _innermost(doc, outer)
        if inner["_stance"] != "neutral" and "_inner_hedge" not in chosen:  # "said it plans to": still a plan
            chosen = {**chosen, "_inner_hedge": (inner["_stance"], inner["_cue_i"])}
        return chosen
    return inner


def _relayed(doc: Doc, governing: list[dict], chain: list[int]) -> list[dict]:
    """Reported speech inside a speaker's own statement is that speaker's claim: "Judicial Watch
    noted FBI Director Comey said investigators had recovered several thousand emails", "Furman
    said that a commission estimated ..." -> the outer speaker, who puts the figure in the story
    (a listed cue that is the clause complement of a speech verb before it). A statement the speaker
    only points to, in a relative clause or a cue noun's content ("Officials cited the 2012
    census, when the bureau reported ..."), stays the innermost's."""
    for k, outer in enumerate(governing[1:], 1):
        if outer["_cue_kind"] != "speech" or outer.get("_noun") or outer["_cue_i"] not in chain:
            continue
        at = chain.index(outer["_cue_i"])
        below = chain[at - 1] if at else None  # the outer cue's child on the way to the figure
        inner = {s["_cue_i"]: s for s in governing[:k]}.get(below)
        if (inner is not None and doc[below].dep_ == "ccomp" and outer["_cue_i"] < below
                and not _documents(outer)):
            hedge = next(((s["_stance"], s["_cue_i"]) for s in governing[:k] if s["_stance"] != "neutral"), None)
            return [outer if hedge is None else {**outer, "_inner_hedge": hedge}, *governing[k + 1:]]
    return governing


def _with_plan(doc: Doc, chosen: dict, plans: list[dict], number: Token, chain: list[int]) -> dict:
    """ "Chrysler asked for aid, saying that it plans to fire 3,000": Chrysler says so, and the
    figure is still a plan (the plan's hedge)."""
    ancestors = set(chain)
    inner = [p for p in plans if p["_stance"] != "neutral" and _governs(doc, p, number, ancestors)
             and _depth(p, chain) < _depth(chosen, chain) and _planned(doc[p["_cue_i"]], number)]
    if not inner or "_inner_hedge" in chosen:
        return chosen
    return {**chosen, "_inner_hedge": (inner[0]["_stance"], inner[0]["_cue_i"])}


def _planned(cue: Token, number: Token) -> bool:
    """The figure is in what is planned ("seeks $16.6 billion", "wants to eliminate 789"), not in
    an adjunct of the plan ("in addition to the $13.4 billion it has already received")."""
    child = next((t for t in [number, *number.ancestors] if t.head.i == cue.i and t.i != cue.i), None)
    return child is not None and child.dep_ in ("dobj", "xcomp", "ccomp", "attr", "oprd")


def _counts(doc: Doc, source: dict) -> bool:
    """ "70 percent of registered voters", "twice as many Democrats": respondents, not a source."""
    span = doc.char_span(*source["span"], alignment_mode="expand")
    if span is None:
        return False  # a figure ("70 percent", not the "one" of "one company says") or a counting word
    return bool(ext.within(doc, ext.QUANTITIES, span.start, span.end)) or any(t.lower_ in _COUNTING for t in span)


def _not_counted(doc: Doc, here: list[dict]) -> list[dict]:
    """ "In a poll released Sunday, 8 percent of Democrats said ...; 1 percent said ...": counted
    respondents are what a figure is about; where the sentence names another source (the poll),
    they vouch for none of its figures."""
    if len(here) < 2:
        return here
    counted = [s for s in here if _counts(doc, s)]
    return [s for s in here if s not in counted] if 0 < len(counted) < len(here) else here


def _documents(source: dict) -> bool:
    """A poll or a study that found or showed something: it recorded the statements."""
    return source["_cue_kind"] == "evidential" and source["kind"] == "document"


def _named(text: str) -> bool:
    """A source written with a proper name ("the Tax Policy Center"), not "he" or "the company"."""
    return any(word[:1].isupper() for word in text.split()[1:]) or (
        text[:1].isupper() and text.split()[0].lower() not in _DESCRIPTIVE)


def _depth(source: dict, chain: list[int]) -> int:
    """How far above the figure the source's cue (or the verb a cue noun speaks for) is."""
    for key in ("_cue_i", "_anchor_i"):
        if source.get(key) in chain:
            return chain.index(source[key])
    return len(chain)


def _through_clause(doc: Doc, source: dict, number: Token) -> bool:
    """A verb with a clause of its own vouches for the figures in that clause, not for its object
    ("Aer Lingus have purchased 12 aircraft" is no statement)."""
    if source["_cue_kind"] != "clause":
        return True
    cue = source["_cue_i"]
    child = next((t for t in [number, *number.ancestors] if t.head.i == cue and t.i != cue), None)
    return child is not None and child.dep_ == "ccomp"


def _own_subject(doc: Doc, source: dict, number: Token) -> bool:
    """ "31 percent of Republicans said ...": the counted people are what the figure is about,
    not who vouches for it; so are the figures of a description the source was cut from ("A study
    by three economists at ... concluded": the figure hangs from the source's head, not the cue)."""
    if source["span"][0] <= number.idx < source["span"][1]:
        return True
    if not has_parse(doc) or not source["span"][1] <= number.idx < doc[source["_cue_i"]].idx:
        return False  # a cut description lies between the source's head and its cue
    span = doc.char_span(*source["span"], alignment_mode="expand")
    for tok in number.ancestors:
        if tok.i == source["_cue_i"]:
            return False
        if span is not None and tok.i == span.root.i:
            return True
    return False


def _in_other_clause(cue: Token, ancestors: set[int]) -> bool:
    """ "..., which, according to The New York Times, is near a high": a relative clause that
    does not hold the quantity speaks for itself, not for the quantity."""
    return any(t.dep_ == "relcl" and t.i not in ancestors for t in [cue, *cue.ancestors])
