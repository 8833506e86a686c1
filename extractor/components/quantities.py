"""The quantities component: every numeric expression, with bound, interval, unit and counted noun.

Writes ``doc.spans["wc_quantities"]`` (sorted, non-overlapping); ``label_`` is the bound and
``span._.wc_quantity`` the normalized fields (see ``extractor/extensions.py``). It scans tokens
itself, so it works after the English model and in a blank pipeline alike; the parse, when there
is one, only chooses the counted noun.

Decisions (documented once, here):

* Span = bound cue + currency + number(s) + unit word; a rate cue ("daily") and a change cue stay
  outside the span but set ``per`` / ``change``.
* approximate ("about 200") → ``low``/``high`` null: the text commits to no interval.
* The number itself is read by ``normalize/number_words.py`` (compounds, fractions, ratios,
  signs, powers) from the words at the candidate token; digit groups split by single spaces
  ("1 414 021 100") and glued multipliers ("$269m") are joined first.
* Units and currencies: ``quantity_units.py`` (our tables; ``unit_text`` keeps an unknown one);
  durations ("for four years") are quantities with a time unit while staying in ``dates``; ages
  ("a 71-year-old", "aged 30") have ``counted: "age"``.
* Ranges and bounds around the number: ``quantity_ranges.py``; counted noun and change:
  ``quantity_context.py``.
* Never quantities: listed in ``extractor/components/not_quantities.py``.
* A capitalised word glued to an approximation cue right before a number ("Musinsome 70,000",
  a machine-translation glitch) marks the number approximate; the span starts at the number and
  ``qualifier_span`` points inside the glued word.
"""

from __future__ import annotations

import functools
import re

from spacy.attrs import IDX, LENGTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

from extractor.components import extensions as ext
from extractor.components.base import Component, guarded, has_ner
from extractor.components.not_quantities import (
    glued_to_letters,
    names_a_thing,
    number_names,
    rejected,
    year_like,
)
from extractor.components.quantity_context import change_of, counted_of, person_of, signed_move
from extractor.components.quantity_match import CURRENCY, PLAIN_INT, Match, next_lower
from extractor.components.quantity_ranges import bound_after, extend_range, glued_symbol, merge_bounds
from extractor.components.quantity_units import read_unit
from extractor.normalize.number_words import read_number
from extractor.normalize.numbers import (
    cue_edges,
    interval,
    multiplier,
    parse_digits,
    vague_interval,
    words_of,
)
from extractor.components.tokenpatterns import WordTest
from extractor.normalize.lexicon import read_tsv
from extractor.normalize.units import currency_before, split_glued

#: A country's letters before a "$" ("US $2.63 billion"; ``currency_prefixes.tsv``, case-sensitive).
_PREFIXES = frozenset(row["prefix"] for row in read_tsv("currency_prefixes"))
_TOKEN_RANGE = re.compile(r"^(\d[\d,.]*(?:k|m|bn)?)[–—~-](\d[\d,.]*(?:k|m|bn)?)$")
_GLUED_SCALE = re.compile(r"^(?:m|bn|mn|k|tn|b|mil|bln|tln)$")
_TIMES_TEN = re.compile(r"^[+-]?\d+(?:\.\d+)?[x×]10")
_LEAD_GROUP = re.compile(r"^\d{1,3}$")
_GROUP = re.compile(r"^\d{3}(?:\.\d+)?$")
_NOT_A_RATE = ("ago", "earlier", "later")  # "14% a year ago"


def _may_start_number(word: str) -> bool:
    """What ``_core`` can read from: digits, a number word, a vague amount, "a"/"an"/"half"."""
    lower = word.lower()
    glued = split_glued(word)
    if glued is not None and glued[0] and currency_before(glued[0]) is None and currency_before("$" + glued[0]) is None:
        return False  # "A380", "F35": a name
    digits = glued is not None or word[:1].isdigit() or word[:1] in "+-−.~≈≥≤<>" and word[1:2].isdigit() or lower in _VULGAR_FRACTIONS
    return digits or lower in ("a", "an", "half", "quarter") or lower in _SIGN_TOKENS \
        or lower in words_of("number") or lower in words_of("vague") or lower in cue_edges("few")[0]


_VULGAR_FRACTIONS = frozenset("½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞")
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
        doc.user_data[_TOKENS] = _Tokens(doc)
        try:
            return self._scan(doc)
        finally:
            del doc.user_data[_TOKENS]

    def _scan(self, doc: Doc) -> Doc:
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
        doc.spans[ext.QUANTITIES] = merge_bounds(doc, spans)
        return doc


