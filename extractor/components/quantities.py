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

from spacy.tokens import Doc, Span

from extractor.components import extensions as ext
from extractor.components.base import Component, guarded
from extractor.components.not_quantities import (
    glued_to_letters,
    names_a_thing,
    number_names,
    rejected,
    year_like,
)
from extractor.components.quantity_context import age_apposition, change_of, counted_of, person_of, share_counted, signed_move
from extractor.components.quantity_masks import duration_tokens, masked_tokens, release_dates
from extractor.components.quantity_match import CURRENCY, Match, next_lower
from extractor.components.quantity_ranges import after_symbol, bound_after, extend_range, glued_symbol, merge_bounds
from extractor.components.quantity_tallies import read_pair
from extractor.components.quantity_vague import few_core, sized_proportion, vague_core, vague_phrase
from extractor.components.quantity_units import in_base_time_unit, inverted_percent, read_unit, time_noun
from extractor.components.quantity_words import TOKENS, Tokens, words_from
from extractor.normalize.number_words import read_number
from extractor.normalize.numbers import (
    cue_edges,
    interval,
    parse_digits,
    words_of,
)
from extractor.components.tokenpatterns import WordTest
from extractor.normalize.lexicon import read_tsv
from extractor.normalize.units import currency_before, split_glued

#: A country's letters before a "$" ("US $2.63 billion"; ``currency_prefixes.tsv``, case-sensitive).
_PREFIXES = frozenset(row["prefix"] for row in read_tsv("currency_prefixes"))
# "5-10", "5k-20k", "$5bn-$6bn" (the "$" of the first end is a token before), "5.25%-5.5" (and "%")
_TOKEN_RANGE = re.compile(r"^(\d[\d,.]*(?:k|m|mn|bn|bil)?)%?[–—~-][$£€¥]?(\d[\d,.]*(?:k|m|mn|bn|bil)?)$")
_NOT_A_RATE = ("ago", "earlier", "later")  # "14% a year ago"


def _may_start_number(word: str) -> bool:
    """What ``_core`` can read from: digits, a number word, a vague amount, "a"/"an"/"half"."""
    lower = word.lower()
    glued = split_glued(word)
    if glued is not None and glued[0] and currency_before(glued[0]) is None and currency_before("$" + glued[0]) is None:
        return False  # "A380", "F35": a name
    digits = glued is not None or word[:1].isdigit() or word[:1] in "+-−.~≈≥≤<>" and word[1:2].isdigit() \
        or lower in _VULGAR_FRACTIONS or glued_symbol(word) is not None
    return digits or lower in ("a", "an", "half", "quarter") or lower in _SIGN_TOKENS \
        or lower in words_of("number") or lower in words_of("vague") or lower in cue_edges("few")[0]


_VULGAR_FRACTIONS = frozenset("½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞")
_MAY_START = WordTest(_may_start_number)


def _reset(doc: Doc) -> None:
    doc.spans[ext.QUANTITIES] = []


class Quantities(Component):
    """Find numeric expressions and normalize them (see the module docstring)."""

    def __init__(self, *, name: str = "wireclaims_quantities") -> None:
        self.name = name

    @guarded("quantities", reset=_reset)
    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[TOKENS] = Tokens(doc)
        try:
            return self._scan(doc)
        finally:
            del doc.user_data[TOKENS]

    def _scan(self, doc: Doc) -> Doc:
        masked, names = masked_tokens(doc), number_names(doc)
        doc.user_data[TOKENS].durations = duration_tokens(doc)
        spans, floor, claimed = [], 0, set()
        for i in _MAY_START.positions(doc):
            pair = read_pair(doc, i) if i >= floor else []  # scores, tallies, odds: before any date
            if pair:
                spans, floor = spans + pair, pair[-1].end
                claimed.update(range(i, floor))
                continue
            match = find_at(doc, i, floor, masked) if i >= floor else None
            if match is None:
                continue
            if not names_a_thing(doc, match, names):
                spans.append(_to_span(doc, match))
            floor = match.end
        doc.spans[ext.QUANTITIES] = share_counted(doc, merge_bounds(doc, spans))
        release_dates(doc, doc.spans[ext.QUANTITIES], claimed)
        return doc


def find_at(doc: Doc, i: int, floor: int, masked: set[int]) -> Match | None:
    """The quantity whose number starts at token ``i``, or ``None``."""
    core = _core(doc, i)
    if core is None or any(k in masked for k in range(i, core[0])):
        return None
    end, value, low, high = core[:4]
    match = Match(start=i, end=end, core=(i, end), value=value, low=low, high=high)
    match.bound = core[4] if len(core) > 4 else "vague" if low is not None else "exact"
    before = doc[i - 1].text if i > 0 and not doc[i - 1].whitespace_ else ""
    if (symbol := glued_symbol(doc[i].text, before)) is not None and low is None:  # "≥30", "~2kg", "x>10"
        width = len(doc[i].text) - len(after_symbol(doc[i].text))
        match.bound, match.qualifier = symbol, (doc[i].idx, doc[i].idx + width)
    extend_range(doc, match, masked, _core)
    _extend_left(doc, match, floor)
    if rejected(doc, match):
        return None
    _finish(doc, match)
    return None if year_like(doc, match) else match


