"""Claims: one record per asserted quantity, assembled from what the other components found.

For each quantity: the counted entity (subject) and its nationality, the main verb, the places
(countries in the sentence that are neither the subject's nationality nor the source's), the
period (the date that follows the quantity in its clause, else the nearest before it), the source
of its sentence, and the qualifiers in its scope. With a dependency parse the scope of a cue is the
quantity's clause; without one (blank pipeline) it is the sentence.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from extractor.components import extensions as ext
from extractor.components import claim_sources
from extractor.components.base import Component, guarded, has_parse
from extractor.components.claim_time import bounded
from extractor.components.quantity_context import next_apart
from extractor.normalize.lexicon import mapping, tagged, words
from extractor.normalize.verbs import lemma_of

_HEDGING = frozenset({"hedge", "negation", "modality"})
#: Verbs that carry no claim of their own: look past them ("compared to 5,262") or into their
#: complement ("managed to cross") (``pass_verbs.tsv``).
_PASS_UP = frozenset(lemma for lemma, way in mapping("pass_verbs", "lemma", "direction").items() if way == "up")
_PASS_DOWN = frozenset(lemma for lemma, way in mapping("pass_verbs", "lemma", "direction").items() if way == "down")


class Claims(Component):
    @guarded("claims", reset=lambda doc: setattr(doc._, "wc_claims", []))
    def __call__(self, doc: Doc) -> Doc:
        quantities = ext.ordered(doc, ext.QUANTITIES)
        claims = []
        for index, quantity in enumerate(quantities):
            sent = quantity.sent
            if ext.text_of(doc)[sent.start_char:sent.end_char].rstrip().endswith("?"):
                continue  # a question asserts nothing
            following = next_apart(doc, quantities, index)  # a pair ("won 3-1") shares its stretch
            claims.append(_claim(doc, index, quantity, following))
        doc._.wc_claims = claims
        ext.forget(doc)
        return doc


def _claim(doc: Doc, index: int, quantity: Span, following: Span | None) -> dict:
    data = quantity._.wc_quantity or {}
    number = _number_token(doc, quantity, data)
    verb = _predicate(number) if has_parse(doc) else None
    predicate = _predicate_record(verb) if has_parse(doc) else _predicate_blank(doc, quantity, data)
    source = claim_sources.source(doc, quantity, number)
    subject = _subject(doc, data) or _changed(doc, data, verb)
    qualifiers = _qualifiers(doc, quantity, data, number, verb, source)
    sent = _trimmed(quantity.sent)
    return {
        "quantity": index,
        "sentence": _mention(sent),
        "subject": subject,
        "predicate": predicate,
        "places": _places(doc, quantity, subject, source),
        "time": bounded(doc, _time(doc, quantity, following, source, verb), verb),
        "source": {k: v for k, v in source.items() if not k.startswith("_")} if source else None,
        "qualifiers": qualifiers,
        "hedged": any(q["kind"] in _HEDGING for q in qualifiers),
    }


def _number_token(doc: Doc, quantity: Span, data: dict) -> Token:
    span = data.get("number_span")
    if span:
        number = doc.char_span(span[0], span[1], alignment_mode="expand")
        if number is not None and len(number):
            return number[-1]
    return quantity[-1]


def _predicate(number: Token) -> Token | None:
    """The verb the quantity hangs from, passing over "compared to", "managed to" and the like."""
    tok = number
    for _ in range(12):
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in _PASS_DOWN:
            return next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), tok)
        if tok.pos_ in ("VERB", "AUX") and lemma not in _PASS_UP:
            return tok
        if tok.head is tok:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def _predicate_record(verb: Token | None) -> dict | None:
    return {"text": verb.text, "lemma": verb.lemma_.lower(), "span": _offsets(verb)} if verb else None


#: Words passed over on the way to the main verb without a parser ("have left", "was crossed").
_AUXILIARIES = words("auxiliaries")
#: Prepositions whose place, right after another figure, is that figure's (``place_prepositions.tsv``).
_AFTER_FIGURE = tagged("place_prepositions", "after_figure")


def _predicate_blank(doc: Doc, quantity: Span, data: dict) -> dict | None:
    """Without a parser: the first known verb form after the counted words, else before the number."""
    sent, counted = quantity.sent, data.get("counted_span")
    start = doc.char_span(*counted, alignment_mode="expand").end if counted else quantity.end
    forward = range(start, min(start + 6, sent.end))
    backward = range(quantity.start - 1, max(sent.start, quantity.start - 6) - 1, -1)
    for indices in (forward, backward):
        for i in indices:
            tok = doc[i]
            if tok.is_punct:
                break
            lemma = lemma_of(tok.text) if tok.is_lower and tok.lower_ not in _AUXILIARIES else None
            after_aux = i > 0 and doc[i - 1].lower_ in _AUXILIARIES
            if lemma and (tok.lower_ != lemma or after_aux):
                return {"text": tok.text, "lemma": lemma, "span": _offsets(tok)}
    return None


def _subject(doc: Doc, data: dict) -> dict | None:
    span = data.get("counted_span")
    if not span:
        return None
    start, end = span
    country = ext.country_within(doc, start, end)
    return {"text": ext.text_of(doc)[start:end], "span": (start, end), "country": country}


def _changed(doc: Doc, data: dict, verb: Token | None) -> dict | None:
    """ "Ford Motor Company sales dropped 42%": what rose or fell is the verb's subject; so is who
    or what a duration is about ("the minister was jailed for four years")."""
    if verb is None or not (data.get("change") or data.get("unit") == "percent" or data.get("dimension") == "time"):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    start, end = subject.left_edge.i, subject.right_edge.i + 1
    if end - start > 8:
        start, end = subject.i, subject.i + 1
    span = doc[start:end]
    country = ext.country_within(doc, span.start_char, span.end_char)
    return {**_mention(span), "country": country}


def _places(doc: Doc, quantity: Span, subject: dict | None, source: dict | None) -> list[dict]:
    sent = quantity.sent
    places, seen = [], set()
    for mention in ext.within(doc, ext.COUNTRIES, sent.start, sent.end):
        if _inside(mention, source) or (mention.label_ == "demonym" and _inside(mention, subject)):
            continue  # the source's country, or the subject's nationality
        if _names_people(mention):
            continue
        if _belongs_to_another(doc, mention, quantity):
            continue
        key = (mention.kb_id_, mention.start_char)
        if key not in seen:
            seen.add(key)
            places.append({**_mention(mention), "country": mention.kb_id_})
    return places


def _inside(mention: Span, part: dict | None) -> bool:
    return part is not None and part["span"][0] <= mention.start_char < part["span"][1]


def _belongs_to_another(doc: Doc, mention: Span, quantity: Span) -> bool:
    """ "4,300 jobs in France, 3,700 in Germany": "in Germany" right after 3,700 is its place."""
    i = mention.start - 1
    if i < 1 or not doc[i].is_lower or not doc[i].is_alpha or doc[i].lower_ not in _AFTER_FIGURE:
        return False
    before = doc[i - 1].idx + len(doc[i - 1])  # the end of the word before the preposition
    other_start = _quantity_ends(doc).get(before)
    return other_start is not None and other_start != quantity.start


def _quantity_ends(doc: Doc) -> dict[int, int]:
    """Where each quantity (or what it counts) ends -> the first such quantity's start token."""
    cache = ext.cache_of(doc)
    key = ("quantity_ends", len(doc.spans.get(ext.QUANTITIES, [])))
    if key not in cache:
        ends: dict[int, int] = {}
        for other in doc.spans.get(ext.QUANTITIES, []):
            counted = (other._.wc_quantity or {}).get("counted_span")
            for end in (other.end_char, counted[1] if counted else None):
                if end is not None:
                    ends.setdefault(end, other.start)
        cache[key] = ends
    return cache[key]


