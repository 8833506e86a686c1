"""The number and unit readers on the forms wire copy writes that the golden sentences rely on:
pure functions, no pipeline (``normalize/numbers.py``, ``number_words.py``, ``units.py``)."""

from __future__ import annotations

import pytest

from extractor.normalize.number_words import read_number
from extractor.normalize.numbers import parse_digits, words_of
from extractor.normalize.units import split_glued


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8,26", 8.26),  # a European decimal comma (Wikinews copies of European wires)
        ("14,66", 14.66),
        ("1.111,11", 1111.11),
        ("5,00", 5.0),
        ("200,000", 200000.0),  # a thousands separator is three digits
        ("1,00,000", 100000.0),  # Indian grouping
        ("22,24,26", None),  # a list of numbers, not one
        ("1.2e12", 1.2e12),
        ("3:1", 3.0),  # a ratio: one digit after the colon
        ("3:10", None),  # a clock time, not a ratio
    ],
)
def test_parse_digits_decimal_comma_and_groups(text, value):
    assert parse_digits(text) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("one one hundred fifth", 1 / 105),  # a compound denominator
        ("one one hundred and fifth", 1 / 105),
        ("two one hundred twenty - firsts", 2 / 121),
        ("plus 3", 3.0),
        ("minus 5", -5.0),
        ("three twenty - firsts", 3 / 21),
        ("one in every five", 0.2),
        ("fivefold", 5.0),
    ],
)
def test_read_number_compound_denominators_and_signs(words, value):
    found = read_number(words.split())
    assert found is not None and found.n == len(words.split())
    assert found.value == pytest.approx(value)


def test_read_number_an_ordinal_after_a_count_is_no_denominator_of_it():
    """"the one hundred fifth anniversary": the count stops before the ordinal."""
    found = read_number("one hundred fifth".split())
    assert (found.n, found.value) == (2, 100.0)


@pytest.mark.parametrize(
    ("token", "parts"),
    [
        ("15W.", ("", "15", "W")),  # a capital unit keeps the sentence's stop in its token
        ("2C.", ("", "2", "C")),
        ("RM2.5bil", ("RM", "2.5", "bil")),
        ("1.2e12", None),  # one number in scientific notation, no unit "e12"
        ("20.", None),
    ],
)
def test_split_glued_stop_and_exponent(token, parts):
    assert split_glued(token) == parts


def test_money_scales_are_read_only_after_a_currency():
    """The letters a business desk writes for million and billion after a currency: "$4.5M",
    "US$ 1MM" (the rows of kind ``money_scale``)."""
    assert words_of("money_scale") == {"mm": "m", "m": "m", "b": "b", "k": "k", "bn": "bn"}
