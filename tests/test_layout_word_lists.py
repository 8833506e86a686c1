"""The word lists moved out of the code into ``extractor/resources/gazetteers/``: each file's tag
column holds only the tags the code reads (a misspelt tag would silently empty a list), and the
lists the components read are what they were in code (a list read as empty would pass unseen)."""

from __future__ import annotations

import pytest

from extractor.normalize import lexicon

#: ``(file, tag column, every tag the code reads)``.
TAGS = [
    ("pronouns", "uses", {"speaker", "personal", "organization", "relative", "resolved_later", "nobody",
                          "stands_for"}),
    ("source_words", "uses", {"unnamed_start", "counting", "not_yet", "be", "quantifier", "modal"}),
    ("dependency_roles", "uses", {"complement", "clause", "nominal", "noun_use"}),
    ("determiners", "uses", {"name_edge", "definite", "before_one"}),
    ("date_context", "uses", {"trim", "connector", "offset", "day_time_gap", "future_aux", "future_cue",
                              "not_after", "up_to_now", "dayish", "moment_verb", "perfect", "digit_day", "evening",
                              "day_word", "after_hour", "at_hour", "starting", "not_lower", "glued_length",
                              "meridiem"}),
    ("qualifier_context", "uses", {"bound", "numberish", "not_after_modal"}),
    ("place_prepositions", "uses", {"summary", "after_figure"}),
    ("source_kinds", "uses", {"poll", "holder"}),
    ("person_words", "honorific", {"yes"}),
    ("photo_credits", "whole_word", {"yes"}),
    ("pass_verbs", "direction", {"up", "down"}),
]


@pytest.mark.parametrize(("name", "column", "tags"), TAGS)
def test_word_lists_tags_are_the_ones_the_code_reads(name, column, tags):
    found = {tag for row in lexicon.read_tsv(name) for tag in row.get(column, "").split("|") if tag}
    assert found == tags


@pytest.mark.parametrize(
    ("module", "attribute", "members"),
    [
        ("extractor.components.officials", "_HONORIFICS", {"mr.", "mrs", "ms.", "dr.", "sir", "dame"}),
        ("extractor.components.officials", "_NAME_PARTICLES", {"bin", "von", "der"}),
        ("extractor.components.claims", "_AUXILIARIES", {"has", "was", "reportedly", "to"}),
        ("extractor.components.claims", "_AFTER_FIGURE", {"in", "from", "to", "into", "at"}),
        ("extractor.components.claims", "_PASS_DOWN", {"manage", "fail"}),
        ("extractor.components.attribution", "_NOBODY", {"no one", "nobody"}),
        ("extractor.components.attribution", "_POLLS", {"poll", "surveys"}),
        ("extractor.components.coref", "RELATIVE", {"who", "which"}),
        ("extractor.components.dates", "SIGNALS", {"since", "til", "by", "before"}),
        ("extractor.components.date_joins", "CONNECTORS", {"and", "to", "-", "–"}),
        ("extractor.components.quantities", "_PREFIXES", {"US", "U.S.", "NZ", "HK"}),
        ("extractor.normalize.dates", "_TOD", {"morning", "night"}),
        ("extractor.normalize.date_rules", "_SHIFT", {"last", "upcoming"}),
    ],
)
def test_word_lists_components_read_their_lists(module, attribute, members):
    import importlib

    assert members <= set(getattr(importlib.import_module(module), attribute))


