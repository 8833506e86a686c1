"""Claim groups and conflicts (``extractor.analysis.groups``) as the review pages show them.

When grouping fails on a database, the app shows why instead of groups. Results are cached until
the claims in the database change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extractor.analysis.groups import ClaimGroup, GroupMember, groups_from_db
from extractor.io.sinks.registry import connect_read_only


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

    def of_claim(self, article_id: str, claim_id: str) -> list[GroupView]:
        return [g for g in self.groups if (article_id, claim_id) in g.members]


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


def load_groups(path: Path) -> Groups:
    """The groups of the database at ``path`` (``extractor.analysis.groups.groups_from_db``)."""
    try:
        return Groups(groups=[_view(group) for group in groups_from_db(path)])
    except Exception as err:  # noqa: BLE001 - a database the grouping cannot read must not take the app down
        return Groups(unavailable=f"claim groups could not be computed: {type(err).__name__}: {err}")


class GroupCache:
    """``load_groups`` once per version of the claims (their count and highest rowid).

    A re-extraction deletes and reinserts rows, so the highest rowid moves; saving a review does
    not change the claims and keeps the cache.
    """

    def __init__(self, path: Path, loader: Callable[[Path], Groups] = load_groups) -> None:
        self.path = path
        self.loader = loader
        self._key: tuple[int, ...] | None = None
        self._groups = Groups()

    def _version(self) -> tuple[int, ...]:
        with connect_read_only(self.path) as conn:
            count, top = conn.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM claims").fetchone()
        return (count, top)

    def get(self) -> Groups:
        key = self._version()
        if key != self._key:
            self._groups, self._key = self.loader(self.path), key
        return self._groups
