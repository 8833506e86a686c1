"""Counting the inputs of a CSV dump for a progress bar's total: rows, not lines."""

from __future__ import annotations

import csv
from pathlib import Path


def count_csv_rows(path: Path) -> int:
    """The rows of a CSV file after its header that hold a value (as ``_read_csv`` reads them); a
    file that is not valid UTF-8 or CSV counts its lines instead."""
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as stream:
            return max(0, sum(1 for row in csv.reader(stream) if any(cell.strip() for cell in row)) - 1)
    except (UnicodeDecodeError, csv.Error):
        with path.open("rb") as stream:
            return max(0, sum(1 for line in stream if line.strip()) - 1)
