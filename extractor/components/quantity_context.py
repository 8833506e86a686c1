"""What a quantity counts and which way it moves: the counted noun and the change cue.

``counted_of``: the noun the number modifies, with its modifiers (with the parser), else up to
four content words after the number ending in a plural noun. ``change_of``: a change cue before
the number ("rose by 5%", "up 5%"), a change noun after it ("a 3% drop"), a change verb governing
it (with the parser; not the level after "to": "gained 12 sen to RM4.10"). ``signed_move``: an
explicit sign on a percentage or points ("Nikkei +1.3%").
"""

from __future__ import annotations

from spacy.tokens import Doc

from extractor.components.base import has_parse, has_pos
from extractor.components.quantity_match import Match, next_lower
from extractor.normalize.lexicon import words as word_list
from extractor.normalize.numbers import words_of

_NOUN_MODS = ("amod", "compound")
_SUBJECTS = ("nsubj", "csubj")  # not "nsubjpass": "9,000 jobs will be cut" is the cut


def change_of(doc: Doc, match: Match, after: int) -> str | None:
    """"rose by 5%", "fell 3,000", "up 5%" (cue before); "a 3% drop" (noun after)."""
    if next_lower(doc, after) in words_of("no_change_after"):
        return None  # "fell eight short of the 60 needed": a shortfall, not a fall
    return change_before(doc, match.start) or words_of("change_right").get(next_lower(doc, after)) \
        or _change_verb(doc, match)


def change_before(doc: Doc, start: int, *, lemmas: bool = False) -> str | None:
    """The change cue right before token ``start`` ("rose", "fell another", "up"; not the "up" of
    "make up 20 percent"); with ``lemmas``, any form of a change verb the tagger knows ("slipped")."""
    j = start - 1
    if j >= 0 and doc[j].lower_ in ("by", "another", "further"):  # "fell another 1.4%"
        j -= 1
    if j < 0 or j > 0 and doc[j].lower_ in ("up", "down") and doc[j - 1].lower_ in words_of("particle_verb"):
        return None
    found = words_of("change_left").get(doc[j].lower_)
    if found is None and lemmas and doc[j].pos_ == "VERB":
        found = words_of("change_lemma").get(doc[j].lemma_.lower())
    return found


def signed_move(doc: Doc, match: Match, unit: str | None) -> str | None:
    """"Nikkei +1.3%", "DAX -0.8%": an explicit sign on a percentage or points is a movement."""
    if unit not in ("percent", "point", "percentage point", "basis point") or match.value is None:
        return None
    first = doc[match.core[0]].text[:1]
    return "increase" if first == "+" else "decrease" if match.value < 0 else None


def _change_verb(doc: Doc, match: Match) -> str | None:
    """With the parser: "dropped in value by 2.36%", "losing 484.68 points" (not "rose to 5,000");
    a verb that sets a level moves it only by an amount ("raised rates by a quarter point", not
    "raised $4.5M": ``change_by_lemma`` cues)."""
    if not has_parse(doc) or match.start > 0 and doc[match.start - 1].lower_ == "to":
        return None  # "gained 12 sen to RM4.10": the level after "to" is no change
    tok, by = doc[match.core[1] - 1], False
    for _ in range(4):
        if tok.dep_ == "pobj" and tok.head.lower_ != "by" or tok.head is tok or tok.dep_ in _SUBJECTS:
            return None  # "half of the workers will lose their jobs": who acts is no change
        by = by or tok.dep_ == "pobj"
        tok = tok.head
        if tok.pos_ == "VERB":
            lemma = tok.lemma_.lower()
            return words_of("change_left").get(tok.lower_) or words_of("change_lemma").get(lemma) \
                or (words_of("change_by_lemma").get(lemma) if by else None) or _particle_move(tok)
    return None


def _particle_move(verb) -> str | None:
    """"has gone up in value by 8,26%", "ending down 12.7 percent": "up"/"down" on a verb of
    motion (``move_verb`` cues; not "give up to", "freeing up")."""
    if verb.lemma_.lower() not in words_of("move_verb"):
        return None
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt" and c.lower_ in ("up", "down")), None)
    return words_of("change_left").get(particle) if particle else None


def counted_of(doc: Doc, match: Match, after: int) -> tuple[int, int] | None:
    """Char offsets of what is counted: the noun the number modifies, with its modifiers."""
    if has_parse(doc):
        return _counted_parsed(doc, match, after)
    return _counted_heuristic(doc, after)


