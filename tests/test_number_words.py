"""``normalize/number_words.read_number``: the grammar of English numerals, word by word."""

from __future__ import annotations

import math

import pytest

from extractor.normalize.number_words import read_number

CASES = [
    # (text, the words read as the number, value)
    ("thirty-one thousand four hundred and six people", "thirty-one thousand four hundred and six", 31406),
    ("one hundred and sixteen", "one hundred and sixteen", 116),
    ("4 thousand 3 hundred and 21", "4 thousand 3 hundred and 21", 4321),
    ("two hundred and two thousand", "two hundred and two thousand", 202000),
    ("3 hundred and 2 hundred", "3 hundred", 300),  # two numbers
    ("twenty-one trillion and three hundred", "twenty-one trillion and three hundred", 21e12 + 300),
    ("6 crore and two hundred", "6 crore and two hundred", 60000200),
    ("three lakh crore", "three lakh crore", 3e12),
    ("two thirds of voters", "two thirds", 2 / 3),
    ("a third of the budget", "a third", 1 / 3),
    ("three-quarters of staff", "three-quarters", 0.75),
    ("five and a half million", "five and a half million", 5.5e6),
    ("3 million and a half", "3 million and a half", 3.5e6),
    ("two thirds of a million", "two thirds of a million", 2e6 / 3),
    ("one hundred and three quarters", "one hundred and three quarters", 100.75),
    ("one hundred thirty-fifths", "one hundred thirty-fifths", 100 / 35),
    ("one in three Americans", "one in three", 1 / 3),
    ("one out of four patients", "one out of four", 0.25),
    ("12 out of 10", "12", 12),  # no proportion above one
    ("one in 2008", "one", 1),  # a year is no denominator
    ("two hundred point zero three", "two hundred point zero three", 200.03),
    ("minus 5 percent", "minus 5", -5),
    ("negative one", "negative one", -1),
    ("1.3x10 ^ 6", "1.3x10 ^ 6", 1.3e6),
    ("6.02×10²³ atoms", "6.02×10²³", 6.02e23),
    ("half a dozen", "half a dozen", 6),
    ("a dozen eggs", "a dozen", 12),
    ("2 1/4 miles", "2 1/4", 2.25),
    ("fifty two weeks", "fifty two", 52),
    ("20 five", "20", 20),  # digits and a word make no tens + units
]


def _words(text: str) -> list[str]:
    return text.lower().replace("-", " - ").split()


@pytest.mark.parametrize(("text", "read", "value"), CASES)
def test_number_words_read_number(text, read, value):
    found = read_number(_words(text))
    assert found is not None
    assert math.isclose(found.value, value, rel_tol=1e-9), found
    assert _words(text)[: found.n] == _words(read)


@pytest.mark.parametrize("text", ["a", "the", "point five", "and", "percent of 10"])
def test_number_words_not_a_number(text):
    assert read_number(_words(text)) is None
