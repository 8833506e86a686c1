"""Keep a long run's memory flat: bound spaCy's per-word caches, give free heap pages back.

The vocabulary itself is kept flat by ``nlp.memory_zone()`` (``extractor.api``); two things a
zone does not cover are handled here, after each batch (``batch_done``).

spaCy's rule lemmatizer caches the lemmas of every (word, part of speech, morphology) it has
seen, so the cache grows with every new word of the dump; it is emptied past ``LEMMA_CACHE_MAX``.

A batch allocates its activations with ``malloc`` and frees them when it is done, but glibc
keeps freed memory in its arenas for reuse and rarely gives it back: without a trim the resident
size stays at the largest batch seen so far (one 100,000-character article took a process from
287 MB to 484 MB for good), a high-water mark that rises with the dump's size. ``malloc_trim(0)``
hands every whole free page back (206 MB after the same article). Where the C library has no
``malloc_trim`` (musl, macOS, Windows) this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable

from spacy.language import Language
from spacy.pipeline import Lemmatizer

#: Entries kept in a lemmatizer's cache; a full one is refilled within a few batches.
LEMMA_CACHE_MAX = 100_000
#: Articles between two trims: a trim costs a few milliseconds and the next batch faults the
#: pages back in, so it is done every few batches, not after each one.
TRIM_EVERY = 64


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or ``None`` where the C library has none."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the symbols already loaded: the C library's
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_heap() -> bool:
    """Return the heap's free pages to the system; ``False`` when the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


class HeapTrimmer:
    """Calls ``release_free_heap`` once every ``every`` articles done."""

    def __init__(self, every: int = TRIM_EVERY) -> None:
        self.every = max(1, every)
        self._since = 0

    def done(self, articles: int) -> None:
        """Count ``articles`` more; trim when ``every`` have been done since the last trim."""
        self._since += articles
        if self._since >= self.every:
            self._since = 0
            release_free_heap()


#: One per process, like the heap it trims: a worker that gets one small batch per call still
#: trims every ``TRIM_EVERY`` articles.
_TRIMMER = HeapTrimmer()


def batch_done(nlp: Language, articles: int) -> None:
    """After a batch of ``articles``: bound the lemmatizers' caches; trim every ``TRIM_EVERY`` articles."""
    bound_lemma_caches(nlp)
    _TRIMMER.done(articles)


def bound_lemma_caches(nlp: Language) -> None:
    """Empty the cache of each of ``nlp``'s lemmatizers that holds over ``LEMMA_CACHE_MAX`` entries."""
    for _, pipe in nlp.pipeline:
        pipe = getattr(pipe, "lemmatizer", pipe)  # the lemma table wraps the model's lemmatizer
        if isinstance(pipe, Lemmatizer) and len(pipe.cache) > LEMMA_CACHE_MAX:
            pipe.cache.clear()
