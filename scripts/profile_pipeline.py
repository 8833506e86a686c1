"""CPU time of each pipeline component, of building the records and of writing them, on a corpus.

    .venv/bin/python scripts/profile_pipeline.py [--corpus corpus/wikinews.jsonl] [--repeat 2] [--model auto]

Each component runs over the whole corpus in batches of 16 (as ``nlp.pipe`` does), timed with
``time.process_time`` (CPU time of this process: the machine is shared, so wall time misleads);
the first pass warms the caches and is not counted when ``--repeat`` is above 1. Prints one line
per stage: CPU seconds, share of the total, and microseconds per word.

Then the share of the sentences (and of their words) that would still need the parser if it ran
only where a figure, a date, an attribution cue or a quotation mark is, found with the components'
own tests (``quantities._MAY_START`` without a lone "a"/"an"/sign, the date patterns, the cue
forms of ``speech_cues.tsv`` and "according", the quotation marks of ``attribution``). That share
decides whether parsing only those sentences can pay for running ``senter`` on every sentence.
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


#: Words ``_MAY_START`` lets through that start a number only with one after them ("a dozen", "- 5").
_LEAD_INS = frozenset({"a", "an", "-", "−", "minus", "negative"})


def parse_share(nlp, articles: list) -> tuple[float, float]:
    """(sentences, words): the shares in sentences with a figure, a date, a cue or a quotation mark."""
    from extractor.components.attribution import _QUOTES, speech_forms
    from extractor.components.quantities import _MAY_START, _may_start_number

    dates, forms = nlp.get_pipe("wireclaims_dates"), speech_forms()
    ours = [name for name in nlp.pipe_names if name.startswith("wireclaims_") and name != "wireclaims_paragraphs"]
    counts = [0, 0, 0, 0]  # sentences, selected, words, selected words
    for doc in nlp.pipe((a.text for a in articles), disable=ours):
        marked = {i for i in _MAY_START.positions(doc)
                  if doc[i].lower_ not in _LEAD_INS or i + 1 < len(doc) and _may_start_number(doc[i + 1].text)}
        marked |= {k for _, start, end in dates.patterns(doc) for k in range(start, end)}
        marked |= {t.i for t in doc if t.lower_ in forms or t.lower_ == "according" or t.text in _QUOTES}
        for sent in doc.sents:
            chosen = any(i in marked for i in range(sent.start, sent.end))
            counts = [counts[0] + 1, counts[1] + chosen, counts[2] + len(sent), counts[3] + chosen * len(sent)]
    return counts[1] / counts[0], counts[3] / counts[2]


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
    if "parser" in nlp.pipe_names:
        sentences, share = parse_share(nlp, articles)
        print(f"sentences with a figure, a date, a cue or a quotation mark: {sentences:.0%} of the sentences, "
              f"{share:.0%} of the words")


if __name__ == "__main__":
    main()
