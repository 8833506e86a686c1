"""The quantities component: every numeric expression, with bound, interval, unit and counted noun.

Writes ``doc.spans["wc_quantities"]`` (sorted, non-overlapping); ``label_`` is the bound and
``span._.wc_quantity`` the normalized fields (see ``extractor/extensions.py``). It scans tokens
itself, so it works after the English model and in a blank pipeline alike; the parse, when there
is one, only chooses the counted noun.

Decisions (documented once, here):

* Span = bound cue + currency + number(s) + unit word; a rate cue ("daily") and a change cue stay
  outside the span but set ``per`` / ``change``.
* approximate ("about 200") → ``low``/``high`` null: the text commits to no interval.
* Never quantities: listed in ``extractor/components/not_quantities.py``.
* A capitalised word glued to an approximation cue right before a number ("Musinsome 70,000",
  a machine-translation glitch) marks the number approximate; the span starts at the number and
  ``qualifier_span`` points inside the glued word.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extractor.components import extensions as ext
from extractor.components.base import Component, guarded, has_ner, has_parse
from extractor.components.not_quantities import (
    glued_to_letters,
    names_a_thing,
    number_names,
    rejected,
    year_like,
)
from extractor.components.quantity_match import CURRENCY, PLAIN_INT, Match, next_lower
from extractor.normalize.numbers import (
    cue_edges,
    interval,
    multiplier,
    number_word,
    parse_digits,
    parse_number,
    vague_interval,
    words_of,
)
from extractor.normalize.units import could_be_unit, read_unit, table_unit
from extractor.components.tokenpatterns import WordTest

_PREFIX = re.compile(r"^(?:US|U\.S\.|AU|A|C|CA|NZ|HK|S|NT|R)$")  # a country prefix before a "$"
_TOKEN_RANGE = re.compile(r"^(\d[\d,.]*)[–—](\d[\d,.]*)$")
_GLUED_SCALE = re.compile(r"^(?:m|bn|mn|k|tn)$")
_RANGE_JOINERS = ("to", "-", "–", "—")
_NOUN_MODS = ("amod", "compound")
_NOT_A_RATE = ("ago", "earlier", "later")  # "14% a year ago"


def _may_start_number(word: str) -> bool:
    """What ``_core`` can read from: digits, a number word, a vague amount, "a"/"an"/"half"."""
    lower = word.lower()
    return word[:1].isdigit() or lower in ("a", "an", "half") or lower in words_of("number") \
        or lower in words_of("vague") or lower in cue_edges("few")[0]


_MAY_START = WordTest(_may_start_number)
_MONTH = WordTest(lambda word: word[:1].isupper() and word.lower() in words_of("month"))


def _reset(doc: Doc) -> None:
    doc.spans[ext.QUANTITIES] = []


class Quantities(Component):
    """Find numeric expressions and normalize them (see the module docstring)."""

    def __init__(self, *, name: str = "wireclaims_quantities") -> None:
        self.name = name

    @guarded("quantities", reset=_reset)
    def __call__(self, doc: Doc) -> Doc:
        masked = masked_tokens(doc)
        names = number_names(doc)
        spans, floor = [], 0
        for i in _MAY_START.positions(doc):
            match = find_at(doc, i, floor, masked) if i >= floor else None
            if match is None:
                continue
            if not names_a_thing(doc, match, names):
                spans.append(_to_span(doc, match))
            floor = match.end
        doc.spans[ext.QUANTITIES] = spans
        return doc


def masked_tokens(doc: Doc) -> set[int]:
    """Token indices that belong to dates and times, never to quantities."""
    spans = list(doc.spans[ext.DATES]) if ext.DATES in doc.spans else []
    spans += [ent for ent in doc.ents if ent.label_ == "TIME"] if has_ner(doc) else []
    masked = {k for span in spans for k in range(span.start, span.end)}
    for i in _MONTH.positions(doc):
        masked.update(_day_numbers(doc, i))
    return masked


def _day_numbers(doc: Doc, i: int) -> list[int]:
    """Day numbers next to the month at ``i``: "September 21", "21 September", "21st of May"."""
    out = [j for j in (i + 1, i - 1, i - 2) if 0 <= j < len(doc) and PLAIN_INT.match(doc[j].text)]
    out = [j for j in out if 1 <= int(doc[j].text) <= 31]
    out = [j for j in out if j != i - 2 or doc[i - 1].lower_ == "of"]
    for j in (i + 1, i + 3, i + 2):  # "May 2008", "September 27, 2022", "27 September 2022"
        if j < len(doc) and PLAIN_INT.match(doc[j].text) and len(doc[j].text) == 4:
            out.append(j)
            break
    return out


def find_at(doc: Doc, i: int, floor: int, masked: set[int]) -> Match | None:
    """The quantity whose number starts at token ``i``, or ``None``."""
    core = _core(doc, i)
    if core is None or any(k in masked for k in range(i, core[0])):
        return None
    end, value, low, high = core
    match = Match(start=i, end=end, core=(i, end), value=value, low=low, high=high)
    match.bound = "vague" if low is not None else "exact"
    _extend_range(doc, match, masked)
    _extend_left(doc, match, floor)
    if rejected(doc, match):
        return None
    _finish(doc, match)
    return None if year_like(doc, match) else match


def _core(doc: Doc, i: int, *, joined: bool = False) -> tuple[int, float | None, float | None, float | None] | None:
    """``(end, value, low, high)`` of the number at token ``i`` (``joined``: a range's second end)."""
    token = doc[i]
    if (ranged := _TOKEN_RANGE.match(token.text)) is not None:
        low, high = parse_digits(ranged.group(1)), parse_digits(ranged.group(2))
        return None if low is None or high is None or low > high else (i + 1, None, low, high)
    if token.lower_ in words_of("vague"):
        return _vague_core(doc, i)
    if token.lower_ in cue_edges("few")[0] and (few := _few_core(doc, i)) is not None:
        return few
    starts = parse_digits(token.text) is not None or number_word(token.text) is not None
    starts = starts or (token.lower_ in ("a", "an", "half") and i + 1 < len(doc) and _is_scale(doc[i + 1]))
    if not starts or (not joined and glued_to_letters(doc, i)):
        return None
    end = i + 1
    while end < len(doc) and _continues_number(doc, end):
        end += 1
    while end > i + 1 and doc[end - 1].text in "-‐":
        end -= 1
    value = parse_number(doc[i:end].text)
    return None if value is None else (end, value, None, None)


def _few_core(doc: Doc, i: int):
    """"a few hundred million", "several thousand": a vague count of a scale, read like the plural
    ("hundreds of millions"): ``[scale, 10 × scale]``."""
    for cue in words_of("few"):
        words = cue.split()
        end = i + len(words)
        if [t.lower_ for t in doc[i:end]] != words:
            continue
        scale, start = 1.0, end
        while end < len(doc) and _is_scale(doc[end]) and doc[end].is_lower:
            scale *= multiplier(doc[end].text)
            end += 1
        return (end, None, scale, scale * 10) if end > start else None
    return None


def _vague_core(doc: Doc, i: int):
    end = i + 1
    while end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in words_of("vague"):
        end += 2
    found = vague_interval(doc[i:end].text)
    if found is None or (end - i == 1 and doc[i].lower_ in ("tens", "dozens") and next_lower(doc, end) != "of"):
        return None
    return end, None, found[0], found[1]


def _continues_number(doc: Doc, j: int) -> bool:
    token, prev = doc[j], doc[j - 1]
    if _is_scale(token):
        return True
    if token.text in "-‐" and not prev.whitespace_ and number_word(prev.text) is not None:
        return j + 1 < len(doc) and number_word(doc[j + 1].text) is not None
    if number_word(token.text) is not None:
        before = doc[j - 2] if prev.text in "-‐" and j >= 2 else prev
        return number_word(before.text) is not None or before.lower_ in ("hundred", "dozen")
    if _GLUED_SCALE.match(token.text) and not prev.whitespace_ and prev.text[-1:].isdigit():
        return True  # "$269m", "70m": spaCy splits a glued multiplier off
    return token.lower_ == "a" and prev.lower_ == "half"


def _is_scale(token) -> bool:
    return len(token.text) > 1 and multiplier(token.text) is not None


def _extend_range(doc: Doc, match: Match, masked: set[int]) -> None:
    """"5 to 10", "5-10", "between 5 and 10": a second number joined to the first."""
    end = match.end
    if match.value is None or end + 1 >= len(doc) or end in masked:
        return
    joiner = doc[end].lower_
    first = match.start - 1 if match.start > 0 and CURRENCY.match(doc[match.start - 1].text) else match.start
    between = first > 0 and doc[first - 1].lower_ == "between"
    if not (joiner in _RANGE_JOINERS or (joiner == "and" and between)):
        return
    nxt = end + 2 if end + 2 < len(doc) and CURRENCY.match(doc[end + 1].text) else end + 1
    second = _core(doc, nxt, joined=True)
    if second is None or second[1] is None or any(k in masked for k in range(end + 1, second[0])):
        return
    low, high = match.value, second[1]
    if _is_scale(doc[second[0] - 1]) and not _is_scale(doc[end - 1]):
        low *= multiplier(doc[second[0] - 1].text)
    if low > high:
        return
    match.end, match.core = second[0], (match.start, second[0])
    match.value, match.low, match.high, match.bound = None, low, high, "range"
    if between:
        match.start = first - 1


def _extend_left(doc: Doc, match: Match, floor: int) -> None:
    """Take a currency sign and a bound cue ("more than", "about") before the number."""
    start = match.start
    if start > floor and CURRENCY.match(doc[start - 1].text):
        start -= 1
        if start > floor and doc[start - 1].whitespace_ and _PREFIX.match(doc[start - 1].text):
            start -= 1  # "US $2.63 billion"
    if match.bound == "exact":
        cues = words_of("bound")
        last = doc[start - 1].lower_ if start > floor else ""
        for width in (4, 3, 2, 1) if last in cue_edges("bound")[1] else ():
            if start - width < floor:
                continue
            cue = " ".join(t.lower_ for t in doc[start - width:start])
            if cue in cues:
                match.bound, match.qualifier = cues[cue], (doc[start - width].idx, doc[start - 1].idx + len(doc[start - 1]))
                start -= width
                break
        else:
            _glued_cue(doc, match, start, floor)
    match.start = start


def _glued_cue(doc: Doc, match: Match, start: int, floor: int) -> None:
    """"Musinsome 70,000": a capitalised word glued to an approximation cue."""
    if start - 1 < floor or doc[start - 1].is_sent_start:
        return
    token = doc[start - 1]
    for cue in words_of("glue"):
        rest = token.text[: -len(cue)]
        if token.text.endswith(cue) and len(rest) >= 3 and rest.istitle() and rest.isalpha():
            match.bound = "approximate"
            match.qualifier = (token.idx + len(rest), token.idx + len(token.text))
            return


def _finish(doc: Doc, match: Match) -> None:
    """Unit, rate, change and counted noun; then the interval and the data dict."""
    unit, match.end = _unit(doc, match)
    per, after = _cue_after(doc, match.end, "per")
    change = _change(doc, match, after)
    if match.bound not in ("range", "vague"):
        match.low, match.high = interval(match.bound, match.value)
    counted = _counted(doc, match, after)
    if per is None:  # "a hundred automobiles per year", "US$300 million in fuel a year"
        per = _per_nearby(doc, doc.char_span(*counted).end if counted else match.end)
    core = doc[match.core[0]:match.core[1]]
    match.data = {
        "value": match.value, "low": match.low, "high": match.high, "bound": match.bound,
        "change": change, "unit": unit, "per": per,
        "counted": ext.text_of(doc)[counted[0]:counted[1]] if counted else None,
        "counted_span": counted,
        "number_span": (core.start_char, core.end_char),
        "qualifier_span": match.qualifier,
    }


def _unit(doc: Doc, match: Match) -> tuple[str | None, int]:
    """The unit and the new span end: quantulum3 reads the currency sign, a stand-in number "1"
    and up to two words after the number ("£ 13 billion" → "£1", "200 km" → "1 km")."""
    sign = "".join(t.text for t in doc[match.start:match.core[0]] if CURRENCY.match(t.text) or _PREFIX.match(t.text))
    if sign and (own := table_unit(sign)):
        return own, match.end
    core = doc[match.core[1] - 1]
    for width in (0,) if sign else (2, 1, 0):  # "$5.9 billion dollars": the sign is the unit
        end = match.end + width
        if end > len(doc) or not all(_unit_word(doc[k]) for k in range(match.end, end)):
            continue
        words = ext.text_of(doc)[core.idx + len(core):doc[end - 1].idx + len(doc[end - 1])] if width else ""
        if width and (own := table_unit(words)):
            return own, end
        query = f"{sign}1{words}"
        reading = read_unit(query)
        if reading.unit and reading.end >= len(query):
            return reading.unit, end
    return None, match.end


def _unit_word(token) -> bool:
    if token.text == "%":
        return True
    if not (token.is_lower or (token.is_upper and len(token) <= 3)):
        return False  # "60 Boeing 787": a name, not a unit
    if not token.is_alpha or token.is_lower and token.is_stop or token.lower_ in words_of("per") or token.lower_ in words_of("change_right"):
        return False
    return could_be_unit(token.text) or token.i > 0 and could_be_unit(token.doc[token.i - 1].text)


def _cue_after(doc: Doc, j: int, kind: str) -> tuple[str | None, int]:
    """A cue of ``kind`` starting at token ``j`` (longest first): its value and end."""
    cues = words_of(kind)
    if j >= len(doc) or doc[j].lower_ not in cue_edges(kind)[0]:
        return None, j
    for width in (3, 2, 1):
        if j + width <= len(doc):
            text = " ".join(t.lower_ for t in doc[j:j + width])
            if text in cues and next_lower(doc, j + width) not in _NOT_A_RATE:
                return cues[text], j + width
    return None, j


def _per_nearby(doc: Doc, j: int) -> str | None:
    """A rate cue within three words after the quantity, in the same phrase."""
    for k in range(j, min(j + 3, len(doc))):
        if doc[k].is_punct or doc[k].like_num or doc[k].is_sent_start:
            return None
        per = _cue_after(doc, k, "per")[0]
        if per is not None:
            return per
    return None


def _change(doc: Doc, match: Match, after: int) -> str | None:
    """"rose by 5%", "fell 3,000", "up 5%" (cue before); "a 3% drop" (noun after)."""
    j = match.start - 1
    if j >= 0 and doc[j].lower_ == "by":
        j -= 1
    if j >= 0 and (found := words_of("change_left").get(doc[j].lower_)):
        return found
    return words_of("change_right").get(next_lower(doc, after)) or _change_verb(doc, match)


def _change_verb(doc: Doc, match: Match) -> str | None:
    """With the parser: "dropped in value by 2.36%", "losing 484.68 points" (not "rose to 5,000")."""
    if not has_parse(doc):
        return None
    tok = doc[match.core[1] - 1]
    for _ in range(4):
        if tok.dep_ == "pobj" and tok.head.lower_ != "by" or tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ == "VERB":
            return words_of("change_left").get(tok.lower_) or words_of("change_lemma").get(tok.lemma_.lower())
    return None


def _counted(doc: Doc, match: Match, after: int) -> tuple[int, int] | None:
    """Char offsets of what is counted: the noun the number modifies, with its modifiers."""
    if has_parse(doc):
        return _counted_parsed(doc, match, after)
    return _counted_heuristic(doc, after)


def _counted_parsed(doc: Doc, match: Match, after: int) -> tuple[int, int] | None:
    for token in reversed(doc[match.core[0]:match.core[1]]):
        head = token.head
        if token.dep_ in ("nummod", "quantmod", "compound") and head.i >= after and head.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(doc, head, after)
    if next_lower(doc, after) == "of":
        objects = [c for c in doc[after].children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
        if objects:
            return _noun_phrase(doc, objects[0], after + 1)
    return None


def _noun_phrase(doc: Doc, head, floor: int) -> tuple[int, int] | None:
    if head.lower_ in words_of("time_unit"):
        return None
    left = head.i
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
        if _plural(token.lower_):
            return doc[j].idx, token.idx + len(token)
    return None


def _plural(word: str) -> bool:
    if word in words_of("plural"):
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _to_span(doc: Doc, match: Match) -> Span:
    span = Span(doc, match.start, match.end, label=match.bound)
    span._.wc_quantity = match.data
    return span
