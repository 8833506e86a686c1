"""The one place that maps an output (``-o``) to its kind and its backend.

=========================================  ==========  ==========================================
output                                     kind        backend
=========================================  ==========  ==========================================
``-``                                      ``stdout``  ``extractor.io.sinks.jsonl`` (no rejects file)
``*.jsonl``                                ``jsonl``   ``extractor.io.sinks.jsonl``
``*.db``, ``*.sqlite``, ``*.sqlite3``      ``sqlite``  ``extractor.io.sinks.sqlite``
``postgresql://…``, ``postgres://…``       ``postgres``  ``extractor.io.sinks.postgres`` (psycopg)
``*.parquet`` (a directory)                ``parquet`` ``extractor.io.sinks.parquet`` (pyarrow)
=========================================  ==========  ==========================================

Every backend module has ``open_writer``, ``read_results``, ``read_rejects``, ``find_result`` and
``existing_ids``; it is imported when an output of its kind is first used, so PostgreSQL's and
Parquet's optional libraries load only for those outputs.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Iterator
from pathlib import Path
from types import ModuleType

from extractor.io.sinks.base import BATCH_SIZE, Counts, StoredIds, Writer
from extractor.io.sinks.sqlite import SUFFIXES as SQLITE_SUFFIXES
from extractor.io.sinks.sqlite import connect_read_only
from models import ArticleResult, Reject

__all__ = ["BATCH_SIZE", "Counts", "StoredIds", "Writer", "connect_read_only", "kind_of", "open_writer",
           "read_results", "read_rejects", "find_result", "existing_ids", "describe_kinds", "STDOUT"]

STDOUT = "-"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_SUFFIXES = {".jsonl": "jsonl", ".parquet": "parquet", **{suffix: "sqlite" for suffix in SQLITE_SUFFIXES}}
_BACKENDS = {"stdout": "jsonl", "jsonl": "jsonl", "sqlite": "sqlite", "postgres": "postgres", "parquet": "parquet"}


def describe_kinds() -> str:
    """The outputs there are, for messages."""
    return "a .jsonl, .db, .sqlite, .sqlite3 or .parquet path, a postgresql:// URL, or -"


def kind_of(output: Path | str) -> str:
    """``stdout``, ``jsonl``, ``sqlite``, ``postgres`` or ``parquet``; ``ValueError`` for anything else."""
    text = str(output)
    if text == STDOUT:
        return "stdout"
    if text.startswith(POSTGRES_SCHEMES):
        return "postgres"
    kind = _SUFFIXES.get(Path(text).suffix.lower())
    if kind is None:
        raise ValueError(f"unsupported output {str(Path(text))!r}: use {describe_kinds()}")
    return kind


def is_file_output(output: Path | str) -> bool:
    """Whether the output is a path on this machine (not stdout, not a database server)."""
    return kind_of(output) not in ("stdout", "postgres")


def _backend(kind: str) -> ModuleType:
    return importlib.import_module(f"extractor.io.sinks.{_BACKENDS[kind]}")


def _target(output: Path | str, kind: str) -> str | Path | None:
    return {"stdout": None, "postgres": str(output)}.get(kind, Path(output))


def open_writer(output: Path | str, *, batch_size: int = BATCH_SIZE, append: bool = False) -> Writer:
    """The writer for ``output``. ``batch_size`` is for databases (Parquet has its own row
    groups); ``append`` keeps the records of a JSONL output (for resuming)."""
    kind = kind_of(output)
    backend, target = _backend(kind), _target(output, kind)
    if kind in ("stdout", "jsonl"):
        return backend.open_writer(target, append=append)
    if kind == "parquet":
        return backend.open_writer(target)
    return backend.open_writer(target, batch_size=batch_size)


def read_results(output: Path | str) -> Iterator[ArticleResult]:
    """The records of an output, in the order written."""
    kind = kind_of(output)
    return _backend(kind).read_results(_target(output, kind))


def read_rejects(output: Path | str) -> Iterator[Reject]:
    """The rejects of an output (beside a JSONL file, or in a database), in the order written."""
    kind = kind_of(output)
    return _backend(kind).read_rejects(_target(output, kind))


def find_result(output: Path | str, article_id: str) -> ArticleResult | None:
    """One article's record from an output, or ``None`` when it is not there."""
    kind = kind_of(output)
    return _backend(kind).find_result(_target(output, kind), article_id)


def existing_ids(output: Path | str) -> Collection[str]:
    """The article ids already in ``output`` (none if it does not exist yet), to pass as ``skip``.

    For an SQLite or PostgreSQL output, a ``StoredIds`` that asks the database about each id:
    resuming holds no id in memory, however many are stored (close it when done). A JSONL output
    has no index and must be read through: its ids are a set, which grows with the output. A JSONL
    output whose last line is torn (the run was killed while writing) is cut back to its last
    whole line first. Raises ``ValueError`` naming the line for a JSONL line that is not a record.
    """
    kind = kind_of(output)
    if kind == "stdout":
        raise ValueError("cannot resume from stdout")
    return _backend(kind).existing_ids(_target(output, kind))
