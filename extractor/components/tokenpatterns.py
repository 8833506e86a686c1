"""Token patterns on the words alone, matched like spaCy's ``Matcher`` at a fraction of its cost.

The date patterns (``resources/patterns/dates.jsonl``) are spaCy ``Matcher`` patterns, and the
``Matcher`` was the first implementation. Profiled on the Wikinews corpus it took 60% of the date
component's time: every ``IN`` and ``REGEX`` test calls back into Python, for every token, in
every document, because its cache lives for one document only. Yet those patterns only ever
look at the word itself (its text, lower case and case), so whether a word passes each pattern
token can be worked out once per distinct word and kept. :class:`TokenPatterns` does that: a word
becomes a bit mask of the pattern tokens it passes (cached by its ORTH hash), and only patterns
that can start with a word's bits are tried from it.

It accepts the subset of the pattern language that tests the word: keys ``ORTH``, ``TEXT``,
``LOWER`` (a string, or ``{"IN": [...]}``, ``{"REGEX": ...}``) and ``IS_LOWER``, with ``OP``
absent or ``"?"``. Anything else raises ``ValueError`` at construction, so a pattern that needs
the real ``Matcher`` is never silently misread. Results are the ``Matcher``'s: every
``(key, start, end)`` match, one for each length the optional tokens allow
(``tests/test_tokenpatterns.py`` compares the two on the whole corpus).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

Test = Callable[[str], bool]
_TEXT_KEYS = {"ORTH": str, "TEXT": str, "LOWER": str.lower}
#: Distinct words whose masks are kept; past this the cache starts again (memory stays flat).
CACHE_WORDS = 200_000


def _condition(key: str, value: Any) -> tuple[Test, tuple[str, frozenset[str]] | None]:
    """One ``key: value`` of a pattern token as a test on the word text, and, when it admits only
    listed words, ``(key kind, those words)`` so that other words need not be tested."""
    if key == "IS_LOWER" and isinstance(value, bool):
        return (lambda text: text.islower() == value), None
    if key not in _TEXT_KEYS:
        raise ValueError(f"token patterns: unsupported key {key!r}")
    view, kind = _TEXT_KEYS[key], ("lower" if key == "LOWER" else "text")
    if isinstance(value, str):
        return (lambda text: view(text) == value), (kind, frozenset([value]))
    if isinstance(value, dict) and set(value) == {"IN"}:
        allowed = frozenset(value["IN"])
        return (lambda text: view(text) in allowed), (kind, allowed)
    if isinstance(value, dict) and set(value) == {"REGEX"}:
        regex = re.compile(value["REGEX"])
        test = lambda text: regex.search(view(text)) is not None  # noqa: E731
        test.regex = (kind, value["REGEX"])
        return test, None
    raise ValueError(f"token patterns: unsupported value {value!r} for {key}")


class _Token:
    """One distinct pattern token: its tests, and the words it admits if it names them."""

    def __init__(self, spec: dict[str, Any]) -> None:
        parts = [_condition(key, value) for key, value in spec.items()]
        self.tests = [test for test, _ in parts]
        self.listed = next((listed for _, listed in parts if listed is not None), None)
        self.regex = next((test.regex for test in self.tests if hasattr(test, "regex")), None)

    def passes(self, text: str) -> bool:
        return all(test(text) for test in self.tests)


class TokenPatterns:
    """``Matcher``-compatible matching of word-only token patterns; see the module docstring."""

    def __init__(self, patterns: Iterable[tuple[str, list[dict[str, Any]]]]) -> None:
        self.keys: list[str] = []
        self._steps: list[tuple[tuple[int, bool], ...]] = []  # per pattern: (token flag, optional)
        self._tokens: list[_Token] = []
        bits: dict[str, int] = {}
        for key, pattern in patterns:
            self.keys.append(key)
            self._steps.append(tuple(self._step(token, bits) for token in pattern))
        opened = [bit for bit, token in enumerate(self._tokens) if token.listed is None]
        self._open = [bit for bit in opened if self._tokens[bit].regex is None]
        self._open_rx = [bit for bit in opened if self._tokens[bit].regex is not None]
        self._any = {kind: re.compile("|".join(f"(?:{self._tokens[b].regex[1]})" for b in self._open_rx
                                               if self._tokens[b].regex[0] == kind) or "(?!)")
                     for kind in ("text", "lower")}
        self._by_word: dict[tuple[str, str], list[int]] = {}
        for bit, token in enumerate(self._tokens):
            if token.listed is not None:
                kind, words = token.listed
                for word in words:
                    self._by_word.setdefault((kind, word), []).append(bit)
        self._masks: dict[int, int] = {}
        self._candidates: dict[tuple[int, int], tuple[int, ...]] = {}
        self._openers: dict[int, tuple[int, ...]] = {}

    def _step(self, token: dict[str, Any], bits: dict[str, int]) -> tuple[int, bool]:
        spec = {key: value for key, value in token.items() if key != "OP"}
        op = token.get("OP")
        if op not in (None, "?") or not spec:
            raise ValueError(f"token patterns: unsupported token {token!r} (only OP '?' is allowed)")
        name = repr(sorted(spec.items(), key=lambda item: item[0]))
        if name not in bits:
            bits[name] = len(self._tokens)
            self._tokens.append(_Token(spec))
        return 1 << bits[name], op == "?"

    def _mask(self, text: str) -> int:
        """The bits of every pattern token ``text`` passes."""
        bits = set(self._open)
        if self._any["text"].search(text) or self._any["lower"].search(text.lower()):
            bits.update(self._open_rx)  # one regex rules out all the open tokens for most words
        bits.update(self._by_word.get(("text", text), ()))
        bits.update(self._by_word.get(("lower", text.lower()), ()))
        return sum(1 << bit for bit in bits if self._tokens[bit].passes(text))

    def masks(self, doc: Doc | Span) -> list[int]:
        """Each word's mask, computed once per distinct word of the vocabulary."""
        strings, cache = doc.vocab.strings, self._masks
        if len(cache) > CACHE_WORDS:
            cache.clear()
        out = []
        for orth in _orths(doc):
            mask = cache.get(orth)
            if mask is None:
                mask = cache[orth] = self._mask(strings[orth])
            out.append(mask)
        return out

    def _opening(self, mask: int) -> tuple[int, ...]:
        """The patterns whose first word may have one of ``mask``'s bits."""
        found = self._openers.get(mask)
        if found is None:
            found = self._openers[mask] = tuple(n for n, steps in enumerate(self._steps)
                                                if _first_flags(steps) & mask)
        return found

    def _candidates_for(self, first: int, second: int) -> tuple[int, ...]:
        """The patterns that can match starting with two words of these masks (``second`` is 0
        at the end of the text): most words that open a pattern ("the", "in") are followed by one
        that closes it off, so looking one word ahead saves most of the tries."""
        found = self._candidates.get((first, second))
        if found is None:
            if len(self._candidates) > CACHE_WORDS:
                self._candidates.clear()
            found = self._candidates[(first, second)] = tuple(
                n for n in self._opening(first) if _may_start(self._steps[n], first, second))
        return found

    def __call__(self, doc: Doc | Span) -> list[tuple[str, int, int]]:
        """``(key, start, end)`` for every match, sorted by start, then end, then pattern order."""
        masks = self.masks(doc)
        out = []
        for start, mask in enumerate(masks):
            if mask:
                after = masks[start + 1] if start + 1 < len(masks) else 0
                for pattern in self._candidates_for(mask, after):
                    out.extend((pattern, start, end) for end in self._ends(self._steps[pattern], masks, start))
        return [(self.keys[pattern], start, end) for pattern, start, end in sorted(out, key=lambda m: (m[1], m[2], m[0]))]

    @staticmethod
    def _ends(steps: tuple[tuple[int, bool], ...], masks: list[int], start: int) -> list[int]:
        """Every end of a match of ``steps`` that consumes the word at ``start`` first."""
        positions, last = (start,), len(masks)
        for flag, optional in steps:
            moved = tuple(j + 1 for j in positions if j < last and masks[j] & flag)
            positions = moved + positions if optional else moved
            if not positions:
                return []
        return sorted({end for end in positions if end > start})


