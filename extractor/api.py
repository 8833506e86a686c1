"""The library API: load a pipeline, extract one article or a stream of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext

from spacy.language import Language
from spacy.tokens import Doc

from extractor import memory
from extractor.components import extensions
from extractor.components.build import to_result
from extractor.chunking import MAX_CHARS, batches, merge_results, split_text, text_length
from extractor.normalize.dateline import infer_published
from extractor.pipeline import build, pipeline_name
from models import Article, ArticleResult, Reject

#: Lexemes the vocabulary keeps for good: the words met first (mostly the commonest) stay, with their
#: tokenizer cache entries, which spaCy does not make inside a memory zone (tokenizing without them
#: made a run 5% slower). Once the vocabulary has held this many, batches run in memory zones.
PERMANENT_LEXEMES = 20_000


def load(model: str = "auto", *, strict_components: bool = False) -> Language:
    """The wireclaims pipeline: ``"auto"`` (English model if installed), ``"blank"`` or a model name.

    ``strict_components``: an error inside a component raises (the article is rejected) instead of
    becoming a warning on the article (``pipeline.build``)."""
    return build(model, strict_components=strict_components)


def extract(article: Article, nlp: Language | None = None) -> ArticleResult:
    """Extract the records of one article. Raises ``ValueError`` if it cannot be processed."""
    for item in extract_many([article], nlp or load()):
        if isinstance(item, Reject):
            raise ValueError(item.reason)
        return item
    raise AssertionError("extract_many yielded nothing")  # pragma: no cover


def extract_many(
    items: Iterable[Article | Reject],
    nlp: Language,
    *,
    batch_size: int = 16,
    max_chars: int = MAX_CHARS,
    source: str = "<input>",
) -> Iterator[ArticleResult | Reject]:
    """Stream results in input order; rejects (given or made here) pass through in place.

    An article that fails inside the pipeline becomes a ``Reject`` naming the component and
    the error; the batch goes on. An article longer than ``max_chars`` (or the pipeline's
    ``max_length``) is processed in pieces split at paragraph breaks and merged into one result
    whose spans index the whole text (``extractor.chunking``).

    Memory does not grow with the stream: ``batch_size`` inputs at a time are tokenized, run
    and made into records, then the batch's docs are dropped. Once the vocabulary has held
    ``PERMANENT_LEXEMES`` lexemes, each batch runs inside one ``nlp.memory_zone()`` (``_zone``),
    which frees the lexemes and strings its new words added. spaCy's lemma cache is kept
    bounded and the C heap's free pages go back to the system every few batches
    (``extractor.memory``).
    """
    limit = min(max_chars, nlp.max_length)
    for batch in _batches(items, batch_size):
        with _zone(nlp):
            results = _extract_batch(batch, nlp, limit, source)
        memory.batch_done(nlp, len(batch))
        yield from results


def _batches(items: Iterable[Article | Reject], size: int) -> Iterator[list[Article | Reject]]:
    """``size`` inputs at a time, fewer once a batch holds half a part of text (``chunking.batches``)."""
    return batches(items, size, text_length)


def _zone(nlp: Language) -> AbstractContextManager:
    """A memory zone for one batch, once the vocabulary is full; none inside a caller's zone
    (spaCy's zones do not nest).

    ``len(nlp.vocab)`` counts every lexeme ever added, those freed by zones included, so once
    past the bound every later batch is zoned.
    """
    if nlp.vocab.in_memory_zone or len(nlp.vocab) < PERMANENT_LEXEMES:
        return nullcontext()
    return nlp.memory_zone()


def _extract_batch(batch: list[Article | Reject], nlp: Language, limit: int,
                   source: str) -> list[ArticleResult | Reject]:
    """One batch's results, in order: records only, no ``Doc`` (a zone's docs are invalid after it)."""
    docs = []
    for index, item in enumerate(batch):
        if isinstance(item, Article) and len(item.text) <= limit:
            doc = nlp.make_doc(item.text)
            _anchor(doc, item)
            doc._.wc_index = index
            docs.append(doc)
    done = _pipe_all(nlp, docs)
    results: list[ArticleResult | Reject] = []
    for index, item in enumerate(batch):
        if isinstance(item, Reject):
            results.append(item)
        elif index not in done:
            results.append(extract_long(item, nlp, limit=limit, source=source))
        elif (error := done[index][1]) is not None:
            results.append(Reject(source=source, article_id=item.id, reason=error))
        else:
            results.append(to_result(item, done[index][0], pipeline_name(nlp)))
    return results


def extract_long(article: Article, nlp: Language, *, limit: int = MAX_CHARS,
                 source: str = "<input>") -> ArticleResult | Reject:
    """One article processed in pieces of at most ``limit`` characters, merged into one result.

    The anchor date is settled once for the whole text (given, or inferred from it) and used
    for every piece; a piece the pipeline fails on rejects the whole article. Pieces run one at a
    time and only their records are kept, so memory holds one piece's ``Doc``, not the article's.
    """
    bounds = split_text(article.text, limit)
    pieces, anchor = [], None
    for number, (start, end) in enumerate(bounds):
        doc = nlp.make_doc(article.text[start:end])
        if anchor is None:
            _anchor(doc, article)
            anchor = doc._.wc_anchor, doc._.wc_anchor_source
        else:
            doc._.wc_anchor, doc._.wc_anchor_source = anchor
        doc._.wc_index = number
        doc, error = _pipe_all(nlp, [doc])[number]
        if error is not None:
            reason = f"{error} (in piece {number + 1} of {len(bounds)}, characters {start:,}-{end:,})"
            return Reject(source=source, article_id=article.id, reason=reason)
        piece = article.model_copy(update={"text": article.text[start:end]})
        pieces.append((start, to_result(piece, doc, pipeline_name(nlp)).model_dump(mode="json")))
        del doc
    note = (f"text has {len(article.text):,} characters, over the limit of {limit:,}: "
            f"processed in {len(bounds)} pieces split at paragraph breaks")
    return merge_results(article.id, pieces, warnings=[note])


def _pipe_all(nlp, docs) -> dict[int, tuple[Doc, str | None]]:
    """Run a batch; if spaCy itself fails on one article, redo the batch one by one."""
    try:
        return {doc._.wc_index: (doc, None) for doc in nlp.pipe(docs)}
    except Exception:  # noqa: BLE001 - narrowed below to the article that fails
        pass
    done = {}
    for doc in docs:
        try:
            done[doc._.wc_index] = (nlp(doc), None)
        except Exception as err:  # noqa: BLE001 - that article is rejected, the batch goes on
            done[doc._.wc_index] = (doc, f"pipeline failed: {type(err).__name__}: {err}")
    return done


def _anchor(doc: Doc, article: Article) -> None:
    if article.part is not None:
        extensions.warn(doc, article.part)
    if article.published is not None:
        doc._.wc_anchor, doc._.wc_anchor_source = article.published, "input"
        return
    inferred = infer_published(article.text)
    if inferred is not None:
        doc._.wc_anchor, doc._.wc_anchor_source = inferred[0], "text"
        extensions.warn(doc, f"no publication date given; inferred {inferred[0].isoformat()} "
                             f"from {article.text[inferred[1]:inferred[2]]!r}")
    else:
        doc._.wc_anchor, doc._.wc_anchor_source = None, "none"
        extensions.warn(doc, "no publication date given or found: relative dates left unresolved")
