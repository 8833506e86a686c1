"""The pure date normalizer: TIMEX3 values resolved against an explicit anchor (never the clock)."""

from __future__ import annotations

import csv
import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_data import shared

from extractor.normalize.dateline import infer_published
from extractor.normalize.dates import _PARSERS, normalize, period_for
from extractor.normalize.timex import Timex

TUE = date(2022, 10, 4)  # a Tuesday
D = date.fromisoformat


def _t(text, anchor, **kw):
    found = normalize(text, anchor, **kw)
    assert found is not None, text
    return found.type, found.value, found.begin, found.end


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("September 27, 2022", TUE, ("date", "2022-09-27", D("2022-09-27"), D("2022-09-27"))),
        ("September 21", TUE, ("date", "2022-09-21", D("2022-09-21"), D("2022-09-21"))),
        ("December 15", TUE, ("date", "2021-12-15", D("2021-12-15"), D("2021-12-15"))),  # past report
        ("July 24, 2003", D("2005-03-06"), ("date", "2003-07-24", D("2003-07-24"), D("2003-07-24"))),
        ("01 March 2008", None, ("date", "2008-03-01", D("2008-03-01"), D("2008-03-01"))),
        ("the 21st of September", TUE, ("date", "2022-09-21", D("2022-09-21"), D("2022-09-21"))),
        ("Sept. 21", TUE, ("date", "2022-09-21", D("2022-09-21"), D("2022-09-21"))),
        ("2008-03-01", None, ("date", "2008-03-01", D("2008-03-01"), D("2008-03-01"))),
        ("March 2008", None, ("date", "2008-03", D("2008-03-01"), D("2008-03-31"))),
        ("August 1995", D("2008-10-27"), ("date", "1995-08", D("1995-08-01"), D("1995-08-31"))),
        ("in 2008", None, ("date", "2008", D("2008-01-01"), D("2008-12-31"))),
        ("the 1990s", None, ("date", "199", D("1990-01-01"), D("1999-12-31"))),
        ("the first quarter of 2009", None, ("date", "2009-Q1", D("2009-01-01"), D("2009-03-31"))),
        ("the third quarter of this year", D("2009-11-03"), ("date", "2009-Q3", D("2009-07-01"), D("2009-09-30"))),
        ("fall 2007", None, ("date", "2007-FA", D("2007-09-01"), D("2007-11-30"))),
    ],
)
def test_normalize_dates_absolute(text, anchor, expected):
    assert _t(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "value"),
    [
        ("Tuesday", TUE, None, "2022-10-04"),  # the anchor day itself
        ("on Tuesday", TUE, "past", "2022-10-04"),
        ("Friday", TUE, None, "2022-09-30"),
        ("Thursday", TUE, None, "2022-09-29"),
        ("Tuesday", TUE, "future", "2022-10-11"),  # the next one after the anchor
        ("Friday", TUE, "future", "2022-10-07"),
        ("Tuesday", D("2006-05-29"), "past", "2006-05-23"),  # wikinews-41882, anchor a Monday
        ("Friday morning", D("2008-09-18"), "future", "2008-09-19TMO"),  # wikinews-113278
        ("last Tuesday", TUE, None, "2022-09-27"),
        ("next Tuesday", TUE, None, "2022-10-11"),
        ("November 11", D("2005-11-05"), "present", "2005-11-11"),  # "arrives on November 11"
        ("November 11", D("2005-11-05"), "past", "2004-11-11"),
        ("November 11", D("2005-11-05"), "future", "2005-11-11"),
    ],
)
def test_normalize_dates_weekdays_and_tense(text, anchor, tense, value):
    assert normalize(text, anchor, tense=tense).value == value


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("yesterday", TUE, ("date", "2022-10-03", D("2022-10-03"), D("2022-10-03"))),
        ("today", D("2008-09-17"), ("date", "2008-09-17", D("2008-09-17"), D("2008-09-17"))),
        ("tomorrow", TUE, ("date", "2022-10-05", D("2022-10-05"), D("2022-10-05"))),
        ("last week", D("2004-11-24"), ("date", "2004-W47", D("2004-11-15"), D("2004-11-21"))),
        ("this month", TUE, ("date", "2022-10", D("2022-10-01"), D("2022-10-31"))),
        ("last year", D("2007-06-10"), ("date", "2006", D("2006-01-01"), D("2006-12-31"))),
        ("next year", D("2007-10-17"), ("date", "2008", D("2008-01-01"), D("2008-12-31"))),
        ("last weekend", TUE, ("date", "2022-W39-WE", D("2022-10-01"), D("2022-10-02"))),
        ("this weekend", D("2008-10-09"), ("date", "2008-W41-WE", D("2008-10-11"), D("2008-10-12"))),
        ("20 years ago", D("2007-10-20"), ("date", "1987", D("1987-01-01"), D("1987-12-31"))),
        ("earlier this month", D("2005-04-27"), ("date", "2005-04", D("2005-04-01"), D("2005-04-30"))),
        ("recent days", TUE, ("duration", "PXD", None, None)),  # TIMEX3: an unspecified number of days
        ("in recent years", D("2004-11-24"), ("duration", "PXY", None, None)),
        ("now", TUE, ("date", "PRESENT_REF", None, None)),
        ("currently", TUE, ("date", "PRESENT_REF", None, None)),
    ],
)
def test_normalize_dates_relative(text, anchor, expected):
    assert _t(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("that day", D("2022-09-30"), ("date", "2022-09-30", D("2022-09-30"), D("2022-09-30"))),
        ("the previous weekend", D("2022-09-29"), ("date", "2022-W38-WE", D("2022-09-24"), D("2022-09-25"))),
        ("the previous weekend", D("2022-09-25"), ("date", "2022-W37-WE", D("2022-09-17"), D("2022-09-18"))),
        ("the previous day", D("2022-09-29"), ("date", "2022-09-28", D("2022-09-28"), D("2022-09-28"))),
        ("the day before", D("2022-09-29"), ("date", "2022-09-28", D("2022-09-28"), D("2022-09-28"))),
        ("the following week", D("2022-09-29"), ("date", "2022-W40", D("2022-10-03"), D("2022-10-09"))),
        ("the previous year", D("2009-02-15"), ("date", "2008", D("2008-01-01"), D("2008-12-31"))),
        ("the same day", D("2009-04-03"), ("date", "2009-04-03", D("2009-04-03"), D("2009-04-03"))),
    ],
)
def test_normalize_dates_anaphoric_use_reference(text, reference, expected):
    assert _t(text, TUE, reference=reference) == expected


