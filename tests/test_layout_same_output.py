"""The records on the bundled corpus are byte-identical to a baseline kept before a refactor.

Set ``WIRECLAIMS_BASELINE`` to a directory written by ``scripts/same_output.py --write DIR`` with
the code before the change (outside the repository); the test extracts ``corpus/`` with both
pipelines and compares the bytes.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = os.environ.get("WIRECLAIMS_BASELINE")

def _script():
    spec = importlib.util.spec_from_file_location("same_output", ROOT / "scripts" / "same_output.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.skipif(not BASELINE, reason="WIRECLAIMS_BASELINE (a directory from scripts/same_output.py --write) is not set")
def test_corpus_output_is_byte_identical_to_the_baseline():
    assert _script().compare(Path(BASELINE), ROOT / "corpus") == []


def test_a_changed_record_is_reported(tmp_path):
    """The comparison is not vacuous: one byte changed in a baseline is found, with its line."""
    script = _script()
    old = b'{"article_id":"a"}\n{"article_id":"b"}\n'
    assert script.first_difference(old, old.replace(b'"b"', b'"c"')).startswith("line 2:")
