"""One stated number read from a run of words: the grammar of English numerals in news copy.

``read_number(words)`` takes lower-cased token texts (whitespace tokens already dropped) and
returns ``(n, value)``: how many words form the number and its value, or ``None``. It reads

* digits in every form ``numbers.parse_digits`` knows ("1,234.5", "-4/5", "1.3e6", "10k", "⅔");
  space-grouped thousands ("1 414 021 100") are joined by the caller, who sees the spaces;
* cardinals with scales and "and" ("one hundred and sixteen", "4 thousand 3 hundred and 21",
  "twenty-one trillion and three hundred", "6 crore and two hundred", "three lakh crore");
* decimals spoken with "point" ("two hundred point zero three" → 200.03);
* fractions: a count and a denominator ("two thirds", "a fifth", "three twenty-firsts",
  "one hundred thirty-fifths" → 100/35), mixed numbers ("five and a quarter", "one hundred and
  three quarters" → 100.75), a fraction of a scale ("two thirds of a million", "five and a half
  million", "3 million and a half" → 3.5 million), and ratios ("one in three", "one out of four",
  "1 over 20", "one in every five", "3:1");
* a sign word before it ("minus 5", "negative one", "plus 3").

Word lists are rows of ``quantity_cues.tsv``: kinds ``number``, ``multiplier``, ``ordinal``
(denominators: "third" → 3, "quarters" → 4) and ``sign``.
"""

from __future__ import annotations

import functools
import math
import re
from typing import NamedTuple

from extractor.normalize.numbers import multiplier, number_word, parse_digits, words_of

