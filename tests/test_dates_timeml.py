"""TIMEX3 values for each class of what news copy says about time, on news sentences.

Each case: an anchor (the publication date), a sentence, and the dates expected in it, in order,
as ``(text, type, value, begin, end)``. The classes follow issue 10: anchoring, calendar parts,
durations with modifiers, reference words, sets, ranges and combinations, times, not-dates.
Sentences are written in wire style or taken from the bundled Wikinews corpus (id given).
"""

from __future__ import annotations

from datetime import date

import pytest

from extractor.components.extensions import DATES

D = date.fromisoformat


@pytest.fixture(scope="module")
def nlp(nlp_model):
    """The production pipeline (conftest)."""
    return nlp_model


def dates_in(nlp, text: str, anchor: str) -> list[tuple]:
    doc = nlp.make_doc(text)
    doc._.wc_anchor = D(anchor)
    doc = nlp(doc)
    return [(s.text, s.label_, s._.wc_timex["value"], s._.wc_timex["begin"], s._.wc_timex["end"])
            for s in doc.spans[DATES]]


def timex_of(nlp, text: str, anchor: str, which: str) -> dict:
    doc = nlp.make_doc(text)
    doc._.wc_anchor = D(anchor)
    doc = nlp(doc)
    return next(s._.wc_timex for s in doc.spans[DATES] if s.text == which)


ANCHORING = [  # 1: a year for a bare month or day, tense for weekdays, "later" counts forward
    ("2009-03-10", "The company said it plans to open the plant in June.",
     [("June", "date", "2009-06", "2009-06-01", "2009-06-30")]),
    ("2010-01-12", "The bank reported the loss on Nov. 30.",
     [("Nov. 30", "date", "2009-11-30", "2009-11-30", "2009-11-30")]),
    ("2008-09-17", "Lehman Brothers filed for bankruptcy on Monday.",
     [("Monday", "date", "2008-09-15", "2008-09-15", "2008-09-15")]),
    ("2008-09-17", "The board will meet again on Monday to review the offer.",
     [("Monday", "date", "2008-09-22", "2008-09-22", "2008-09-22")]),
    ("2008-09-17", "The strike began in March 2007 and the plant reopened a year later.",
     [("March 2007", "date", "2007-03", "2007-03-01", "2007-03-31"),
      ("a year later", "date", "2008", "2008-01-01", "2008-12-31")]),
    ("2008-09-17", "The deal was signed on July 1, 2008, and three weeks later the shares were listed.",
     [("July 1, 2008", "date", "2008-07-01", "2008-07-01", "2008-07-01"),
      ("three weeks later", "date", "2008-W30", "2008-07-21", "2008-07-27")]),
    ("2008-09-17", "Prices peaked on July 11, 2008; the day before, crude had risen 2 percent.",
     [("July 11, 2008", "date", "2008-07-11", "2008-07-11", "2008-07-11"),
      ("the day before", "date", "2008-07-10", "2008-07-10", "2008-07-10")]),
]

CALENDAR_PARTS = [  # 2: quarters, halves, seasons, fiscal years
    ("2009-10-21", "Profit fell 12 percent last quarter.",
     [("last quarter", "date", "2009-Q3", "2009-07-01", "2009-09-30")]),
    ("2009-10-21", "Sales in the third quarter rose 4 percent.",
     [("the third quarter", "date", "2009-Q3", "2009-07-01", "2009-09-30")]),
    ("1995-02-01", "The company earned $12 million in the 1994 third quarter.",
     [("the 1994 third quarter", "date", "1994-Q3", "1994-07-01", "1994-09-30")]),
    ("2009-10-21", "Earnings for the quarter beat forecasts.",
     [("the quarter", "date", "2009-Q4", "2009-10-01", "2009-12-31")]),
    ("2023-08-02", "Revenue grew 8 percent in H1 2023 and the company expects a slower Q3.",
     [("H1 2023", "date", "2023-H1", "2023-01-01", "2023-06-30"),
      ("Q3", "date", "2023-Q3", "2023-07-01", "2023-09-30")]),
    ("2008-11-05", "The airline expects to return to profit in fiscal 2010.",
     [("fiscal 2010", "date", "FY2010", None, None)]),
    ("2008-11-05", "The ministry will cut spending next fiscal year.",
     [("next fiscal year", "date", "FY2009", None, None)]),
    ("2009-10-21", "Unemployment rose sharply last spring.",
     [("last spring", "date", "2009-SP", "2009-03-01", "2009-05-31")]),
    ("2009-11-03", "Gas prices are expected to climb this winter.",
     [("this winter", "date", "2009-WI", "2009-12-01", "2010-02-28")]),
    ("2009-05-12", "Exports fell 30 percent in the first half of 2009.",
     [("the first half of 2009", "date", "2009-H1", "2009-01-01", "2009-06-30")]),
]

