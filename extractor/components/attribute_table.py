"""spaCy's ``attribute_ruler`` worked out once per distinct word: the same annotations, a fraction of the time.

The English model's attribute ruler maps tags to coarse part-of-speech and morphology, and fixes
the lemma or morphology of a few words ("gonna", "I" as a subject). It runs a ``Matcher`` over every
token and then sets each match's attributes one Python call at a time; nearly every token matches,
so on the Wikinews corpus it cost about 18% of the whole pipeline (44 µs a word, more than the
parser). Its patterns are single tokens tested on ``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE``, plus a
few two-word ones. ``AttributeTable`` reads the model's own patterns (no list of ours), works out
which single-token patterns a combination of those four attributes passes once per combination,
checks the multi-word patterns only where their first word passes, and writes the attributes of
the whole doc in one array per attribute. As in the ruler, matching sees the values before any
rule is applied, and a later rule wins where two set the same attribute.

A ruler whose patterns use anything else (another attribute, an operator, ``_`` extensions) is left
in place: ``replace_attribute_ruler`` returns without changing the pipeline. A test compares the
two on the whole corpus, attribute by attribute (``tests/test_speed.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs

#: The token attributes the table can test, with the column they are read from.
_TESTED = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_READ = [TAG, LOWER, DEP, IS_SPACE]
#: The attributes a rule may set, in the order of the written columns.
_WRITTEN = [TAG, POS, MORPH, LEMMA, DEP]

Test = Callable[[tuple], bool]
#: Distinct words whose rules are remembered; past this the memory starts again (bounded memory).
WORDS_KEPT = 100_000


class Unsupported(ValueError):
    """A pattern the table cannot run (the model's ruler is kept)."""


def _value_test(column: int, spec, strings) -> Callable[[tuple], bool]:
    if column == 3:  # IS_SPACE: a boolean, read as 0/1
        if not isinstance(spec, bool):
            raise Unsupported(f"IS_SPACE {spec!r}")
        return lambda values: bool(values[3]) == spec
    if isinstance(spec, str):
        return lambda values: strings[values[column]] == spec
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda values: strings[values[column]] in allowed
        if op == "NOT_IN":
            refused = frozenset(arg)
            return lambda values: strings[values[column]] not in refused
        if op == "REGEX":
            search = re.compile(arg).search
            return lambda values: search(strings[values[column]]) is not None
    raise Unsupported(f"{spec!r}")


def _token_test(token_spec: dict, strings) -> Test:
    """One pattern token as a test of the (TAG, LOWER, DEP, IS_SPACE) values of a word."""
    if not token_spec or set(token_spec) - set(_TESTED):
        raise Unsupported(f"pattern token {token_spec!r}")
    tests = [_value_test(_TESTED[key], spec, strings) for key, spec in token_spec.items()]
    return lambda values: all(test(values) for test in tests)


class _Candidates:
    """Which of a list of pattern words a word can pass, found without testing every one: those
    whose ``LOWER`` is a word or a list of words are looked up by the word; those with another
    ``LOWER`` test are sorted out once per distinct word; the rest (no ``LOWER``) are decided once
    per (tag, dependency, space). ``candidates(key)`` still has to be tested in full (``test``)."""

    def __init__(self, strings) -> None:
        self.strings = strings
        self.named: dict[int, list[tuple[int, Test]]] = {}  # LOWER hash -> (item, test)
        self.matched: list[tuple[int, Test, Test]] = []  # (item, test of LOWER, test)
        self.wordless: list[tuple[int, Test]] = []
        self._by_word: dict[int, tuple[tuple[int, Test], ...]] = {}
        self._by_rest: dict[tuple, tuple[tuple[int, Test], ...]] = {}

    def add(self, item: int, spec: dict, test: Test) -> None:
        lower = spec.get("LOWER")
        words = [lower] if isinstance(lower, str) else lower.get("IN") if isinstance(lower, dict) else None
        if lower is None:
            self.wordless.append((item, test))
        elif words is not None and len(lower if isinstance(lower, dict) else {0: 0}) == 1:
            for word in words:
                self.named.setdefault(self.strings.add(word), []).append((item, test))
        else:
            self.matched.append((item, _value_test(_TESTED["LOWER"], lower, self.strings), test))

    def passed(self, key: tuple) -> list[int]:
        """The items whose pattern word ``key`` passes, in the order they were added."""
        rest = (key[0], key[2], key[3])
        wordless = self._by_rest.get(rest)
        if wordless is None:
            wordless = self._by_rest[rest] = tuple((item, test) for item, test in self.wordless if test(key))
        worded = self._by_word.get(key[1])
        if worded is None:
            if len(self._by_word) > WORDS_KEPT:
                self._by_word.clear()
            worded = self._by_word[key[1]] = tuple(
                sorted(self.named.get(key[1], []) + [(i, t) for i, word, t in self.matched if word(key)],
                       key=lambda pair: pair[0]))
        if not worded:
            return [item for item, _ in wordless]
        return sorted([item for item, _ in wordless] + [item for item, test in worded if test(key)])


class AttributeTable:
    """The attribute ruler's rules, run per distinct word (see the module's docstring)."""

    def __init__(self, vocab, patterns: list[dict] = ()) -> None:
        self.vocab = vocab
        self.load(patterns)

    def load(self, patterns: list[dict]) -> None:
        """Take the rules of an attribute ruler (``AttributeRuler.patterns``); ``Unsupported`` if one
        uses what the table cannot test or set."""
        vocab, strings = self.vocab, self.vocab.strings
        self.single = _Candidates(strings)  # items: rule numbers
        self.starts = _Candidates(strings)  # items: positions in ``multi``
        self.multi: list[tuple[int, list[Test], int]] = []  # (rule number, tests, index)
        self.rules: list[dict[int, int]] = []  # rule number -> {attribute id: value}
        for number, rule in enumerate(patterns):
            if not isinstance(rule.get("attrs"), dict) or "_" in rule["attrs"]:
                raise Unsupported(f"attrs {rule.get('attrs')!r}")
            attrs = dict(normalize_token_attrs(vocab, rule["attrs"]))
            if set(attrs) - set(_WRITTEN):
                raise Unsupported(f"attrs {rule['attrs']!r}")
            self.rules.append(attrs)
            for pattern in rule["patterns"]:
                tests = [_token_test(spec, strings) for spec in pattern]
                index = rule.get("index", 0)
                if len(tests) == 1 and index in (0, -1):
                    self.single.add(number, pattern[0], tests[0])
                else:
                    self.starts.add(len(self.multi), pattern[0], tests[0])
                    self.multi.append((number, tests, index % len(tests)))

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = [tuple(row) for row in doc.to_array(_READ).tolist()]
        found = [self.single.passed(key) for key in keys]
        for i, numbers in self._multi(keys).items():
            found[i] = sorted(set(found[i]) | numbers)
        self._write(doc, found)
        return doc

    def _multi(self, keys: list[tuple]) -> dict[int, set[int]]:
        """Rule numbers by word for the multi-word patterns, tested only where the first word passes."""
        extra: dict[int, set[int]] = {}
        for start, key in enumerate(keys):
            for k in self.starts.passed(key):
                number, tests, index = self.multi[k]
                if start + len(tests) <= len(keys) and all(
                        test(keys[start + j]) for j, test in enumerate(tests) if j):
                    extra.setdefault(start + index, set()).add(number)
        return extra

    def _write(self, doc: Doc, found: list[list[int]]) -> None:
        values = doc.to_array(_WRITTEN)
        column = {attr: col for col, attr in enumerate(_WRITTEN)}
        touched: set[int] = set()
        merged_cache: dict[tuple[int, ...], dict[int, int]] = {}
        for i, numbers in enumerate(found):
            if not numbers:
                continue
            numbers = tuple(numbers)
            merged = merged_cache.get(numbers)
            if merged is None:
                merged = merged_cache[numbers] = {}
                for number in numbers:  # in rule order: a later rule wins
                    merged.update(self.rules[number])
            for attr, value in merged.items():
                values[i, column[attr]] = value
                touched.add(attr)
        if touched:
            cols = [attr for attr in _WRITTEN if attr in touched]
            doc.from_array(cols, numpy.ascontiguousarray(values[:, [column[a] for a in cols]]))


def replace_attribute_ruler(nlp: Language) -> bool:
    """Put an ``AttributeTable`` with the ruler's own patterns in place of ``attribute_ruler``;
    False (pipeline unchanged) when there is none or a pattern is one the table cannot run."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        AttributeTable(nlp.vocab, list(ruler.patterns))
    except Unsupported:
        return False
    nlp.replace_pipe("attribute_ruler", "wireclaims_attribute_table")
    nlp.get_pipe("attribute_ruler").load(list(ruler.patterns))
    return True
