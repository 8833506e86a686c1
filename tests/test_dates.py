"""The ``wireclaims_dates`` component on real Wikinews sentences, with and without the model."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

import extractor.components.dates as dates_component
from shared_data import shared

from extractor.components.extensions import DATES

D = date.fromisoformat


@pytest.fixture(scope="module")
def nlp_sm(nlp_model):
    """The production pipelines (conftest: ``pipeline.build``, strict components)."""
    return nlp_model


@pytest.fixture(scope="module")
def nlp_rules(nlp_blank):
    return nlp_blank


def run(nlp, text: str, anchor: date | None):
    doc = nlp.make_doc(text)
    doc._.wc_anchor = anchor
    return nlp(doc)


def found(doc) -> list[tuple]:
    return [(s.text, s.label_, s._.wc_timex["value"]) for s in doc.spans[DATES]]


# (Wikinews id, anchor, sentence, expected (text, type, value) in order, also from the blank pipeline?)
SENTENCES = [
    ("wikinews-128016", "2009-06-18",
     "China Eastern Airlines stated on Thursday that it had signed a contract to purchase a score of Airbus A320 "
     "passenger jets for 9.9 billion yuan (about US$1.4 billion).",
     [("Thursday", "date", "2009-06-18")], True),
    ("wikinews-41882", "2006-05-29",
     "Boeing Commercial Airplanes on Tuesday delivered the final 717 jet built to AirTran Airways in ceremonies in "
     "Long Beach, California, bringing production of McDonnell Douglas jets to an end.",
     [("Tuesday", "date", "2006-05-23")], True),
    ("wikinews-113278", "2008-09-18", "Russia's exchanges will re-open on Friday morning.",
     [("Friday morning", "time", "2008-09-19TMO")], True),
    ("wikinews-113219", "2008-09-17",
     "It ended up 1.2%, although this follows a large fall in the value of the index when it hit an all time low "
     "yesterday.", [("yesterday", "date", "2008-09-16")], True),
    ("wikinews-71526", "2007-06-10",
     "The sale is the result of a deal begun between Aeroflot and Chicago-based Boeing last year, but negotiations "
     "had stalled due to worsening relations between the US and Russia.", [("last year", "date", "2006")], True),
    ("wikinews-5403", "2005-03-06", "Boeing had been suspended since July 24, 2003 after violating federal law.",
     [("July 24, 2003", "date", "2003-07-24")], True),
    ("wikinews-115711", "2008-10-27",
     "On Friday, the trading value for the yen fell to 90.89, its worst showing for the currency since August 1995.",
     [("Friday", "date", "2008-10-24"), ("August 1995", "date", "1995-08")], True),
    ("wikinews-100911", "2008-03-01",
     "(EADS) have unexpectedly defeated Boeing for a US$40 billion (£20.1 billion) contract to supply the United "
     "States Air Force (USAF) with 179 new aerial refueling tankers at a rate of 15 a year.",
     [("a year", "set", "P1Y")], True),
    ("wikinews-108294", "2008-07-02", "This process could take a year or more to complete.",
     [("a year", "duration", "P1Y")], True),
    ("wikinews-116834", "2008-11-18",
     "Japan may be entering its deepest recession in a decade as the global financial crisis cools demand.\" Japan "
     "has not been in recession since 2001.", [("a decade", "duration", "P10Y"), ("2001", "date", "2001")], True),
    ("wikinews-145930", "2009-12-16",
     "Boeing's newest commercial aircraft, the 787 \"Dreamliner\", made its first test flight Tuesday in Everett, "
     "Washington at 18:00 UTC.", [("Tuesday", "date", "2009-12-15"), ("18:00 UTC", "time", "2009-12-15T18:00")], True),
    ("wikinews-62929", "2007-03-19", "Kennedy airport at 12:30 EST (16:30 UTC).",
     [("12:30 EST", "time", "T12:30"), ("16:30 UTC", "time", "T16:30")], True),
    ("wikinews-4764", "2005-02-17", "First flight is scheduled in early March.",
     [("early March", "date", "2005-03")], True),
    ("wikinews-126029", "2009-05-07",
     "United States automobile company General Motors announced it has lost US$6 billion in the first quarter of "
     "2009, amidst heavy declines in revenues.", [("the first quarter of 2009", "date", "2009-Q1")], True),
    ("wikinews-71526", "2007-06-10", "Boeing has had a policy of Russian involvement dating back to the early 1990s.",
     [("early 1990s", "date", "199")], True),
    ("wikinews-3307", "2005-01-18",
     "The first test flight of the aircraft may take place as early as March, and the first commercial flight is "
     "expected to take off in mid-2006 from Singapore's Changi Airport.",
     [("as early as March", "date", "2005-03"), ("mid-2006", "date", "2006")], False),
    ("wikinews-1173", "2004-11-24",
     "Airbus manufacturers a number of passenger and military aircraft and has gained market share in passenger "
     "aircraft over Boeing in recent years.", [("recent years", "duration", "PXY")], True),
    ("wikinews-3307", "2005-01-18", "The company is currently in talks with China regarding possible sales there.",
     [("currently", "date", "PRESENT_REF")], True),
    ("wikinews-8983", "2005-04-27", "Korean Air also bought 20 Dreamliners earlier this month.",
     [("earlier this month", "date", "2005-04")], True),
    ("wikinews-114719", "2008-10-09", "Investors are awaiting the outcome of several meetings that will be held this "
     "weekend.", [("this weekend", "date", "2008-W41-WE")], True),
    ("wikinews-71426", "2007-06-09",
     "Under the agreement, Aer Lingus Group PLC said it will receive six new A330-300E aircraft from 2009 to 2011, "
     "then between 2014 and 2016 it will take delivery of six new A350 XWB (Extra Wide Body) aircraft, a new design "
     "currently under development by Airbus.",
     [("from 2009 to 2011", "interval", "2009-01-01/2011-12-31"), ("between 2014 and 2016", "interval",
      "2014-01-01/2016-12-31"), ("currently", "date", "PRESENT_REF")], True),
    ("wikinews-82548", "2007-10-15", "The first A380 superjumbo, made by Airbus, was delivered today to Singapore "
     "Airlines (SIA) 18 months behind schedule.", [("today", "date", "2007-10-15"), ("18 months", "duration", "P18M")],
     True),
    ("wikinews-82738", "2007-10-20", "Today marked a day in history, when 20 years ago, the United States Dow Jones "
     "Industrial Average market crashed", [("Today", "date", "2007-10-20"), ("a day", "duration", "P1D"),
                                           ("20 years ago", "date", "1987")], True),
    ("wikinews-276079", "2011-08-08", "\"It's an extraordinary challenge, no one has ever built a wide body aircraft "
     "at the rate of 10 per month before,\" claims writer John Ostrower.", [("per month", "set", "P1M")], True),
    ("wikinews-112579", "2008-09-04", "According to the Associated Press, the number of people claiming weekly "
     "unemployment benefits rose 15,000 last week to 444,000.", [("weekly", "set", "P1W"),
                                                                  ("last week", "date", "2008-W35")], True),
    ("wikinews-149731", "2010-01-25", "Airbus has asked that a decision on how the project is to procced be made "
     "before the end of the month.", [("the end of the month", "date", "2010-01")], True),
    ("wikinews-61389", "2007-02-28", "Union officials said nearly 14,000 employees at four French sites had a two "
     "hour work stoppage Wednesday afternoon to protest the cuts.",
     [("two hour", "duration", "PT2H"), ("Wednesday afternoon", "time", "2007-02-28TAF")], True),
    ("wikinews-82597", "2007-10-17", "All existing terminals are currently A380-ready, and the SGD1.75-billion "
     "Terminal 3 will open its doors in January next year.",
     [("currently", "date", "PRESENT_REF"), ("January", "date", "2008-01"), ("next year", "date", "2008")], True),
]
IDS = [f"{row[0]}:{row[3][0][0]}" for row in SENTENCES]


@pytest.mark.parametrize(("aid", "anchor", "text", "expected", "rules_too"), SENTENCES, ids=IDS)
def test_dates_real_sentences_with_model(nlp_sm, aid, anchor, text, expected, rules_too):
    assert found(run(nlp_sm, text, D(anchor))) == expected


@pytest.mark.parametrize(("aid", "anchor", "text", "expected", "rules_too"),
                         [row for row in SENTENCES if row[4]], ids=[i for i, r in zip(IDS, SENTENCES) if r[4]])
def test_dates_real_sentences_rules_only(nlp_rules, aid, anchor, text, expected, rules_too):
    assert found(run(nlp_rules, text, D(anchor))) == expected


@pytest.mark.parametrize(
    ("anchor", "text", "expression", "period"),
    [
        ("2005-03-06", "Boeing had been suspended since July 24, 2003 after violating federal law.",
         "July 24, 2003", ("since July 24, 2003", "since", "2003-07-24", "2005-03-06")),
        ("2008-03-27", "The first aircraft will be in service by 2011 and all by 2016.",
         "2011", ("by 2011", "by", None, "2011-12-31")),
        ("2006-10-05", "The double-deck commercial aircrafts ' delivery, originally due later this year, will be "
         "delayed until October 2007.", "October 2007", ("until October 2007", "until", None, "2007-10-31")),
        ("2008-10-07", "As of 18:00 UTC, the primary UK index, the FTSE 100, was one of the few indexes to increase "
         "in value.", "18:00 UTC", ("As of 18:00 UTC", "as of", None, None)),
        ("2010-01-25", "Airbus has asked that a decision on how the project is to procced be made before the end "
         "of the month.", "the end of the month", ("before the end of the month", "before", None, "2010-01-21")),
    ],
)
@pytest.mark.parametrize("pipeline", ["nlp_sm", "nlp_rules"])
def test_dates_signal_sets_period(request, pipeline, anchor, text, expression, period):
    doc = run(request.getfixturevalue(pipeline), text, D(anchor))
    span = next(s for s in doc.spans[DATES] if s.text == expression)
    got = span._.wc_timex["period"]
    assert (doc.text[got["start_char"]:got["end_char"]], got["signal"], got["begin"], got["end"]) == period


@pytest.mark.parametrize("pipeline", ["nlp_sm", "nlp_rules"])
def test_dates_anaphora_resolves_against_previous_mention(request, pipeline):
    text = ("United States stock indexes posted gains on Friday, marking a four-week long positive streak. This comes "
            "despite a report released by the US Labor Department on the same day, which said that the US economy "
            "shed 663,000 jobs in March.")  # wikinews-124259, published on a Saturday
    doc = run(request.getfixturevalue(pipeline), text, D("2009-04-04"))
    assert found(doc) == [("Friday", "date", "2009-04-03"), ("four-week", "duration", "P4W"),
                          ("the same day", "date", "2009-04-03"), ("March", "date", "2009-03")] or \
        found(doc) == [("Friday", "date", "2009-04-03"), ("the same day", "date", "2009-04-03"),
                       ("March", "date", "2009-03")]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Such contracts are often justified by the speed they offer, eliminating a preliminary bid and selection "
         "round that may last months.", "may"),  # wikinews-1173: a modal verb
        ("Senator John McCain (R-AZ) entered them into the Congressional Record during a speech last week against "
         "the now-cancelled deal to lease 100 mid-air tanker aircraft from Boeing.", "now"),  # wikinews-1173
        ("The Boeing 737-800 has the best technical reliability.", "737"),  # wikinews-11714
        ("to fund an extended search for the black boxes from Air France Flight 447.", "447"),  # wikinews-129865
        ("In the second model, the A380-800F dedicated freighter", "A380"),  # wikinews-34049
        ("The China Daily newspaper reported that the deal is waiting for", "Daily"),  # wikinews-128016
        ("A 65-year-old man was hurt.", "65"),  # constructed: ages are not dates
        ("Thousands joined the march on the capital.", "march"),  # constructed: "march" the noun
    ],
)
@pytest.mark.parametrize("pipeline", ["nlp_sm", "nlp_rules"])
def test_dates_not_dates(request, pipeline, text, absent):
    doc = run(request.getfixturevalue(pipeline), text, D("2008-01-01"))
    assert not [s.text for s in doc.spans[DATES] if absent in s.text]


@pytest.mark.parametrize("pipeline", ["nlp_sm", "nlp_rules"])
def test_dates_without_anchor_keeps_relative_spans(request, pipeline):
    doc = run(request.getfixturevalue(pipeline), "The index hit an all time low yesterday and fell on Tuesday.", None)
    assert [(s.text, s._.wc_timex["value"], s._.wc_timex["begin"]) for s in doc.spans[DATES]] == [
        ("yesterday", None, None), ("Tuesday", None, None)]


def test_dates_bad_anchor_is_reported_not_raised(nlp_blank_production):
    doc = run(nlp_blank_production, "Shares fell on Tuesday.", "2008-01-01")  # a str, not a date; production's handler
    assert list(doc.spans[DATES]) == []
    assert doc._.wc_warnings and doc._.wc_warnings[0].startswith("wireclaims_dates skipped: ")


def test_dates_patterns_file_is_valid():
    lines = dates_component.load_patterns()
    ids = [line["id"] for line in lines]
    assert len(ids) == len(set(ids)) and all(set(line) == {"label", "pattern", "id"} for line in lines)
    assert {line["label"] for line in lines} <= {"date", "time", "duration", "set", "interval"}
    matcher = Matcher(spacy.blank("en").vocab)
    for line in lines:
        matcher.add(line["id"], [line["pattern"]])
    assert len(matcher) == len(lines)


def test_dates_seed_gold(nlp_sm, nlp_rules):
    text = shared("seed", "article.txt").read_text(encoding="utf-8")
    gold = json.loads(shared("gold", "seed.json").read_text(encoding="utf-8"))["dates"]
    for nlp in (nlp_sm, nlp_rules):
        doc = run(nlp, text, D("2022-10-04"))
        for g in gold:
            span = next(s for s in doc.spans[DATES] if s.start_char <= g["at"] < s.end_char)
            timex = span._.wc_timex
            if "value" in g:
                assert timex["value"] in g["value"], g
            if "begin" in g:
                assert (timex["begin"], timex["end"]) in zip(g["begin"], g["end"]), g


@pytest.fixture(scope="module")
def wikinews():
    path = shared("corpus", "wikinews.jsonl")
    if not path.is_file():
        pytest.skip(f"corpus not found: {path}")
    return [json.loads(line) for line in path.open(encoding="utf-8")]


@pytest.mark.parametrize("pipeline", ["nlp_sm", "nlp_rules"])
def test_dates_whole_corpus_spans_are_sound(request, pipeline, wikinews):
    nlp = request.getfixturevalue(pipeline)
    for article in wikinews:
        doc = run(nlp, article["text"], D(article["published"]))
        assert not [w for w in doc._.wc_warnings or [] if "skipped" in w], article["id"]
        spans = list(doc.spans[DATES])
        assert spans == sorted(spans, key=lambda s: s.start)
        for left, right in zip(spans, spans[1:]):
            assert left.end <= right.start, (article["id"], left.text, right.text)
        for span in spans:
            timex = span._.wc_timex
            assert doc.text[span.start_char:span.end_char] == span.text and span.text.strip() == span.text
            anchored = span.label_ == "duration" and timex["type"] == "interval"  # "the next 3 days"
            assert anchored or span.label_ == timex["type"] in {"date", "time", "duration", "set", "interval"}
            assert set(timex) == {"type", "value", "begin", "end", "mod", "freq", "timezone", "period"}
            if timex["type"] in ("duration", "set"):
                assert timex["begin"] is None and timex["end"] is None
            if timex["begin"] and timex["end"]:
                assert timex["begin"] <= timex["end"], (article["id"], span.text)


def test_dates_patterns_stay_inside_a_sentence(nlp_rules):
    # A headline without a full stop above its first line: "March" ends one sentence, "2009" opens the next.
    words = ["Stocks", "fall", "in", "March", "2009", "was", "a", "bad", "year"]
    doc = Doc(nlp_rules.vocab, words=words, sent_starts=[True, False, False, False, True, False, False, False, False])
    doc._.wc_anchor = D("2009-12-30")
    doc = nlp_rules.get_pipe("wireclaims_dates")(doc)
    assert [s.text for s in doc.spans[DATES]] == ["March"]  # not "March 2009"


@pytest.mark.parametrize("pipeline", ["nlp_sm", "nlp_rules"])
def test_dates_now_is_found_away_from_other_date_words(request, pipeline):
    # Wikinews, 2008-12-12 (Big Three bailout): "now" is a stop word, and no other date word is near.
    text = ("Some Democrats now want U.S. President Bush to reserve a portion of the $700 billion bailout "
            "package earmarked for Wall Street to assist the flagging car industry.")
    doc = run(request.getfixturevalue(pipeline), text, D("2008-12-12"))
    assert [(s.text, s._.wc_timex["value"]) for s in doc.spans[DATES]] == [("now", "PRESENT_REF")]