def _core(doc: Doc, i: int, *, joined: bool = False) -> tuple[int, float | None, float | None, float | None] | None:
    """``(end, value, low, high)`` of the number at token ``i`` (``joined``: a range's second end)."""
    token = doc[i]
    if token.lower_ in ("a", "an") and (proportion := sized_proportion(doc, i)) is not None:
        return proportion
    if token.lower_ in ("a", "an") and (length := time_noun(doc, i, doc.user_data[TOKENS].durations)):
        return length  # "a decade in exile"
    if token.lower_ in ("a", "an") and not (i + 1 < len(doc) and _after_article(doc[i + 1].lower_)):
        return None  # most "a"s start no number: only "a dozen", "a third", "a couple of", …
    if (ranged := _TOKEN_RANGE.match(token.text)) is not None:
        low, high = parse_digits(ranged.group(1)), parse_digits(ranged.group(2))
        return None if low is None or high is None or low > high else (i + 1, None, low, high, "range")
    if token.lower_ in words_of("vague"):
        return vague_core(doc, i)
    if token.lower_ in cue_edges("few")[0] and (few := few_core(doc, i)) is not None:
        return few
    if token.lower_ in cue_edges("vague_phrase")[0] and (phrase := vague_phrase(doc, i)) is not None:
        return phrase
    if not joined and (glued_to_letters(doc, i) or not _sign_may_start(doc, i) or _named_prefix(doc, i)):
        return None
    words, ends = words_from(doc, i)
    found = read_number(words)
    if found is None or (found.n == 1 and words[0] in ("a", "an")):
        return None
    end = ends[found.n - 1]
    if found.fraction and not _fraction_here(doc, i, end, found.value, found.scale):
        return None
    return end, found.value, None, None


#: A sign before a number: the dashes, and the sign words of ``quantity_cues.tsv`` ("minus", "negative", "plus").
_SIGN_TOKENS = frozenset({"-", "−", *words_of("sign")})


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
    if i >= 2 and doc[i - 2].lower_ == "plus" and doc[i - 1].lower_ == "or":
        return False  # "plus or minus 3 points": a margin, not a negative number
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is None or not (nxt.like_num or nxt.lower_ in words_of("number")):
        return False
    return doc[i].is_alpha or doc[i].is_sent_start


@functools.lru_cache(maxsize=4096)
def _after_article(word: str) -> bool:
    """A word after "a" that makes a number of it: a scale, a denominator, "few", "couple", "half"."""
    return any(word in words_of(kind) for kind in ("multiplier", "ordinal", "ordinal_unit", "number")) \
        or any(word == cue.split()[1] for cue in (*words_of("vague_phrase"), *words_of("few")) if " " in cue) \
        or word in ("half", "quarter")


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
    (but "for over two years", "lowest in over a decade" and "over 30 years old" are bounds)."""
    if cue in ("over", "under") and cue_start > 0 and doc[cue_start - 1].like_num:
        return True  # "2000 over 3", "120 over 80": "over" between two numbers bounds neither
    if cue not in ("over", "under") or next_lower(doc, match.end) not in words_of("time_unit"):
        return False
    k = match.end + 1
    old = next_lower(doc, k) == "old" or next_lower(doc, k) == "-" and next_lower(doc, k + 1) == "old"
    return not old and (cue_start == 0 or doc[cue_start - 1].lower_ not in ("for", "in"))  # "in over a decade"


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
    unit, match.end = in_base_time_unit(match, reading.unit), reading.end
    if match.value is None and match.low is None and match.bound == "vague" and doc[match.start].lower_ in ("a", "an"):
        size = match.start + 1
        while doc[size].lower_ in words_of("proportion_size"):
            size += 1
        unit, match.qualifier = "percent", (doc[match.start + 1].idx, doc[size - 1].idx + len(doc[size - 1]))
    bound_after(doc, match)
    per, after = _cue_after(doc, match.end, "per")
    change = change_of(doc, match, after) or signed_move(doc, match, unit) or ("decrease" if match.falling else None)
    if match.bound not in ("range", "vague"):
        match.low, match.high = interval(match.bound, match.value)
    age = reading.age or unit in (None, "year") and _aged(doc, match)
    unit = "year" if age and unit is None else unit
    counted = person_of(doc, match) if age else counted_of(doc, match, after)
    if unit is None and reading.unit_text is None and counted is None and not age \
            and (inverted := inverted_percent(doc, match)) is not None:
        unit, match.start = "percent", inverted  # "per cent of twenty-two"
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
    """"aged 30", "at age 30": a number of years after an age word; "Smith, 52, said" and "who
    is 81" (``age_apposition``)."""
    return match.start > 0 and doc[match.start - 1].lower_ in ("aged", "age") or age_apposition(doc, match)


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