DURATIONS = [  # 3: with their modifiers (mod is checked in its own test)
    ("2009-07-01", "The talks lasted nearly nine years.", [("nearly nine years", "duration", "P9Y", None, None)]),
    ("2009-07-01", "Rescuers had a mere 48 hours to reach the miners.", [("a mere 48 hours", "duration", "PT48H", None, None)]),
    ("2009-07-01", "The reactor has been shut for more than a decade.",
     [("more than a decade", "duration", "P10Y", None, None)]),
    ("2009-07-01", "She leaves after her six-year tenure as chief executive.",
     [("six-year", "duration", "P6Y", None, None)]),
    ("2009-07-01", "Haile Gebrselassie won the race in 2:04:11.", [("2:04:11", "duration", "PT2H4M11S", None, None)]),
    ("2009-07-01", "The election was called in May, and two months earlier the coalition had collapsed.",
     [("May", "date", "2009-05", "2009-05-01", "2009-05-31"),
      ("two months earlier", "date", "2009-03", "2009-03-01", "2009-03-31")]),
    ("2009-07-01", "The flight took half an hour.", [("half an hour", "duration", "PT30M", None, None)]),
]

REFERENCE_WORDS = [  # 4
    ("2009-07-01", "The mine is currently closed.", [("currently", "date", "PRESENT_REF", None, None)]),
    ("2009-07-01", "Prices have fallen in recent months.", [("recent months", "duration", "PXM", None, None)]),
    ("2009-07-01", "The minister, who was in Paris at the time, declined to comment.",
     [("at the time", "date", "PAST_REF", None, None)]),
    ("2009-07-01", "The city was founded in the 19th century.",
     [("the 19th century", "date", "18", "1800-01-01", "1899-12-31")]),
    ("2009-07-01", "Inflation was higher in the 1980s.", [("the 1980s", "date", "198", "1980-01-01", "1989-12-31")]),
]

SETS = [  # 5
    ("2009-07-01", "The ferry leaves every evening.", [("every evening", "set", "TEV", None, None)]),
    ("2009-07-01", "The company pays a dividend each quarter.", [("each quarter", "set", "P3M", None, None)]),
    ("2009-07-01", "The council meets twice a year.", [("twice a year", "set", "P1Y", None, None)]),
    ("2009-07-01", "Inspections take place every other month.", [("every other month", "set", "P2M", None, None)]),
    ("2009-07-01", "The market is held on Tuesdays.", [("Tuesdays", "set", "XXXX-WXX-2", None, None)]),
]

RANGES = [  # 6
    ("2013-01-10", "Output grew in 2011-2012.",
     [("2011-2012", "interval", "2011-01-01/2012-12-31", "2011-01-01", "2012-12-31")]),
    ("1990-01-10", "He served in the 1961-62 season.",
     [("1961-62", "interval", "1961-01-01/1962-12-31", "1961-01-01", "1962-12-31")]),
    ("2009-07-01", "Rainfall was scarce between March and May.",
     [("between March and May", "interval", "2009-03-01/2009-05-31", "2009-03-01", "2009-05-31")]),
    ("2009-10-01", "The festival ran between 3 and 12 September.",
     [("between 3 and 12 September", "interval", "2009-09-03/2009-09-12", "2009-09-03", "2009-09-12")]),
    ("2009-10-01", "Trading was suspended from January to April 2009.",
     [("from January to April 2009", "interval", "2009-01-01/2009-04-30", "2009-01-01", "2009-04-30")]),
    ("2015-01-20", "Sales slumped in the first week of 2015.",
     [("the first week of 2015", "date", "2015-W01", "2014-12-29", "2015-01-04")]),
    ("2009-07-01", "The summit opens tomorrow at 8:00 a.m.",
     [("tomorrow at 8:00 a.m.", "time", "2009-07-02T08:00", "2009-07-02", "2009-07-02")]),
    ("2009-10-01", "Polls close on October 14 at 8:00.",
     [("October 14 at 8:00", "time", "2009-10-14T08:00", "2009-10-14", "2009-10-14")]),
    ("2009-04-20", "Prices rose in the first six months of 2008.",
     [("the first six months of 2008", "interval", "2008-01-01/2008-06-30", "2008-01-01", "2008-06-30")]),
    ("2009-07-01", "The vote will be held two weeks after Christmas.",
     [("two weeks after Christmas", "date", "2010-01-08", "2010-01-08", "2010-01-08")]),
]

