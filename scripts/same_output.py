"""Show that a change keeps the records byte-identical: extract a corpus and compare with a baseline.

    python scripts/same_output.py --write BASELINE_DIR     # before the change: keep the outputs
    python scripts/same_output.py BASELINE_DIR             # after it: compare, exit 1 on any difference

Both pipelines run (``--model blank`` and the default), each as ``python -m extractor extract
corpus/ -o OUT.jsonl -q`` in its own process, so what is compared is exactly what the command
writes. Keep the baseline outside the repository. On a difference it prints the first differing
article of each pipeline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = {"blank": ["--model", "blank"], "model": []}


def extract(corpus: Path, out: Path, model_args: list[str]) -> bytes:
    """The JSONL the command writes for ``corpus``."""
    subprocess.run([sys.executable, "-m", "extractor", "extract", str(corpus), "-o", str(out), "-q",
                    *model_args], check=True, cwd=ROOT)
    return out.read_bytes()


def first_difference(old: bytes, new: bytes) -> str:
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines()), start=1):
        if a != b:
            return f"line {number}: {a[:120]!r}... != {b[:120]!r}..."
    return f"{len(old.splitlines())} lines against {len(new.splitlines())}"


def compare(baseline: Path, corpus: Path) -> list[str]:
    """One message per pipeline whose output differs from ``baseline/<name>.jsonl``."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in MODELS.items():
            new = extract(corpus, Path(tmp) / f"{name}.jsonl", args)
            old = (baseline / f"{name}.jsonl").read_bytes()
            if new != old:
                problems.append(f"{name}: {first_difference(old, new)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--write", action="store_true", help="write the baseline instead of comparing")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    if args.write:
        args.baseline.mkdir(parents=True, exist_ok=True)
        for name, model_args in MODELS.items():
            extract(args.corpus, args.baseline / f"{name}.jsonl", model_args)
        return 0
    problems = compare(args.baseline, args.corpus)
    for problem in problems:
        print(problem)
    print("identical" if not problems else "DIFFERENT")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
