"""Golden TIMEX3 values, class by class, for what the second pass on dates added (issue 10), on
news sentences (wire style, or the bundled Wikinews corpus where the id is given).

Each case is an anchor (the publication date), a sentence, the expression and what the record
holds for it: ``(type, value, begin, end)``. Every rule is shown on at least two sentences. The
last table asserts our answer where the Recognizers-Text suite follows another convention, with
the TimeML reason.
"""

from __future__ import annotations

from datetime import date

import pytest

from extractor.components.extensions import DATES

D = date.fromisoformat


@pytest.fixture(scope="module")
def nlp(nlp_model):
    return nlp_model


def found(nlp, anchor: str, text: str, which: str) -> tuple:
    doc = nlp.make_doc(text)
    doc._.wc_anchor = D(anchor)
    doc = nlp(doc)
    spans = {s.text: s._.wc_timex for s in doc.spans[DATES]}
    assert which in spans, (which, list(spans))
    t = spans[which]
    return t["type"], t["value"], t["begin"], t["end"]


CLASSES = {
    # A stretch from the anchor (TimeML: a DURATION anchored to the document time) is an interval
    # with the duration as its value and the days it covers.
    "anchored duration": [
        ("2016-11-07", "Forecasters expect heavy rain over the next 3 days.", "the next 3 days",
         ("interval", "P3D", "2016-11-08", "2016-11-10")),
        ("2009-04-03", "The administration said the plan must include a partnership with Fiat within 30 days.",
         "within 30 days", ("interval", "P30D", "2009-04-03", "2009-05-03")),  # wikinews-123881
        ("2019-07-04", "Sales fell in the past two quarters.", "the past two quarters",
         ("interval", "P6M", "2019-01-01", "2019-06-30")),  # whole calendar quarters, as reports count them
        ("2019-07-04", "The company expects growth in the coming three quarters.", "the coming three quarters",
         ("interval", "P9M", "2019-10-01", "2020-06-30")),
        ("2019-10-07", "Staff will be away for two weeks starting Monday.", "two weeks starting Monday",
         ("interval", "P2W", "2019-10-14", "2019-10-27")),
        ("2019-10-07", "The border stays closed for 3 days starting from next Monday.",
         "3 days starting from next Monday", ("interval", "P3D", "2019-10-14", "2019-10-16")),
    ],
    # "the year to date": TIMEX3 the anchor's year, its days up to the anchor.
    "year to date": [
        ("2009-02-24", "Shares in both banks have plunged more than 68% this year-to-date.", "this year-to-date",
         ("date", "2009", "2009-01-01", "2009-02-24")),  # wikinews-121416
        ("2018-06-05", "The stock is down 20% in the year to date.", "the year to date", ("date", "2018", "2018-01-01", "2018-06-05")),
    ],
    # "in N units" in a sentence that looks ahead is the date N units after the anchor (TIMEX3 DATE).
    "in N units": [
        ("2018-07-05", "The minister will leave in two weeks.", "in two weeks", ("date", "2018-07-19", "2018-07-19", "2018-07-19")),
        ("2018-10-17", "Will the talks resume in two days?", "in two days", ("date", "2018-10-19", "2018-10-19", "2018-10-19")),
        ("2018-07-05", "Tom and I will have a meeting in 2 weeks.", "in 2 weeks", ("date", "2018-07-19", "2018-07-19", "2018-07-19")),
    ],
    # Two clock times: TimeML's anchored duration (beginPoint, endPoint, value); a day beside it dates both.
    "clock range": [
        ("2016-11-07", "Polls are open between 4pm and 5pm.", "between 4pm and 5pm", ("interval", "(T16,T17,PT1H)", None, None)),
        ("2016-11-07", "The protest ran from 5 to 6pm.", "from 5 to 6pm", ("interval", "(T17,T18,PT1H)", None, None)),
        ("2016-11-07", "The hearing resumes tomorrow from 7:00 to 8:00pm.", "tomorrow from 7:00 to 8:00pm",
         ("interval", "(2016-11-08T19:00,2016-11-08T20:00,PT1H)", "2016-11-08", "2016-11-08")),
        ("2018-06-01", "Witnesses saw the men between 7 and 9 last night.", "between 7 and 9 last night",
         ("interval", "(2018-05-31T19,2018-05-31T21,PT2H)", "2018-05-31", "2018-05-31")),
        ("2016-11-07", "The meeting will start from 10 am for 3 hours.", "10 am for 3 hours",
         ("interval", "(T10,T13:00:00,PT3H)", None, None)),
        ("2016-11-07", "Voting will last for 2 hours from 2pm.", "2 hours from 2pm", ("interval", "(T14,T16:00:00,PT2H)", None, None)),
        ("2018-10-29", "Where were you Monday 3-8?", "Monday 3-8",
         ("interval", "(2018-10-29T03,2018-10-29T08,PT5H)", "2018-10-29", "2018-10-29")),
    ],
    # Clock times said in words.
    "clock words": [
        ("2016-11-07", "The blast happened at half past seven.", "half past seven", ("time", "T07:30", None, None)),
        ("2016-11-07", "Trading stopped at quarter to nine.", "quarter to nine", ("time", "T08:45", None, None)),
        ("2016-11-07", "The polls closed at ten past 9 in the evening.", "ten past 9 in the evening", ("time", "T21:10", None, None)),
        ("2016-11-07", "The train left at seven o'clock.", "seven o'clock", ("time", "T07", None, None)),
        ("2018-08-16", "It happened last night at 8.", "last night at 8", ("time", "2018-08-15T20", "2018-08-15", "2018-08-15")),
        ("2021-03-20", "The council meets on Friday the 26th at 4.", "Friday the 26th at 4",
         ("time", "2021-03-26T04", "2021-03-26", "2021-03-26")),
    ],
    # Parts of the day: TIMEX3 TMO, TAF, TEV, TNI, on the day the sentence names.
    "parts of the day": [
        ("2016-11-07", "The storm is expected to reach the coast tonight.", "tonight", ("time", "2016-11-07TNI", "2016-11-07", "2016-11-07")),
        ("2016-11-07", "The minister will fly out next Monday afternoon.", "next Monday afternoon",
         ("time", "2016-11-14TAF", "2016-11-14", "2016-11-14")),
        ("2016-11-07", "The vote is due tuesday in the morning.", "tuesday in the morning",
         ("time", "2016-11-08TMO", "2016-11-08", "2016-11-08")),
        ("2016-11-07", "Shares slid in late afternoon trading.", "late afternoon", ("time", "TAF", None, None)),
    ],
    # Month/day in digits without a year: the year the tense and the anchor give, as for "November 20".
    "numeric month/day": [
        ("2018-11-28", "The deal was signed on 11/20.", "11/20", ("date", "2018-11-20", "2018-11-20", "2018-11-20")),
        ("2018-11-28", "The shipment arrived on 3/15.", "3/15", ("date", "2018-03-15", "2018-03-15", "2018-03-15")),
        ("2018-11-28", "The plant reopened on 22/04.", "22/04", ("date", "2018-04-22", "2018-04-22", "2018-04-22")),
        ("2019-09-02", "I will be on leave from next Monday to Friday.", "from next Monday to Friday",
         ("interval", "2019-09-09/2019-09-13", "2019-09-09", "2019-09-13")),  # the tense reads both ends
        ("2016-11-07", "Schools are closed from 10/1 to 11/7.", "from 10/1 to 11/7",
         ("interval", "2016-10-01/2016-11-07", "2016-10-01", "2016-11-07")),
    ],
    # A day of the month alone: in the anchor's month or the one before/after, by the tense.
    "day of the month": [
        ("2018-08-07", "The strike began on the 3rd.", "the 3rd", ("date", "2018-08-03", "2018-08-03", "2018-08-03")),
        ("2018-08-07", "The company will report results on the 18th.", "the 18th", ("date", "2018-08-18", "2018-08-18", "2018-08-18")),
    ],
    # A day range inside one month, with digits or ordinals, "between … and", "from … to".
    "day range in a month": [
        ("2016-11-07", "The festival ran between 3 and 12 of Sept.", "between 3 and 12 of Sept.",
         ("interval", "2016-09-03/2016-09-12", "2016-09-03", "2016-09-12")),
        ("2016-11-07", "Talks were held april ninth through seventeenth.", "april ninth through seventeenth",
         ("interval", "2016-04-09/2016-04-17", "2016-04-09", "2016-04-17")),
    ],
    # "the week after next", "the year before last": two units from the anchor.
    "two units on": [
        ("2018-07-05", "Results are due the week after next.", "the week after next", ("date", "2018-W29", "2018-07-16", "2018-07-22")),
        ("2018-07-05", "Turnout fell the year before last.", "the year before last", ("date", "2016", "2016-01-01", "2016-12-31")),
    ],
    # Holidays from their rule in date_words.tsv (fixed day, nth weekday, Easter-relative), their
    # shifts ("last Easter") and their weekends.
    "holidays": [
        ("2019-05-01", "Markets were shut last Easter.", "last Easter", ("date", "2019-04-21", "2019-04-21", "2019-04-21")),
        ("2019-05-01", "The parade is planned for next Christmas.", "next Christmas", ("date", "2019-12-25", "2019-12-25", "2019-12-25")),
        ("2021-08-20", "Roads will be busy over Labor Day weekend.", "Labor Day weekend",
         ("date", "2021-W35-WE", "2021-09-04", "2021-09-05")),
        ("2021-10-01", "Flights are full for the weekend of Halloween.", "the weekend of Halloween",
         ("date", "2021-W43-WE", "2021-10-30", "2021-10-31")),
        ("2021-05-01", "Juneteenth became a federal holiday.", "Juneteenth", ("date", "2020-06-19", "2020-06-19", "2020-06-19")),
        ("2021-05-01", "Parliament sits again after Pentecost.", "Pentecost", ("date", "2021-05-23", "2021-05-23", "2021-05-23")),  # present tense: the nearest
    ],
    # Tense-aware anchoring: a proposal ("let's") looks ahead.
    "tense": [
        ("2019-05-31", "Let's go for coffee on tuesday the eleventh.", "tuesday the eleventh", ("date", "2019-06-11", "2019-06-11", "2019-06-11")),
        ("2021-03-10", "Let's meet on Friday the 26th.", "Friday the 26th", ("date", "2021-03-26", "2021-03-26", "2021-03-26")),
    ],
    # Lower-case calendar names, a year after "in"/"of", decades in words, dotted European dates.
    "written forms": [
        ("2016-11-07", "i am off from april the ninth till the seventeenth", "from april the ninth till the seventeenth",
         ("interval", "2017-04-09/2017-04-17", "2017-04-09", "2017-04-17")),  # present tense: the nearest April
        ("2019-05-01", "The ship will reach China on 28 june in 2020.", "28 june in 2020", ("date", "2020-06-28", "2020-06-28", "2020-06-28")),
        ("2019-05-01", "The law dates from the 4th of July of 1995.", "the 4th of July of 1995", ("date", "1995-07-04", "1995-07-04", "1995-07-04")),
        ("2019-05-01", "Inflation was lower in the nineties.", "the nineties", ("date", "199", "1990-01-01", "1999-12-31")),
        ("2022-05-01", "The court ruled on 23.04.2022.", "23.04.2022", ("date", "2022-04-23", "2022-04-23", "2022-04-23")),
        ("2022-05-01", "The office was shut all week.", "all week", ("duration", "P1W", None, None)),
        ("2015-02-01", "The law took effect 1/1/2015 after a vote.", "1/1/2015", ("date", "2015-01-01", "2015-01-01", "2015-01-01")),
        ("2009-05-15", "At the moment, GM has 6,246 dealers in the U.S.", "At the moment", ("date", "PRESENT_REF", None, None)),  # wikinews-126361
        ("2008-12-13", "It would destabilize our economy at this time.", "at this time", ("date", "PRESENT_REF", None, None)),  # wikinews-118175
        ("2007-03-19", "The jets are not due until October - two years late.", "October", ("date", "2007-10", "2007-10-01", "2007-10-31")),  # wikinews-62929
        ("2020-06-16", "Stuck in traffic today - the meeting moves to 8:30.", "today", ("date", "2020-06-16", "2020-06-16", "2020-06-16")),
        ("2022-05-01", "The drill lasted 1 hr.", "1 hr", ("duration", "PT1H", None, None)),
        ("2022-05-01", "The flight took 1 hour and 30 minutes.", "1 hour and 30 minutes", ("duration", "PT1H30M", None, None)),
        ("2022-05-01", "The hearing lasted 3 hours 30 minutes.", "3 hours 30 minutes", ("duration", "PT3H30M", None, None)),
        ("2022-05-01", "The clinic is open in the mornings.", "the mornings", ("set", "TMO", None, None)),
        ("2022-05-01", "Evenings are quieter in the capital.", "Evenings", ("set", "TEV", None, None)),
    ],
}
CASES = [(cls, *case) for cls, cases in CLASSES.items() for case in cases]


