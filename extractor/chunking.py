"""Very long articles: split the text into pieces at paragraph breaks, merge the pieces' records.

``split_text`` cuts after a blank line (a paragraph break) wherever it can, else after a line
break, else after a space, else at the limit: the pieces cover the text exactly, in order.
``merge_results`` joins the records of the pieces into one ``ArticleResult`` about the WHOLE
text: every span shifted by its piece's offset, quantity indexes in claims re-based, officials
merged by name and countries by code, claim ids recomputed from whole-text offsets (so they
are the ids a one-piece run would give the same quantities).

``article_parts`` bounds what one record can hold: an article over ``PART_CHARS`` characters (a book,
a dump concatenated into one field) is read as consecutive articles ``ID``, ``ID#2``, ``ID#3``, ...,
each at most ``PART_CHARS`` characters split at paragraph breaks, so memory holds one part's record
and every part is written (and committed) before the next is read.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from extractor.normalize.dateline import infer_published
from models import Article, ArticleResult, Quantity

#: Longest article text processed in one piece; longer texts are split at paragraph breaks and the
#: pieces run one at a time (``api.extract_long``). 100,000 characters is some 25 wire stories: each
#: piece costs about what the same text in short articles does (every component is linear, but a
#: piece's Doc, parse and per-article caches are held whole), and memory holds one piece's Doc.
#: The one definition: the API, the engines and the CLI use it.
MAX_CHARS = 100_000

#: Longest article text kept as one record; a longer one is read as consecutive articles of at most
#: this many characters (``article_parts``). A record of 1,000,000 characters holds some 6,000 claims
#: (about 5 MB of JSON, under 100 MB of memory while it is built); no news story comes near it.
PART_CHARS = 1_000_000

#: A batch (of the pipeline, of a worker, of a writer's transaction) closes once it holds this many
#: characters of text: one part of a long article, where ordinary articles fill ``--batch-size`` first.
BATCH_CHARS = PART_CHARS // 2

T = TypeVar("T")

#: A paragraph break: a line break, optional blanks, another line break, then any whitespace.
_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def claim_id(article_id: str, quantity: Quantity) -> str:
    """Stable: the same article id and text give the same id on every run."""
    key = f"{article_id}\x1f{quantity.span[0]}\x1f{quantity.span[1]}\x1f{quantity.text}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def split_text(text: str, limit: int) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces covering ``text``, each at most ``limit`` characters."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    cuts = [match.end() for match in _BREAK.finditer(text)]
    pieces, start = [], 0
    while len(text) - start > limit:
        end = _cut(text, cuts, start, start + limit)
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def article_parts(article: Article, limit: int | None = None) -> Iterator[Article]:
    """``article`` itself, or, when its text is over ``limit`` characters, its consecutive parts.

    Part 1 keeps the id, later parts are ``ID#2``, ``ID#3``, ...; each carries a ``part`` note that its
    record's warnings repeat. An undated article's parts after the first are dated from the whole
    text (``infer_published``, as the first part dates itself), so relative dates resolve in every part.
    ``limit`` is ``PART_CHARS`` unless given.
    """
    limit = limit or PART_CHARS
    if len(article.text) <= limit:
        yield article
        return
    bounds = split_text(article.text, limit)
    inferred = infer_published(article.text) if article.published is None else None
    for number, (start, end) in enumerate(bounds, start=1):
        note = (f"part {number} of {len(bounds)} of article {article.id!r} (characters {start:,}-{end:,} of "
                f"{len(article.text):,}): an article over {limit:,} characters is stored as consecutive "
                f"articles {article.id!r}, {article.id + '#2'!r}, ...")
        update: dict = {"id": article.id if number == 1 else f"{article.id}#{number}", "text": article.text[start:end]}
        if number > 1 and inferred is not None:
            update["published"] = inferred[0]
        yield article.as_part(note, **update)


def batches(items: Iterable[T], size: int, chars: Callable[[T], int]) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``, each closed early once it holds ``batch_chars()`` characters
    of text (``chars(item)``): a batch of long articles' parts holds one part, not ``size`` of them."""
    batch: list[T] = []
    held = 0
    for item in items:
        batch.append(item)
        held += chars(item)
        if len(batch) >= max(1, size) or held >= batch_chars():
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def batch_chars() -> int:
    """``BATCH_CHARS``, or half of ``PART_CHARS`` where that was lowered (tests lower it)."""
    return min(BATCH_CHARS, PART_CHARS // 2)


def text_length(item: object) -> int:
    """The characters of an article's text (0 for a reject); what ``batches`` weighs."""
    return len(item.text) if isinstance(item, Article) else 0


def _cut(text: str, cuts: list[int], start: int, most: int) -> int:
    """The best place to end a piece that starts at ``start`` and may end at ``most``."""
    index = bisect.bisect_right(cuts, most) - 1
    if index >= 0 and cuts[index] > start:
        return cuts[index]
    for mark in ("\n", " "):
        found = text.rfind(mark, start, most)
        if found > start:
            return found + 1
    return most


def merge_results(article_id: str, pieces: list[tuple[int, ArticleResult | dict]],
                  *, warnings: Sequence[str] = ()) -> ArticleResult:
    """One result for the whole text from ``(offset, result)`` per piece, in text order.

    A piece may be given as its ``model_dump(mode="json")`` (what ``api.extract_long`` keeps, so
    that only one copy of each piece's records is alive); ``pieces`` is emptied as it is merged.
    Article-level fields (``published``, ``published_source``, ``pipeline``) come from the first
    piece; ``warnings`` are added after the pieces' own warnings.
    """
    merged: dict = {"quantities": [], "claims": [], "officials": [], "countries": [], "dates": [],
                    "warnings": []}
    by_name: dict[str, int] = {}
    by_code: dict[str, dict] = {}
    first = _dumped(pieces[0][1])
    pieces.reverse()  # popped from the end: each piece's own copy goes once it is merged
    while pieces:
        offset, result = pieces.pop()
        data = _shifted(_dumped(result), offset)
        del result
        base = len(merged["quantities"])
        merged["quantities"].extend(data["quantities"])
        officials = [_merge_official(merged["officials"], by_name, o) for o in data["officials"]]
        for claim in data["claims"]:
            merged["claims"].append(_rebased(article_id, claim, base, officials, merged["quantities"]))
        for country in data["countries"]:
            _merge_country(merged["countries"], by_code, country)
        merged["dates"].extend(data["dates"])
        merged["warnings"].extend(data["warnings"])
    merged["warnings"].extend(warnings)
    return ArticleResult.model_validate({
        **merged, "article_id": article_id,
        **{key: first[key] for key in ("schema_version", "published", "published_source", "pipeline")},
    })


def _dumped(result: ArticleResult | dict) -> dict:
    return result if isinstance(result, dict) else result.model_dump(mode="json")


def _shifted(value: object, offset: int) -> object:
    """``value`` with every ``span`` (a ``[start, end]`` pair) moved by ``offset``."""
    if isinstance(value, dict):
        out = {key: _shifted(item, offset) for key, item in value.items()}
        span = value.get("span")
        if isinstance(span, (list, tuple)) and len(span) == 2:
            out["span"] = [span[0] + offset, span[1] + offset]
        return out
    if isinstance(value, list):
        return [_shifted(item, offset) for item in value]
    return value


def _rebased(article_id: str, claim: dict, base: int, officials: list[int], quantities: list[dict]) -> dict:
    claim["quantity"] += base
    source = claim.get("source")
    if source and source.get("official") is not None:
        source["official"] = officials[source["official"]]
    claim["id"] = claim_id(article_id, Quantity.model_validate(quantities[claim["quantity"]]))
    return claim


def _merge_official(merged: list[dict], by_name: dict[str, int], official: dict) -> int:
    """Add ``official`` (or fold it into the one of the same name); return its merged index."""
    index = by_name.get(official["name"])
    if index is None:
        by_name[official["name"]] = len(merged)
        merged.append(official)
        return len(merged) - 1
    known = merged[index]
    known["mentions"].extend(official["mentions"])
    known["aliases"].extend(a for a in official["aliases"] if a not in known["aliases"] and a != known["name"])
    for field in ("title", "country", "organization"):
        if known.get(field) is None and official.get(field) is not None:
            known[field] = official[field]
    return index


def _merge_country(merged: list[dict], by_code: dict[str, dict], country: dict) -> None:
    known = by_code.get(country["code"])
    if known is None:
        by_code[country["code"]] = country
        merged.append(country)
    else:
        known["mentions"].extend(country["mentions"])
