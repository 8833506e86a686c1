"""JSONL output: one ``ArticleResult`` per line, in input order; ``-`` is stdout.

Rejects go to the sibling file ``<stem>.rejects.jsonl`` (created only when there is one; a stale
one is removed on open); stdout keeps no rejects file. Resuming reads the ids of the file, whose
torn last line, left by a killed run, is cut off first.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from extractor.io.sinks.base import Closing, Counts, Prepared
from models import Article, ArticleResult, Reject


def rejects_path(path: Path) -> Path:
    """The sibling file of a JSONL output that holds its rejects: ``<stem>.rejects.jsonl``."""
    return path.with_name(f"{path.stem}.rejects.jsonl")


def prepare(result: ArticleResult, article: Article) -> Prepared:
    """The line ``JsonlWriter`` writes for one article."""
    return Prepared.of(result, result.model_dump_json())


class JsonlWriter(Closing):
    """One ``ArticleResult`` per line; ``path=None`` writes to stdout; ``append`` keeps the
    records already in the file (for resuming)."""

    prepare = staticmethod(prepare)

    def __init__(self, path: Path | None, *, append: bool = False) -> None:
        self.path = path
        self.counts = Counts()
        self._rejects: IO[str] | None = None
        if path is None:
            self._out = sys.stdout
            return
        self._out = path.open("a" if append else "w", encoding="utf-8")
        rejects_path(path).unlink(missing_ok=True)

    def write(self, result: ArticleResult | Prepared, article: Article) -> None:
        prepared = result if isinstance(result, Prepared) else prepare(result, article)
        self._out.write(prepared.payload + "\n")
        self.counts.add(prepared)

    def reject(self, reject: Reject) -> None:
        self.counts.rejects += 1
        if self.path is None:
            return
        if self._rejects is None:
            self._rejects = rejects_path(self.path).open("w", encoding="utf-8")
        self._rejects.write(reject.model_dump_json() + "\n")

    def close(self) -> None:
        if self.path is None:
            self._out.flush()
            return
        self._out.close()
        if self._rejects is not None:
            self._rejects.close()

    def describe(self) -> str:
        if self.path is None:
            return "stdout"
        if self._rejects is not None:
            return f"{self.path} (rejects in {rejects_path(self.path)})"
        return str(self.path)


def open_writer(path: Path | str | None, *, append: bool = False) -> JsonlWriter:
    return JsonlWriter(None if path is None else Path(path), append=append)


def read_results(path: Path | str) -> Iterator[ArticleResult]:
    """The records of a JSONL output; raises ``ValueError`` naming the line for one that is not a record."""
    path = Path(path)
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield ArticleResult.model_validate_json(line)
            except ValueError as err:
                first = str(err).splitlines()
                raise ValueError(f"{path}:{number}: not a valid record: {' '.join(first[:3])}") from None


def read_rejects(path: Path | str) -> Iterator[Reject]:
    sibling = rejects_path(Path(path))
    if sibling.exists():
        with sibling.open("rb") as stream:
            yield from (Reject.model_validate_json(line) for line in stream if line.strip())


def find_result(path: Path | str, article_id: str) -> ArticleResult | None:
    """The last record of ``article_id`` in the file, or ``None``."""
    found = [result for result in read_results(path) if result.article_id == article_id]
    return found[-1] if found else None


def existing_ids(path: Path | str) -> set[str]:
    """The ids in a JSONL output (a set: the file has no index), its torn last line cut off first.
    Raises ``ValueError`` naming the line for a line that is not a record."""
    path = Path(path)
    if not path.is_file():
        return set()
    _cut_torn_line(path)
    ids = set()
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                ids.add(_record_id(line, path, number))
    return ids


def _record_id(line: bytes, output: Path, number: int) -> str:
    try:
        value = json.loads(line)
        return str(value["article_id"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"{output}:{number}: not a valid record, cannot resume from it") from None


def _cut_torn_line(path: Path) -> None:
    with path.open("rb+") as stream:
        size = stream.seek(0, 2)
        if size == 0:
            return
        stream.seek(size - 1)
        if stream.read(1) == b"\n":
            return
        end = size
        while end > 0:
            start = max(0, end - 65536)
            stream.seek(start)
            found = stream.read(end - start).rfind(b"\n")
            if found >= 0:
                stream.truncate(start + found + 1)
                return
            end = start
        stream.truncate(0)
