"""Person names: what looks like one, and whether two surnames are spellings of one name."""

from __future__ import annotations

import difflib
import functools
import unicodedata

#: Similarity above which two surnames of one article are taken as spellings of one name
#: ("Ajmetdzhanov" / "Akhmetdzhanov": 0.88; "Putin" / "Pushkin": 0.67).
SIMILAR = 0.8
_MIN_FUZZY = 6


@functools.lru_cache(maxsize=8192)  # asked for every capitalised word against every official
def fold(name: str) -> str:
    """Lower case without accents: "Mikhéyev" -> "mikheyev"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def is_name_token(text: str) -> bool:
    """A capitalized word ("Putin", "SHLAMOV", "O'Neil", "Al-Assad"), not an acronym of two letters."""
    core = text.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
    if len(core) < 2 or not core.isalpha():
        return False
    return text[0].isupper() and (not text.isupper() or len(core) > 3)


def similar_surname(a: str, b: str) -> bool:
    """The same surname, or a transliteration variant of a long one."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if min(len(fa), len(fb)) < _MIN_FUZZY or fa[0] != fb[0]:
        return False
    return difflib.SequenceMatcher(None, fa, fb).ratio() >= SIMILAR
