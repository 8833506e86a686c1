"""Officials on real Wikinews sentences: title, name, country, organization, aliases."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor import extract
from extractor.normalize.names import similar_surname
from models import Article


def officials(nlp, text: str) -> list:
    result = extract(Article(id="t", text=text, published=dt.date(2009, 1, 1)), nlp)
    assert result.check_spans(text) == []
    return result.officials


@pytest.mark.parametrize(
    ("text", "name", "title", "country", "organization"),
    [
        ("Australian Prime Minister John Howard and federal industry minister Ian MacDonald today "
         "announced that the federal government would be providing Ford Australia with a AU$52.5 "
         "million financial assistance package.", "John Howard", "Prime Minister", "AU", None),
        ("This industry is an emblem of the American spirit,\" said Barack Obama, President of the "
         "United States.", "Barack Obama", "President of the United States", "US", None),
        ("Kaoru Yosano, the Japanese minister of fiscal policy, said \"The downtrend in the economy "
         "will continue for the time being.\"", "Kaoru Yosano", "minister", "JP", None),
        ("Northrop Grumman CEO Ron Sugar said in an interview \"Everyone told us we were crazy.\"",
         "Ron Sugar", "CEO", None, "Northrop Grumman"),
        ("The issue has been resolved, according to Airbus spokesman Jaime Perez-Guerra.",
         "Jaime Perez-Guerra", "spokesman", None, "Airbus"),
        ("\"The credit crisis is causing an unraveling of industry after industry,\" said David "
         "Dreman, the chief investment officer of Dreman Value Management.",
         "David Dreman", "chief investment officer of Dreman Value Management", None,
         "Dreman Value Management"),
        ("The vice president of Dacia, Constantin Stroe, said that the price Ford offers is not "
         "important.", "Constantin Stroe", "vice president of Dacia", None, None),
    ],
)
def test_officials_title_name_country(nlp_model, text, name, title, country, organization):
    found = {o.name: o for o in officials(nlp_model, text)}
    assert name in found, f"{name} not among {list(found)}"
    official = found[name]
    assert official.title == title
    assert official.country == country
    if organization is not None:
        assert official.organization == organization


@pytest.mark.parametrize(
    "text",
    [
        # a title word inside a company name is no office
        "General Motors and Chrysler asked for a loan of US$14 billion.",
        # photo credits and bylines name no office
        "Airbus A380 at Changi airport. REUTERS/Pavel Mikheyev",
        # a title word inside a person's name
        "Shares rose on the day honouring Martin Luther King Jr.",
    ],
)
def test_officials_not_an_office(nlp_model, text):
    assert officials(nlp_model, text) == []


def test_officials_later_surname_mentions_join_the_first(nlp_model):
    text = ("Russian President Dmitry Medvedev went on national television to appease the public. "
            "Medvedev said the market would be given all the necessary support.")
    (official,) = officials(nlp_model, text)
    assert official.country == "RU"
    assert [m.text for m in official.mentions] == ["Dmitry Medvedev", "Medvedev"]


def test_officials_spelling_variants_become_aliases(nlp_model):
    # The transliterations of one Kazakh surname that agency copy mixes in one article.
    text = ("The Kazakh Interior Minister, Marat Akhmetzhanov, spoke on Tuesday. "
            "Akhmetdzhanov said border posts were open.")
    (official,) = officials(nlp_model, text)
    assert official.name == "Marat Akhmetzhanov"
    assert official.aliases == ["Akhmetdzhanov"]
    assert official.country == "KZ"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Ajmetdzhanov", "Akhmetdzhanov", True),
        ("Medvedev", "Medvedev", True),
        ("Putin", "Pushkin", False),
        ("Gallois", "Galloway", False),
        ("Schmidt", "Schmitt", True),
    ],
)
def test_officials_similar_surname(a, b, same):
    assert similar_surname(a, b) is same


def test_officials_name_glued_to_a_number_cue(nlp_model):
    # A real Wikinews sentence with the defect scraped wire copy has ("Musinsome 70,000"):
    # the approximation cue glued to the name before a number belongs to the number.
    text = ("The aircraft was greeted by guests, including the Prime Minister of Singapore, "
            "Lee Hsien Loongsome 400 guests.")
    (official,) = officials(nlp_model, text)
    assert official.name == "Lee Hsien Loong"
    assert [m.text for m in official.mentions] == ["Lee Hsien Loong"]
