"""Property tests (hypothesis): any text and any bytes never raise; records survive round trips.

- ``extract()`` on generated text returns an ``ArticleResult`` whose every span matches the text:
  mostly with the blank pipeline (fast), a smaller number with the model.
- ``read_articles`` on a file of arbitrary bytes never raises, and every non-blank line becomes
  exactly one ``Article`` or ``Reject``.
- A result written with the project's writers (JSONL and SQLite) reads back ``==`` what was
  written: the model's results for the whole Wikinews corpus, results of generated text, and
  hypothesis-built variations of a hand-made rich record.
"""

from __future__ import annotations

import json

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor.api import extract
from extractor.io.readers import read_articles
from extractor.io.sinks.registry import open_writer, read_results
from models import (
    Article,
    ArticleResult,
    Claim,
    Country,
    CountryMention,
    DateMention,
    Mention,
    Official,
    Place,
    Predicate,
    Qualifier,
    Quantity,
    Reject,
    Source,
    Subject,
    TimeSpan,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---- text strategies ---------------------------------------------------------------------------

#: Pieces that poke at the rules: numbers, bounds, currencies, quotes, dates, odd unicode.
PIECES = [
    "1,2,3..", "$$$", "“", "”", "″", "‘", "US$", "£", "€", "¥", "more than", "about", "up to", "at least",
    "between", "and", "to", "%", "per cent", "a year", "rose", "fell by", "Monday", "last month",
    "yesterday", "2022", "September 21", "U.S.", "UK", "Russian", "said", "according to", "could",
    "Interior Minister", "Boeing 787", "three years", "tens of thousands", "½", "²", "٣", "१२", "1e9",
    "0.0.0", "-", "--", "—", "(", ")", "\n", "\n\n", "\t", "\u200b", "\u00a0", "\ufeff", "🙂", "Ω",
    "1.000.000,5", "12/13/14", "10:30", "5-10", "-5", "+7", "∞", "NaN", "inf",
]
digit_soup = st.text(alphabet="0123456789,.-%$ ", min_size=1, max_size=200)
long_token = st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000).map(
    lambda t: t.replace(" ", "x"))
#: Digit runs stay under 300 characters here: longer ones overflow float (see the xfail below).
mixed = st.lists(st.one_of(st.sampled_from(PIECES), st.integers(-10**12, 10**12).map(str),
                           st.text(max_size=12)), min_size=1, max_size=40).map(" ".join)
any_text = st.one_of(st.text(min_size=1), mixed, digit_soup, long_token).filter(str.strip)
anchors = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))


def _extract_checked(nlp, text: str, published) -> ArticleResult:
    result = extract(Article(id="prop", text=text, published=published), nlp)
    assert isinstance(result, ArticleResult)
    # a crashing component must fail the property, not hide as a warning (the fixtures are strict too)
    assert not [warning for warning in result.warnings if " skipped: " in warning]
    assert result.check_spans(text) == []
    for claim in result.claims:
        assert 0 <= claim.quantity < len(result.quantities)
    return result


@FAST
@given(text=any_text, published=anchors)
@example(text="1,2,3..", published=None)
@example(text="$$$ “ ″", published=dt.date(2022, 10, 4))
@example(text=" . ", published=None)
@example(text="x" * 5000, published=None)
def test_extract_any_text_blank_never_raises(nlp_blank, text, published):
    _extract_checked(nlp_blank, text, published)


@SLOW
@given(text=any_text, published=anchors)
@example(text="More than 200,000 “Russian” citizens entered ″Kazakhstan″ since September 21.",
         published=dt.date(2022, 10, 4))
def test_extract_any_text_model_never_raises(nlp_model, text, published):
    _extract_checked(nlp_model, text, published)


# ---- bytes into the reader -------------------------------------------------------------------

def _nonblank_lines(data: bytes) -> int:
    """Items a JSONL file gives: lines ended by b"\\n", each cut again at bare b"\\r" (old Mac line
    ends: JSON has no raw CR inside a string); a first line that opens a JSON array is one reject."""
    lines = data.split(b"\n")
    first = lines[0].strip().removeprefix(b"\xef\xbb\xbf")
    if first.startswith(b"["):
        try:
            json.loads(first)
        except (ValueError, RecursionError):
            return 1
    return sum(1 for line in lines for part in line.rstrip(b"\r").split(b"\r") if part.strip())


