"""Which files a run reads, and the ones it cannot read said out loud.

``walk(paths)`` yields, in a deterministic order, each input file to read, or a reason why an
entry cannot be read (``Unreadable``): a file name that is not valid UTF-8 (shown with its bytes
escaped, ``caf\\xe9.txt``), a dangling symbolic link, a symbolic link loop, a FIFO, socket or
device, a directory that cannot be listed. Directories are read recursively (symbolic links to
directories followed, each directory once), and only files of the kinds read (``SUFFIXES``) are
looked at, as before; a path named on the command line is always looked at. Nothing is opened
here, so a FIFO never blocks the run.
"""

from __future__ import annotations

import errno
import gzip
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor.io.counting import count_csv_rows

#: File name endings read as article dumps.
SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".txt", ".csv", ".html", ".htm")


@dataclass(frozen=True)
class Unreadable:
    """An entry that will not be read, and why (``source`` is printable)."""

    source: str
    reason: str


def kind_of(path: Path) -> str | None:
    """The suffix from ``SUFFIXES`` that ``path`` ends with, or ``None``."""
    name = path.name.lower()
    return next((suffix for suffix in SUFFIXES if name.endswith(suffix)), None)


def printable(path: Path | str) -> str:
    """A path as text that any output takes: bytes that are not UTF-8 shown as ``\\xNN``."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be read as an input, or ``None`` when it can be tried."""
    try:
        os.fsencode(str(path)).decode("utf-8")
    except UnicodeDecodeError:
        return "file name is not valid UTF-8 (shown with its bytes escaped); rename the file"
    try:
        info = os.stat(path)
    except OSError as err:
        return _stat_problem(path, err)
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return f"not a regular file ({_file_kind(info.st_mode)}): not read"
    return None


def _stat_problem(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file"
    if os.path.islink(path):
        return f"dangling symbolic link (to {printable(os.readlink(path))}, which does not exist)"
    if err.errno == errno.ENOENT:
        return "file not found"
    return f"cannot read file: {err.strerror or err}"


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"


def walk(paths: Iterable[Path]) -> Iterator[Path | Unreadable]:
    """The files to read, each path given in turn; a directory expanded recursively, sorted by path."""
    for path in paths:
        path = Path(path)
        if problem(path) is None and path.is_dir():
            yield from (entry for _, entry in sorted(_directory(path), key=lambda pair: pair[0]))
        else:
            yield path


def files(paths: Iterable[Path]) -> Iterator[Path]:
    """Only the readable files of ``walk`` (for counting and sharding)."""
    for entry in walk(paths):
        if isinstance(entry, Path) and problem(entry) is None:
            yield entry


def _directory(top: Path) -> list[tuple[Path, Path | Unreadable]]:
    """``(sort key, entry)`` for every file of a known kind below ``top``, problems included."""
    found: list[tuple[Path, Path | Unreadable]] = []
    seen: set[tuple[int, int]] = set()

    def refused(err: OSError) -> None:
        where = Path(err.filename or top)
        found.append((where, Unreadable(printable(where), f"cannot read directory: {err.strerror or err}")))

    for folder, dirs, names in os.walk(top, onerror=refused, followlinks=True):
        here = os.stat(folder)
        if (here.st_dev, here.st_ino) in seen:  # a link back up the tree: read each directory once
            dirs[:] = []
            continue
        seen.add((here.st_dev, here.st_ino))
        for name in names:
            entry = Path(folder) / name
            if kind_of(entry) is None and not os.path.islink(entry):
                continue
            reason = problem(entry)
            if reason is None and kind_of(entry) is not None:
                found.append((entry, entry))
            elif reason is not None and (kind_of(entry) is not None or "symbolic link" in reason):
                found.append((entry, Unreadable(printable(entry), reason)))
    return found


def count_inputs(paths: Iterable[Path], *, limit: int | None = None) -> int:
    """How many inputs ``paths`` hold (for a progress bar's total): a fast pass, lines not parsed.

    JSONL lines that are not blank, CSV rows after the header (rows, not lines: a quoted field
    may hold line breaks), one per ``.txt`` or HTML file.
    """
    total = 0
    for path in files(paths):
        name = path.name.lower()
        try:
            if name.endswith(".csv"):
                total += count_csv_rows(path)
            elif name.endswith((".jsonl", ".jsonl.gz")):
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rb") as stream:
                    lines = sum(1 for line in stream if line.strip())
                total += max(0, lines - 1) if name.endswith(".csv") else lines
            else:
                total += 1
        except (OSError, EOFError):
            total += 1
        if limit is not None and total >= limit:
            return limit
    return total
