"""Write every date the pipeline finds in the bundled corpus to ``tests/data/corpus_dates.tsv``.

``tests/test_dates_corpus.py`` compares the pipeline against that file, so any change to a date
in the 90 Wikinews articles or the seed shows up as a failing test until it is reviewed and the
file regenerated (``.venv/bin/python scripts/date_snapshot.py``); ``--diff OLD`` lists what changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "corpus_dates.tsv"
FIELDS = ("article", "start", "end", "text", "type", "value", "begin", "end_day")


def rows(results) -> list[tuple[str, ...]]:
    """One row per date mention: article id, character span, text, TIMEX3 type/value, days."""
    out = []
    for result in results:
        for d in result.dates:
            text = d.text.replace("\t", " ").replace("\n", " ")
            out.append((result.article_id, str(d.span[0]), str(d.span[1]), text, d.type,
                        d.value or "", d.begin or "", d.end or ""))
    return out


def read(path: Path) -> list[tuple[str, ...]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines[1:] if line]


def corpus_results():
    sys.path.insert(0, str(ROOT))
    from extractor.api import extract_many, load
    from models import Article

    articles = []
    for name in ("wikinews.jsonl", "seed.jsonl"):
        with (ROOT / "corpus" / name).open(encoding="utf-8") as fh:
            articles += [Article.model_validate_json(line) for line in fh if line.strip()]
    return list(extract_many(articles, load("auto")))


def diff(old: list[tuple[str, ...]], new: list[tuple[str, ...]]) -> list[str]:
    """Changed, added and dropped mentions, keyed by article and start offset."""
    before = {(r[0], r[1]): r for r in old}
    after = {(r[0], r[1]): r for r in new}
    lines = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0], int(k[1]))):
        a, b = before.get(key), after.get(key)
        if a != b:
            lines.append(f"{key[0]} @{key[1]}: {_show(a)}  ->  {_show(b)}")
    return lines


def _show(row) -> str:
    return "-" if row is None else f"{row[3]!r} {row[4]} {row[5] or 'null'} {row[6]}..{row[7]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diff", type=Path, help="print the changes against this older snapshot")
    parser.add_argument("-o", type=Path, default=SNAPSHOT)
    args = parser.parse_args()
    new = rows(corpus_results())
    if args.diff:
        print("\n".join(diff(read(args.diff), new)) or "no change")
    args.o.parent.mkdir(parents=True, exist_ok=True)
    args.o.write_text("\t".join(FIELDS) + "\n" + "".join("\t".join(r) + "\n" for r in new), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