def masked_tokens(doc: Doc) -> set[int]:
    """Token indices that belong to dates and times, never to quantities."""
    dates = list(doc.spans[ext.DATES]) if ext.DATES in doc.spans else []
    durations = {k for span in dates if span.label_ == "duration" for k in range(span.start, span.end)}
    spans = [span for span in dates if span.label_ != "duration"]
    spans += [ent for ent in doc.ents if ent.label_ == "TIME"] if has_ner(doc) else []
    masked = {k for span in spans for k in range(span.start, span.end)} - durations  # durations are quantities
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
    end, value, low, high = core[:4]
    match = Match(start=i, end=end, core=(i, end), value=value, low=low, high=high)
    match.bound = core[4] if len(core) > 4 else "vague" if low is not None else "exact"
    before = doc[i - 1].text if i > 0 and not doc[i - 1].whitespace_ else ""
    if (symbol := glued_symbol(doc[i].text, before)) is not None and low is None:  # "≥30", "~2kg"
        match.bound, match.qualifier = symbol, (doc[i].idx, doc[i].idx + 1)
    extend_range(doc, match, masked, _core)
    _extend_left(doc, match, floor)
    if rejected(doc, match):
        return None
    _finish(doc, match)
    return None if year_like(doc, match) else match


def _core(doc: Doc, i: int, *, joined: bool = False) -> tuple[int, float | None, float | None, float | None] | None:
    """``(end, value, low, high)`` of the number at token ``i`` (``joined``: a range's second end)."""
    token = doc[i]
    if token.lower_ in ("a", "an") and not (i + 1 < len(doc) and _after_article(doc[i + 1].lower_)):
        return None  # most "a"s start no number: only "a dozen", "a third", "a couple of", …
    if (ranged := _TOKEN_RANGE.match(token.text)) is not None:
        low, high = parse_digits(ranged.group(1)), parse_digits(ranged.group(2))
        return None if low is None or high is None or low > high else (i + 1, None, low, high, "range")
    if token.lower_ in words_of("vague"):
        return _vague_core(doc, i)
    if token.lower_ in cue_edges("few")[0] and (few := _few_core(doc, i)) is not None:
        return few
    if token.lower_ in cue_edges("vague_phrase")[0] and (phrase := _vague_phrase(doc, i)) is not None:
        return phrase
    if not joined and (glued_to_letters(doc, i) or not _sign_may_start(doc, i) or _named_prefix(doc, i)):
        return None
    words, ends = _words_from(doc, i)
    found = read_number(words)
    if found is None or (found.n == 1 and words[0] in ("a", "an")):
        return None
    end = ends[found.n - 1]
    if found.fraction and not _fraction_here(doc, i, end, found.value, found.scale):
        return None
    return end, found.value, None, None


#: A sign before a number: the dashes, and the sign words of ``quantity_cues.tsv`` ("minus", "negative").
_SIGN_TOKENS = frozenset({"-", "−", *words_of("sign")})
_WORDS_AHEAD = 24


def _named_prefix(doc: Doc, i: int) -> bool:
    """"A380" is a name; "NZ12.5" is money only after a "$" ("$NZ12.5 million")."""
    glued = split_glued(doc[i].text)
    if glued is None or not glued[0] or currency_before(glued[0]) is not None:
        return False
    return not (i > 0 and doc[i - 1].text == "$" and not doc[i - 1].whitespace_)


def _sign_may_start(doc: Doc, i: int) -> bool:
    """A sign word starts a number only before one; a dash only at the start of a sentence."""
    if doc[i].lower_ not in _SIGN_TOKENS:
        return True
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is None or not (nxt.like_num or nxt.lower_ in words_of("number")):
        return False
    return doc[i].is_alpha or doc[i].is_sent_start


_TOKENS = "wc_quantity_tokens"


class _Tokens:
    """Token texts, trailing spaces and sentence starts as plain lists, from the doc's arrays
    (no ``Token`` objects: each ``doc[i]`` makes one, and the reader looks at a token many times)."""

    def __init__(self, doc: Doc) -> None:
        idx, length, space, start = doc.to_array([IDX, LENGTH, SPACY, SENT_START]).T.tolist()
        text = ext.text_of(doc)
        self.text = _Texts(text, idx, length)
        self.space = [" " if s else "" for s in space]
        self.start = [s == 1 for s in start]


class _Texts:
    """``texts[j]`` is token ``j``'s text, sliced from the doc text when asked."""

    def __init__(self, text: str, idx: list[int], length: list[int]) -> None:
        self._text, self._idx, self._length = text, idx, length

    def __len__(self) -> int:
        return len(self._idx)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [self[j] for j in range(*key.indices(len(self)))]
        start = self._idx[key]
        return self._text[start:start + self._length[key]]


def _tokens(doc: Doc) -> _Tokens:
    found = doc.user_data.get(_TOKENS)
    return found if found is not None else _Tokens(doc)


