"""extractor.normalize.numbers and extractor.normalize.units: pure parsing, no spaCy."""

from __future__ import annotations

import pytest

from extractor.normalize.numbers import (
    cue_table,
    interval,
    parse_number,
    vague_interval,
)
from extractor.normalize.units import unit_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200,000", 200_000),
        ("1,688", 1_688),
        ("1.2 million", 1_200_000),
        ("11 thousand", 11_000),
        ("US$40 billion", 40e9),
        ("£20.1 billion", 20.1e9),
        ("$269m", 269e6),
        ("US$140bn", 140e9),
        ("seventy", 70),
        ("fifty-two", 52),
        ("thirty-one", 31),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half", 0.5),
        ("half a million", 500_000),
        ("a hundred", 100),
        ("two hundred fifty", 250),
        ("one hundred and twenty", 120),
        ("two thousand five hundred", 2_500),
        ("484.68", 484.68),
    ],
)
def test_numbers_parse_number_reads_stated_value(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "citizens", "5 6k", "1,000 500", "twenty thirty", "tens of thousands", "21st"])
def test_numbers_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tens of thousands", (10_000, 100_000)),  # the contract's example
        ("thousands", (1_000, 10_000)),
        ("hundreds", (100, 1_000)),
        ("hundreds of thousands", (100_000, 1_000_000)),
        ("millions", (1e6, 1e7)),
        ("dozens", (12, 120)),
    ],
)
def test_numbers_vague_interval_spans_unit_to_ten_units(text, expected):
    assert vague_interval(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["thousand", "200,000", "tens of citizens", ""])
def test_numbers_vague_interval_rejects_non_vague(text):
    assert vague_interval(text) is None


@pytest.mark.parametrize(
    ("bound", "value", "expected"),
    [
        ("exact", 147_000, (147_000, 147_000)),
        ("more_than", 200_000, (200_000, None)),
        ("at_least", 2, (2, None)),
        ("less_than", 100, (None, 100)),
        ("at_most", 840, (None, 840)),
        ("approximate", 70_000, (None, None)),
    ],
)
def test_numbers_interval_follows_bound(bound, value, expected):
    assert interval(bound, value) == expected


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("US$40 billion", "US dollar"),
        ("£20.1 billion", "pound sterling"),
        ("15%", "percent"),
        ("5 percent", "percent"),
        ("3 per cent", "percent"),
        ("200 km", "kilometre"),
        ("20 tonnes", "tonne"),
        ("6 euros", "euro"),
        ("200,000", None),
        ("5 times", None),
    ],
)
def test_units_unit_of_normalizes_names(text, unit):
    assert unit_of(text) == unit


def test_numbers_cue_table_rows_are_well_formed():
    kinds = {"bound", "glue", "per", "change_left", "change_right", "number", "multiplier", "vague",
             "plural", "unit_name", "time_unit", "time_suffix", "month", "invariant_plural", "change_lemma", "few",
             "sign", "ordinal", "ordinal_unit", "not_fraction_before", "fraction_after", "bound_after",
             "one_idiom", "date_after", "vague_phrase", "one_noun", "street", "particle_verb", "metre_after", "verb_bound",
             "money_scale", "duration_before", "count_participle", "metre_event_end", "name_before",
             "proportion_size", "proportion_noun", "no_change_after", "move_verb", "age_clause", "change_by_lemma",
             "tally_verb", "tally_noun", "ratio_noun"}
    bounds = {"approximate", "more_than", "at_least", "less_than", "at_most"}
    rows = cue_table()
    assert rows and all(cue and cue == cue.strip() for cue, _, _ in rows)
    assert {kind for _, kind, _ in rows} == kinds
    assert {value for _, kind, value in rows if kind == "bound"} == bounds
    assert {value for _, kind, value in rows if kind == "per"} == {"day", "week", "month", "year", "hour"}
    assert all(float(value) > 0 for _, kind, value in rows if kind in ("multiplier", "vague"))
