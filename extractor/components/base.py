"""What every wireclaims component shares: errors go through spaCy's error handler.

A component's ``__call__`` is wrapped by ``guarded``: when it raises, what it half-wrote is reset
and the error goes to the component's error handler — spaCy's protocol
(``Language.set_error_handler``, ``Pipe.set_error_handler`` / ``get_error_handler``), which
``Component`` gives the classes that are not a ``spacy.pipeline.Pipe``. The handler of a
production pipeline is ``warn_on_article``: the error becomes a warning on the article, the rest
of the pipeline still runs on it and the batch goes on. ``pipeline.build(strict_components=True)``
(``wireclaims extract --strict-components``, and the test suite) sets spaCy's ``raise_error``
instead: the error propagates and the article is rejected, naming it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from spacy.tokens import Doc

from extractor.components.extensions import cache_of, warn

#: spaCy's error-handler signature: ``(name, component, docs, error)``.
ErrorHandler = Callable[[str, object, Iterable[Doc], Exception], None]


def warn_on_article(name: str, component: object, docs: Iterable[Doc], error: Exception) -> None:
    """The production error handler: a warning on each article, which keeps going."""
    for doc in docs:
        warn(doc, f"{name} skipped: {type(error).__name__}: {error}")


class Component:
    """spaCy's error-handler protocol for components that are not a ``Pipe``; default
    ``warn_on_article`` (put this base first where a component is also a ``Pipe``)."""

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        self.error_handler = error_handler

    def get_error_handler(self) -> ErrorHandler:
        return getattr(self, "error_handler", warn_on_article)


def guarded(name: str, reset: Callable[[Doc], None] | None = None):
    """Decorate a component's ``__call__``: an exception resets what it half-wrote (``reset``)
    and goes to the component's error handler under ``name``; when that returns, so does the doc."""

    def wrap(method):
        @functools.wraps(method)
        def call(self, doc: Doc) -> Doc:
            try:
                return method(self, doc)
            except Exception as err:  # noqa: BLE001 - handed to the error handler, which decides
                if reset is not None:
                    reset(doc)
                self.get_error_handler()(name, self, [doc], err)
                return doc

        return call

    return wrap


def has_parse(doc: Doc) -> bool:
    """Whether a dependency parse is there (asked often: remembered per article)."""
    cache = cache_of(doc)
    if "has_parse" not in cache:
        cache["has_parse"] = doc.has_annotation("DEP")
    return cache["has_parse"]


def has_ner(doc: Doc) -> bool:
    """Whether named entities were set (remembered per article: spaCy scans every token to say)."""
    return _annotated(doc, "ENT_IOB")


def has_pos(doc: Doc) -> bool:
    """Whether coarse part-of-speech tags were set (remembered per article)."""
    return _annotated(doc, "POS")


def has_tags(doc: Doc) -> bool:
    """Whether part-of-speech tags were set (remembered per article)."""
    return _annotated(doc, "TAG")


def _annotated(doc: Doc, attr: str) -> bool:
    cache = cache_of(doc)
    key = ("annotated", attr)
    if key not in cache:
        cache[key] = doc.has_annotation(attr)
    return cache[key]
