"""The publication date an article states itself: a dateline on its first line, else the date of
its photo captions. Pure, no spaCy."""

from __future__ import annotations

import re
from datetime import date

from extractor.normalize.lexicon import read_tsv
from extractor.normalize.timex import Ctx, expressions, month_no, p_md, safe_day, words

#: A photo caption's credit ("REUTERS/", "AP Photo"; ``photo_credits.tsv``).
_CAPTION = re.compile("|".join(rf"\b{re.escape(row['credit'])}\b" if row["whole_word"] else re.escape(row["credit"])
                               for row in read_tsv("photo_credits")), re.I)


def _full_dates(line: str, offset: int):
    for name in ("md", "dm", "iso"):
        body = expressions()[name].pattern[1:-1]
        for m in re.finditer(rf"(?<!\w){body}(?!\w)", line, re.I):
            g = {k: (v.lower() if v else v) for k, v in m.groupdict().items()}
            if not g.get("y"):
                continue
            t = safe_day(g["y"], g["mo"], g["d"]) if name == "iso" else p_md(g, Ctx(None, None, False))
            if t and t.begin:
                yield t.begin, offset + m.start(), offset + m.end()


def infer_published(text: str) -> tuple[date, int, int] | None:
    """Publication date and its evidence ``(date, start, end)``: a dateline on the first line
    ("March 01, 2008"; "WASHINGTON, Oct. 4 (Reuters) -" takes its year from the latest full
    date in the text), else the latest photo-caption date; None when neither is there."""
    text = text or ""
    first = re.match(r"\s*[^\n]*", text).group(0)
    found = _wire_dateline(first, text) or next(_full_dates(first[:120], 0), None)
    if found and found[1] <= 40:
        return found
    captions, offset = [], 0
    for line in text.splitlines(keepends=True):
        if _CAPTION.search(line):
            captions.extend(_full_dates(line, offset))
        offset += len(line)
    return max(captions, key=lambda c: (c[0], c[1])) if captions else None


_AGENCIES = "|".join(re.escape(row["agency"]) for row in read_tsv("wire_agencies"))  # wire_agencies.tsv
_WIRE = re.compile(r"^\s*[A-Z][A-Z .'-]+,\s+(?P<date>(?P<m>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2}))\s+\((?:"
                   + _AGENCIES + r")\)")


def _wire_dateline(first: str, text: str) -> tuple[date, int, int] | None:
    match = _WIRE.match(first)
    if not match or match.group("m").lower() not in words()["month"]:
        return None
    known = [d for d, _, _ in _full_dates(text, 0)]
    if not known:
        return None
    latest = max(known)
    m, d = month_no(match.group("m").lower()), int(match.group("d"))
    y = latest.year + (1 if (m, d) < (latest.month, latest.day) else 0)
    try:
        return date(y, m, d), match.start("date"), match.end("date")
    except ValueError:
        return None