@pytest.mark.parametrize(
    ("name", "tag", "gone"),
    [
        ("pronouns", "speaker", {"it", "him"}),  # "it said": no speaker named; an object is no subject
        ("determiners", "definite", {"a", "an"}),  # "a minister" names no one already named
        ("date_context", "future_aux", {"plans", "due"}),  # cues near the date, not auxiliaries of its verb
    ],
)
def test_word_lists_tags_keep_their_distinctions(name, tag, gone):
    assert not gone & lexicon.tagged(name, tag)


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("Crowds in Paris, June 2, 2020. REUTERS/Some One", True),
        ("A rally, 1 March 2019 (AP Photo/Jane Roe)", True),
        ("Protesters gather. (Photo by Y / AFP)", True),
        ("The AFPL league met on 3 March 2019.", False),  # AFP only as a word
        ("Officials met on 3 March 2019.", False),
    ],
)
def test_word_lists_photo_credits_mark_captions(text, caption):
    from extractor.normalize.dateline import _CAPTION

    assert bool(_CAPTION.search(text)) is caption


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Mr. Smith said the plan was sound.", "sound."),  # a title's full stop ends no sentence
        ("Sen. Jones voted. Others did not.", "voted."),
        ("J. R. Smith won. He left.", "won."),  # initials neither
    ],
)
def test_word_lists_abbreviations_end_no_sentence(text, end):
    from extractor.components.quotes import _SENTENCE_END

    found = _SENTENCE_END.search(text)
    assert text[:found.end()].endswith(end)


MONTHS = {"january", "jan.", "sept", "december"}
TIME_UNITS = {"year", "weeks", "hours", "decade", "centuries"}


@pytest.mark.parametrize(
    ("name", "column", "banned"),
    [
        ("quantity_cues", "cue", MONTHS | TIME_UNITS),
        ("unit_names", "surface", TIME_UNITS),
        ("date_words", "word", TIME_UNITS),
    ],
)
def test_word_lists_months_and_time_units_declared_once(name, column, banned):
    """Months live in date_words.tsv and time units in time_units.tsv, nowhere else."""
    assert not banned & {row[column].lower() for row in lexicon.read_tsv(name)}


@pytest.mark.parametrize(
    ("module", "function", "argument", "key", "expected"),
    [
        ("extractor.normalize.numbers", "words_of", "month", None, MONTHS),
        ("extractor.normalize.numbers", "words_of", "time_unit", None, TIME_UNITS),
        ("extractor.normalize.timex", "words", None, "unit", TIME_UNITS),
        ("extractor.normalize.timex", "slot_words", "<UNIT>", None, TIME_UNITS),
        ("extractor.normalize.timex", "slot_words", "<MONTH>", None, MONTHS),
    ],
)
def test_word_lists_every_reader_derives_from_the_one_declaration(module, function, argument, key, expected):
    import importlib

    read = getattr(importlib.import_module(module), function)
    found = read(argument) if argument is not None else read()
    assert expected <= set(found[key] if key else found)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("five hours", "hour"), ("20 min", "minute"), ("three decades", "decade"), ("2 yrs", "year")],
)
def test_word_lists_time_units_are_quantity_units(text, unit):
    from extractor.normalize.units import unit_of

    assert unit_of(text) == unit


#: Literal sets of words still in the rules, with the reason each stays code.
STAYS_IN_CODE = {
    # the number reader's own grammar, words and symbols together ("two and a half", "6.02×10^23")
    ("extractor/components/quantity_words.py", "_JOINING"),
    # the names of date_expressions.tsv's rows mapped to the functions that read them: code, not words
    ("extractor/normalize/dates.py", "_PARSERS"),
    ("extractor/normalize/date_rules.py", "PARSERS"),
}


def _word_sets(path):
    """``(name, words)`` of each module-level set, frozenset or dict literal of four or more words."""
    import ast
    import re

    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Name):
            continue
        value = node.value
        if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "frozenset" and value.args:
            value = value.args[0]
        elements = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", []) \
            if isinstance(value, ast.Set) else []
        words = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)
                 and re.fullmatch(r"[a-z][a-z.' ]*", e.value)]
        if len(words) >= 4:
            yield node.targets[0].id, words


def test_word_lists_no_word_set_left_in_the_rules():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    found = {(str(path.relative_to(root)), name)
             for folder in ("components", "normalize", "analysis")
             for path in sorted((root / "extractor" / folder).glob("*.py"))
             for name, _ in _word_sets(path)}
    assert found == STAYS_IN_CODE