_HYPHENS = ("-", "‐")
_EXPONENT = re.compile(r"^[+-]?\d{1,3}$")
_TIMES_TEN = re.compile(r"^([+-]?\d+(?:\.\d+)?)[x×]10$")
_SUPERSCRIPT = re.compile(r"^([+-]?\d+(?:\.\d+)?)[x×]10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_RATIO_WORDS = (("out", "of"), ("in", "every"), ("in",), ("over",))


class Read(NamedTuple):
    n: int  # words consumed
    value: float
    scale: float  # the largest scale word read (1 when none): "3 million and a half" → 1e6
    fraction: bool  # a denominator was read: "two thirds"


def denominator(word: str) -> float | None:
    """"third" → 3, "quarters" → 4, "hundredths" → 100; ``None`` for other words."""
    value = words_of("ordinal").get(word)
    return float(value) if value is not None else None


def _unit(word: str) -> float | None:
    """A counting word or plain digits ("seventy", "21", "2.12"): not a scale, not a denominator."""
    value = number_word(word)
    return value if value is not None else parse_digits(word)


def _scale(word: str) -> float | None:
    return multiplier(word) if len(word) > 1 else None


def _cardinal(words: list[str], i: int) -> Read | None:
    """An integer (or a decimal in digits) with scales: "one hundred and sixty-one", "3 hundred"."""
    total, current, since, j, top, last, cap = 0.0, None, 0.0, i, 1.0, None, None
    while j < len(words):
        word = words[j]
        small, scale = _unit(word), _scale(word)
        if small is not None and _may_add(last, current, small, word, cap):
            current, since, j = (current or 0.0) + small, since + small, j + 1
            last = "word" if number_word(word) is not None else "digits"
        elif scale is not None and current is not None and (cap is None or scale < cap or scale >= 1000):
            if last == "scale" and current == 0:  # "three lakh crore"
                total, current, since = 0.0, total, total
            whole = cap is None or scale >= 1000  # "4 thousand 3 hundred": only the 3 is hundreds
            current = current * scale if whole else current - since + since * scale
            j, top, cap, since, last = j + 1, max(top, scale), scale, 0.0, "scale"
            if scale >= 1000:
                total, current = total + current, 0.0
        elif word in _HYPHENS and j + 1 < len(words) and (last == "word" and _glues(words, j)
                                                           or last == "digits" and (_scale(words[j + 1]) or 0) >= 1e6):
            j += 1
        elif word == "and" and last == "scale" and _after_and(words, j + 1, cap):
            j += 1
        else:
            break
    while j > i and words[j - 1] in ("and", *_HYPHENS):
        j -= 1
    if current is None or j == i:
        return None
    return Read(j - i, total + current, top, False)


def _may_add(last: str | None, current: float | None, small: float, word: str, cap: float | None) -> bool:
    """A unit joins the number before it only as tens + units ("fifty two") or below the scale
    just read ("hundred and six", "thousand 3 hundred")."""
    if last is None or current is None:
        return True
    if last == "scale":
        return cap is not None and small < min(cap, 1000)
    is_word = number_word(word) is not None
    return last == "word" and is_word and small < 10 and current % 100 >= 20 and current % 10 == 0


def _glues(words: list[str], j: int) -> bool:
    """A hyphen inside a spelled number: "fifty-two", "one-eighth", "ninety - five hundred"."""
    after = words[j + 1]
    return number_word(after) is not None or denominator(after) is not None


def _after_and(words: list[str], j: int, cap: float | None) -> bool:
    """"hundred and six": "and" joins a scale to a smaller number, unless that number is the count
    of a fraction ("one hundred and three quarters" is 100 + 3/4)."""
    if j >= len(words) or _unit(words[j]) is None:
        return False
    tail = _cardinal(words, j)
    if tail is not None and tail.scale == cap:  # "3 hundred and 2 hundred": two numbers
        return False
    k = j + tail.n if tail else j
    k += 1 if k < len(words) and words[k] in _HYPHENS else 0
    return _compound_ordinal(words, k) is None


def _compound_ordinal(words: list[str], j: int) -> tuple[int, float] | None:
    """"fifths", "twenty-first", "twenty fifths", "one hundred (and) fifth": an ordinal used as a
    denominator at ``j``."""
    if j >= len(words):
        return None
    if (hundreds := _hundreds_ordinal(words, j)) is not None:
        return hundreds
    if (den := denominator(words[j])) is not None:
        return 1, den
    tens = number_word(words[j])
    if tens is None or tens % 10 or tens < 20:
        return None
    hyphen = j + 2 < len(words) and words[j + 1] in _HYPHENS
    k = j + 2 if hyphen else j + 1
    if k >= len(words):
        return None
    unit = denominator(words[k])
    if unit is None and (hyphen or words[k] == "firsts"):
        unit = _float(words_of("ordinal_unit").get(words[k]))
    return (k - j + 1, tens + unit) if unit is not None and unit < 10 else None


def _hundreds_ordinal(words: list[str], j: int) -> tuple[int, float] | None:
    """"one hundred fifth", "one hundred and twenty-first": a round cardinal of a hundred or more,
    then a smaller ordinal (the denominator of "one one hundred fifth" = 1/105)."""
    if number_word(words[j]) is None:
        return None
    for cut in range(min(len(words), j + 6), j + 1, -1):  # the longest round head first
        if (_scale(words[cut - 1]) or 0) < 100:
            continue
        head = _cardinal(words[:cut], j)
        if head is None or head.n != cut - j or head.value % 100:
            continue
        k = cut + (1 if words[cut:cut + 1] == ["and"] else 0)
        tail = _compound_ordinal(words, k) if k < len(words) else None
        if tail is not None and tail[1] < 100:
            return k - j + tail[0], head.value + tail[1]
    return None


def _float(value: str | None) -> float | None:
    return float(value) if value is not None else None


def read_number(words: list[str]) -> Read | None:
    """The number that starts ``words`` (see the module docstring), or ``None``."""
    return _read(tuple(words))


@functools.lru_cache(maxsize=16384)
def _read(key: tuple[str, ...]) -> Read | None:
    words = list(key)
    signs = words_of("sign")
    sign, start = (float(signs.get(words[0], -1)), 1) if words and (words[0] in signs or words[0] in _HYPHENS) else (1.0, 0)
    head = _power(words, start) or _mixed(words, start)
    if head is None:
        return None
    head = _ratio(words, start, _point(words, start, head))
    return Read(head.n + start, sign * head.value, head.scale, head.fraction)


def _mixed(words: list[str], i: int) -> Read | None:
    """A cardinal or fraction, then "and" + fraction ("five and a quarter"), then a scale."""
    head = _scaled(words, i, _fraction(words, i))
    while head is not None and i + head.n < len(words) and words[i + head.n] == "and":
        tail = _fraction(words, i + head.n + 1)
        if head.scale > 1:  # "one billion and a half million"; else "five and a half million"
            tail = _scaled(words, i + head.n + 1, tail)
        if tail is None or not tail.fraction:
            break
        head = _scaled(words, i, _join(words, i, head, tail))
    if head is not None and not head.fraction and i + head.n < len(words):
        glued = parse_digits(words[i + head.n]) if "/" in words[i + head.n] else None
        if glued is not None and 0 < glued < 1 and head.value % 1 == 0:  # "2 1/4"
            return Read(head.n + 1, head.value + glued, head.scale, True)
    return head


def _scaled(words: list[str], i: int, head: Read | None) -> Read | None:
    """A fraction of a scale: "two thirds of a million", "half a million", "5.5 million"."""
    if head is None or not (head.fraction or head.value % 1) or head.scale != 1:
        return head
    j = i + head.n
    k = j + 2 if words[j:j + 2] in (["of", "a"], ["of", "an"]) else j + 1 if words[j:j + 1] == ["a"] else j
    if k < len(words) and (scale := _scale(words[k])) is not None and scale >= 12:
        return Read(k + 1 - i, head.value * scale, scale, True)
    return head


def _join(words: list[str], i: int, head: Read, tail: Read) -> Read:
    """"X and FRACTION": a proper fraction adds (of the scale: "3 million and a half"); a larger
    one's count joins the whole ("one hundred and thirty fifths" → 130/5)."""
    n = head.n + 1 + tail.n
    if tail.value < 1 or tail.scale > 1:
        unit = head.scale if head.scale >= 1e6 and tail.scale == 1 else 1.0
        return Read(n, head.value + tail.value * unit, max(head.scale, tail.scale), True)
    count = _cardinal(words, i + head.n + 1)
    if count is None or count.value == 0:
        return Read(n, head.value + tail.value, head.scale, True)
    return Read(n, (head.value + count.value) * tail.value / count.value, head.scale, True)


def _fraction(words: list[str], i: int) -> Read | None:
    """"two thirds", "a fifth", "one hundred thirty-fifths", "three twenty-firsts", or a cardinal."""
    if i >= len(words):
        return None
    if words[i] in ("a", "an"):
        count = _a_scale(words, i) or Read(1, 1.0, 1.0, False)
    elif words[i] in ("half", "quarter"):
        count = Read(0, 1.0, 1.0, False)
    else:
        count = _cardinal(words, i)
    if count is None:
        return None
    split = _split_tens(words, i, count)
    if split is not None:
        return split
    j = i + count.n
    if j < len(words) and words[j] in _HYPHENS and count.n:
        j += 1
    ordinal = _compound_ordinal(words, j)
    if ordinal is not None and _fits(count, words[j + ordinal[0] - 1]):
        return Read(j + ordinal[0] - i, count.value / ordinal[1], count.scale, True)
    if count.n == 0 or words[i] in ("a", "an") and count.n == 1:
        return None
    return count


def _fits(count: Read, last_word: str) -> bool:
    """Plural denominators go with counts above one, singular ones with one ("a fifth")."""
    plural = last_word.endswith("s") and last_word not in ("thirds",) or last_word in ("halves", "thirds")
    return plural == (count.value != 1)


def _split_tens(words: list[str], i: int, count: Read) -> Read | None:
    """"one hundred thirty fifths" → 100 / 35: the count's last tens word belongs to the ordinal
    when the count still has a number without it."""
    j = i + count.n
    if count.n < 2:
        return None
    if j < len(words) and words[j] in _HYPHENS:
        j += 1
    if j >= len(words) or (den := denominator(words[j])) is None or den >= 10:
        return None
    k = i + count.n - 1
    tens = number_word(words[k])
    if tens is None or tens % 10 or tens < 20 or words[k - 1] == "and":
        return None
    rest = _cardinal(words[:k], i)
    if rest is None or i + rest.n != k:
        return None
    return Read(j + 1 - i, rest.value / (tens + den), rest.scale, True)


def _a_scale(words: list[str], i: int) -> Read | None:
    """"a dozen", "a hundred thousand": the article counts one of the scale."""
    if i + 1 < len(words) and _scale(words[i + 1]) is not None:
        rest = _cardinal(["1", *words[i + 1:]], 0)
        return Read(rest.n, rest.value, rest.scale, False) if rest else None
    return None


def _point(words: list[str], i: int, head: Read) -> Read:
    """"two hundred point zero three" → 200.03; "point seventy-one" → .71."""
    j = i + head.n
    if head.fraction or head.value % 1 or j >= len(words) or words[j] != "point":
        return head
    digits, k = "", j + 1
    while k < len(words) and number_word(words[k]) is not None:
        part = _cardinal(words, k)
        if part is None or part.scale != 1:
            break
        digits += str(int(part.value))
        k += part.n
    if not digits:
        return head
    return Read(k - i, head.value + float("0." + digits), head.scale, False)


def _ratio(words: list[str], i: int, head: Read) -> Read:
    """"one in three", "one out of four", "1 over 20": a proportion when the second is larger."""
    j = i + head.n
    if head.fraction:
        return head
    for cue in _RATIO_WORDS:
        if tuple(words[j:j + len(cue)]) != cue:
            continue
        second = _mixed(words, j + len(cue))
        if second is None or second.fraction or second.value == 0:
            return head
        k = j + len(cue) + second.n
        over = cue == ("over",) and (k >= len(words) or not words[k][:1].isalpha())
        if over or cue != ("over",) and head.value < second.value and not _year(words[k - 1]):
            return Read(k - i, head.value / second.value, 1.0, True)
    return head


def _power(words: list[str], i: int) -> Read | None:
    """"1.1^23", "2.5^-1", "1.3x10^6", "6.02×10²³": a power written with a caret or superscript."""
    if i >= len(words):
        return None
    if (sup := _SUPERSCRIPT.match(words[i])) is not None:
        exponent = int(sup.group(2).translate(_SUPERSCRIPT_DIGITS))
        return Read(1, float(sup.group(1)) * 10.0 ** exponent, 1.0, False)
    if words[i + 1:i + 2] != ["^"] or i + 2 >= len(words) or not _EXPONENT.match(words[i + 2]):
        return None
    times = _TIMES_TEN.match(words[i])
    base = float(times.group(1)) if times else parse_digits(words[i])
    if base is None:
        return None
    try:
        value = base * 10.0 ** int(words[i + 2]) if times else base ** int(words[i + 2])
    except (OverflowError, ZeroDivisionError):
        return None
    return Read(3, value, 1.0, False) if math.isfinite(value) else None


def _year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1900 <= int(word) <= 2099