def _names_people(mention: Span) -> bool:
    """ "Russians", "Russian citizens", "Russian authorities": a nationality, not a place."""
    if mention.label_ != "demonym":
        return False
    root = mention[-1]
    if root.tag_ in ("NNS", "NNPS") or root.text.endswith("s"):
        return True
    head = root.head if root.dep_ in ("amod", "compound") else (
        mention.doc[mention.end] if mention.end < len(mention.doc) else root)
    people = words("person_nouns") | words("org_words") | words("titles")
    return head.lower_ in people or head.lemma_.lower() in people


def _time(doc: Doc, quantity: Span, following: Span | None, source: dict | None,
          verb: Token | None) -> dict | None:
    """The date right after the quantity in its stretch of the sentence; else one that modifies
    the quantity's verb; else the nearest before it."""
    sent = quantity.sent
    cue_i = source["_cue_i"] if source and (verb is None or source["_cue_i"] != verb.i) else None
    in_sentence = [d for d in ext.within(doc, ext.DATES, sent.start, sent.end) if _is_period(d)]
    dates = [d for d in in_sentence if not _attached_to(d, cue_i)]
    if not dates and in_sentence:  # only the day the source spoke: the claim holds as of then
        said = _period(doc, in_sentence[0])
        return {**said, "begin": None} if said["end"] else None
    limit = following.start if following is not None and following.start < sent.end else sent.end
    after = [d for d in dates if quantity.end <= d.start < limit]
    before = [d for d in dates if d.end <= quantity.start]
    governing = [d for d in dates if verb is not None and _modifies(d, verb)]
    chosen = (after or governing or before[-1:] or [None])[0]
    return _period(doc, chosen) if chosen is not None else None


def _modifies(date: Span, verb: Token) -> bool:
    head = date.root.head
    return head.i == verb.i or (head.dep_ == "prep" and head.head.i == verb.i)


def _is_period(date: Span) -> bool:
    """Sets ("daily") are rates; a duration is a period only behind "in", "for", "over", "past"."""
    if date.label_ == "set":
        return False
    if date.label_ == "duration":
        before = date.doc[date.start - 1].lower_ if date.start > 0 else ""
        return before in words("duration_signals") or date[0].lower_ in words("duration_signals")
    return True


