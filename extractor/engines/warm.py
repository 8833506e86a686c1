"""Run a new pipeline once on a short article, so what its components load on first use (dateparser's
language data, the unit, date and cue tables, spaCy's first allocations) is loaded before the work:
once in the parent before the pool forks (the workers share it), once per Dask worker when its
pipeline is loaded, instead of inside every worker's first batch."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from extractor.api import extract_many
from models import Article

if TYPE_CHECKING:
    from spacy.language import Language

WARM_UP = Article(id="warm-up", text="The ministry said on Monday that 1,200 people, up 5% from 2021, had left.",
                  published=dt.date(2022, 10, 4))
#: ``id`` of the pipelines already warmed up in this process.
_WARMED: set[int] = set()


def warm_up(nlp: Language) -> Language:
    """``nlp``, run once on ``WARM_UP`` (the first time it is given in this process)."""
    if id(nlp) not in _WARMED:
        list(extract_many([WARM_UP], nlp))
        _WARMED.add(id(nlp))
    return nlp
