"""spaCy's rule lemmatizer, asked once per distinct (word, part of speech, morphology).

spaCy's ``Lemmatizer`` visits every token from Python (``token.lemma == 0``, ``lemmatize(token)``,
``token.lemma_ = ...``): 5.6 µs a word on the corpus, 3% of the pipeline. Its answer depends only
on the word, its part of speech and its morphology (its own cache is keyed on the three), so
``LemmaTable`` reads those three for the whole doc in one array, asks the model's lemmatizer once
per new combination, and writes the lemmas in one array. Tokens that already have a lemma (the
attribute ruler sets a few) keep it, as with spaCy's ``overwrite = False``. Its memory is bounded:
past ``KEPT`` combinations it starts again, and empties the wrapped lemmatizer's own cache too
(``extractor.memory.bound_lemma_caches`` also bounds it, through the table's ``lemmatizer``). Identical lemmas on the corpus: ``tests/test_speed.py``.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

#: Distinct (word, part of speech, morphology) whose lemma is remembered.
KEPT = 100_000


class LemmaTable:
    def __init__(self, lemmatizer: Lemmatizer | None = None) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], str] = {}

    @property
    def cache(self) -> dict:
        """The wrapped lemmatizer's own cache (``extractor.memory`` bounds it)."""
        return self.lemmatizer.cache if self.lemmatizer is not None else {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or self.lemmatizer is None:
            return doc
        if not self.lemmatizer._validated:  # what spaCy's ``Lemmatizer.__call__`` checks first
            self.lemmatizer._validate_tables(Errors.E1004)
        if len(self._lemmas) > KEPT or len(self.lemmatizer.cache) > KEPT:
            self._lemmas.clear()
            self.lemmatizer.cache.clear()  # filled by ``lemmatize``; no longer in the pipeline for memory.py
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas, strings, known = values[:, 3].copy(), doc.vocab.strings, self._lemmas
        for i, (orth, pos, morph, lemma) in enumerate(values.tolist()):
            if lemma:
                continue
            form = known.get((orth, pos, morph))
            if form is None:
                form = known[orth, pos, morph] = self.lemmatizer.lemmatize(doc[i])[0]
            lemmas[i] = strings.add(form)  # added again: a memory zone may have freed the string
        doc.from_array([LEMMA], numpy.ascontiguousarray(lemmas))
        return doc


def replace_lemmatizer(nlp: Language) -> bool:
    """Put a ``LemmaTable`` around the model's rule lemmatizer, under the same name; False (pipeline
    unchanged) when there is none or it is not a rule lemmatizer that keeps existing lemmas."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule" or lemmatizer.overwrite:
        return False
    nlp.replace_pipe("lemmatizer", "wireclaims_lemma_table")
    nlp.get_pipe("lemmatizer").lemmatizer = lemmatizer
    return True
