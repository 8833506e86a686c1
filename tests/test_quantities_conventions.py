"""Where Microsoft Recognizers-Text's English specs (``../shared/dev/recognizers/``) follow that
project's conventions rather than a newsroom's, these tests assert OUR answer, each with its reason.
The sentences are written in wire style; none is copied from the specs."""

from __future__ import annotations

import pytest

import extractor
from models import Article

# (sentence, {span text: (value, unit, bound)} of every quantity expected, reason)
CASES = [
    ("The attacks came from the address 192.168.1.2, the company said.", {},
     "an IP address is an identifier, not four numbers"),
    ("Readers can call +1-222-2222-2222 for details.", {},
     "a phone number is an identifier, not a range or four numbers"),
    ("The meeting is set for 5/17/2018, officials said.", {},
     "parts of a date are never quantities (CONTRACT.md)"),
    ("The party won 40 percent of 210 seats.",
     {"40 percent": (40, "percent", "exact"), "210": (210, None, "exact")},
     "'percent of 210' does not make 210 a percentage: the percentage is the number before 'percent'"),
    ("Only a small percent of applicants reach the final round.", {"a small percent": (None, "percent", "vague")},
     "a proportion sized in words is a vague amount in percent (CONTRACT: value null), a claim a desk can check"),
    ("How do I calculate a percentage?", {},
     "a percentage that no one sizes is a word, not a claim (the specs count it)"),
    ("The table shows the % of increase in the last month.", {},
     "'the % of increase' names a column, it states no proportion (the specs count it)"),
    ("Output growth reached per cent of 7.5 in the first quarter, the translated bulletin said.",
     {"per cent of 7.5": (7.5, "percent", "exact")},
     "a percent word with no figure of its own, then 'of' and a number that counts nothing, is that "
     "number as a percentage: the word order of copy translated word for word (Chinese 百分之七点五)"),
    ("Unemployment fell to percents of twenty-two, according to the bureau.",
     {"percents of twenty-two": (22, "percent", "exact")},
     "the same order with a number in words and the plural the translations write"),
    ("The alliance took percent of 210 seats in the chamber.", {"210": (210, None, "exact")},
     "where the number counts a noun, 'of 210 seats' names the whole and 210 is no percentage"),
    ("Turnout rose to more than 2 in 5 voters.", {"more than 2 in 5": (0.4, None, "more_than")},
     "'2 in 5' is a proportion in news copy (the specs read 'more than 2' and leave 'in 5')"),
    ("The fund is worth 10M in the accounts.", {"10M": (10, None, "exact")},
     "an upper-case 'M' is million only after a currency ('$4.5M'): '3M' or '10M' alone may be a name, "
     "so the letter stays the unknown unit_text"),
    ("The fine is equal to 20 percent of annual turnover.", {"20 percent": (20, "percent", "exact")},
     "'equal to 20' is an exact figure, not a range [20, 20]"),
    ("He ranks between the tenth and the fifteenth in the world.", {},
     "ranks are ordinals, which are not quantities"),
    ("Each 180ml bottle costs more than a litre of milk.", {"180ml": (180, "millilitre", "exact")},
     "a measured amount with its unit is a quantity even when it modifies a noun"),
    ("The wall is 1m high, and the film drew 70m viewers.",
     {"1m": (1, "metre", "exact"), "70m": (70e6, None, "exact")},
     "a glued 'm' is a metre before a dimension word, a million elsewhere (the specs say '1m' is no number)"),
    ("The operator promised download speeds of 10G in the capital.", {"10G": (10, None, "exact")},
     "'G' is no scale word in news copy (the specs read 10G as ten billion); the unit stays unknown"),
    ("Output rose from 200 to 300 units in 2008.", {"200 to 300": (None, None, "range")},
     "a range followed by a year is still a range (the specs expect nothing)"),
]


@pytest.mark.parametrize(("text", "expected", "reason"), CASES, ids=[c[2][:40] for c in CASES])
@pytest.mark.parametrize("pipeline", ["model", "blank"])
def test_quantities_news_conventions(nlp_model, nlp_blank, pipeline, text, expected, reason):
    nlp = nlp_model if pipeline == "model" else nlp_blank
    result = extractor.extract(Article(id="c", text=text, published="2024-03-12"), nlp)
    got = {q.text: (q.value, q.unit, q.bound) for q in result.quantities}
    assert got == {k: (float(v) if v is not None else None, u, b) for k, (v, u, b) in expected.items()}, reason
