"""The rules that decide a number is not a quantity, whatever the scanner in ``quantities`` read.

Never quantities: tokens of ``doc.spans["wc_dates"]``, NER TIME entities, a day number beside a
month name, a bare 4-digit number 1900–2099 with no cue, currency or unit (a year), a number
followed by a time unit ("two weeks", "fifty-year": durations belong to dates), clock times
("10 a.m."), phone numbers ("555-1234"), a number naming a thing ("Boeing 787", "Flight 253":
a plain integer right after a proper noun), digits glued to letters ("F-35", "G8", "A380"),
ordinals, and "one" used as a pronoun ("one of the", "the one").

The first three are masked by ``quantities.masked_tokens`` before the scan reads a number.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from extractor.components.base import has_parse, has_pos
from extractor.normalize.lexicon import read_tsv, tagged
from extractor.components.quantity_match import CURRENCY, PLAIN_INT, Match, next_lower
from extractor.components.tokenpatterns import WordTest
from extractor.normalize.numbers import parse_digits, words_of
from extractor.normalize.timex import words as date_words
from extractor.normalize.units import currency_before, glued_subunit, split_glued, unit_after

_PRONOUN_BEFORE_ONE = tagged("determiners", "before_one")
_EXPONENT_LIKE = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
_INTEGER = WordTest(lambda word: PLAIN_INT.match(word) is not None)


def glued_to_letters(doc: Doc, i: int) -> bool:
    """Digits that are part of a name: "F-35" split as F / - / 35."""
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        return doc[i - 2].text[-1:].isalnum()  # "A380-800", and "787-8" once no range was read
    return doc[i].text.startswith("0") and len(doc[i].text) > 1 and doc[i].text.isdigit()  # "001"


def _coded(doc: Doc, match: Match) -> bool:
    """ "787-8", "777-200": digits glued by a hyphen to more digits that make no range (the second
    is smaller) are a model code."""
    end = match.core[1]
    if match.bound == "range" or end + 1 >= len(doc) or doc[end - 1].whitespace_ or doc[end].whitespace_:
        return False
    return doc[end].text in ("-", "‐") and doc[end + 1].text[:1].isdigit()


def rejected(doc: Doc, match: Match) -> bool:
    """Dates, durations, clock times, phone numbers, names with numbers, pronoun "one"."""
    if _coded(doc, match):
        return True
    after = next_lower(doc, match.end)
    if after == "-" and match.end + 1 < len(doc):
        after = doc[match.end + 1].lower_
    if after in words_of("time_suffix") or _time_zone(doc, match) or _relative_date(doc, match, after):
        return True
    if _glued_name(doc, match):
        return True
    plain = match.start == match.core[0] and match.bound == "exact"
    core_text = doc[match.core[0]:match.core[1]].text
    if plain and _house_number(doc, match):
        return True
    if plain and (_named_entity(doc[match.start]) or (PLAIN_INT.match(core_text) and _after_name(doc, match.start))):
        return True
    if match.bound == "range" and _phone_like(doc, match):
        return True
    if _exponent_name(doc, match):
        return True
    if core_text.lower() != "one" or not plain:
        return False
    return _pronoun_one(doc, match.start) or _one_idiom(doc, match.start) or _determiner_one(doc, match.start)


def _determiner_one(doc: Doc, i: int) -> bool:
    """"one big problem", "one analyst said": "one" as "a", not a count of one (a soldier killed
    is still counted: "one soldier was killed")."""
    k, tagged = i + 1, has_pos(doc)
    if not tagged:  # up to three lower-case words: an abstract noun, or a speech verb after a noun
        for k in range(i + 1, min(i + 4, len(doc))):
            if doc[k].lower_ in words_of("one_noun") or k > i + 1 and doc[k].lower_ in _speech_forms():
                return True
            if not doc[k].is_lower or doc[k].is_stop:
                return False
        return False
    while k < min(i + 3, len(doc) - 1) and doc[k].pos_ == "ADJ":
        k += 1
    if k >= len(doc) or not doc[k].is_alpha:
        return False
    noun = doc[k]
    if noun.lower_ in words_of("one_noun") or noun.lemma_.lower() in words_of("one_noun"):
        return True
    return k + 1 < len(doc) and doc[k + 1].lower_ in _speech_forms()


@functools.cache
def _speech_forms() -> frozenset[str]:
    """Every form of the speech verbs in ``speech_cues.tsv`` ("said", "told", "added")."""
    return frozenset(form for row in read_tsv("speech_cues") for form in row.get("forms", "").lower().split("|") if form)


def _exponent_name(doc: Doc, match: Match) -> bool:
    """"the 7E7": digits around a letter E after "the" or a name are a model, not 7 × 10⁷."""
    text = doc[match.core[0]].text
    if not _EXPONENT_LIKE.match(text):
        return False
    return "E" in text or match.start > 0 and (doc[match.start - 1].lower_ == "the" or _after_name(doc, match.start))


def _one_idiom(doc: Doc, i: int) -> bool:
    """"at one point", "at one time": an idiom, not a count."""
    return i > 0 and " ".join(t.lower_ for t in doc[i - 1:i + 2]) in words_of("one_idiom")


def _house_number(doc: Doc, match: Match) -> bool:
    """"221 Baker Street", "10 Downing St": a plain integer before a capitalised street name."""
    k = match.end
    while k < min(match.end + 3, len(doc)) and doc[k].is_title:
        if doc[k].lower_.rstrip(".") in words_of("street") and k > match.end:
            return True
        k += 1
    return False


def _relative_date(doc: Doc, match: Match, after: str) -> bool:
    """"two weeks ago", "three days later": a point in time, not a duration (the dates component
    reads it too; this keeps it out without it)."""
    k = match.end + 2 if next_lower(doc, match.end) == "-" else match.end + 1
    return after in words_of("time_unit") and next_lower(doc, k) in words_of("date_after")


def _time_zone(doc: Doc, match: Match) -> bool:
    """"(GMT +8)": an offset after a time zone."""
    return match.start > 0 and doc[match.start - 1].lower_ in words_of("time_suffix") and doc[match.start].text[:1] in "+-"


def _glued_name(doc: Doc, match: Match) -> bool:
    """Letters glued after the digits that are no unit and no scale: "5G", "1990s", "21st", "4x4"."""
    text = doc[match.core[1] - 1].text
    glued = split_glued(text)
    if glued is None or not glued[2] or parse_digits(text) is not None or "^" in doc[match.core[0]:match.core[1]].text or words_of("multiplier").get(glued[2].lower()):
        return False
    return unit_after(glued[2]) is None and glued_subunit(glued[2]) is None


def year_like(doc: Doc, match: Match) -> bool:
    """"in 2008", "around 2020", "2009 to 2011": plain years that count nothing, in no unit."""
    data = match.data
    if data["unit"] or data["counted"] or CURRENCY.match(doc[match.start].text):
        return False
    numbers = [t.text for t in doc[match.core[0]:match.core[1]] if t.text[:1].isdigit()]
    return bool(numbers) and all(PLAIN_INT.match(n) and len(n) == 4 and 1900 <= int(n) <= 2099 for n in numbers)


def _named_entity(token) -> bool:
    """The model's NER, as a hint only: digits inside a product or organization name ("the 787")."""
    return token.ent_type_ in ("PRODUCT", "ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT")