TIMES = [  # 7: a time of day, never a year; the zone is kept
    ("2009-07-01", "At 1430 GMT the index stood at 4,210.", [("1430 GMT", "time", "T14:30", None, None)]),
    ("2009-07-01", "The results are due at 9 PM ET on Tuesday.",
     [("9 PM ET on Tuesday", "time", "2009-07-07T21:00", "2009-07-07", "2009-07-07")]),
]

NOT_DATES = [  # 8
    ("2009-07-01", "Wait one second, the officer told reporters.", []),
    ("2009-07-01", "The convoy carried six months' worth of food.", []),
    ("2009-07-01", "Police said 1,500 people attended the rally.", []),
]

CASES = [(c, *case) for c, rows in (("anchoring", ANCHORING), ("calendar", CALENDAR_PARTS), ("durations", DURATIONS),
                                     ("reference", REFERENCE_WORDS), ("sets", SETS), ("ranges", RANGES),
                                     ("times", TIMES), ("not-dates", NOT_DATES)) for case in rows]


@pytest.mark.parametrize(("kind", "anchor", "text", "expected"), CASES, ids=[f"{c[0]}:{c[2][:40]}" for c in CASES])
def test_dates_timeml_by_class(nlp, kind, anchor, text, expected):
    assert dates_in(nlp, text, anchor) == expected


@pytest.mark.parametrize(("text", "which", "key", "value"), [
    ("The talks lasted nearly nine years.", "nearly nine years", "mod", "LESS_THAN"),
    ("The reactor has been shut for more than a decade.", "more than a decade", "mod", "MORE_THAN"),
    ("The council meets twice a year.", "twice a year", "freq", "2X"),
    ("At 1430 GMT the index stood at 4,210.", "1430 GMT", "timezone", "GMT"),
    ("The results are due at 9 PM ET on Tuesday.", "9 PM ET on Tuesday", "timezone", "ET"),
])
def test_dates_timeml_mod_freq_and_zone(nlp, text, which, key, value):
    assert timex_of(nlp, text, "2009-07-01", which)[key] == value


@pytest.mark.parametrize(("text", "which", "begin", "end"), [
    ("Officials expect more flooding over the next three days.", "the next three days", "2009-07-02", "2009-07-04"),
    ("The index has doubled over the past five years.", "the past five years", "2004-07-01", "2009-07-01"),
])
def test_dates_timeml_anchored_duration_keeps_its_value_and_gets_a_period(nlp, text, which, begin, end):
    # TimeML: "the next three days" is a DURATION (P3D) anchored to the document time: the record
    # says so with type interval, the TIMEX3 value P3D and the days it covers (also the claim's period).
    timex = timex_of(nlp, text, "2009-07-01", which)
    assert (timex["type"], timex["begin"], timex["end"]) == ("interval", begin, end)
    assert timex["value"].startswith("P")
    assert (timex["period"]["begin"], timex["period"]["end"]) == (begin, end)


# Where the Recognizers-Text suite follows a chat assistant's convention, our TimeML answer.
CONVENTIONS = [
    # TimeML resolves "last Wednesday" to the most recent Wednesday before the document date
    ("2019-01-31", "Where were you last Wednesday?", "last Wednesday", "2019-01-30"),
    # "next Friday" is the first Friday after the document date, not the one of next week
    ("2019-01-31", "The board meets next Friday.", "next Friday", "2019-02-01"),
    # an unspecified count is X in TIMEX3: "a few hours" is PTXH, not PT3H
    ("2019-01-31", "The storm lasted a few hours.", "a few hours", "PTXH"),
    # a length that measured how long something took stays a DURATION ("in two weeks" looking ahead
    # is the date two weeks on: tests/test_dates_classes.py)
    ("2019-01-31", "The plant was rebuilt in two weeks.", "two weeks", "P2W"),
    # TIMEX3 keeps the unit's granularity: "two months ago" is a month, not a day
    ("2018-10-17", "The typhoon hit two months ago.", "two months ago", "2018-08"),
    # a deictic weekday is resolved against the document date, not left as XXXX-WXX-1
    ("2019-01-31", "The strike ended on Monday.", "Monday", "2019-01-28"),
    # "semi-annually" recurs every six months: P6M, the same period as the suite's P0.5Y
    ("2019-01-31", "The report is published semi-annually.", "semi-annually", "P6M"),
]


@pytest.mark.parametrize(("anchor", "text", "which", "value"), CONVENTIONS, ids=[c[2] for c in CONVENTIONS])
def test_dates_timeml_where_the_recognizers_suite_differs(nlp, anchor, text, which, value):
    assert timex_of(nlp, text, anchor, which)["value"] == value
