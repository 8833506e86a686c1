"""The match the quantities scanner builds, and the token tests it shares with ``not_quantities``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

CURRENCY = re.compile(r"^(?:[A-Z]{1,3})?[$£€¥₹]$")
PLAIN_INT = re.compile(r"^\d+$")


@dataclass
class Match:
    start: int  # token indices of the whole span
    end: int
    core: tuple[int, int]  # the number tokens
    value: float | None = None
    low: float | None = None
    high: float | None = None
    bound: str = "exact"
    qualifier: tuple[int, int] | None = None  # char offsets
    falling: bool = False  # a range written from the high end to the low one
    data: dict = field(default_factory=dict)


def next_lower(doc: Doc, j: int) -> str:
    return doc[j].lower_ if j < len(doc) else ""
