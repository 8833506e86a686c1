"""wireclaims: news wire articles in, checkable claim records out.

    >>> import extractor
    >>> nlp = extractor.load()                      # English model, or blank English + rules
    >>> result = extractor.extract(article, nlp)    # one models.ArticleResult
    >>> for item in extractor.extract_many(articles, nlp): ...   # ArticleResult | Reject, in order

A lazy face: ``load``, ``extract`` and ``extract_many`` come from ``extractor.api``, imported on
first use, so importing the package (or ``extractor.cli``, or the pure ``extractor.normalize``
modules) loads no spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.api import extract, extract_many, load

__all__ = ["extract", "extract_many", "load"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("extractor.api"), name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
