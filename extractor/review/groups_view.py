"""Claim groups and conflicts from ``extractor.analysis.groups`` when that module exists (imported lazily).

``groups_from_db(path)`` is another engineer's module; this adapter reads only what its brief
promises (a group's ``id``, its member claims, ``conflict``, ``reason``) and tolerates the member
being a claim record, a mapping or an ``(article_id, claim_id)`` pair. When the module is missing
or fails, the app shows why instead of groups. Results are cached until the database file changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.io.sinks.sqlite import connect_read_only


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


def _member_key(member: Any) -> tuple[str, str] | None:
    if isinstance(member, tuple | list) and len(member) == 2:
        return str(member[0]), str(member[1])
    get: Callable[[str], Any] = member.get if isinstance(member, Mapping) else lambda n: getattr(member, n, None)
    article = get("article_id")
    claim = get("claim_id") or get("id")
    return (str(article), str(claim)) if article is not None and claim is not None else None


def _label(member: Any) -> str:
    quantity = getattr(member, "quantity_text", None)
    source = getattr(member, "source", None)
    return " · ".join(str(part) for part in (quantity, source and f"according to {source}") if part)


def _title(group: Any) -> str:
    countries = getattr(group, "countries", None) or []
    parts = [getattr(group, "subject", None), getattr(group, "predicate", None),
             countries and f"({', '.join(map(str, countries))})"]
    return " ".join(str(part) for part in parts if part)


def _view(group: Any) -> GroupView:
    members = [m for m in getattr(group, "members", None) or getattr(group, "claims", None) or ()
               if _member_key(m) is not None]
    return GroupView(id=str(getattr(group, "id", "")), conflict=bool(getattr(group, "conflict", False)),
                     reason=str(getattr(group, "reason", "") or ""),
                     members=tuple(_member_key(m) for m in members),  # type: ignore[misc]
                     title=_title(group), labels=tuple(_label(m) for m in members))


def load_groups(path: Path) -> Groups:
    """The groups of the database at ``path`` via ``extractor.analysis.groups.groups_from_db``."""
    try:
        module = importlib.import_module("extractor.analysis.groups")
    except ImportError as err:
        return Groups(unavailable=f"claim groups are not available: extractor.analysis.groups is missing ({err})")
    try:
        return Groups(groups=[_view(group) for group in module.groups_from_db(path)])
    except Exception as err:  # noqa: BLE001 - another module's failure must not take the app down
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
