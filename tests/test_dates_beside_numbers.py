"""Where dates meet counts: a weekday followed by a number, and the model's DATE on bare number
ranges. The number is a quantity and the weekday alone is the date; "Friday the 13th" stays a date."""

from __future__ import annotations

import pytest

import extractor
from models import Article

PUBLISHED = "2016-10-12"  # a Wednesday

# (sentence, quantity text, low, high, unit, dates expected as (text, value))
COUNTS = [
    ("In a poll released Monday, 31 percent of voters said they backed the plan.",
     "31 percent", 31.0, 31.0, "percent", [("Monday", "2016-10-10")]),
    ("Shares of the carmaker fell Tuesday 3 percent after the recall.",
     "3 percent", 3.0, 3.0, "percent", [("Tuesday", "2016-10-11")]),
    ("The index closed Friday, 12 points below its record.",
     "12 points", 12.0, 12.0, "point", [("Friday", "2016-10-07")]),
    ("Between 20 and 30 people were hurt when the stand collapsed.",
     "Between 20 and 30", 20.0, 30.0, None, []),
    ("Only those aged between 18 and 25 can join the scheme.",
     "between 18 and 25", 18.0, 25.0, "year", []),  # an age: unit year, counted "age"
]


@pytest.mark.parametrize(("text", "quantity", "low", "high", "unit", "dates"), COUNTS)
def test_dates_number_after_weekday_or_bare_range_is_a_count(nlp_model, text, quantity, low, high, unit, dates):
    result = extractor.extract(Article(id="n", text=text, published=PUBLISHED), nlp_model)
    found = {q.text: q for q in result.quantities}
    assert quantity in found, sorted(found)
    q = found[quantity]
    assert (q.low, q.high, q.unit) == (low, high, unit)
    assert [(d.text, d.value) for d in result.dates] == dates


# A weekday with "the" or an ordinal day is still one date (the nearest such day before a past report).
DAYS = [
    ("The blast happened on Friday the 13th, police said.", "Friday the 13th", "2016-05-13"),
    ("Polls closed on Tuesday, the 4th, and counting began.", "Tuesday, the 4th", "2016-10-04"),
    ("The market crashed on Monday 19th, traders recalled.", "Monday 19th", "2016-09-19"),
]


@pytest.mark.parametrize(("text", "date_text", "value"), DAYS)
def test_dates_weekday_with_day_of_month(nlp_model, text, date_text, value):
    result = extractor.extract(Article(id="d", text=text, published=PUBLISHED), nlp_model)
    assert [(d.text, d.value) for d in result.dates] == [(date_text, value)]
