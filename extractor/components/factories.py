"""Every wireclaims spaCy factory, with what it assigns and requires and its configuration, in one
place (as spaCy's own ``spacy/pipeline/factories.py``). Importing this module registers them;
``pipeline.build`` adds them in ``pipeline.COMPONENTS`` order and they are also published as
``spacy_factories`` entry points (``pyproject.toml``).

The span groups and ``doc._`` attributes named here are documented in
``extractor.components.extensions``. Configuration: ``use_ner`` (dates: take the model's DATE/TIME
entities as candidates) and ``skip_person`` (countries: no country inside a PERSON entity).
"""

from __future__ import annotations

from spacy.language import Language

from extractor.components.attribute_table import AttributeTable
from extractor.components.attribution import Attribution
from extractor.components.claims import Claims
from extractor.components.countries import Countries
from extractor.components.dates import DateTagger
from extractor.components.lemma_table import LemmaTable
from extractor.components.officials import Officials
from extractor.components.paragraphs import Paragraphs
from extractor.components.qualifiers import Qualifiers
from extractor.components.quantities import Quantities


@Language.factory("wireclaims_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> Paragraphs:
    return Paragraphs()


@Language.factory("wireclaims_dates", assigns=["doc.spans"], default_config={"use_ner": True})
def make_dates(nlp: Language, name: str, use_ner: bool) -> DateTagger:
    return DateTagger(nlp, name, use_ner=use_ner)


@Language.factory("wireclaims_countries", assigns=["doc.spans"], default_config={"skip_person": True})
def make_countries(nlp: Language, name: str, skip_person: bool) -> Countries:
    return Countries(nlp, name, skip_person=skip_person)


@Language.factory("wireclaims_quantities", assigns=["doc.spans"], requires=["doc.spans"])
def make_quantities(nlp: Language, name: str) -> Quantities:
    return Quantities(name=name)


@Language.factory("wireclaims_qualifiers", assigns=["doc.spans"])
def make_qualifiers(nlp: Language, name: str) -> Qualifiers:
    return Qualifiers(nlp, name)


@Language.factory("wireclaims_officials", assigns=["doc.spans", "doc._.wc_officials"], requires=["doc.spans"])
def make_officials(nlp: Language, name: str) -> Officials:
    return Officials(nlp)


@Language.factory("wireclaims_attribution", assigns=["doc.spans", "doc._.wc_sources"],
                  requires=["doc._.wc_officials"])
def make_attribution(nlp: Language, name: str) -> Attribution:
    return Attribution()


@Language.factory("wireclaims_claims", assigns=["doc._.wc_claims"],
                  requires=["doc._.wc_sources", "doc._.wc_officials"])
def make_claims(nlp: Language, name: str) -> Claims:
    return Claims()


# --- stand-ins for two of the English model's components (same annotations, less time) ----------


@Language.factory("wireclaims_attribute_table", assigns=["token.tag", "token.pos", "token.morph", "token.lemma"])
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """Empty until ``attribute_table.replace_attribute_ruler`` gives it the model's rules."""
    return AttributeTable(nlp.vocab)


@Language.factory("wireclaims_lemma_table", assigns=["token.lemma"])
def make_lemma_table(nlp: Language, name: str) -> LemmaTable:
    """Passes docs through until ``lemma_table.replace_lemmatizer`` gives it the model's lemmatizer."""
    return LemmaTable()
