"""How many articles a Dask shard gets when the command line does not say: sized from the input."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path

from extractor.io.readers import SUFFIXES, iter_files

#: Shards per worker: enough that the last round leaves a worker idle for at most a quarter of its
#: share, and the driver's merge of the last shard is a small tail.
SHARDS_PER_WORKER = 4
#: The fewest articles a shard is given (a task costs the scheduler about a millisecond).
MIN_SHARD = 16


def shard_size_for(inputs: Iterable[Path], workers: int, *, most: int) -> int:
    """Articles per shard for ``workers``: ``SHARDS_PER_WORKER`` shards each, between ``MIN_SHARD``
    and ``most`` articles. Counts the articles first: the lines of the JSONL files (a byte
    scan, without parsing) and one per other file."""
    articles = sum(_count_lines(path) if is_jsonl(path) and path.is_file() else 1 for path in iter_files(inputs))
    return max(MIN_SHARD, min(most, -(-articles // (max(1, workers) * SHARDS_PER_WORKER))))


def _count_lines(path: Path) -> int:
    try:
        with (gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")) as stream:
            return sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
    except (OSError, EOFError, zlib.error):
        return 1


def is_jsonl(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(SUFFIXES[0]) or name.endswith(SUFFIXES[1])