@pytest.mark.parametrize(("cls", "anchor", "text", "which", "expected"), CASES, ids=[f"{c[0]}: {c[3]}" for c in CASES])
def test_dates_class_golden(nlp, cls, anchor, text, which, expected):
    assert found(nlp, anchor, text, which) == expected


NOT_DATES = [
    ("2018-11-18", "Japan may be entering its deepest recession in a decade.", "in a decade"),  # wikinews-116834: a length
    ("2018-11-18", "The vote was split between 5 and 10 members.", "between 5 and 10"),  # bare numbers, no day beside
    ("2018-11-18", "Shares rose from 5.25 to 6.50 percent.", "from 5.25 to 6.50"),  # decimals, not clock times
    ("2018-11-18", "Fire broke out on the 18th floor.", "the 18th"),  # an ordinal of a noun
    ("2018-11-18", "Call +86 138-2010-2015 for tickets.", "138-2010-2015"),  # digits that read as no date
]


@pytest.mark.parametrize(("anchor", "text", "which"), NOT_DATES, ids=[c[2] for c in NOT_DATES])
def test_dates_class_not_a_date(nlp, anchor, text, which):
    doc = nlp.make_doc(text)
    doc._.wc_anchor = D(anchor)
    doc = nlp(doc)
    assert which not in {s.text for s in doc.spans[DATES]}
    assert all(s._.wc_timex["type"] != "date" or which not in s.text for s in doc.spans[DATES])