def _after_name(doc: Doc, i: int) -> bool:
    """A plain integer right after a proper noun names a thing: "Boeing 787", "Flight 253"."""
    if i == 0 or doc[i - 1].whitespace_ == "":
        return i > 0 and doc[i - 1].text in ("#", "No.")
    prev = doc[i - 1]
    if prev.text in ("No.", "#", "number"):
        return True
    if currency_before(prev.text) is not None:  # "CHF 40", "Rs 500"
        return False
    if has_parse(doc) or has_pos(doc):
        return prev.pos_ == "PROPN" and not _calendar_word(prev.lower_)
    return (prev.is_title and not prev.is_sent_start and not prev.is_stop
            and prev.lower_ not in words_of("bound") and not _calendar_word(prev.lower_))


def _calendar_word(word: str) -> bool:
    """A month or weekday names no thing: "fell Tuesday 3 percent" counts, as "Boeing 787" does not."""
    calendar = date_words()
    return word in calendar["month"] or word in calendar["weekday"]


def number_names(doc: Doc) -> frozenset[str]:
    """Integers the article uses as names ("Boeing 787"): "the 787" elsewhere is the same name."""
    return frozenset(doc[i].text for i in _INTEGER.positions(doc) if _after_name(doc, i))


def names_a_thing(doc: Doc, match: Match, names: frozenset[str]) -> bool:
    """ "the 787", "the 737 narrowbody airliner", "787 Dreamliner": a number used as a name.

    A plain integer (no bound, unit or separators) that the article uses as a name elsewhere,
    that stands bare after "the", or that counts a singular noun (a count above one would
    take a plural) names a thing.
    """
    data = match.data
    core = doc[match.core[0]:match.core[1]].text
    if match.bound != "exact" or data["unit"] or not PLAIN_INT.match(core):
        return False
    if not data["counted"]:
        return core in names or (match.start > 0 and doc[match.start - 1].lower_ == "the")
    head = doc.char_span(*data["counted_span"], alignment_mode="expand")[-1]
    glued = match.core[1] < len(doc) and doc[match.core[1]].text == "-"
    singular = head.tag_ in ("NN", "NNP") and head.lower_ not in words_of("invariant_plural")
    return (match.value or 0) > 1 and singular and not glued


def _phone_like(doc: Doc, match: Match) -> bool:
    """"555-1234": three digits, a hyphen and four digits, written without spaces; "+1-222-2222":
    a range with a dialling "+" or one more glued group after it."""
    text = doc[match.core[0]:match.end].text
    chained = match.end + 1 < len(doc) and doc[match.end].text == "-" and not doc[match.end - 1].whitespace_ \
        and doc[match.end + 1].text[:1].isdigit()
    return bool(re.fullmatch(r"\d{3}-\d{4}", text)) or text.startswith("+") or chained


def _pronoun_one(doc: Doc, i: int) -> bool:
    """"one of the", "the one", "no one": not a count."""
    if i > 0 and doc[i - 1].lower_ in _PRONOUN_BEFORE_ONE:
        return True
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is None or not nxt.is_alpha or nxt.lower_ == "of":
        return True
    if has_pos(doc):
        return nxt.pos_ not in ("NOUN", "PROPN", "ADJ")
    return nxt.is_stop