def _first_flags(steps: tuple[tuple[int, bool], ...]) -> int:
    """The flags a pattern's first word may have: its leading optional tokens' and the first
    required one's."""
    flags = 0
    for flag, optional in steps:
        flags |= flag
        if not optional:
            break
    return flags


def _may_start(steps: tuple[tuple[int, bool], ...], first: int, second: int) -> bool:
    """Whether a match of ``steps`` can consume a word of mask ``first`` and then either end or
    go on with a word of mask ``second``."""
    states = _closure(steps, {0})
    for mask in (first, second):
        states = _closure(steps, {k + 1 for k in states if k < len(steps) and steps[k][0] & mask})
        if not states or len(steps) in states:
            return bool(states)
    return True


def _closure(steps: tuple[tuple[int, bool], ...], states: set[int]) -> set[int]:
    """``states`` with every step reachable from them by skipping optional tokens."""
    out, todo = set(states), list(states)
    while todo:
        k = todo.pop()
        if k < len(steps) and steps[k][1] and k + 1 not in out:
            out.add(k + 1)
            todo.append(k + 1)
    return out


class WordTest:
    """A test on a word's text, answered once per distinct word (cached by ORTH hash): the cheap way
    to find the few words worth a closer look ("could a number start here?") in a long text."""

    def __init__(self, test: Test) -> None:
        self.test = test
        self._answers: dict[int, bool] = {}

    def positions(self, doc: Doc | Span) -> list[int]:
        """Indices (into ``doc``) of the words that pass."""
        strings, cache = doc.vocab.strings, self._answers
        if len(cache) > CACHE_WORDS:
            cache.clear()
        out = []
        for i, orth in enumerate(_orths(doc)):
            answer = cache.get(orth)
            if answer is None:
                answer = cache[orth] = bool(self.test(strings[orth]))
            if answer:
                out.append(i)
        return out


def _orths(doc: Doc | Span) -> list[int]:
    return doc.to_array([ORTH]).ravel().tolist() if len(doc) else []
