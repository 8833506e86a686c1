"""The words a number is read from, at one token of the doc: what ``normalize/number_words.py`` sees.

``words_from(doc, i)`` gives lower-cased token texts from token ``i`` while they may belong to a
number, with the token index after each: whitespace tokens dropped, digit groups split by single
spaces joined ("1 414 021 100"), a multiplier glued to the digits and split off by the tokenizer
joined back ("$269m", "70m"; an upper-case "M", "B", "K", "MM" only after a currency: "$4.5M"),
a currency or unit glued to the digits dropped ("EUR20" → "20", "144Hz" → "144").
"""

from __future__ import annotations

import functools
import re

from spacy.attrs import IDX, LENGTH, SENT_START, SPACY
from spacy.tokens import Doc

from extractor.components import extensions as ext
from extractor.components.quantity_match import CURRENCY
from extractor.components.quantity_ranges import after_symbol, glued_symbol
from extractor.normalize.numbers import multiplier, parse_digits, words_of
from extractor.normalize.units import currency_before, split_glued

_GLUED_SCALE = re.compile(r"^(?:m|bn|mn|k|tn|b|mil|bil|bln|tln)$")
_TIMES_TEN = re.compile(r"^[+-]?\d+(?:\.\d+)?[x×]10")
_LEAD_GROUP = re.compile(r"^\d{1,3}$")
_GROUP = re.compile(r"^\d{3}(?:\.\d+)?$")
_WORDS_AHEAD = 24


TOKENS = "wc_quantity_tokens"


class Tokens:
    """Token texts, trailing spaces and sentence starts as plain lists, from the doc's arrays
    (no ``Token`` objects: each ``doc[i]`` makes one, and the reader looks at a token many times)."""

    def __init__(self, doc: Doc) -> None:
        idx, length, space, start = doc.to_array([IDX, LENGTH, SPACY, SENT_START]).T.tolist()
        text = ext.text_of(doc)
        self.text = _Texts(text, idx, length)
        self.space = [" " if s else "" for s in space]
        self.start = [s == 1 for s in start]
        self.durations: frozenset[int] = frozenset()  # the dates component's durations ("a decade")


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


def tokens_of(doc: Doc) -> Tokens:
    found = doc.user_data.get(TOKENS)
    return found if found is not None else Tokens(doc)


def words_from(doc: Doc, i: int) -> tuple[list[str], list[int]]:
    """Lower-cased words from token ``i`` while they may belong to a number (and one more), in
    its sentence, without whitespace tokens; digit groups split by single spaces are one word
    ("1 414 021 100"). ``ends[k]`` is the token index after word ``k``."""
    tokens = tokens_of(doc)
    text_of = tokens.text
    words, ends, j, n = [], [], i, len(text_of)
    stop = min(n, i + _WORDS_AHEAD)
    money = _money(tokens, i)
    while j < stop and (j == i or not tokens.start[j]):
        if text_of[j].isspace():
            j += 1
            continue
        k = _digit_groups(tokens, j) if text_of[j][:1].isdigit() else j + 1
        scale = _scale_after(tokens, k, money) if k < n and text_of[k - 1][-1:].isdigit() else None
        if scale is not None:
            k += 1  # "$269m", "70m", "5 k", "$4.5M": a multiplier the tokenizer split off
        text = "".join(t for t in text_of[j:k - (scale is not None)] if not t.isspace()) + (scale or "")
        word = after_symbol(text).lower() if j == i and glued_symbol(text) else _unglued(text, j == i, money) or text.lower()
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


_JOINING = frozenset({"and", "a", "an", "of", "point", "in", "every", "out", "over", "-", "‐", "^", "half", "quarter"})


def _money(tokens: Tokens, i: int) -> bool:
    """A currency written before the number: "$4.5M", "US$ 1MM", "EUR20m"."""
    glued = split_glued(tokens.text[i])
    before = tokens.text[i - 1] if i > 0 else ""
    return bool(CURRENCY.match(before) or currency_before(before) or glued and glued[0] and currency_before(glued[0]))


def _scale_after(tokens: Tokens, k: int, money: bool) -> str | None:
    """The multiplier at token ``k`` after digits, as the number reader spells it: glued ("70m"),
    a lone "k" after a space ("5 k"), and, in money only, "M", "B", "K", "MM" ("$4.5M")."""
    text = tokens.text[k]
    glued = not tokens.space[k - 1]
    if glued and _GLUED_SCALE.match(text) and not _metres(tokens.text, k):
        return text
    if money and (glued or tokens.space[k - 1] == " ") and text.lower() in words_of("money_scale"):
        return words_of("money_scale")[text.lower()]
    if money and glued and text.endswith(".") and _GLUED_SCALE.match(text[:-1]):
        return text[:-1]  # "up to £2m." at a sentence end: the tokenizer keeps the stop with the "m"
    return "k" if text == "k" and tokens.space[k - 1] == " " else None


def _metres(texts: list[str], k: int) -> bool:
    """"1m high", "a 2m wall is 5m away", "the 400m hurdles": a glued "m" before a dimension or a
    race word is a metre; so is "the 100m" that counts nothing ("won the 100m in 9.8 seconds")."""
    if texts[k] != "m":
        return False
    after = texts[k + 1].lower() if k + 1 < len(texts) else ""
    if after in words_of("metre_after"):
        return True
    before = texts[k - 2].lower() if k >= 2 else ""
    return before in ("the", "'s") and not (after.isalpha() and after not in words_of("metre_event_end"))


def _unglued(text: str, first: bool, money: bool) -> str | None:
    """The number of a token with a currency or unit glued to it ("EUR20" → "20", "144Hz" → "144",
    "S$3mil" → "3mil", "US$ 1MM" → "1m"); a prefix only on the first word."""
    glued = split_glued(text)
    if glued is None or glued[0] and not first or parse_digits(text) is not None or _TIMES_TEN.match(text):
        return None
    scales = words_of("money_scale") if money or glued[0] else {}
    suffix = scales.get(glued[2].lower()) or (glued[2] if multiplier(glued[2]) is not None else "")
    return (glued[1] + suffix).lower()


def _digit_groups(tokens: Tokens, j: int) -> int:
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
