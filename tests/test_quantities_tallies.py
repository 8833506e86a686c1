"""Scores and tallies, odds and ratios, nouns of time, "N over M", coordinated numbers, pence and
long digit strings (issue 8), on sentences written in wire style; the golden records of each rule
are in ``tests/golden/quantities_tallies.jsonl``. Here: the edges of each rule (what must stay a
range, a name or nothing), the claims built on the new quantities, and the percent conventions we
keep with their reasons."""

from __future__ import annotations

import pytest

import extractor
from extractor.components.quantity_units import _time_multiples
from models import Article


def _quantities(nlp, text: str) -> dict:
    result = extractor.extract(Article(id="t", text=text, published="2024-03-12"), nlp)
    return {q.text: (q.value, q.low, q.high, q.bound, q.unit, q.counted) for q in result.quantities}


def _dates(nlp, text: str) -> list[str]:
    return [d.text for d in extractor.extract(Article(id="t", text=text, published="2024-03-12"), nlp).dates]


# (sentence, the two counts of its tally as written, the counted noun)
TALLIES = [
    ("Leeds drew 2-2 with Everton on Sunday.", ("2", "2"), None),
    ("The Lakers lost 98-105 to the Celtics.", ("98", "105"), None),
    ("The House voted 218-214 to pass the bill.", ("218", "214"), None),
    ("The justices ruled 6 to 3 that the law stood.", ("6", "3"), None),
    ("Rangers took a 2-0 lead into the break.", ("2", "0"), "lead"),
    ("The committee split along party lines in a vote of 12-9.", ("12", "9"), "vote"),
]


@pytest.mark.parametrize(("text", "counts", "counted"), TALLIES, ids=[t[0][:30] for t in TALLIES])
@pytest.mark.parametrize("pipeline", ["model", "blank"])
def test_a_tally_is_two_exact_counts_never_a_range_or_a_date(nlp_model, nlp_blank, pipeline, text, counts, counted):
    nlp = nlp_model if pipeline == "model" else nlp_blank
    got = _quantities(nlp, text)
    for count in counts:
        value = float(count)
        assert got.get(count) == (value, value, value, "exact", None, counted), got
    assert not [q for q in got.values() if q[3] == "range"], got
    assert not [d for d in _dates(nlp, text) if any(c in d for c in counts) and d[:1].isdigit()]


# Dashes and "to" that are no tally: a range, a model code, a ratio, a count after a verb of winning.
NOT_TALLIES = [
    ("Temperatures of 20-25 degrees are forecast.", "20-25 degrees", (None, 20.0, 25.0, "range")),
    ("Between 5 and 10 people were hurt.", "Between 5 and 10", (None, 5.0, 10.0, "range")),
    ("Shares ended 2-3% higher on the day.", "2-3%", (None, 2.0, 3.0, "range")),
    ("The candidate won 5 to 10 million votes in each state.", "5 to 10 million", (None, 5e6, 1e7, "range")),
    ("Pollsters expect the party to win 5 to 10 seats.", "5 to 10", (None, 5.0, 10.0, "range")),
    ("The rebels won 20-30 villages back last year.", "20-30", (None, 20.0, 30.0, "range")),
    ("The team won 12 games in a row.", "12", (12.0, 12.0, 12.0, "exact")),
    ("Voters backed it by a three-to-one margin.", "three-to-one", (3.0, 3.0, 3.0, "exact")),
]


@pytest.mark.parametrize(("text", "span", "expected"), NOT_TALLIES, ids=[t[1] for t in NOT_TALLIES])
def test_what_is_no_tally_keeps_its_reading(nlp_blank, text, span, expected):
    got = _quantities(nlp_blank, text)
    assert got[span][:4] == expected, got


def test_a_rising_hyphenated_pair_is_no_ratio(nlp_blank):
    """"a 30-to-60-day process" is a range (read today only as its first end, see README Limits),
    never the ratio 0.5: odds and ratios are written larger first."""
    got = _quantities(nlp_blank, "The firm expects a 30-to-60-day bankruptcy process.")
    assert got and all(q[0] != 0.5 for q in got.values()), got


