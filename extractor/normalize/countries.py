"""Country names, aliases and demonyms → ISO 3166-1 alpha-2 codes (pure lookups, no spaCy).

The table is ``resources/gazetteers/countries.tsv`` (columns ``code``, ``name``, ``aliases``,
``demonyms``; lists are pipe-separated). Matching is case-sensitive: "Turkey" is a country,
"turkey" a bird; "US" is the United States, "us" a pronoun. ``country_blockers.tsv`` lists
longer phrases ("New Mexico", "Northern Ireland") in which a country word is not a mention.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from extractor.normalize.lexicon import read_tsv

Form = Literal["name", "alias", "demonym"]
FORMS: tuple[Form, ...] = ("name", "alias", "demonym")

_PACKAGE = "extractor.resources.gazetteers"


@dataclass(frozen=True)
class CountryRow:
    """One row of ``countries.tsv``."""

    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]

    def forms(self) -> tuple[tuple[str, Form], ...]:
        """Every phrase of the row with its form, the name first."""
        return (
            ((self.name, "name"),)
            + tuple((alias, "alias") for alias in self.aliases)
            + tuple((demonym, "demonym") for demonym in self.demonyms)
        )


@dataclass(frozen=True)
class Blocker:
    """A longer phrase (``phrase``) in which the country word ``blocks`` is not a mention."""

    phrase: str
    blocks: str
    note: str


def _read_tsv(filename: str) -> tuple[dict[str, str], ...]:
    return read_tsv(filename.removesuffix(".tsv"))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (cell or "").split("|") if item.strip())


@functools.cache
def table() -> tuple[CountryRow, ...]:
    """The rows of ``countries.tsv``, in file order."""
    return tuple(
        CountryRow(
            code=row["code"].strip(),
            name=row["name"].strip(),
            aliases=_split(row["aliases"]),
            demonyms=_split(row["demonyms"]),
        )
        for row in _read_tsv("countries.tsv")
    )


@functools.cache
def blockers() -> tuple[Blocker, ...]:
    """The rows of ``country_blockers.tsv``."""
    return tuple(
        Blocker(row["phrase"].strip(), row["blocks"].strip(), row["note"].strip())
        for row in _read_tsv("country_blockers.tsv")
    )


@functools.cache
def phrases() -> dict[str, tuple[str, Form]]:
    """Every name, alias and demonym → ``(code, form)``; the first row wins a clash."""
    index: dict[str, tuple[str, Form]] = {}
    for row in table():
        for phrase, form in row.forms():
            index.setdefault(phrase, (row.code, form))
    return index


@functools.cache
def _names() -> dict[str, str]:
    return {row.code: row.name for row in table()}


def lookup(phrase: str) -> tuple[str, Form] | None:
    """``(code, form)`` for a country name, alias or demonym as written, else ``None``.

    Case-sensitive, surrounding white space ignored; a leading "the " is tried away
    ("the Russian Federation" → ``("RU", "alias")``). Never raises.
    """
    if not isinstance(phrase, str):
        return None
    text = " ".join(phrase.split())
    index = phrases()
    if text in index:
        return index[text]
    for article in ("the ", "The "):
        if text.startswith(article) and text[len(article):] in index:
            return index[text[len(article):]]
    return None


def name_of(code: str) -> str:
    """The short English name of an alpha-2 code ("KZ" → "Kazakhstan").

    Raises ``KeyError`` for a code that is not in the table.
    """
    try:
        return _names()[code]
    except KeyError:
        raise KeyError(f"unknown country code {code!r}") from None


def codes() -> frozenset[str]:
    """Every alpha-2 code in the table."""
    return frozenset(_names())
