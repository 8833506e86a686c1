"""Every word list and pattern file under extractor/resources/ loads and is well formed."""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources

import pytest
import spacy
from spacy.matcher import Matcher

from extractor.components.dates import load_patterns

RESOURCES = resources.files("extractor").joinpath("resources")
TSVS = sorted(p.name for p in RESOURCES.joinpath("gazetteers").iterdir() if p.name.endswith(".tsv"))
PATTERNS = sorted(p.name for p in RESOURCES.joinpath("patterns").iterdir() if p.name.endswith(".jsonl"))

#: The columns each word list must have first (the rest are free: notes, guards).
REQUIRED = {
    "titles.tsv": ["title"],
    "countries.tsv": ["code", "name", "aliases", "demonyms"],
    "qualifier_cues.tsv": ["cue", "kind", "match"],
    "quantity_cues.tsv": ["cue", "kind", "value"],
    "speech_cues.tsv": ["lemma", "forms", "stance"],
    "source_kinds.tsv": ["word", "kind"],
    "time_signals.tsv": ["signal", "direction"],
    "verbs.tsv": ["lemma", "irregular"],
}


def rows(name: str) -> tuple[list[str], list[list[str]]]:
    text = RESOURCES.joinpath("gazetteers", name).read_text("utf-8")
    table = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    return table[0], [row for row in table[1:] if row]


def test_resources_found():
    assert len(TSVS) >= 15 and PATTERNS == ["dates.jsonl"]


@pytest.mark.parametrize("name", TSVS)
def test_resources_tsv_well_formed(name):
    header, body = rows(name)
    assert body, f"{name} is empty"
    assert len(set(header)) == len(header) and all(header), f"{name}: header {header}"
    assert header[: len(REQUIRED.get(name, []))] == REQUIRED.get(name, [])
    for number, row in enumerate(body, start=2):
        assert len(row) <= len(header), f"{name}:{number} has more cells than the header"
        assert row[0].strip() == row[0] and row[0], f"{name}:{number} first cell {row[0]!r}"


@pytest.mark.parametrize(
    ("name", "column", "allowed"),
    [
        ("qualifier_cues.tsv", "kind", {"hedge", "negation", "modality", "emphasis", "approximation"}),
        ("speech_cues.tsv", "stance", {"neutral", "hedge", "modality", "negation"}),
        ("source_kinds.tsv", "kind", {"person", "organization", "document", "media", "unnamed"}),
        ("time_signals.tsv", "direction", {"begin", "end", "end_exclusive"}),
    ],
)
def test_resources_closed_sets(name, column, allowed):
    header, body = rows(name)
    index = header.index(column)
    assert {row[index] for row in body} <= allowed


@pytest.mark.parametrize("name", PATTERNS)
def test_resources_patterns_compile(name):
    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    ids = set()
    for line in RESOURCES.joinpath("patterns", name).read_text("utf-8").splitlines():
        entry = json.loads(line)
        assert set(entry) == {"label", "pattern", "id"}
        assert entry["id"] not in ids
        ids.add(entry["id"])
    filled = load_patterns()  # the slots ("<MONTH>", "<UNIT>") filled from the word lists
    for entry in filled:
        assert not re.search(r"<[A-Z_]+>", json.dumps(entry["pattern"])), entry["id"]
        matcher.add(entry["id"], [entry["pattern"]])
    assert len(matcher) == len(ids) == len(filled)
