"""Golden TIMEX3 values for calendar forms, compact dates, lengths, school years and summed
offsets (issue 10), on news sentences written in wire style. Each case is an anchor (the
publication date), a sentence, the expression and what the record holds: ``(type, value, begin,
end)``. Every rule is shown on at least two sentences; the last tables assert what is not a date,
and our answer where the Recognizers-Text suite follows another convention, with the reason.
"""

from __future__ import annotations

from datetime import date

import pytest

from extractor.components.extensions import DATES
from extractor.normalize.date_compact import compact
from extractor.normalize.date_numbers import digits

D = date.fromisoformat


def found(nlp, anchor: str, text: str) -> dict:
    doc = nlp.make_doc(text)
    doc._.wc_anchor = D(anchor)
    doc = nlp(doc)
    return {s.text: s._.wc_timex for s in doc.spans[DATES]}


def reading(nlp, anchor: str, text: str, which: str) -> tuple:
    spans = found(nlp, anchor, text)
    assert which in spans, (which, list(spans))
    t = spans[which]
    return t["type"], t["value"], t["begin"], t["end"]


CLASSES = {
    # A month name glued to its day, as tables and chat copy write it: the day (TIMEX3 DATE), its
    # year by the tense as for "October 2".
    "glued month and day": [
        ("2018-06-01", "Shipments resume Oct/2, the company said.", "Oct/2", ("date", "2018-10-02", "2018-10-02", "2018-10-02")),
        ("2018-06-01", "The index closed at a record on Mar3.", "Mar3", ("date", "2018-03-03", "2018-03-03", "2018-03-03")),
        ("2018-06-01", "Eli Lilly sold the unit on Dec31, 1994.", "Dec31, 1994", ("date", "1994-12-31", "1994-12-31", "1994-12-31")),
    ],
    # A month name between digits, any order a filing or a spreadsheet uses.
    "month name between digits": [
        ("2018-10-24", "The filing is dated 05-Aug-2016.", "05-Aug-2016", ("date", "2016-08-05", "2016-08-05", "2016-08-05")),
        ("2020-01-10", "The notice, dated 2019-Aug-1, was withdrawn.", "2019-Aug-1", ("date", "2019-08-01", "2019-08-01", "2019-08-01")),
        ("2021-01-10", "Trading halted on 23/Sep/2020 after the outage.", "23/Sep/2020", ("date", "2020-09-23", "2020-09-23", "2020-09-23")),
        ("2021-01-10", "The board met on Sep-23-2020.", "Sep-23-2020", ("date", "2020-09-23", "2020-09-23", "2020-09-23")),
    ],
    # Eight digits that make a valid year, month and day (ISO 8601's basic format).
    "eight-digit date": [
        ("2017-01-05", "The regulator's order 20161016 took effect that week.", "20161016", ("date", "2016-10-16", "2016-10-16", "2016-10-16")),
        ("2017-05-05", "The filing dated 20170302 was revised on Friday.", "20170302", ("date", "2017-03-02", "2017-03-02", "2017-03-02")),
    ],
    # A day in digits with a two-digit year: US month/day unless the first number cannot be a
    # month; the year is the one of its century nearest the anchor.
    "numeric day with a year": [
        ("2016-11-07", "Prices were set on 5/3/18, the ministry said.", "5/3/18", ("date", "2018-05-03", "2018-05-03", "2018-05-03")),
        ("2007-07-09", "The jet was rolled out on 7/8/07 in Everett.", "7/8/07", ("date", "2007-07-08", "2007-07-08", "2007-07-08")),  # as wikinews-73808
        ("2016-11-07", "The law took effect 23/08/15 nationwide.", "23/08/15", ("date", "2015-08-23", "2015-08-23", "2015-08-23")),
    ],
    # A quarter with a dash before its year, in either case ("q3 2019" in chat copy).
    "quarter and year": [
        ("2019-06-01", "Revenue rose in q1-2019.", "q1-2019", ("date", "2019-Q1", "2019-01-01", "2019-03-31")),
        ("2019-06-01", "Margins narrowed in Q3-2018, the filing shows.", "Q3-2018", ("date", "2018-Q3", "2018-07-01", "2018-09-30")),
    ],
    # A working week is the calendar week (TIMEX3 has no working-week unit).
    "working week": [
        ("2018-06-27", "Talks will end this working week.", "this working week", ("date", "2018-W26", "2018-06-25", "2018-07-01")),
        ("2018-06-27", "The vote is set for next workweek.", "next workweek", ("date", "2018-W27", "2018-07-02", "2018-07-08")),
    ],
    # A length and a half or a quarter, the fraction before or after the unit, "a" optional.
    "length and a fraction": [
        ("2018-06-01", "Officials said one hour and half would be enough to clear the site.", "one hour and half", ("duration", "PT1.5H", None, None)),
        ("2018-06-01", "He will take a one and a quarter year break from politics.", "one and a quarter year", ("duration", "P1.25Y", None, None)),
        ("2018-06-01", "The trial lasted one year and a quarter.", "one year and a quarter", ("duration", "P1.25Y", None, None)),
    ],
    # "till date", like "to date": the time up to the anchor (TIMEX3 PRESENT_REF).
    "till date": [
        ("2018-06-01", "The fund has paid out $2 million till date.", "till date", ("date", "PRESENT_REF", None, None)),
        ("2018-06-01", "No arrests have been made till date, police said.", "till date", ("date", "PRESENT_REF", None, None)),
    ],
    # "first"/"second" as a day of a named month ("of" makes it one; "first of all" is no date).
    "first or second of a month": [
        ("2018-06-01", "The company will report second of Aug., its filing says.", "second of Aug.", ("date", "2018-08-02", "2018-08-02", "2018-08-02")),
        ("2018-06-01", "The law took effect on the first of March, 2016.", "the first of March, 2016", ("date", "2016-03-01", "2016-03-01", "2016-03-01")),
    ],
    # A number glued to a short unit is a length; "d", "w", "y" only after a word that takes one.
    "glued length": [
        ("2018-06-01", "The strike is expected to last 24h.", "24h", ("duration", "PT24H", None, None)),
        ("2018-06-01", "Negotiators talked for 3h before the break.", "3h", ("duration", "PT3H", None, None)),
        ("2018-06-01", "The cold snap lasted 2W across the region.", "2W", ("duration", "P2W", None, None)),
        ("2018-06-01", "Markets were shut for 10D during the crisis.", "10D", ("duration", "P10D", None, None)),
    ],
    # A decade written with a space or an apostrophe before its "s" (TIMEX3: the first three digits).
    "decade with a space or apostrophe": [
        ("2016-11-07", "Inflation peaked in the 1970's, the bank said.", "the 1970's", ("date", "197", "1970-01-01", "1979-12-31")),
        ("2016-11-07", "Who were the presidents in the 1990 s.", "1990 s.", ("date", "199", "1990-01-01", "1999-12-31")),
    ],
    # A year before its month (or month and day) is one date of that year.
    "year before month": [
        ("2018-06-01", "He returned to China in 2017 April.", "2017 April", ("date", "2017-04", "2017-04-01", "2017-04-30")),
        ("2019-03-01", "The plant closed in 2012 September after the flood.", "2012 September", ("date", "2012-09", "2012-09-01", "2012-09-30")),
    ],
    # School and calendar years: TIMEX3 has fiscal years ("FY2019") and no school calendar, so a
    # school year is named like a fiscal one, by its first year, and has no days.
    "school and calendar years": [
        ("2017-02-01", "Enrolment fell in the 2015-16 school year.", "2015-16 school year", ("date", "SY2015", None, None)),
        ("2009-02-01", "The district cut 200 posts in the school year 2008.", "the school year 2008", ("date", "SY2008", None, None)),
        ("2019-06-18", "Gains were strong this school year, the board said.", "this school year", ("date", "SY2019", None, None)),
        ("2019-06-18", "Sales in CY18 rose 4%.", "CY18", ("date", "2018", "2018-01-01", "2018-12-31")),
        ("2019-06-18", "FY2019 revenue rose 3%.", "FY2019", ("date", "FY2019", None, None)),
    ],
    # An ISO week number of a relative year, and the nth month of a year.
    "week number and nth month": [
        ("2018-07-02", "Sales peaked in week 27 of last year.", "week 27 of last year", ("date", "2017-W27", "2017-07-03", "2017-07-09")),
        ("2019-01-10", "Deliveries slipped to week 5 of next year.", "week 5 of next year", ("date", "2020-W05", "2020-01-27", "2020-02-02")),
        ("2020-11-01", "The ministry will publish the rules in the third month of 2021.", "the third month of 2021", ("date", "2021-03", "2021-03-01", "2021-03-31")),
        ("2021-05-01", "The 9th month of next year we will conduct a review.", "The 9th month of next year", ("date", "2022-09", "2022-09-01", "2022-09-30")),
    ],
    # Lengths added up before "ago" (from the anchor): the day when a part counts days.
    "summed offsets": [
        ("2016-11-07", "The ceasefire collapsed 2 weeks and 2 days ago.", "2 weeks and 2 days ago", ("date", "2016-10-22", "2016-10-22", "2016-10-22")),
        ("2018-06-01", "The mine closed three years, two months and ten days ago.", "three years, two months and ten days ago",
         ("date", "2015-03-22", "2015-03-22", "2015-03-22")),
        ("2018-06-01", "The treaty was signed a year and two months ago.", "a year and two months ago", ("date", "2017-04", "2017-04-01", "2017-04-30")),
    ],
    # An offset from a chat abbreviation of tomorrow, like "three weeks from tomorrow".
    "offset from tmrw": [
        ("2018-05-31", "Are you available three weeks from tmrw?", "three weeks from tmrw", ("date", "2018-06-22", "2018-06-22", "2018-06-22")),
        ("2018-05-31", "The vote is two days after tmrw.", "two days after tmrw", ("date", "2018-06-03", "2018-06-03", "2018-06-03")),
    ],
    # Spelled-out days and years said in one run ("twenty five nineteen eighty six").
    "spelled-out dates": [
        ("2018-06-01", "She was born on January twenty five nineteen eighty six.", "January twenty five nineteen eighty six",
         ("date", "1986-01-25", "1986-01-25", "1986-01-25")),
        ("2018-06-01", "On fifteen August nineteen hundred ninety three, the plant started operations.",
         "fifteen August nineteen hundred ninety three", ("date", "1993-08-15", "1993-08-15", "1993-08-15")),
    ],
    # Holidays: Independence Day (the United States', as the other holidays of the list are), and
    # a holiday weekend with its year after it; the weekend is the one nearest the holiday.
    "holidays": [
        ("2018-07-10", "Fireworks lit the sky on Independence Day.", "Independence Day", ("date", "2018-07-04", "2018-07-04", "2018-07-04")),
        ("2018-06-10", "Shops will close on Independence Day.", "Independence Day", ("date", "2018-07-04", "2018-07-04", "2018-07-04")),
        ("2021-11-09", "Flights sold out for Halloween weekend 2021.", "Halloween weekend 2021", ("date", "2021-W43-WE", "2021-10-30", "2021-10-31")),
        ("2020-01-09", "Crowds filled the malls over Thanksgiving weekend 2019.", "Thanksgiving weekend 2019", ("date", "2019-W48-WE", "2019-11-30", "2019-12-01")),
    ],
}
CASES = [(cls, *case) for cls, cases in CLASSES.items() for case in cases]