def test_a_model_code_with_a_dash_is_no_tally(nlp_blank):
    """"787-8" after a name: digits glued by a dash to smaller digits are a model code."""
    assert _quantities(nlp_blank, "Boeing delivered the 787-8 to the airline, which won 3 awards.") == \
        {"3": (3.0, 3.0, 3.0, "exact", None, "awards")}


# Lengths of time in a unit that is a multiple of another: counted in the base unit, as the dates
# component's TIMEX3 value is (P10Y, P2W), so "a decade" and "10 years" meet.
LENGTHS = [
    ("He spent two decades in the job.", "two decades", 20.0, "year"),
    ("The dynasty ruled for three centuries.", "three centuries", 300.0, "year"),
    ("The strike lasted for over a decade.", "over a decade", 10.0, "year"),
    ("Repairs will take a fortnight.", "a fortnight", 2.0, "week"),
    ("The treaty held for half a century.", "half a century", 50.0, "year"),
    ("He was banned for a year.", "a year", 1.0, "year"),
    ("The strike lasted nearly a year.", "nearly a year", 1.0, "year"),
    ("Patients waited more than a day for a bed.", "more than a day", 1.0, "day"),
]


@pytest.mark.parametrize(("text", "span", "value", "unit"), LENGTHS, ids=[t[1] for t in LENGTHS])
def test_a_length_of_time_is_counted_in_its_base_unit(nlp_blank, text, span, value, unit):
    got = _quantities(nlp_blank, text)
    assert got[span][0] == value and got[span][4] == unit, got


# "a day", "a year" that measure nothing: only a multiple unit (decade, century, fortnight) is a
# length wherever it stands; a plain one needs a word of duration before it ("for a year").
NOT_LENGTHS = [
    "Today is the company's day, a day to celebrate the launch.",
    "Oil fell to a year low on Friday.",
    "Today marked a day in history for the exchange.",
    "The plant makes 300 cars a day.",
]


@pytest.mark.parametrize("text", NOT_LENGTHS)
def test_a_singular_time_word_measures_nothing_without_a_word_of_duration(nlp_blank, text):
    assert not [t for t in _quantities(nlp_blank, text) if t in ("a day", "a year")]


def test_the_time_multiples_come_from_the_time_units_table():
    assert _time_multiples() == {"decade": (10.0, "year"), "century": (100.0, "year"), "fortnight": (2.0, "week")}


# "over" right after a number: a fraction read aloud when nothing follows ("2000 over 3", the
# number grammar's reading), else neither a bound nor "more than" ("45 over 3 games").
OVER = [
    ("The team scored 45 over 3 games.", {"45": 45.0, "3": 3.0}),
    ("Inspectors checked 400 over 2 days.", {"400": 400.0, "2 days": 2.0}),
]


@pytest.mark.parametrize(("text", "values"), OVER, ids=[t[0][:30] for t in OVER])
def test_over_between_two_numbers_bounds_neither(nlp_blank, text, values):
    got = _quantities(nlp_blank, text)
    assert {k: v[0] for k, v in got.items()} == values
    assert all(v[3] == "exact" for v in got.values()), got


# Numbers coordinated before one counted noun all count it, and share the change.
COORDINATED = [
    ("Stocks dipped by 96 points and 50 points, respectively.", {"96 points": "decrease", "50 points": "decrease"}),
    ("The two indexes went up by 10.24% and 6.57% respectively.", {"two": None, "10.24%": "increase", "6.57%": "increase"}),
]


@pytest.mark.parametrize(("text", "changes"), COORDINATED, ids=[t[0][:30] for t in COORDINATED])
def test_coordinated_numbers_share_the_change(nlp_blank, text, changes):
    result = extractor.extract(Article(id="t", text=text, published="2024-03-12"), nlp_blank)
    assert {q.text: q.change for q in result.quantities} == changes


