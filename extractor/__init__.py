"""wireclaims: news wire articles in, checkable claim records out.

    >>> import extractor
    >>> nlp = extractor.load()                      # English model, or blank English + rules
    >>> result = extractor.extract(article, nlp)    # one models.ArticleResult
    >>> for item in extractor.extract_many(articles, nlp): ...   # ArticleResult | Reject, in order
"""

from extractor.api import extract, extract_many, load

__all__ = ["extract", "extract_many", "load"]
__version__ = "0.1.0"