def _attached_to(date: Span, cue_i: int | None) -> bool:
    """A date that says when the source spoke ("reported on Tuesday"), not when things happened."""
    if cue_i is None or not has_parse(date.doc):
        return False
    head = date.root.head
    return head.i == cue_i or (head.dep_ == "prep" and head.head.i == cue_i)


def _period(doc: Doc, date: Span) -> dict:
    timex = date._.wc_timex or {}
    period = timex.get("period")
    if period:
        start, end = period["start_char"], period["end_char"]
        return {"text": ext.text_of(doc)[start:end], "span": (start, end), "begin": period["begin"], "end": period["end"]}
    signal = _distant_signal(doc, date)
    begin, end = timex.get("begin"), timex.get("end")
    if timex.get("type") in ("duration", "set"):
        begin = end = None
    if signal is not None:
        direction = mapping("time_signals", "signal", "direction")[signal.lower_]
        begin, end = _directed(direction, begin, end, doc._.wc_anchor)
        return {"text": ext.text_of(doc)[signal.idx:date.end_char], "span": (signal.idx, date.end_char),
                "begin": begin, "end": end}
    return {**_mention(date), "begin": begin, "end": end}


def _distant_signal(doc: Doc, date: Span) -> Token | None:
    """ "after the declaration of mobilization on September 21": a signal opening the phrase."""
    signals = words("time_signals")
    for i in range(date.start - 1, max(date.sent.start, date.start - 12) - 1, -1):
        tok = doc[i]
        if tok.is_punct or tok.like_num:
            return None
        if tok.lower_ in signals:
            return tok
    return None


def _directed(direction: str, begin: str | None, end: str | None, anchor: dt.date | None):
    anchor_day = anchor.isoformat() if anchor else None
    if direction == "begin":
        return begin, anchor_day
    if direction == "end_exclusive" and begin:
        return None, (dt.date.fromisoformat(begin) - dt.timedelta(days=1)).isoformat()
    return None, end


def _qualifiers(doc, quantity, data, number, verb, source) -> list[dict]:
    out = []
    cue = data.get("qualifier_span")
    if cue:
        kind = "approximation" if data.get("bound") in ("approximate", "vague") else "bound"  # "a small percentage"
        out.append({"text": ext.text_of(doc)[cue[0]:cue[1]], "span": tuple(cue), "kind": kind})
    for span in ext.within(doc, ext.QUALIFIERS, quantity.sent.start, quantity.sent.end):
        if _in_scope(span, quantity, number, verb, source):
            out.append({**_mention(span), "kind": span.label_})
    hedges = [(source["_stance"], source["_cue_i"]), source.get("_inner_hedge")] if source else []
    for stance, cue_i in filter(None, hedges):  # the source's cue, and a hedge nested inside it
        if stance in _HEDGING and not any(q["span"][0] == doc[cue_i].idx for q in out):
            out.append({**_mention(doc[cue_i:cue_i + 1]), "kind": stance})
    out.extend(_lead_in(doc, quantity))
    unique = {(tuple(q["span"]), q["kind"]): q for q in out}
    return sorted(unique.values(), key=lambda q: tuple(q["span"]))


def _in_scope(cue: Span, quantity: Span, number: Token, verb: Token | None, source: dict | None) -> bool:
    if not (quantity.sent.start <= cue.start < quantity.sent.end):
        return False
    if source and source["span"][0] <= cue.start_char < source["span"][1]:
        return True
    if quantity.start <= cue.start < quantity.end:
        return False  # the quantity's own bound cue is added from its record
    if not has_parse(cue.doc):
        return True
    ancestors = {t.i for t in number.ancestors} | {number.i}
    head = cue.root.head
    return cue.root.i in ancestors or head.i in ancestors or (
        head.i == quantity.start or quantity.start <= head.i < quantity.end)


def _lead_in(doc: Doc, quantity: Span) -> list[dict]:
    """Hedges of a figure-less lead-in sentence carry into a "Thus, ..." sentence after it."""
    sent = quantity.sent
    if sent.start == 0 or sent[0].lower_ not in words("connectives"):
        return []
    previous = doc[sent.start - 1].sent
    if any(previous.start <= q.start < previous.end for q in doc.spans.get(ext.QUANTITIES, [])):
        return []
    return [{**_mention(s), "kind": s.label_} for s in ext.ordered(doc, ext.QUALIFIERS)
            if previous.start <= s.start < previous.end and s.label_ in _HEDGING]


def _trimmed(sent: Span) -> Span:
    start, end = sent.start, sent.end
    while start < end - 1 and sent.doc[start].is_space:
        start += 1
    while end > start + 1 and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[start:end]


def _mention(span: Span) -> dict:
    return {"text": ext.text_of(span.doc)[span.start_char:span.end_char], "span": (span.start_char, span.end_char)}


def _offsets(tok: Token) -> tuple[int, int]:
    return tok.idx, tok.idx + len(tok.text)