def _words_from(doc: Doc, i: int) -> tuple[list[str], list[int]]:
    """Lower-cased words from token ``i`` while they may belong to a number (and one more), in
    its sentence, without whitespace tokens; digit groups split by single spaces are one word
    ("1 414 021 100"). ``ends[k]`` is the token index after word ``k``."""
    tokens = _tokens(doc)
    text_of, space_of = tokens.text, tokens.space
    words, ends, j, n = [], [], i, len(text_of)
    stop = min(n, i + _WORDS_AHEAD)
    while j < stop and (j == i or not tokens.start[j]):
        if text_of[j].isspace():
            j += 1
            continue
        k = _digit_groups(tokens, j) if text_of[j][:1].isdigit() else j + 1
        if k < n and not space_of[k - 1] and text_of[k - 1][-1:].isdigit() \
                and _GLUED_SCALE.match(text_of[k]) and not _metres(text_of, k):
            k += 1  # "$269m", "70m": spaCy splits a glued multiplier off
        text = "".join(t for t in text_of[j:k] if not t.isspace()) if k > j + 1 else text_of[j]
        word = text[1:].lower() if j == i and glued_symbol(text) else _unglued(text, j == i) or text.lower()
        words.append(word)
        ends.append(k)
        j = k
        if not _in_number(word):
            break  # the first word that no number can hold ends the reading
    return words, ends


@functools.lru_cache(maxsize=8192)
def _in_number(word: str) -> bool:
    """Whether a number may go on through ``word`` ("and", "hundred", "-", "thirds", "point")."""
    if word in _JOINING or parse_digits(word) is not None or word[:1].isdigit():
        return True
    return any(word in words_of(kind) for kind in ("number", "multiplier", "ordinal", "ordinal_unit", "sign"))


@functools.lru_cache(maxsize=4096)
def _after_article(word: str) -> bool:
    """A word after "a" that makes a number of it: a scale, a denominator, "few", "couple", "half"."""
    return any(word in words_of(kind) for kind in ("multiplier", "ordinal", "ordinal_unit", "number")) \
        or any(word == cue.split()[1] for cue in (*words_of("vague_phrase"), *words_of("few")) if " " in cue) \
        or word in ("half", "quarter")


_JOINING = frozenset({"and", "a", "an", "of", "point", "in", "out", "over", "-", "‐", "^", "half", "quarter"})


def _metres(texts: list[str], k: int) -> bool:
    """"1m high", "a 2m wall is 5m away": a glued "m" before a dimension word is a metre."""
    return texts[k] == "m" and k + 1 < len(texts) and texts[k + 1].lower() in words_of("metre_after")


def _unglued(text: str, first: bool) -> str | None:
    """The number of a token with a currency or unit glued to it ("EUR20" → "20", "144Hz" → "144",
    "S$3mil" → "3mil"); a prefix only on the first word."""
    glued = split_glued(text)
    if glued is None or glued[0] and not first or parse_digits(text) is not None or _TIMES_TEN.match(text):
        return None
    suffix = glued[2] if multiplier(glued[2]) is not None else ""
    return (glued[1] + suffix).lower()


def _digit_groups(tokens: _Tokens, j: int) -> int:
    """The end of "1 414 021 100": 1–3 digits, then groups of three after one space each."""
    text, space = tokens.text, tokens.space
    if not _LEAD_GROUP.match(text[j]) or j > 0 and _GROUP.match(text[j - 1]) and space[j - 1]:
        return j + 1
    k = j + 1
    while k < len(text):
        gap = space[k - 1] == " " or text[k] in ("\u202f", "\u00a0") and not space[k - 1]
        nxt = k + 1 if text[k].isspace() else k
        if not gap or nxt >= len(text) or not _GROUP.match(text[nxt]):
            break
        k = nxt + 1
    return k


def _fraction_here(doc: Doc, i: int, end: int, value: float, scale: float) -> bool:
    """A fraction word read as a count: "a third of", "two thirds", "more than half" — not the
    ordinal of "a third term", "the first half", "the past three quarters"."""
    first, last = doc[i].lower_, doc[end - 1].lower_
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[end] if end < len(doc) else None
    if before in words_of("not_fraction_before") or before == "and" and first in ("a", "an"):
        return False  # "the first half", "an hour and a half"
    if value >= 1 or scale > 1:  # "five and a half", "half million"
        return True
    if first in ("half", "quarter") and before not in cue_edges("bound")[1]:
        return after is None or not after.is_alpha or after.lower_ in words_of("fraction_after")
    singular = not last.endswith("s") and words_of("ordinal").get(last) is not None
    if not singular or before in cue_edges("bound")[1] or before == "by":  # "fell by a third"
        return True
    return after is None or not after.is_alpha or after.lower_ in words_of("fraction_after")


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


