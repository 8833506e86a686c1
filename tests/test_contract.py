"""The output contract (../shared/CONTRACT.md) on every article of the bundled Wikinews corpus.

The model pipeline runs once per session over all 90 articles (``wikinews_results`` in
conftest.py); each check is one test per article, so a failure names the article.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from extractor.api import extract_many, load
from extractor.cli.app import app
from models import ArticleResult

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"
CODE = re.compile(r"^[A-Z]{2}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _article_ids() -> list[str]:
    with CORPUS.open(encoding="utf-8") as stream:
        return [json.loads(line)["id"] for line in stream if line.strip()]


ARTICLE_IDS = _article_ids()


@pytest.fixture(scope="module")
def by_id(wikinews_articles, wikinews_results):
    """``article id -> (article, result)`` for the session's model run."""
    return {a.id: (a, r) for a, r in zip(wikinews_articles, wikinews_results, strict=True)}


@pytest.fixture(scope="module")
def second_run(wikinews_articles):
    """A second, independent run: a freshly built pipeline, the articles in reverse order."""
    results = extract_many(list(reversed(wikinews_articles)), load("auto"))
    return {result.article_id: result for result in results}


@pytest.fixture(scope="module")
def schema_validator():
    """A validator for the JSON Schema that ``wireclaims schema`` prints."""
    printed = CliRunner().invoke(app, ["schema"])
    assert printed.exit_code == 0, printed.output
    schema = json.loads(printed.stdout)
    assert schema == ArticleResult.model_json_schema()
    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    validator_class.check_schema(schema)
    return validator_class(schema)


def test_contract_corpus_is_whole(wikinews_results):
    assert len(wikinews_results) == len(ARTICLE_IDS) == 90
    assert all(isinstance(result, ArticleResult) for result in wikinews_results)


per_article = pytest.mark.parametrize("article_id", ARTICLE_IDS)


@per_article
def test_contract_spans_match_text(by_id, article_id):
    article, result = by_id[article_id]
    assert result.check_spans(article.text) == []


@per_article
def test_contract_predicate_spans_match_text(by_id, article_id):
    """``check_spans`` skips predicates: their optional span must still point at their text."""
    article, result = by_id[article_id]
    wrong = [(c.predicate.text, c.predicate.span) for c in result.claims
             if c.predicate is not None and c.predicate.span is not None
             and article.text[c.predicate.span[0]:c.predicate.span[1]] != c.predicate.text]
    assert wrong == []


@per_article
def test_contract_claim_indexes_are_valid(by_id, article_id):
    _, result = by_id[article_id]
    assert all(0 <= claim.quantity < len(result.quantities) for claim in result.claims)
    sources = [claim.source for claim in result.claims if claim.source and claim.source.official is not None]
    assert all(0 <= source.official < len(result.officials) for source in sources)


@per_article
def test_contract_claim_ids_are_unique(by_id, article_id):
    _, result = by_id[article_id]
    ids = [claim.id for claim in result.claims]
    assert len(ids) == len(set(ids))


@per_article
def test_contract_quantities_in_text_order(by_id, article_id):
    _, result = by_id[article_id]
    spans = [tuple(q.span) for q in result.quantities]
    assert spans == sorted(spans)


@per_article
def test_contract_country_codes_are_alpha2(by_id, article_id):
    _, result = by_id[article_id]
    codes = [c.code for c in result.countries]
    codes += [o.country for o in result.officials]
    for claim in result.claims:
        codes += [claim.subject and claim.subject.country, claim.source and claim.source.country]
        codes += [place.country for place in claim.places]
    assert [code for code in codes if code is not None and not CODE.match(code)] == []
    assert len({c.code for c in result.countries}) == len(result.countries), "one record per country"


@per_article
def test_contract_dates_begin_before_end(by_id, article_id):
    _, result = by_id[article_id]
    periods = [(d.text, d.begin, d.end) for d in result.dates]
    periods += [(c.time.text, c.time.begin, c.time.end) for c in result.claims if c.time is not None]
    days = [day for _, begin, end in periods for day in (begin, end) if day is not None]
    assert [day for day in days if not DAY.match(day)] == []
    assert [p for p in periods if p[1] is not None and p[2] is not None and p[1] > p[2]] == []


@per_article
def test_contract_no_quantity_overlaps_a_date(by_id, article_id):
    """Parts of dates are never quantities; a duration ("for four years") is both (issue 8), also
    when anchored ("the past three days": an interval whose TIMEX3 value is the duration P3D)."""
    _, result = by_id[article_id]
    overlapping = [(q.text, q.span, d.text, d.span) for q in result.quantities for d in result.dates
                   if q.span[0] < d.span[1] and d.span[0] < q.span[1] and d.type != "duration"
                   and not (d.type == "interval" and (d.value or "").startswith("P"))]
    assert overlapping == []


@per_article
def test_contract_ids_stable_across_runs(by_id, second_run, article_id):
    _, result = by_id[article_id]
    again = second_run[article_id]
    assert [c.id for c in again.claims] == [c.id for c in result.claims]
    assert again == result


@per_article
def test_contract_record_matches_json_schema(by_id, schema_validator, article_id):
    _, result = by_id[article_id]
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in schema_validator.iter_errors(result.model_dump(mode="json"))]
    assert errors == []


def test_contract_schema_rejects_a_bad_record(wikinews_results, schema_validator):
    """The schema check bites: a record with an unknown bound or a lower-case code fails it."""
    record = next(r for r in wikinews_results if r.quantities and r.countries).model_dump(mode="json")
    record["quantities"][0]["bound"] = "roughly"
    record["countries"][0]["code"] = "usa"
    bad = {tuple(e.absolute_path) for e in schema_validator.iter_errors(record)}
    assert bad == {("quantities", 0, "bound"), ("countries", 0, "code")}