@FAST
@given(data=st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.binary(max_size=200),
                       st.sampled_from([b'{"id": "a", "text": "x"}', b'{"id": 1, "text": "t", "published": "x"}',
                                        b'{"id": "", "text": " "}', b"[]", b"null", b'"text"', b"\xef\xbb\xbf{}",
                                        b'{"id": "a", "text": "\\ud800"}', b"[" * 3000, b"\x00", b"\r"])),
             max_size=20).map(b"\n".join),
))
def test_read_articles_any_bytes_never_raises(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.jsonl"
        path.write_bytes(data)
        items = list(read_articles([path]))
    assert all(isinstance(item, Article | Reject) for item in items)
    assert len(items) == _nonblank_lines(data)


@FAST
@given(data=st.binary(max_size=500))
def test_read_articles_any_gz_bytes_never_raises(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.jsonl.gz"
        path.write_bytes(data)
        items = list(read_articles([path]))
    assert all(isinstance(item, Article | Reject) for item in items)


# ---- round trips -----------------------------------------------------------------------------


def _round_trip(results: list[ArticleResult], suffix: str) -> list[ArticleResult]:
    """Write ``results`` with the project's writer for ``suffix``, read them back."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"out{suffix}"
        with open_writer(path) as writer:
            for result in results:
                writer.write(result, Article(id=result.article_id, text="article text"))
        return list(read_results(path))


@pytest.mark.parametrize("suffix", [".jsonl", ".db", ".sqlite"])
def test_roundtrip_wikinews_results(wikinews_results, suffix):
    assert _round_trip(wikinews_results, suffix) == wikinews_results


@FAST
@given(text=any_text, published=anchors)
def test_roundtrip_results_of_any_text(nlp_blank, text, published):
    result = _extract_checked(nlp_blank, text, published)
    assert _round_trip([result], ".jsonl") == [result]
    assert _round_trip([result], ".db") == [result]


def test_roundtrip_result_with_huge_number(nlp_blank):
    # a 400-digit string is no finite number: not a quantity, so nothing infinite reaches JSON
    result = _extract_checked(nlp_blank, "9" * 400 + " jobs", None)
    assert all(q.value is None or q.value < 1e300 for q in result.quantities)
    assert _round_trip([result], ".jsonl") == [result]


# ---- a hand-made rich record, varied by hypothesis -------------------------------------------

RICH_TEXT = ("MOSCOW, Oct 3 (EFE).- More than 200,000 Russian citizens have entered Kazakhstan since "
             "September 21, Interior Minister Marat Akhmetdzhanov said, according to unofficial figures.")
words = st.text(min_size=1, max_size=30)
maybe_words = st.none() | words
numbers = st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64)
iso_days = st.none() | st.dates().map(dt.date.isoformat)
codes = st.none() | st.from_regex(r"[A-Z]{2}", fullmatch=True)


@st.composite
def spans(draw):
    start = draw(st.integers(0, 10**6))
    return (start, start + draw(st.integers(1, 10**4)))


def mentions(cls, **fields):
    return st.builds(cls, text=words, span=spans(), **fields)


@st.composite
def quantities(draw):
    low, high = sorted([draw(numbers.filter(lambda x: x is not None)) for _ in range(2)])
    return Quantity(
        text=draw(words), span=draw(spans()), value=draw(numbers),
        low=draw(st.sampled_from([low, None])), high=draw(st.sampled_from([high, None])),
        bound=draw(st.sampled_from(["exact", "approximate", "more_than", "at_least", "less_than",
                                    "at_most", "range", "vague"])),
        change=draw(st.sampled_from([None, "increase", "decrease"])),
        unit=draw(maybe_words), counted=draw(maybe_words), per=draw(st.sampled_from([None, "day", "year"])),
    )


claims = st.builds(
    Claim, id=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
    quantity=st.integers(0, 5), sentence=mentions(Mention),
    subject=st.none() | mentions(Subject, country=codes),
    predicate=st.none() | st.builds(Predicate, text=words, lemma=words, span=st.none() | spans()),
    places=st.lists(mentions(Place, country=codes), max_size=3),
    time=st.none() | mentions(TimeSpan, begin=iso_days, end=iso_days),
    source=st.none() | mentions(Source, name=maybe_words, title=maybe_words, country=codes,
                                kind=st.sampled_from(["person", "organization", "document", "media", "unnamed"]),
                                cue=maybe_words, official=st.none() | st.integers(0, 3)),
    qualifiers=st.lists(mentions(Qualifier, kind=st.sampled_from(
        ["bound", "approximation", "hedge", "negation", "modality", "emphasis"])), max_size=4),
    hedged=st.booleans(),
)
officials = st.builds(Official, name=words, aliases=st.lists(words, max_size=3), title=maybe_words,
                      country=codes, organization=maybe_words, country_inferred=st.booleans(),
                      mentions=st.lists(mentions(Mention), min_size=1, max_size=3))
countries = st.builds(Country, code=st.from_regex(r"[A-Z]{2}", fullmatch=True), name=words,
                      mentions=st.lists(mentions(CountryMention, form=st.sampled_from(["name", "alias", "demonym"])),
                                        min_size=1, max_size=3))
dates = mentions(DateMention, type=st.sampled_from(["date", "time", "duration", "set", "interval"]),
                 value=maybe_words, begin=iso_days, end=iso_days)


def _rich_record() -> ArticleResult:
    """A hand-made record with every field filled, spans true to ``RICH_TEXT``."""
    def m(piece: str, cls=Mention, **fields):
        start = RICH_TEXT.index(piece)
        return cls(text=piece, span=(start, start + len(piece)), **fields)

    return ArticleResult(
        article_id="efe-2022-10-03", published="2022-10-03", published_source="input", pipeline="blank",
        quantities=[m("More than 200,000", Quantity, value=200000, low=200000, high=None, bound="more_than",
                      counted="Russian citizens")],
        claims=[Claim(
            id="0123456789abcdef", quantity=0, sentence=m(RICH_TEXT[RICH_TEXT.index("More"):]),
            subject=m("Russian citizens", Subject, country="RU"),
            predicate=Predicate(text="entered", lemma="enter", span=m("entered").span),
            places=[m("Kazakhstan", Place, country="KZ")],
            time=m("since September 21", TimeSpan, begin="2022-09-21", end="2022-10-03"),
            source=m("Interior Minister Marat Akhmetdzhanov", Source, name="Marat Akhmetdzhanov",
                     title="Interior Minister", kind="person", cue="said", official=0),
            qualifiers=[m("More than", Qualifier, kind="bound"), m("unofficial", Qualifier, kind="hedge")],
            hedged=True)],
        officials=[Official(name="Marat Akhmetdzhanov", aliases=["Ajmetdzhanov"], title="Interior Minister",
                            country="RU", mentions=[m("Marat Akhmetdzhanov")])],
        countries=[Country(code="RU", name="Russia", mentions=[m("Russian", CountryMention, form="demonym")]),
                   Country(code="KZ", name="Kazakhstan", mentions=[m("Kazakhstan", CountryMention, form="name")])],
        dates=[m("September 21", DateMention, type="date", value="2022-09-21", begin="2022-09-21",
                 end="2022-09-21")],
        warnings=["a warning"],
    )


RICH = _rich_record()


def test_rich_record_spans_match_its_text():
    assert RICH.check_spans(RICH_TEXT) == []


@st.composite
def rich_variations(draw):
    """The rich record with any subset of its parts replaced by generated ones.

    Country codes and claim ids stay unique within the record, as the contract has them ("one per
    country", stable ids); the SQLite writer keys its rows on them.
    """
    fields = {}
    for name, strategy in (("article_id", words.filter(str.strip)), ("published", iso_days),
                           ("published_source", st.sampled_from(["input", "text", "none"])),
                           ("pipeline", maybe_words), ("quantities", st.lists(quantities(), max_size=4)),
                           ("claims", st.lists(claims, max_size=3, unique_by=lambda c: c.id)), ("officials", st.lists(officials, max_size=2)),
                           ("countries", st.lists(countries, max_size=3, unique_by=lambda c: c.code)), ("dates", st.lists(dates, max_size=3)),
                           ("warnings", st.lists(st.text(), max_size=3))):
        if draw(st.booleans()):
            fields[name] = draw(strategy)
    return RICH.model_copy(update=fields) if not fields else ArticleResult.model_validate(
        {**RICH.model_dump(), **{k: _dumped(v) for k, v in fields.items()}})


def _dumped(value):
    if isinstance(value, list):
        return [item.model_dump() if hasattr(item, "model_dump") else item for item in value]
    return value


@FAST
@given(record=rich_variations())
@example(record=RICH)
def test_roundtrip_rich_record_jsonl(record):
    assert _round_trip([record], ".jsonl") == [record]


@FAST
@given(record=rich_variations())
@example(record=RICH)
def test_roundtrip_rich_record_sqlite(record):
    assert _round_trip([record], ".sqlite3") == [record]