def _vague_phrase(doc: Doc, i: int):
    """"a couple of" (about 2), "a handful of" (2 to 10): counts without a number."""
    for cue, reading in words_of("vague_phrase").items():
        words = cue.split()
        if [t.lower_ for t in doc[i:i + len(words)]] == words:
            kind, *numbers = reading.split()
            end = i + len(words)
            if kind == "approximate":
                return end, float(numbers[0]), None, None, "approximate"
            return end, None, float(numbers[0]), float(numbers[1])
    return None


def _vague_core(doc: Doc, i: int):
    end = i + 1
    while end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in words_of("vague"):
        end += 2
    found = vague_interval(doc[i:end].text)
    if found is None or (end - i == 1 and doc[i].lower_ in ("tens", "dozens") and next_lower(doc, end) != "of"):
        return None
    return end, None, found[0], found[1]


def _is_scale(token) -> bool:
    return len(token.text) > 1 and multiplier(token.text) is not None


def _extend_left(doc: Doc, match: Match, floor: int) -> None:
    """Take a currency sign and a bound cue ("more than", "about") before the number."""
    start = match.start
    if start > floor and (CURRENCY.match(doc[start - 1].text) or _currency_code(doc[start - 1])):
        start -= 1
        if start > floor and doc[start - 1].whitespace_ and doc[start - 1].text in _PREFIXES:
            start -= 1  # "US $2.63 billion"
    if match.bound == "exact":
        cues = words_of("bound")
        last = doc[start - 1].lower_ if start > floor else ""
        for width in (5, 4, 3, 2, 1) if last in cue_edges("bound")[1] else ():
            if start - width < floor:
                continue
            cue = " ".join(t.lower_ for t in doc[start - width:start])
            if cue in cues and not _during(doc, match, start - width, cue):
                match.bound, match.qualifier = cues[cue], (doc[start - width].idx, doc[start - 1].idx + len(doc[start - 1]))
                start -= width
                break
        else:
            _verb_bound(doc, match, start, floor) or _glued_cue(doc, match, start, floor)
    match.start = start


def _during(doc: Doc, match: Match, cue_start: int, cue: str) -> bool:
    """"shed 1,200 jobs over two years": "over" before a duration is "during", not "more than"
    (but "for over two years" and "over 30 years old" are bounds)."""
    if cue not in ("over", "under") or next_lower(doc, match.end) not in words_of("time_unit"):
        return False
    k = match.end + 1
    old = next_lower(doc, k) == "old" or next_lower(doc, k) == "-" and next_lower(doc, k + 1) == "old"
    return not old and (cue_start == 0 or doc[cue_start - 1].lower_ != "for")


def _verb_bound(doc: Doc, match: Match, start: int, floor: int) -> bool:
    """"sales will exceed 700": a comparison verb bounds the number but stays the claim's verb, so
    the span starts at the number and ``qualifier_span`` points at the verb."""
    verb = doc[start - 1] if start > floor else None
    bound = words_of("verb_bound").get(verb.lower_) if verb is not None else None
    if bound is not None:
        match.bound, match.qualifier = bound, (verb.idx, verb.idx + len(verb))
    return bound is not None


def _currency_code(token) -> bool:
    """"CHF 40", "Rs 500", "EUR 20": a currency code written apart before the number."""
    return not token.is_lower and currency_before(token.text) is not None


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
    reading = read_unit(doc, match)
    unit, match.end = reading.unit, reading.end
    bound_after(doc, match)
    per, after = _cue_after(doc, match.end, "per")
    change = change_of(doc, match, after) or signed_move(doc, match, unit) or ("decrease" if match.falling else None)
    if match.bound not in ("range", "vague"):
        match.low, match.high = interval(match.bound, match.value)
    age = reading.age or unit in (None, "year") and _aged(doc, match)
    unit = "year" if age and unit is None else unit
    counted = person_of(doc, match) if age else counted_of(doc, match, after)
    if per is None:  # "a hundred automobiles per year", "US$300 million in fuel a year"
        per = _per_nearby(doc, doc.char_span(*counted).end if counted and not age else match.end)
    core = doc[match.core[0]:match.core[1]]
    match.data = {
        "value": match.value, "low": match.low, "high": match.high, "bound": match.bound,
        "change": change, "unit": unit, "unit_text": reading.unit_text, "per": per,
        "counted": "age" if age else ext.text_of(doc)[counted[0]:counted[1]] if counted else None,
        "counted_span": counted,  # for an age: whose age it is (the claim's subject)
        "dimension": reading.dimension,
        "number_span": (core.start_char, core.end_char),
        "qualifier_span": match.qualifier,
    }


def _aged(doc: Doc, match: Match) -> bool:
    """"aged 30", "at age 30": a number of years after an age word."""
    return match.start > 0 and doc[match.start - 1].lower_ in ("aged", "age")


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


def _to_span(doc: Doc, match: Match) -> Span:
    span = Span(doc, match.start, match.end, label=match.bound)
    span._.wc_quantity = match.data
    return span
