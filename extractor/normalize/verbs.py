"""Verb forms and lemmas without a tagger: the blank pipeline's stand-in for the parser.

``resources/gazetteers/verbs.tsv`` lists common news verbs by lemma with their irregular forms;
the regular forms (-s, -es, -ies, -d, -ed, -ied, -ing, doubled consonants) are made here.
"""

from __future__ import annotations

import functools

from extractor.normalize.lexicon import read_tsv

_VOWELS = "aeiou"


def regular_forms(lemma: str) -> set[str]:
    """ "enter" -> entered, enters, entering; "drop" -> dropped; "carry" -> carried."""
    if lemma.endswith("e"):
        return {lemma + "d", lemma + "s", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2] not in _VOWELS:
        return {lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"}
    forms = {lemma + "ed", lemma + "ing", lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")}
    short = len(lemma) <= 4 and lemma[-1] in "bdgmnpt" and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS
    if short:  # "drop" -> "dropped", "ship" -> "shipped"
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@functools.cache
def forms() -> dict[str, str]:
    """Every known verb form -> its lemma."""
    table: dict[str, str] = {}
    for row in read_tsv("verbs"):
        lemma = row["lemma"]
        for form in {lemma} | regular_forms(lemma) | set(filter(None, row["irregular"].split("|"))):
            table.setdefault(form, lemma)
    return table


def lemma_of(word: str) -> str | None:
    """The lemma of a verb form, or ``None`` if it is not one we know."""
    return forms().get(word.lower())
