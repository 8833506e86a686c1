"""Worker processes that end when the process that started them is gone (even after ``kill -9``).

``exit_with_parent()`` is called first thing in a worker. On Linux it asks the kernel for SIGKILL
when the parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere it also starts a watchdog thread
that polls the parent's pid, which covers other systems and the case of the parent dying before
the request was made. Workers hold nothing that needs cleaning up: the parent alone writes output,
so what they were doing is redone by ``--skip-existing`` on the next run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
#: How often the watchdog looks for the parent, in seconds.
POLL_SECONDS = 0.5


def exit_with_parent(parent: int | None = None) -> None:
    """Make this process end as soon as ``parent`` (default: its current parent) is gone."""
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        _death_signal(signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="wireclaims-parent-watch", daemon=True).start()


def _death_signal(sig: int) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
