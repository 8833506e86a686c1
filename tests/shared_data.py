"""Files of the shared, read-only data beside the repository (``../shared``): every test reads them
through ``shared(...)``, which skips the test, saying which file is missing, when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared(*parts: str) -> Path:
    """``../shared/<parts>``; skips the calling test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found (it lives beside the repository): {path}")
    return path
