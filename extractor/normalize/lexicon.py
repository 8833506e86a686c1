"""Read the word lists under ``extractor/resources/`` (TSV with a header), once."""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources


@functools.cache
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``resources/gazetteers/<name>.tsv`` as dicts (empty cells become ``""``)."""
    text = resources.files("extractor").joinpath("resources", "gazetteers", f"{name}.tsv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({key: (value or "").strip() for key, value in row.items() if key} for row in rows)


@functools.cache
def words(name: str, column: str | None = None) -> frozenset[str]:
    """The lower-cased first (or named) column of a word list."""
    rows = read_tsv(name)
    if not rows:
        return frozenset()
    key = column or next(iter(rows[0]))
    return frozenset(row[key].lower() for row in rows if row.get(key))


@functools.cache
def mapping(name: str, key: str, value: str) -> dict[str, str]:
    """``{row[key].lower(): row[value]}`` for a word list."""
    return {row[key].lower(): row[value] for row in read_tsv(name) if row.get(key)}


@functools.cache
def tagged(name: str, tag: str, column: str = "uses") -> frozenset[str]:
    """The lower-cased first column of the rows whose ``column`` (``a|b|c``) holds ``tag``."""
    rows = read_tsv(name)
    if not rows:
        return frozenset()
    key = next(iter(rows[0]))
    return frozenset(row[key].lower() for row in rows if tag in row.get(column, "").split("|"))
