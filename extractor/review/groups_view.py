"""Claim groups and conflicts (``extractor.analysis.groups``) as the review pages show them.

When grouping fails on a database, the app shows why instead of groups. A database whose writer stored
each claim's group bucket (``claim_groups``, ``extractor.analysis.group_index``) gives a claim page its
group by one indexed read of that bucket, always current, even while an extract is committing. For
the /groups list, and for databases without that table, ``GroupCache`` recomputes the groups in the
background when the claims change (from ``claim_groups`` when it is there), so no page waits on them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extractor.analysis.group_index import groups_of_claim, has_stored_groups, stored_groups
from extractor.analysis.group_files import groups_from_db
from extractor.analysis.groups import ClaimGroup, GroupMember
from extractor.io.sinks.registry import connect_read_only

COMPUTING = "claim groups are being computed; reload the page in a moment"


@dataclass(frozen=True)
class GroupView:
    id: str
    conflict: bool
    reason: str
    members: tuple[tuple[str, str], ...]  # (article_id, claim_id)
    title: str = ""  # what the group is about: subject, predicate, countries (when given)
    labels: tuple[str, ...] = ()  # one per member: its quantity as written, and its source

    def label(self, index: int) -> str:
        return self.labels[index] if index < len(self.labels) else ""


@dataclass
class Groups:
    """The groups of one database, or why there are none."""

    groups: list[GroupView] = field(default_factory=list)
    unavailable: str = ""
    _by_member: dict[tuple[str, str], list[GroupView]] | None = field(default=None, repr=False)

    def of_claim(self, article_id: str, claim_id: str) -> list[GroupView]:
        if self._by_member is None:  # one pass over the members, then a lookup per page
            index: dict[tuple[str, str], list[GroupView]] = {}
            for group in self.groups:
                for member in dict.fromkeys(group.members):
                    index.setdefault(member, []).append(group)
            self._by_member = index
        return self._by_member.get((article_id, claim_id), [])


def _label(member: GroupMember) -> str:
    """The member's quantity as written, and its source."""
    parts = (member.quantity_text, member.source and f"according to {member.source}")
    return " · ".join(part for part in parts if part)


def _title(group: ClaimGroup) -> str:
    parts = [group.subject, group.predicate, group.countries and f"({', '.join(group.countries)})"]
    return " ".join(part for part in parts if part)


def _view(group: ClaimGroup) -> GroupView:
    return GroupView(id=group.id, conflict=group.conflict, reason=group.reason or "",
                     members=tuple((m.article_id, m.claim_id) for m in group.members),
                     title=_title(group), labels=tuple(_label(m) for m in group.members))


def stored(path: Path) -> bool:
    """True when the database at ``path`` holds every claim's group bucket (``has_stored_groups``)."""
    try:
        with connect_read_only(path) as conn:
            return has_stored_groups(conn)
    except sqlite3.Error:
        return False


def load_groups(path: Path) -> Groups:
    """The groups of the database at ``path``: from its ``claim_groups`` table when complete, else from
    its records (``extractor.analysis.groups.groups_from_db``)."""
    try:
        if stored(path):
            with connect_read_only(path) as conn:
                return Groups(groups=[_view(group) for group in stored_groups(conn)])
        return Groups(groups=[_view(group) for group in groups_from_db(path)])
    except Exception as err:  # noqa: BLE001 - a database the grouping cannot read must not take the app down
        return Groups(unavailable=f"claim groups could not be computed: {type(err).__name__}: {err}")


class GroupCache:
    """The groups of the database, recomputed in the background so that no page waits on them.

    ``get()`` never runs the loader itself: it returns the groups last computed (before the first
    computation ends, an empty ``Groups`` saying they are being computed) and, when the claims have
    changed (their count or highest rowid: a re-extraction deletes and reinserts rows), starts one
    recomputation in a thread. While an extract keeps committing, recomputations are spaced so they
    take at most a fifth of the time (``min_gap``, and four times the last one's duration, between a
    recomputation's end and the next start). Saving a review does not change the claims.
    """

    def __init__(self, path: Path, loader: Callable[[Path], Groups] = load_groups, *,
                 min_gap: float = 5.0) -> None:
        self.path = path
        self.loader = loader
        self.min_gap = min_gap
        self._lock = threading.Lock()
        self._key: tuple[int, ...] | None = None
        self._groups = Groups(unavailable=COMPUTING)
        self._running: threading.Thread | None = None
        self._next_start = 0.0
        #: Claim pages read their group from the stored buckets (the default loader only: a given
        #: loader is what the caller wants the pages to show).
        self.by_bucket = loader is load_groups and stored(path)

    def of_claim(self, conn: sqlite3.Connection, article_id: str, claim_id: str) -> tuple[list[GroupView], str]:
        """The groups holding one claim and, when there are none to show, why (empty: no reason)."""
        if self.by_bucket:
            try:
                return [_view(group) for group in groups_of_claim(conn, article_id, claim_id)], ""
            except (sqlite3.Error, ValueError) as err:
                return [], f"claim groups could not be read: {type(err).__name__}: {err}"
        groups = self.get()
        return groups.of_claim(article_id, claim_id), groups.unavailable

    def _version(self) -> tuple[int, ...]:
        with connect_read_only(self.path) as conn:
            count, top = conn.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM claims").fetchone()
        return (count, top)

    def get(self) -> Groups:
        key = self._version()
        with self._lock:
            due = key != self._key and self._running is None and time.monotonic() >= self._next_start
            if due:
                self._running = threading.Thread(target=self._refresh, args=(key,), daemon=True,
                                                 name="wireclaims-groups")
                self._running.start()
            return self._groups

    def start(self) -> None:
        """Begin the first computation now (the app calls this at start-up)."""
        self.get()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the running recomputation (if any) has finished (for tests and tools)."""
        running = self._running
        if running is not None:
            running.join(timeout)

    def _refresh(self, key: tuple[int, ...]) -> None:
        start = time.monotonic()
        try:
            groups = self.loader(self.path)
        except Exception as err:  # noqa: BLE001 - a failed recomputation keeps the app up
            groups = Groups(unavailable=f"claim groups could not be computed: {type(err).__name__}: {err}")
        took = time.monotonic() - start
        with self._lock:
            self._groups, self._key, self._running = groups, key, None
            self._next_start = time.monotonic() + max(self.min_gap, 4 * took)
