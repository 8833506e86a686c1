"""Flat memory over a long run: memory zones per batch, bounded lemma caches, heap trimming."""

from __future__ import annotations

import platform
from contextlib import nullcontext

import pytest

from extractor import api, memory
from extractor.api import extract_many
from models import Article

NOVEL = Article(id="novel", published="2021-03-05",
                text="Zorblaxian officials said 3,400 qwertyfish were counted in Flumptonshire on 3 March 2021, "
                     "up from 2,100 a year earlier.")


def _vocabulary_size(nlp) -> tuple[int, int]:
    """Strings and lexemes really held (``len(nlp.vocab)`` counts every lexeme ever added)."""
    return len(nlp.vocab.strings), sum(1 for _ in nlp.vocab)


def test_extract_many_leaves_no_new_word_in_a_full_vocabulary(monkeypatch, nlp_blank):
    monkeypatch.setattr(api, "PERMANENT_LEXEMES", 0)
    before = _vocabulary_size(nlp_blank)
    [result] = extract_many([NOVEL], nlp_blank)
    assert _vocabulary_size(nlp_blank) == before
    assert "Flumptonshire" not in nlp_blank.vocab.strings
    assert [q.text for q in result.quantities] == ["3,400", "2,100"]
    assert [d.text for d in result.dates] == ["3 March 2021", "a year earlier"]
    assert result.check_spans(NOVEL.text) == []


@pytest.mark.parametrize("pipeline", ["nlp_blank", "nlp_model"])
def test_extract_many_in_memory_zones_gives_the_same_records(request, monkeypatch, wikinews_articles, pipeline):
    nlp = request.getfixturevalue(pipeline)
    monkeypatch.setattr(api, "PERMANENT_LEXEMES", 0)
    articles = wikinews_articles[:12]
    zoned = [r.model_dump() for r in extract_many(articles, nlp, batch_size=4)]
    monkeypatch.setattr(api, "_zone", lambda nlp: nullcontext())
    assert [r.model_dump() for r in extract_many(articles, nlp, batch_size=4)] == zoned


def test_extract_many_inside_a_callers_memory_zone(monkeypatch, nlp_blank):
    monkeypatch.setattr(api, "PERMANENT_LEXEMES", 0)
    with nlp_blank.memory_zone():
        [result] = extract_many([NOVEL], nlp_blank)
        assert "Flumptonshire" in nlp_blank.vocab.strings  # the caller's zone, not closed yet
    assert "Flumptonshire" not in nlp_blank.vocab.strings
    assert [q.text for q in result.quantities] == ["3,400", "2,100"]


def test_words_stay_until_the_vocabulary_has_held_its_bound(monkeypatch, nlp_blank):
    first = Article(id="first", text="Glorbington reported 12 cases on Monday.")
    second = Article(id="second", text="Snarfleton reported 14 cases on Tuesday.")
    monkeypatch.setattr(api, "PERMANENT_LEXEMES", len(nlp_blank.vocab) + 1)
    results = list(extract_many([first, second], nlp_blank, batch_size=1))
    assert "Glorbington" in nlp_blank.vocab.strings and "Snarfleton" not in nlp_blank.vocab.strings
    assert [[q.text for q in r.quantities] for r in results] == [["12"], ["14"]]


def test_lemma_cache_is_emptied_past_its_bound(monkeypatch, nlp_model):
    if "lemmatizer" not in nlp_model.pipe_names:
        pytest.skip("the English model is not installed")
    lemmatizer = nlp_model.get_pipe("lemmatizer")
    list(extract_many([NOVEL], nlp_model))
    assert lemmatizer.cache
    monkeypatch.setattr(memory, "LEMMA_CACHE_MAX", len(lemmatizer.cache))
    memory.bound_lemma_caches(nlp_model)
    assert lemmatizer.cache
    monkeypatch.setattr(memory, "LEMMA_CACHE_MAX", 0)
    list(extract_many([NOVEL], nlp_model))
    assert lemmatizer.cache == {}


def test_heap_is_trimmed_every_n_articles(monkeypatch):
    trims = []
    monkeypatch.setattr(memory, "release_free_heap", lambda: trims.append(1) or True)
    trimmer = memory.HeapTrimmer(every=64)
    for _ in range(9):
        trimmer.done(16)
    assert len(trims) == 2


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_release_free_heap_on_glibc():
    assert memory.release_free_heap() is True
