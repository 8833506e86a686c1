"""HTML pages: the main text, the title and the publication date from the page's markup.

The text comes from ``trafilatura`` (no comments, boilerplate dropped; paragraphs joined by blank
lines), the title from the page, the date from ``htmldate`` (``original_date=True``, markup only),
bounded by the fixed ``HTML_MAX_DATE``, never today, so the same page always gives the same date.
A date in the page's meta tags that is no calendar day (2022-02-30) is not used: htmldate would
read it as the first of its month; the page then has no date from its markup, and the pipeline
dates it from its text when it can (a warning says why).
"""

from __future__ import annotations

import datetime as dt
import re

#: htmldate's latest plausible publication date: a constant, so no page date depends on the clock.
HTML_MAX_DATE = "2099-12-31"
#: ``content="YYYY-MM-DD..."`` of a meta tag: the dates htmldate reads first.
_META_DATE = re.compile(r"""<meta\b[^>]*\bcontent\s*=\s*["']?\s*(\d{4})-(\d{1,2})-(\d{1,2})""", re.IGNORECASE)


def parse_html(html: bytes | str) -> tuple[str, str | None, dt.date | None]:
    """A page's main text (paragraphs joined by blank lines), title and publication date.

    The date is htmldate's original (publication) date from the page's markup (meta tags, time
    elements; no guessing from years in the prose, which the pipeline's own dateline inference
    does better); ``None`` when there is none or when a meta date is no calendar day
    (``impossible_meta_date``).
    """
    from htmldate import find_date
    from trafilatura import extract
    from trafilatura.metadata import extract_title
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return "", None, None
    title = extract_title(tree)
    found = None if impossible_meta_date(html) else find_date(
        tree, original_date=True, outputformat="%Y-%m-%d", max_date=HTML_MAX_DATE, extensive_search=False)
    text = extract(html, output_format="txt", include_comments=False) or ""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join(paragraphs), title or None, dt.date.fromisoformat(found) if found else None


def impossible_meta_date(html: bytes | str) -> str | None:
    """The first meta-tag date of the page that is no calendar day ("2022-02-30"), or ``None``."""
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    for match in _META_DATE.finditer(text[:200_000]):  # the head of a page
        year, month, day = (int(part) for part in match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    return None