def _counted_parsed(doc: Doc, match: Match, after: int) -> tuple[int, int] | None:
    for token in reversed(doc[match.core[0]:match.core[1]]):
        head = token.head
        if token.dep_ in ("nummod", "quantmod", "compound") and head.i >= after and head.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(doc, head, after)
    of = after if doc[after - 1].lower_ == "of" else after + 1 if next_lower(doc, after) == "of" else None
    if of is not None:  # "a couple of handguns" ("of" inside the span), "half of the workers"
        objects = [c for c in doc[of - 1].children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
        if objects:
            return _noun_phrase(doc, objects[0], of)
    return None


def _noun_phrase(doc: Doc, head, floor: int) -> tuple[int, int] | None:
    if head.lower_ in words_of("time_unit"):
        return None
    left = head.i
    while left - 2 >= floor and doc[left - 1].text in ("-", "‐") and not doc[left - 1].whitespace_ \
            and not doc[left - 2].whitespace_ and doc[left - 2].is_alpha:
        left -= 2  # "write-down", "buy-back": a hyphenated noun the tokenizer split
    while left - 1 >= floor and doc[left - 1].dep_ in _NOUN_MODS and doc[left - 1].head.i >= left:
        left -= 1
    return doc[left].idx, head.idx + len(head)


def _counted_heuristic(doc: Doc, after: int) -> tuple[int, int] | None:
    """Without a parser: up to four content words after the number, ending in a plural noun."""
    j = after + 1 if next_lower(doc, after) == "of" else after
    if j > after and j < len(doc) and doc[j].lower_ == "the":
        j += 1
    for end in range(j, min(j + 4, len(doc))):
        token = doc[end]
        if not token.is_alpha or token.is_stop or token.lower_ in words_of("per"):
            return None
        if plural(token.lower_):
            return doc[j].idx, token.idx + len(token)
    return None


def plural(word: str) -> bool:
    """A plural noun by its form (or ``plural`` cues: "people")."""
    if word in words_of("plural"):
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def person_of(doc: Doc, match: Match) -> tuple[int, int] | None:
    """Whose age it is: "a 71-year-old man", "the driver, aged 30", "the victim ... was 42 years
    old" (the subject a claim on the age is about; ``counted`` itself says ``"age"``)."""
    if has_parse(doc):
        tok = doc[match.end - 1]
        for _ in range(4):
            if tok.head is tok:
                return None
            tok = tok.head
            if tok.pos_ in ("NOUN", "PROPN") and not match.start <= tok.i < match.end:
                return _noun_phrase(doc, tok, match.end if tok.i >= match.end else 0)
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ROOT", "relcl", "ccomp"):
                subject = next((c for c in tok.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
                return (subject.idx, subject.idx + len(subject)) if subject is not None else None
        return None
    nxt = doc[match.end] if match.end < len(doc) else None
    if nxt is not None and nxt.is_alpha and nxt.is_lower and not nxt.is_stop:
        return nxt.idx, nxt.idx + len(nxt)
    before = match.start - 2  # "the driver, aged 30"
    if before >= 0 and doc[before].text == "," and doc[before - 1].is_alpha:
        return doc[before - 1].idx, doc[before - 1].idx + len(doc[before - 1])
    return None


_PLACES = ("GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")


def age_apposition(doc: Doc, match: Match) -> bool:
    """A bare whole number 1–120 set off by commas after a person ("Smith, 52, joined", "the
    woman, 45, was"), or after "who is" ("the senator, who is 81,"), is an age in years."""
    value, start, end = match.value, match.start, match.end
    if value is None or value % 1 or not 1 <= value <= 120 or match.bound != "exact" or start != match.core[0]:
        return False
    if end < len(doc) and not (doc[end].is_punct or doc[end].lower_ in ("and", "or")):
        return False
    if start >= 2 and f"{doc[start - 2].lower_} {doc[start - 1].lower_}" in words_of("age_clause"):
        return True
    if start < 2 or doc[start - 1].text != "," or end >= len(doc) or doc[end].text not in (",", ")", ";"):
        return False
    return _a_person(doc[start - 2])


def _a_person(token) -> bool:
    """A person's name (a proper noun the model does not take for a place; any capitalised word
    without the tagger) or
    a noun for people of ``person_nouns.tsv`` ("the woman, 45,")."""
    if token.lower_ in word_list("person_nouns"):
        return True
    if token.ent_type_ in _PLACES or not token.is_alpha or token.is_stop:
        return False  # "In Texas, 52, ..." names no one
    return token.pos_ in ("PROPN", "NOUN") if has_pos(token.doc) else True


_COORDINATORS = ("and", "or")


def share_counted(doc: Doc, spans: list) -> list:
    """"1,600 and 400 jobs", "3 or 4 times", "cut 1,600 and 400 jobs": numbers coordinated before
    (or after) one counted noun all count it, and share its change: the parse hangs the noun and
    the verb on one conjunct only. Both must be plain counts of the same unit, side by side."""
    for first, second in zip(spans, spans[1:]):
        if second.start - first.end != 1 or doc[first.end].lower_ not in _COORDINATORS:
            continue
        a, b = first._.wc_quantity, second._.wc_quantity
        if a["unit"] != b["unit"] or a["per"] != b["per"]:
            continue
        if "age" in (a["counted"], b["counted"]):
            continue
        for into, source in ((a, b), (b, a)):
            if into["counted"] is None and source["counted"] is not None:
                into["counted"], into["counted_span"] = source["counted"], source["counted_span"]
            if into["change"] is None and source["change"] is not None:
                into["change"] = source["change"]
    return spans


_PAIR_JOINERS = ("and", "or", "-", "–", "to")


def next_apart(doc: Doc, quantities: list, index: int):
    """The first quantity after ``quantities[index]`` that is not its partner in a pair of one unit
    joined by one word ("1,600 and 400 jobs", "3 or 4 times", "won 3-1", "voted 7 to 2"): a pair
    shares the stretch of the sentence that its claims take their period from."""
    k = index + 1
    while k < len(quantities) and _joined(doc, quantities[k - 1], quantities[k]):
        k += 1
    return quantities[k] if k < len(quantities) else None


def _joined(doc: Doc, first, second) -> bool:
    """One joining word between two quantities of one unit (not the restatement "511.51 points or
    3.31%", whose parts may sit in different clauses' stretches)."""
    if second.start - first.end != 1 or doc[first.end].lower_ not in _PAIR_JOINERS:
        return False
    return first._.wc_quantity["unit"] == second._.wc_quantity["unit"]
