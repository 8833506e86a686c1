"""CSV rows read one at a time from bytes: a bad byte or an unclosed quote costs one row, not the file.

``csv_rows(stream)`` yields ``Row(line, cells, problem)`` for every row after the header (and one
for the header itself, ``line`` 1): each physical line is decoded on its own (UTF-8, a BOM on the
first line dropped), so a row with bytes that are not UTF-8 comes back with ``problem`` naming the
first bad byte and the rows around it are read as usual. A quoted field that is never closed would
make the ``csv`` module swallow every later line into it; here a row that runs over
``MAX_ROW_LINES`` lines, or into a line identical to the header (a second file appended), is given
back as a problem on its first line, and reading starts again on the line after it.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: The most physical lines one CSV row may span (an article text with blank lines between its
#: paragraphs takes one line per paragraph and per blank line).
MAX_ROW_LINES = 2000
_BAD_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Row:
    line: int  # the line the row starts on, 1-based
    cells: list[str]
    problem: str | None = None


class _Runaway(Exception):
    """The row being read ran past what a row may span."""


class _Lines:
    """The decoded lines of a stream; remembers the current row's lines to replay them."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self.stream = _cr_split(stream)
        self.replay: deque[tuple[int, str]] = deque()
        self.row: list[tuple[int, str]] = []
        self.number = 0
        self.header: str | None = None
        self.exhausted = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.replay:
            self.number, line = self.replay.popleft()
        else:
            raw = next(self.stream, None)
            if raw is None:
                self.exhausted = True
                raise StopIteration
            self.number += 1
            line = raw.decode("utf-8", "surrogateescape")
            if self.number == 1:
                line = line.removeprefix("\ufeff")
        self.row.append((self.number, line))
        if len(self.row) > 1 and (len(self.row) > MAX_ROW_LINES or line.rstrip("\r\n") == self.header):
            raise _Runaway
        return line

    def start_row(self) -> None:
        self.row = []

    def restart_after_first(self) -> tuple[int, int]:
        """Replay the runaway row's lines but its first; ``(first line, last line read)``."""
        first, last = self.row[0][0], self.row[-1][0]
        self.replay.extendleft(reversed(self.row[1:]))
        self.row = []
        return first, last


def _cr_split(stream: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of a binary stream, a bare CR also ending one (files with old Mac line ends)."""
    for raw in stream:
        body = raw.rstrip(b"\r\n")
        if b"\r" in body:
            yield from (part + b"\n" for part in body.split(b"\r"))
        else:
            yield raw


def csv_rows(stream: Iterable[bytes]) -> Iterator[Row]:
    """The rows of a CSV byte stream, the header first (see the module's docstring)."""
    lines = _Lines(stream)
    reader, width = csv.reader(lines), 0
    while True:
        lines.start_row()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _Runaway:
            first, last = lines.restart_after_first()
            reader = csv.reader(lines)
            yield Row(first, [], f"unclosed quote: the quoted field opened on line {first} runs into a copy of "
                                 f"the header or past {MAX_ROW_LINES} lines (line {last}); row skipped, reading "
                                 f"goes on at line {first + 1}")
            continue
        except csv.Error as err:
            yield Row(lines.row[0][0] if lines.row else lines.number, [], f"row is not valid CSV: {err}")
            continue
        start = lines.row[0][0] if lines.row else lines.number
        runaway = _runaway(lines, cells, width)
        if runaway is not None:
            first, last = lines.restart_after_first()
            reader, lines.exhausted = csv.reader(lines), False
            yield Row(first, [], f"unclosed quote: the quoted field opened on line {first} {runaway}; "
                                 f"row skipped, reading goes on at line {first + 1}")
            continue
        if lines.header is None:
            lines.header, width = "".join(text for _, text in lines.row).rstrip("\r\n"), len(cells)
        yield Row(start, cells, _bad_bytes(cells))


def _runaway(lines: _Lines, cells: list[str], width: int) -> str | None:
    """Why a row read looks like an unclosed quote that swallowed the lines after it, or ``None``."""
    if not lines.row:
        return None
    if lines.exhausted and not _closed("".join(text for _, text in lines.row)):
        return f"is still open at the end of the file (line {lines.row[-1][0]})"
    if len(lines.row) > 1 and width and len(cells) != width:
        return (f"swallows the lines up to {lines.row[-1][0]} into a row of {len(cells)} fields "
                f"(the header has {width})")
    return None


def _closed(text: str) -> bool:
    """Whether ``text`` (one row's lines) ends outside a quoted field."""
    try:
        list(csv.reader([text], strict=True))
    except csv.Error:
        return False
    return True


def _bad_bytes(cells: list[str]) -> str | None:
    for cell in cells:
        found = _BAD_BYTE.search(cell)
        if found is not None:
            byte = ord(found.group()) - 0xDC00
            return f"row is not valid UTF-8 (byte 0x{byte:02x} at character {found.start()} of a field)"
    return None


def printable(text: str) -> str:
    """``text`` with undecodable bytes shown as ``\\xNN`` (for messages and ``raw``)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


__all__ = ["MAX_ROW_LINES", "Row", "csv_rows", "printable"]