def test_normalize_dates_anchor_relative_ignores_reference():
    assert normalize("last weekend", TUE, reference=D("2022-09-29")).begin == D("2022-10-01")


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("between Thursday and Friday", TUE, ("interval", "2022-09-29/2022-09-30", D("2022-09-29"), D("2022-09-30"))),
        ("between Wednesday and Thursday", TUE, ("interval", "2022-09-28/2022-09-29", D("2022-09-28"), D("2022-09-29"))),
        ("from September 21 to October 3", TUE, ("interval", "2022-09-21/2022-10-03", D("2022-09-21"), D("2022-10-03"))),
        ("March 3-5", TUE, ("interval", "2022-03-03/2022-03-05", D("2022-03-03"), D("2022-03-05"))),
        ("3-5 March 2008", None, ("interval", "2008-03-03/2008-03-05", D("2008-03-03"), D("2008-03-05"))),
        ("from 2009 to 2011", None, ("interval", "2009-01-01/2011-12-31", D("2009-01-01"), D("2011-12-31"))),
        ("between 2014 and 2016", None, ("interval", "2014-01-01/2016-12-31", D("2014-01-01"), D("2016-12-31"))),
    ],
)
def test_normalize_dates_intervals(text, anchor, expected):
    assert _t(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "reference", "expected"),
    [
        ("the end of February", TUE, None, ("2022-02", "END", D("2022-02-20"), D("2022-02-28"))),
        ("the end of the month", D("2010-01-25"), None, ("2010-01", "END", D("2010-01-22"), D("2010-01-31"))),
        ("the end of last year", D("2009-02-18"), None, ("2008", "END", D("2008-09-01"), D("2008-12-31"))),
        # past report: the week that ended before the anchor, Saturday..Sunday
        ("the end of the week", TUE, D("2022-10-04"), ("2022-W39", "END", D("2022-10-01"), D("2022-10-02"))),
        ("early March", D("2005-02-17"), None, ("2005-03", "START", D("2005-03-01"), D("2005-03-10"))),
        ("mid-2006", None, None, ("2006", "MID", D("2006-05-03"), D("2006-08-31"))),
    ],
)
def test_normalize_dates_part_of_period(text, anchor, reference, expected):
    tense = "future" if anchor == D("2005-02-17") else None  # "is scheduled in early March"
    found = normalize(text, anchor, reference=reference, tense=tense)
    assert (found.value, found.mod, found.begin, found.end) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two weeks", ("duration", "P2W")),
        ("in two weeks", ("duration", "P2W")),
        ("for two weeks", ("duration", "P2W")),
        ("three years", ("duration", "P3Y")),
        ("48 hours", ("duration", "PT48H")),
        ("thirty minutes", ("duration", "PT30M")),
        ("a decade", ("duration", "P10Y")),
        ("18 months", ("duration", "P18M")),
        ("the next few years", ("duration", "PXY")),
        ("decades", ("duration", "PXDE")),
        ("a couple of months", ("duration", "P2M")),
        ("daily", ("set", "P1D")),
        ("every year", ("set", "P1Y")),
        ("each week", ("set", "P1W")),
        ("annually", ("set", "P1Y")),
        ("weekly", ("set", "P1W")),
        ("per month", ("set", "P1M")),
        ("every Monday", ("set", "XXXX-WXX-1")),
    ],
)
def test_normalize_dates_durations_and_sets(text, expected):
    found = normalize(text, TUE)
    assert (found.type, found.value, found.begin, found.end) == (*expected, None, None)


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("3 p.m.", D("2022-10-04"), "2022-10-04T15:00"),
        ("3 p.m.", None, "T15:00"),
        ("10:30 a.m.", None, "T10:30"),
        ("9:45 a.m.", None, "T09:45"),
        ("12:30 EST", None, "T12:30"),
        ("18:00 UTC", D("2009-12-15"), "2009-12-15T18:00"),
        ("midnight", None, "T00:00"),
        ("12 a.m.", None, "T00:00"),
        ("2.40 PM", None, "T14:40"),
    ],
)
def test_normalize_dates_times(text, reference, value):
    found = normalize(text, TUE, reference=reference)
    assert (found.type, found.value) == ("time", value)


