"""Exact figures everywhere a desk reads them: ``wireclaims show`` and the groups' conflict reasons
write a number as the article printed it (``analysis.render.exact_number``, the formatter the review
pages and the exports use), never rounded to six digits as before ("17,849.97" was "17,850",
"$16.6 billion" was "1.66e+10")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.analysis.groups import group_claims
from extractor.analysis.render import exact_number
from extractor.api import extract_many
from extractor.cli.app import app
from extractor.io.sinks.registry import open_writer
from models import Article

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"
#: "... the Hang Seng bottomed out at 16,283.72 points before closing at 17,849.97 points." (2008-09-18)
MARKETS = "wikinews-113278"
#: "... General Motors (GM), announced that it seeks $16.6 billion in loans from the government, ..."
AUTOS = "wikinews-121134"


@pytest.mark.parametrize("value, shown", [
    (17849.97, "17,849.97"),              # seven significant digits: "17,850" with the old :,.6g
    (24731.58, "24,731.58"),
    (1234567.0, "1,234,567"),
    (2.35e6, "2,350,000"),                # "2.35 million"
    (16.6 * 1e9, "16,600,000,000"),       # "$16.6 billion" is 16600000000.000002 as a double: its tail is no digit of the text
    (34.3 * 1e9, "34,300,000,000"),       # and "$34.3 billion" 34299999999.999996
    (0.1 + 0.2, "0.3"),
    (-0.8, "-0.8"),                       # "DAX -0.8%"
    (1.5e-7, "0.00000015"),               # never an exponent
    (123456789.123456, "123,456,789.123456"),  # fifteen significant digits, all kept
])
def test_exact_number_writes_every_digit_the_text_has(value, shown):
    assert exact_number(value) == shown


def corpus(*ids: str) -> list[Article]:
    with CORPUS.open(encoding="utf-8") as stream:
        articles = [Article.model_validate_json(line) for line in stream if line.strip()]
    return [a for a in articles if a.id in ids]


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp_blank) -> Path:
    articles = corpus(MARKETS, AUTOS)
    path = tmp_path_factory.mktemp("exact") / "claims.db"
    with open_writer(path) as writer:
        for result, article in zip(extract_many(articles, nlp_blank), articles):
            writer.write(result, article)
    return path


@pytest.mark.parametrize("article, quantity, exact", [
    (MARKETS, "'17,849.97 points'", "value 17,849.97  interval [17,849.97, 17,849.97]"),
    (MARKETS, "'16,283.72 points'", "value 16,283.72  interval [16,283.72, 16,283.72]"),
    (MARKETS, "'11,489.30 points'", "value 11,489.3  interval [11,489.3, 11,489.3]"),  # the value, not its zeros
    (AUTOS, "'$16.6 billion'", "value 16,600,000,000  interval [16,600,000,000, 16,600,000,000]"),
])
def test_show_writes_the_figures_exactly(db, article, quantity, exact):
    out = CliRunner().invoke(app, ["show", str(db), article], catch_exceptions=False).stdout
    lines = [line for line in out.splitlines() if line.startswith(f"  quantity:   {quantity}")]
    assert lines and all(exact in line for line in lines), lines


@pytest.mark.slow
def test_group_conflict_reason_writes_the_figures_exactly(nlp_model):
    """A restatement of the Hang Seng's low two hundredths apart: rounded to six digits both read
    "16,283.7", and the reason would say two equal figures cannot both hold."""
    (article,) = corpus(MARKETS)
    sentence = next(s for s in re.split(r"(?<=[.!?])\s+", article.text) if "16,283.72" in s)
    first = Article(id="wire-1", text=sentence, published=article.published)
    second = Article(id="wire-2", text=sentence.replace("16,283.72", "16,283.79"), published=article.published)
    (group,) = [g for g in group_claims(extract_many([first, second], nlp_model)) if g.conflict]
    assert group.label == "Hang Seng bottoming in Japan"
    assert group.reason == ("'16,283.72 points' (exact, 16,283.72 .. 16,283.72) in wire-1 and '16,283.79 points' "
                            "(exact, 16,283.79 .. 16,283.79) in wire-2 cannot both hold for the same period "
                            "(no stated period, up to 2008-09-18)")
