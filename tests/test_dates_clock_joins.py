"""Times of day and a day joined with its time, on news sentences (issue 10, "Ranges and
combinations" and "Times"): each class with its TIMEX3 value and begin/end days.

Each case: an anchor (the publication date), a sentence written in wire style, the date span
expected and its ``(type, value, begin, end)``. Sentences are ours, not a dev suite's.
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


def run(nlp, anchor: str, text: str):
    doc = nlp.make_doc(text)
    doc._.wc_anchor = D(anchor)
    return nlp(doc)


def found(nlp, anchor: str, text: str, which: str) -> tuple:
    doc = run(nlp, anchor, text)
    spans = {s.text: s._.wc_timex for s in doc.spans[DATES]}
    assert which in spans, (which, list(spans))
    t = spans[which]
    return t["type"], t["value"], t["begin"], t["end"]


CLASSES = [
    # a day with a part of the day and a clock time: one TIMEX3 TIME; the part's START/END no bar
    ("2019-08-01", "Polling stations open on Sunday early morning at 8:00, officials said.",
     "Sunday early morning at 8:00", ("time", "2019-07-28T08:00", "2019-07-28", "2019-07-28")),
    ("2019-08-01", "The summit opens on Christmas at 8:00 early morning.",
     "Christmas at 8:00 early morning", ("time", "2019-12-25T08:00", "2019-12-25", "2019-12-25")),
    # an evening day moves a bare clock after noon ...
    ("2019-08-01", "The final whistle came on Sunday late evening at 10:00.",
     "Sunday late evening at 10:00", ("time", "2019-07-28T22:00", "2019-07-28", "2019-07-28")),
    ("2019-06-28", "Police said the shooting happened last night at 11:30.",
     "last night at 11:30", ("time", "2019-06-27T23:30", "2019-06-27", "2019-06-27")),
    # ... but the small hours of a night fall before the next dawn: the next calendar day
    ("2019-06-28", "Witnesses said the blast shook the port late last night at 2:15.",
     "last night at 2:15", ("time", "2019-06-28T02:15", "2019-06-28", "2019-06-28")),
    # an explicit a.m./p.m. wins over the part of the day
    ("2019-08-01", "The talks resumed on Tuesday afternoon at 3:30 p.m.",
     "Tuesday afternoon at 3:30 p.m.", ("time", "2019-07-30T15:30", "2019-07-30", "2019-07-30")),
    # an hour said before the day, after "at"
    ("2019-06-28", "The vote will be held at 8 tonight.",
     "8 tonight", ("time", "2019-06-28T20", "2019-06-28", "2019-06-28")),
    ("2019-06-28", "Rebels attacked at 10 last night, the army said.",
     "10 last night", ("time", "2019-06-27T22", "2019-06-27", "2019-06-27")),
    ("2019-06-28", "The minister is due to land at five-thirty tomorrow evening.",
     "five-thirty tomorrow evening", ("time", "2019-06-29T17:30", "2019-06-29", "2019-06-29")),
    # a clock time said in words after the day (broadcast transcripts)
    ("2019-04-25", "The launch will take place on March eighteenth nine thirty, the agency said.",
     "March eighteenth nine thirty", ("time", "2020-03-18T09:30", "2020-03-18", "2020-03-18")),
    ("2019-06-28", "The sun will set tomorrow at six forty-three minutes, forecasters said.",
     "tomorrow at six forty-three minutes", ("time", "2019-06-29T06:43", "2019-06-29", "2019-06-29")),
    # hours, minutes and seconds right after a day are its clock time, not a length
    ("2019-12-10", "The bomb exploded on 12/05/2019 at 14:32:10 local time.",
     "12/05/2019 at 14:32:10", ("time", "2019-12-05T14:32:10", "2019-12-05", "2019-12-05")),
    # a digit date and a clock split by the parser into two sentences are still one time
    ("2022-04-30", "Filed\n23.04.2022 14:55\nby the desk",
     "23.04.2022 14:55", ("time", "2022-04-23T14:55", "2022-04-23", "2022-04-23")),
    # a start hour and a length of hours: a TimeML anchored duration, the end worked out
    ("2018-05-30", "The hearing will run from 10 for three hours, the court said.",
     "from 10 for three hours", ("interval", "(T10,T13:00:00,PT3H)", None, None)),
    ("2018-05-30", "The meeting will last for 2.5 hours from 9.",
     "for 2.5 hours from 9", ("interval", "(T09,T11:30:00,PT2H30M)", None, None)),
    # two bare hours are hours when "on" and a day follow them
    ("2015-01-10", "The blockade held between 3 and 5 on 1/1/2015, police said.",
     "between 3 and 5 on 1/1/2015", ("interval", "(2015-01-01T03,2015-01-01T05,PT2H)", "2015-01-01", "2015-01-01")),
    # an overnight stretch ends on the next day
    ("2018-05-30", "The curfew will run from 10 p.m. to 6 a.m. on Friday.",
     "from 10 p.m. to 6 a.m. on Friday", ("interval", "(2018-06-01T22,2018-06-02T06,PT8H)", "2018-06-01", "2018-06-02")),
    ("2018-05-30", "The ban on flights runs from 22:00 to 06:00 GMT.",
     "from 22:00 to 06:00 GMT", ("interval", "(T22:00,T06:00,PT8H)", None, None)),
    # a clock range said in words
    ("2018-05-30", "The session will run from nine thirty to eleven a.m. on Friday.",
     "from nine thirty to eleven a.m. on Friday", ("interval", "(2018-06-01T09:30,2018-06-01T11,PT1H30M)", "2018-06-01", "2018-06-01")),
    # "the next morning": the day after the story's last date, not after publication
    ("2018-05-30", "Police arrived on Monday and the next morning the suspect was arrested.",
     "the next morning", ("time", "2018-05-29TMO", "2018-05-29", "2018-05-29")),
    ("2018-05-30", "The talks broke up on May 2 and resumed the following afternoon at 3 p.m.",
     "the following afternoon at 3 p.m.", ("time", "2018-05-03T15:00", "2018-05-03", "2018-05-03")),
    # a length of hours from now, in a future sentence: a point (TimeML TIME), see CONVENTIONS
    ("2016-11-07", "Polls will close two hours from now.",
     "two hours from now", ("time", "2016-11-07T02:00", "2016-11-07", "2016-11-07")),
    ("2016-11-07", "The ultimatum will expire in 48 hours.",
     "in 48 hours", ("date", "2016-11-09", "2016-11-09", "2016-11-09")),
    # "within": the stretch from the anchor on, an anchored duration (the record's "interval", value the length)
    ("2016-11-07", "The results will be known within 48 hours.",
     "within 48 hours", ("interval", "PT48H", "2016-11-07", "2016-11-09")),
    # times the issue names: zone kept, never a year
    ("2016-11-07", "At 1430 GMT the index stood at 5,120.",
     "1430 GMT", ("time", "T14:30", None, None)),
    ("2016-11-07", "The address is due at 9 PM ET on Tuesday.",
     "9 PM ET on Tuesday", ("time", "2016-11-08T21:00", "2016-11-08", "2016-11-08")),
    ("2016-11-07", "Trading was halted after 6PM, the exchange said.",
     "6PM", ("time", "T18:00", None, None)),
]


@pytest.mark.parametrize(("anchor", "text", "which", "expected"), CLASSES, ids=[c[2] for c in CLASSES])
def test_clock_time_class(nlp, anchor, text, which, expected):
    assert found(nlp, anchor, text, which) == expected


NOT_TIMES = [  # words that look like a clock beside a day and are not one
    ("2019-06-28", "On Tuesday three twenty-year-olds were arrested.", "Tuesday"),
    ("2019-06-28", "The dollar stood at 1.10 yesterday.", "yesterday"),
    ("2019-06-28", "The index closed at 12 yesterday.", "yesterday"),
    ("2016-11-07", "Prices rose from two to three percent on Monday.", "Monday"),
    ("2016-11-07", "The fire was put out in two hours.", "two hours"),
]


@pytest.mark.parametrize(("anchor", "text", "only"), NOT_TIMES, ids=[c[1][:30] for c in NOT_TIMES])
def test_not_a_clock_time(nlp, anchor, text, only):
    doc = run(nlp, anchor, text)
    assert [s.text for s in doc.spans[DATES]] == [only]


CONVENTIONS = [
    # TimeML reads "in 5 minutes" looking ahead as a point after the document time; the input has
    # a publication date but no clock, so the count starts at 00:00 of that day (and a warning says so)
    ("2016-11-07", "The minister will speak in 5 minutes.", "in 5 minutes",
     ("time", "2016-11-07T00:05", "2016-11-07", "2016-11-07")),
    # the suite reads "tonight around 3" as 03:00 of the same date; 3 a.m. after tonight is tomorrow's
    ("2019-12-26", "The rescue boats will set off tonight around 3.", "tonight around 3",
     ("time", "2019-12-27T03", "2019-12-27", "2019-12-27")),
    # the suite leaves a weekday unresolved (XXXX-WXX-1T08); news resolves it against the anchor
    ("2017-12-07", "The bank said Monday 8-9am was the busiest hour.", "Monday 8-9am",
     ("interval", "(2017-12-04T08,2017-12-04T09,PT1H)", "2017-12-04", "2017-12-04")),
    # the suite splits "Christmas" from "early morning at 8:00"; TimeML has one TIMEX3 for the time on that day
    ("2019-08-01", "The service starts on Christmas early morning at 8:00.", "Christmas early morning at 8:00",
     ("time", "2019-12-25T08:00", "2019-12-25", "2019-12-25")),
    # "10am-12am" is 10:00 to midnight as written, or a slip for noon: no clock range is claimed
    ("2018-08-31", "Book the room tomorrow from 10am-12am.", "tomorrow",
     ("date", "2018-09-01", "2018-09-01", "2018-09-01")),
]


@pytest.mark.parametrize(("anchor", "text", "which", "expected"), CONVENTIONS, ids=[c[2] for c in CONVENTIONS])
def test_clock_time_where_the_suite_differs(nlp, anchor, text, which, expected):
    assert found(nlp, anchor, text, which) == expected


def test_a_clock_counted_from_a_date_only_anchor_is_flagged(nlp):
    doc = run(nlp, "2016-11-07", "The minister will speak in 5 minutes.")
    assert any("counted from 00:00 of 2016-11-07" in w for w in doc._.wc_warnings), doc._.wc_warnings