@pytest.mark.parametrize(("cls", "anchor", "text", "which", "expected"), CASES, ids=[f"{c[0]}: {c[3]}" for c in CASES])
def test_calendar_form_golden(nlp_model, cls, anchor, text, which, expected):
    assert reading(nlp_model, anchor, text, which) == expected


NOT_DATES = [
    ("2018-06-01", "The firm makes 3D printers.", "3D"),  # "d" glued to a number is a length only after "for", "lasted"
    ("2018-06-01", "The studio shot the film in 3D.", "3D"),
    ("2018-06-01", "In 2016's election, turnout rose.", "2016's"),
    ("2018-06-01", "She came first of all the runners in March.", "first of all"),  # a possessive year, not the 2010s: "'s" is a decade only after "the"
]


@pytest.mark.parametrize(("anchor", "text", "which"), NOT_DATES, ids=[c[1] for c in NOT_DATES])
def test_calendar_form_not_a_date(nlp_model, anchor, text, which):
    spans = found(nlp_model, anchor, text)
    assert which not in spans and not any(t["value"] == "201" for t in spans.values()), spans


CONVENTIONS = [
    # TimeML: "after" is a signal outside the TIMEX3, which is "Feb" (the suite spans "after feb" and starts it in March).
    ("2018-05-29", "Maybe we can leave after Feb.", "Feb.", ("date", "2018-02", "2018-02-01", "2018-02-28")),
    # TimeML: "mid-November" is the month with mod MID; our middle third is the 11th to the 20th (the suite's the 10th to the 20th).
    ("2018-07-13", "Talks will resume in mid-November.", "mid-November", ("date", "2018-11", "2018-11-11", "2018-11-20")),
    # A past report: the Christmas before the anchor (the suite takes the anchor year's, a date after the anchor).
    ("2016-11-07", "It happened 2 weeks before Christmas.", "2 weeks before Christmas", ("date", "2015-12-11", "2015-12-11", "2015-12-11")),
    # TimeML gives "two months ago" the granularity said, the month (the suite gives a day).
    ("2018-10-17", "The typhoon hit two months ago.", "two months ago", ("date", "2018-08", "2018-08-01", "2018-08-31")),
    # "few hours" is an unspecified count, TIMEX3 PTXH (the suite reads "few" as three).
    ("2016-11-07", "Power was out for a few hours.", "a few hours", ("duration", "PTXH", None, None)),
    # A semi-annual set recurs every six months, P6M (the suite writes P0.5Y).
    ("2016-11-07", "The board meets semi-annually.", "semi-annually", ("set", "P6M", None, None)),
]


@pytest.mark.parametrize(("anchor", "text", "which", "expected"), CONVENTIONS, ids=[c[2] for c in CONVENTIONS])
def test_calendar_form_where_the_suite_differs(nlp_model, anchor, text, which, expected):
    assert reading(nlp_model, anchor, text, which) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("oct/2", "oct 2"), ("dec31, 1994", "dec 31, 1994"), ("20161016", "2016-10-16"), ("20161332", "20161332"),
    ("2.5hrs", "2.5 hours"), ("10d", "10 days"), ("sy18", "school year 2018"), ("cy2018", "calendar year 2018"),
    ("05-aug-2016", "05 aug 2016"), ("2020/23/sep", "2020 23 sep"), ("october 2", "october 2"), ("3 hours", "3 hours"),
])
def test_compact_forms_are_spelled_out(text, expected):
    assert compact(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("january twenty five nineteen eighty six", "january 25 1986"),
    ("fifteen august nineteen hundred ninety three", "15 august 1993"),
    ("nineteen ninety six", "1996"), ("twenty twelve", "2012"), ("five six", "five six"),
])
def test_spelled_number_runs(text, expected):
    assert digits(text) == expected
