"""Claim groups of a stored output (any kind ``extractor.io.sinks.registry`` reads).

Apart from ``extractor.analysis.groups`` because the writers import that module (each claim's group
bucket is stored with it, ``extractor.analysis.group_index``) and this one reads through them.
"""

from __future__ import annotations

from pathlib import Path

from extractor.analysis.groups import ClaimGroup, group_claims
from extractor.io.sinks.registry import read_results


def groups_from_db(path: Path | str, *, min_size: int = 2) -> list[ClaimGroup]:
    """``group_claims`` over the records of a SQLite, JSONL, Parquet or PostgreSQL output, in the order written."""
    return group_claims(read_results(path), min_size=min_size)
