"""Failures of the output that end a run: told in one line, each with its own exit code.

Output is committed batch by batch, so when the disk fills or the database server goes away what
was committed is whole and ``--skip-existing`` resumes exactly; the message says so. ``classify``
maps an exception to ``(message, exit code)``, or ``None`` for anything else (which stays a bug
with its traceback).

Exit codes (also in the README, "Bad input"): 3 the output's disk is full; 4 the output cannot be
written any more (PostgreSQL connection lost, read-only or failing disk, file too large).
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import typer

EXIT_DISK_FULL = 3
EXIT_OUTPUT_LOST = 4

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_LOST_ERRNOS = {errno.EROFS, errno.EIO, errno.EFBIG, errno.EPIPE}
RESUME = "run again with --skip-existing to resume"


def classify(err: BaseException, stored: int, output: str) -> tuple[str, int] | None:
    """``(one-line message, exit code)`` for an output failure after ``stored`` articles, else ``None``."""
    kind = _kind(err)
    if kind is None:
        return None
    detail = _detail(err)
    if kind == "full":
        return f"output disk is full after {stored} articles ({output}: {detail}); {RESUME}", EXIT_DISK_FULL
    if kind == "server":
        return (f"lost the connection to the PostgreSQL server after {stored} articles ({detail}); "
                f"{RESUME} once it is back", EXIT_OUTPUT_LOST)
    return f"cannot write the output any more after {stored} articles ({output}: {detail}); {RESUME}", EXIT_OUTPUT_LOST


def _kind(err: BaseException) -> str | None:
    for cause in _chain(err):
        if isinstance(cause, OSError) and cause.errno in _FULL_ERRNOS:
            return "full"
        if isinstance(cause, OSError) and cause.errno in _LOST_ERRNOS:
            return "lost"
        if isinstance(cause, sqlite3.OperationalError):
            text = str(cause).lower()
            if "full" in text:
                return "full"
            if "disk i/o" in text or "readonly" in text or "read-only" in text:
                return "lost"
        if _is_postgres_lost(cause):
            full = type(cause).__name__ == "DiskFull" or "no space left" in str(cause).lower()
            return "full" if full else "server"
    return None


def _is_postgres_lost(err: BaseException) -> bool:
    """psycopg's OperationalError/InterfaceError (server gone, connection closed), by module name
    so that psycopg is not imported for SQLite runs."""
    kind = type(err)
    return kind.__module__.startswith("psycopg") and kind.__name__ in ("OperationalError", "InterfaceError",
                                                                       "AdminShutdown", "DiskFull")


def _chain(err: BaseException):
    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        yield err
        err = err.__cause__ or err.__context__


def _detail(err: BaseException) -> str:
    for cause in _chain(err):
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
    first = str(err).strip().splitlines()
    return first[0] if first else type(err).__name__


@contextmanager
def told(counts_of, output: str) -> Iterator[None]:
    """Turn an output failure inside the block into its one line on stderr and its exit code;
    ``counts_of()`` gives the writer's counts (articles stored so far)."""
    try:
        yield
    except Exception as err:
        found = classify(err, counts_of().articles, output)
        if found is None:
            raise
        message, code = found
        typer.echo(f"wireclaims: error: {message}", err=True)
        raise typer.Exit(code) from None