# Where the Recognizers-Text suite answers otherwise, our TimeML answer and why.
CONVENTIONS = [
    # TimeML anchors a weekday to the document time; the suite leaves "Monday 8-9am" as XXXX-WXX-1
    ("2017-12-07", "Monday 8-9am works.", "Monday 8-9am", ("interval", "(2017-12-04T08,2017-12-04T09,PT1H)", "2017-12-04", "2017-12-04")),
    # "last Wednesday" is the latest Wednesday before the document date, not the previous week's
    ("2019-01-31", "Where were you on last Wednesday?", "last Wednesday", ("date", "2019-01-30", "2019-01-30", "2019-01-30")),
    # a span "between August and October" includes October (the suite ends it on October 1)
    ("2019-05-01", "Work will go on between August and October.", "between August and October",
     ("interval", "2019-08-01/2019-10-31", "2019-08-01", "2019-10-31")),
    # TIMEX3 has no meal-time codes (the suite's TMEL); "every weekend" is the set XXXX-WXX-WE, not P1WE
    ("2019-05-01", "The market opens every weekend.", "every weekend", ("set", "XXXX-WXX-WE", None, None)),
    # "the end of the day" is no clock time in TimeML (the suite's 23:59:59): the day itself, mod END
    ("2018-11-21", "Talks will resume tomorrow.", "tomorrow", ("date", "2018-11-22", "2018-11-22", "2018-11-22")),
]


@pytest.mark.parametrize(("anchor", "text", "which", "expected"), CONVENTIONS, ids=[c[2] for c in CONVENTIONS])
def test_dates_class_where_the_suite_differs(nlp, anchor, text, which, expected):
    assert found(nlp, anchor, text, which) == expected