def test_coordinated_numbers_with_their_own_nouns_keep_them(nlp_model):
    got = _quantities(nlp_model, "The carmaker cut 1,600 jobs and 400 contracts.")
    assert got["1,600"][5] == "jobs" and got["400"][5] == "contracts"


# Claims on the new quantities: subject, predicate, time and source as for any other.
CLAIMS = [
    ("The opposition leader returned home on Monday after a decade in exile, his lawyer said.",
     "a decade", "The opposition leader", "return", "2024-03-11", "his lawyer"),
    ("Talks lasted a fortnight in March, diplomats said.", "a fortnight", "Talks", "last", "2024-03-01", "diplomats"),
    ("The Senate approved the bill in a 52-48 vote on Tuesday, officials said.", "52", "vote", "approve",
     "2024-03-12", "officials"),
    ("The Senate approved the bill in a 52-48 vote on Tuesday, officials said.", "48", "vote", "approve",
     "2024-03-12", "officials"),
]


@pytest.mark.parametrize(("text", "quantity", "subject", "lemma", "begin", "source"), CLAIMS,
                         ids=[f"{c[1]}-{c[0][:20]}" for c in CLAIMS])
def test_claims_on_lengths_and_tallies(nlp_model, text, quantity, subject, lemma, begin, source):
    result = extractor.extract(Article(id="c", text=text, published="2024-03-15"), nlp_model)
    claims = [c for c in result.claims if result.quantities[c.quantity].text == quantity]
    assert len(claims) == 1
    claim = claims[0]
    assert claim.subject is not None and claim.subject.text == subject
    assert claim.predicate is not None and claim.predicate.lemma == lemma
    assert claim.time is not None and str(claim.time.begin) == begin
    assert claim.source is not None and claim.source.text == source


# Percent mentions without a figure. "a small percentage of voters" is a vague amount in percent
# (value null): its size word commits the text to a claim a desk can check against the real share.
# An unsized mention commits to nothing, even before "of" ("a percentage of the proceeds" says only
# that some share exists, as "some of the proceeds" would, and "some" alone is no quantity either);
# recording every such word would also take the questions and column names of the specs ("How do I
# calculate a percentage?", "the % of increase"), which state no proportion at all.
PERCENT_WORDS = [
    ("A small percentage of the proceeds will go to charity.", {"A small percentage": (None, "percent", "vague")},
     "sized in words: a vague proportion a desk can check"),
    ("A percentage of the proceeds will go to charity.", {},
     "unsized: no figure, no bound, nothing to check a share against"),
    ("Readers asked how to work out a percentage.", {}, "a word for the idea, no claim"),
    ("The chart shows the % of change by region.", {}, "a column name states no proportion"),
]


@pytest.mark.parametrize(("text", "expected", "reason"), PERCENT_WORDS, ids=[p[2][:30] for p in PERCENT_WORDS])
@pytest.mark.parametrize("pipeline", ["model", "blank"])
def test_a_percent_mention_is_a_quantity_only_when_sized(nlp_model, nlp_blank, pipeline, text, expected, reason):
    nlp = nlp_model if pipeline == "model" else nlp_blank
    got = {k: (v[0], v[4], v[3]) for k, v in _quantities(nlp, text).items()}
    assert got == expected, reason


# Pence glued to the number are a quantity, and the clock time the dates component read in them
# is dropped; an hour 1-12 after "at" may be chat's "7 p.m." as well, so both readings stay.
PENCE = [
    ("Shares in the grocer rose 14p to 310p.", ["14p", "310p"], []),
    ("The stamp price rises by 5p to 85p.", ["5p", "85p"], []),
    ("I'll be back at 7p to collect it.", ["7p"], ["7p"]),
]


@pytest.mark.parametrize(("text", "quantities", "dates"), PENCE, ids=[p[0][:25] for p in PENCE])
def test_pence_are_quantities_and_no_clock_unless_an_hour_after_at(nlp_blank, text, quantities, dates):
    result = extractor.extract(Article(id="p", text=text, published="2024-03-12"), nlp_blank)
    assert [q.text for q in result.quantities] == quantities
    assert [d.text for d in result.dates] == dates