@pytest.mark.parametrize(
    "text", ["Tuesday", "yesterday", "last week", "the end of February", "September 21", "the previous weekend"]
)
def test_normalize_dates_without_anchor_keeps_type_not_value(text):
    found = normalize(text, None)
    assert found is not None and found.begin is None and found.end is None
    assert found.value is None or found.value.startswith("XXXX")


@pytest.mark.parametrize("text", ["the march on", "Boeing 787", "the second", "65", "banana", "", "A380-800"])
def test_normalize_dates_rejects_non_dates(text):
    assert normalize(text, TUE) is None


@pytest.mark.parametrize(
    ("signal", "text", "expected"),
    [
        ("since", "September 21", (D("2022-09-21"), TUE)),
        ("after", "September 21", (D("2022-09-21"), TUE)),
        ("from", "September 21", (D("2022-09-21"), TUE)),
        ("by", "Tuesday", (None, TUE)),
        ("by", "the end of the week", (None, D("2022-10-02"))),
        ("until", "October 2007", (None, D("2007-10-31"))),
        ("as of", "September 30", (None, D("2022-09-30"))),
        ("before", "September 21", (None, D("2022-09-20"))),
        ("since", "2001", (D("2001-01-01"), TUE)),
        ("from", "2023", (D("2023-01-01"), None)),  # starts after the anchor: no end known
    ],
)
def test_normalize_dates_period_for_signal(signal, text, expected):
    assert period_for(signal, normalize(text, TUE, reference=TUE), TUE) == expected


