"""CPU time of each pipeline component, of building the records and of writing them, on a corpus.

    .venv/bin/python scripts/profile_pipeline.py [--corpus corpus/wikinews.jsonl] [--repeat 2] [--model auto]

Each component runs over the whole corpus in batches of 16 (as ``nlp.pipe`` does), timed with
``time.process_time`` (CPU time of this process: the machine is shared, so wall time misleads);
the first pass warms the caches and is not counted when ``--repeat`` is above 1. Prints one line
per stage: CPU seconds, share of the total, and microseconds per word.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _batches(items: list, size: int = 16):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def profile(nlp, articles: list, times: dict[str, float]) -> None:
    from extractor.api import _anchor
    from extractor.components.build import to_result
    from extractor.pipeline import pipeline_name

    for batch in _batches(articles):
        docs = []
        for index, article in enumerate(batch):
            doc = nlp.make_doc(article.text)
            _anchor(doc, article)
            doc._.wc_index = index
            docs.append(doc)
        for name, proc in nlp.pipeline:
            start = time.process_time()
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(doc) for doc in docs]
            times[name] += time.process_time() - start
        start = time.process_time()
        results = [to_result(article, doc, pipeline_name(nlp)) for article, doc in zip(batch, docs)]
        times["records (build.to_result)"] += time.process_time() - start
        start = time.process_time()
        for result in results:
            result.model_dump_json()
        times["records to JSON"] += time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "wikinews.jsonl")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--model", default="auto")
    args = parser.parse_args()
    from extractor.api import load
    from models import Article

    nlp = load(args.model)
    articles = [Article.model_validate(json.loads(line)) for line in args.corpus.open(encoding="utf-8")
                if line.strip()]
    words = sum(len(a.text.split()) for a in articles)
    times: dict[str, float] = defaultdict(float)
    for number in range(args.repeat):
        if number == 1:
            times.clear()
        profile(nlp, articles, times)
    counted = max(1, args.repeat - 1)
    total = sum(times.values())
    print(f"{len(articles)} articles, {words:,} words, {counted} timed pass(es); CPU seconds per pass")
    for name, seconds in times.items():
        print(f"{name:32s} {seconds / counted:7.3f} s {seconds / total:6.1%} {seconds / counted / words * 1e6:7.1f} µs/word")
    print(f"{'total':32s} {total / counted:7.3f} s        {total / counted / words * 1e6:7.1f} µs/word")


if __name__ == "__main__":
    main()
