"""Tokens the quantities scanner never reads a number from: dates and clock times.

A date of ``doc.spans["wc_dates"]`` masks its tokens, except

* a duration ("for four years"): it is a quantity too;
* a "date" the dates component could not resolve that is only a number ("123456789101231",
  "4000 3 hundred and 21"): no calendar reads it, so it is the number it says;
* a "time" that is one number glued to a "p" ("14p", "240.5p"): pence, not a clock (a clock
  hour is written "2pm" or "2 p.m.").

The model's TIME entities mask a number only when a clock word stands in them ("2.40 PM",
"around 3 p.m. EST"; kind ``time_suffix`` of ``quantity_cues.tsv``) or a clock "10:30": the
model also tags "8,579.19" and "5 k a month" as TIME. A day number beside a month name ("September
21", "21st of May") and the year after it are masked as well.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extractor.components import extensions as ext
from extractor.components.base import has_ner
from extractor.components.quantity_match import PLAIN_INT
from extractor.components.tokenpatterns import WordTest
from extractor.normalize.number_words import read_number
from extractor.normalize.numbers import words_of

_PENCE = re.compile(r"^\d+(?:\.\d+)?p$")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?::\d{2})?$")
_MONTH = WordTest(lambda word: word[:1].isupper() and word.lower() in words_of("month"))


def masked_tokens(doc: Doc) -> set[int]:
    """Token indices that belong to dates and times, never to quantities."""
    dates = list(doc.spans[ext.DATES]) if ext.DATES in doc.spans else []
    durations = {k for span in dates if span.label_ == "duration" for k in range(span.start, span.end)}
    spans = [span for span in dates if span.label_ != "duration" and not _number_only(span)]
    spans += [ent for ent in doc.ents if ent.label_ == "TIME" and _clock(ent)] if has_ner(doc) else []
    masked = {k for span in spans for k in range(span.start, span.end)} - durations  # durations are quantities
    for i in _MONTH.positions(doc):
        masked.update(_day_numbers(doc, i))
    return masked


def _number_only(span) -> bool:
    """An unresolved "date" that is only a number, or pence read as a clock time."""
    if span.label_ == "time":
        return len(span) == 1 and _PENCE.match(span.text) is not None
    timex = span._.wc_timex or {}
    if span.label_ != "date" or timex.get("value") is not None:
        return False
    words = [t.lower_ for t in span if not t.is_space]
    found = read_number(words) if words else None
    return found is not None and found.n == len(words) or all(t.like_num or t.lower_ == "and" for t in span)


def _clock(ent) -> bool:
    """A TIME entity that names a time of day: a clock word or "10:30" in it."""
    suffixes = words_of("time_suffix")
    return any(t.lower_ in suffixes or t.text in suffixes or _CLOCK.match(t.text) and ":" in t.text for t in ent)


def _day_numbers(doc: Doc, i: int) -> list[int]:
    """Day numbers next to the month at ``i``: "September 21", "21 September", "21st of May"."""
    out = [j for j in (i + 1, i - 1, i - 2) if 0 <= j < len(doc) and PLAIN_INT.match(doc[j].text)]
    out = [j for j in out if 1 <= int(doc[j].text) <= 31]
    out = [j for j in out if j != i - 2 or doc[i - 1].lower_ == "of"]
    for j in (i + 1, i + 3, i + 2):  # "May 2008", "September 27, 2022", "27 September 2022"
        if j < len(doc) and PLAIN_INT.match(doc[j].text) and len(doc[j].text) == 4:
            out.append(j)
            break
    return out


def duration_tokens(doc: Doc) -> frozenset[int]:
    """The tokens of the dates component's durations ("a decade in exile"): a length of time that
    the quantities read too."""
    dates = doc.spans[ext.DATES] if ext.DATES in doc.spans else ()
    return frozenset(k for span in dates if span.label_ == "duration" for k in range(span.start, span.end))


def release_dates(doc: Doc, quantities, claimed: set[int]) -> None:
    """Drop the dates a quantity has claimed: pence read as a clock ("14p"; not an hour after "at":
    ``_hour_at``), an unresolved
    "date" that is only a number ("123456789101231"), and any date over a tally's tokens ("passed
    7-2 in committee"; ``claimed``). The same text is then a quantity only, never both."""
    if ext.DATES not in doc.spans or not len(doc.spans[ext.DATES]):
        return
    covered = {k for span in quantities for k in range(span.start, span.end)}
    kept = [span for span in doc.spans[ext.DATES]
            if not (claimed.intersection(range(span.start, span.end))
                    or _number_only(span) and not _hour_at(span) and covered.intersection(range(span.start, span.end)))]
    if len(kept) != len(doc.spans[ext.DATES]):
        doc.spans[ext.DATES] = kept


def _hour_at(span) -> bool:
    """"back at 7p": an hour of the clock (1–12) after "at" may be chat's "7 p.m." as well as
    pence, so both readings stay ("closed at 310p" is pence only)."""
    doc, text = span.doc, span.text
    if span.label_ != "time" or span.start == 0 or doc[span.start - 1].lower_ != "at" or not text[:-1].isdigit():
        return False
    return 1 <= int(text[:-1]) <= 12