def test_normalize_dates_timex_is_frozen_and_serializes():
    timex = normalize("September 21", TUE)
    with pytest.raises(AttributeError):
        timex.value = "x"
    assert timex.as_dict() == {"type": "date", "value": "2022-09-21", "begin": "2022-09-21",
                               "end": "2022-09-21", "mod": None, "freq": None, "timezone": None, "period": None}
    assert isinstance(timex, Timex)


def _wikinews():
    path = shared("corpus", "wikinews.jsonl")
    if not path.is_file():
        pytest.skip(f"corpus not found: {path}")
    return [json.loads(line) for line in path.open(encoding="utf-8")]


# Five corpus articles carry a dateline that differs from their ``published`` field; the dateline
# is what the text says, so that is what is inferred.
DATELINE_DIFFERS = {"wikinews-120578", "wikinews-114904", "wikinews-121225", "wikinews-121978", "wikinews-251007"}


def test_normalize_dates_infer_published_from_wikinews_datelines():
    articles = _wikinews()
    differs = set()
    for article in articles:
        found = infer_published(article["text"])
        assert found is not None, article["id"]
        day, start, end = found
        assert start == 0 and article["text"][start:end] == article["text"].splitlines()[0].strip()
        if day.isoformat() != article["published"]:
            differs.add(article["id"])
    assert len(articles) == 90 and differs == DATELINE_DIFFERS


def test_normalize_dates_infer_published_from_seed_captions():
    text = shared("seed", "article.txt").read_text(encoding="utf-8")
    day, start, end = infer_published(text)
    assert day == D("2022-09-28")
    assert text[start:end] == "September 28, 2022"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No date here.\nNor here.", None),
        ("Prices rose 5% on May 3.\nCrowd in Paris, June 2, 2020. REUTERS/Some One", D("2020-06-02")),
        ("Body text.\nA caption, 1 March 2019 (AP Photo/X)\nAnother, 3 March 2019. (Photo by Y / AFP)", D("2019-03-03")),
        # constructed wire datelines: the year comes from the latest full date in the text
        ("WASHINGTON, Oct. 4 (Reuters) - Officials said.\nPeople queue, September 28, 2022. REUTERS/X", D("2022-10-04")),
        ("WASHINGTON, Jan. 2 (Reuters) - Since December 30, 2021, officials said.", D("2022-01-02")),
        ("WASHINGTON, Oct. 4 (Reuters) - No year anywhere.", None),
    ],
)
def test_normalize_dates_infer_published_cases(text, expected):
    found = infer_published(text)
    assert (found[0] if found else None) == expected


def test_normalize_dates_word_list_is_valid():
    path = resources.files("extractor.resources.gazetteers").joinpath("date_words.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert rows and set(rows[0]) == {"word", "kind", "value", "timex"}
    kinds = {row["kind"] for row in rows}
    assert {"month", "weekday", "number", "set", "ref", "signal"} <= kinds
    assert "unit" not in kinds  # the time units are declared once, in time_units.tsv
    assert all(row["word"] == row["word"].lower().strip() for row in rows)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60), anchor=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_normalize_dates_never_raises(text, anchor):
    found = normalize(text, anchor, reference=anchor)
    assert found is None or found.type in {"date", "time", "duration", "set", "interval"}


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("0123456789 ,.-/:aAmpMJanuryFebMarchSeptOctTuesdayREUTERS\n")),
                    max_size=80))
def test_normalize_dates_infer_published_never_raises(text):
    found = infer_published(text)
    assert found is None or text[found[1]:found[2]]


def test_normalize_dates_expression_table_is_valid():
    path = resources.files("extractor.resources.gazetteers").joinpath("date_expressions.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows and set(rows[0]) == {"name", "regex"}
    assert [row["name"] for row in rows] == list(dict.fromkeys(row["name"] for row in rows))  # unique
    assert {row["name"] for row in rows} == set(_PARSERS)
