"""What an engine is told and what it tells back: run options, progress, callbacks, and the
relocation of rejects made inside the pipeline to their input's file and line.

Free of spaCy, so the command line builds these before any pipeline is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from extractor.chunking import MAX_CHARS
from extractor.io.readers import Columns
from models import Reject

#: The ``source`` given to rejects made inside the pipeline; replaced by the input's file and line.
PIPELINE_SOURCE = "<input>"


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch: the readers' options, sizes, limit, workers."""

    published: dt.date | None = None
    columns: Columns = field(default_factory=Columns)
    batch_size: int = 16
    max_chars: int = MAX_CHARS
    limit: int | None = None
    workers: int = 1


@dataclass
class Progress:
    """What a run has done so far (``read`` counts inputs, skipped ones included)."""

    read: int = 0
    skipped: int = 0
    articles: int = 0
    claims: int = 0
    rejects: int = 0


@dataclass
class Hooks:
    """Callbacks for a run; all optional."""

    on_reject: Callable[[Reject], None] | None = None
    on_warning: Callable[[str], None] | None = None
    on_progress: Callable[[Progress], None] | None = None
    progress: Progress = field(default_factory=Progress)


def relocate(reject: Reject, source: str, line: int | None) -> Reject:
    """A reject made inside the pipeline, given the file and line of its article."""
    if reject.source != PIPELINE_SOURCE:
        return reject
    return reject.model_copy(update={"source": source, "line": line})
