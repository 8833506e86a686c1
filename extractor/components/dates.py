"""``wireclaims_dates``: temporal expressions → ``doc.spans["wc_dates"]`` with TIMEX3 values.

Candidates come from our token patterns (``resources/patterns/dates.jsonl``) and, when the model
has NER, from DATE/TIME entities. Pattern spans win; an entity is added where no pattern fired,
or replaces the pattern spans it covers when it reads as a whole ("between Thursday and Friday").
Adjacent dates joined by "and"/"to"/"-" become one interval. Each span is normalized in text
order against ``doc._.wc_anchor``; the latest resolved date before it is the reference for
anaphora ("that day", "the previous weekend"). An adjacent signal word ("since", "by", …) sets
``period``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span

from extractor.components.base import Component, guarded, has_parse
from extractor.components.extensions import DATES, warn
from extractor.components.date_offsets import bare_hours, clock_for_length, from_now, hour_for_length, join_lengths, starting_from
from extractor.components.date_joins import CONNECTORS, hour_after_day, joinable, merge_day_and_time, not_temporal, spelled_ranges, with_year
from extractor.normalize.date_clock import follows_reference
from extractor.normalize.dates import FUTURE, PAST, PRESENT, normalize, period_for
from extractor.normalize import lexicon
from extractor.normalize.lexicon import tagged
from extractor.normalize.timex import Timex, slot_words, words
from extractor.components.tokenpatterns import TokenPatterns

#: The signal words before a date (``time_signals.tsv``), one word or two ("as of").
SIGNALS = frozenset(s for s in lexicon.words("time_signals") if " " not in s)
TWO_WORD_SIGNALS = {tuple(s.split()): s for s in lexicon.words("time_signals") if " " in s}
#: The words around a date that decide its span and tense (``date_context.tsv`` says each use).
TRIM = tagged("date_context", "trim")
FUTURE_AUX = tagged("date_context", "future_aux")  # "may take place as early as March"
FUTURE_CUES = tagged("date_context", "future_cue")
NOT_AFTER = tagged("date_context", "not_after")
UP_TO_NOW = tagged("date_context", "up_to_now")
DAYISH = tagged("date_context", "dayish")
DIGIT_DAY_AFTER = tagged("date_context", "digit_day")  # "on 11/20", "by 3/15"
GLUED_LENGTH_AFTER = tagged("date_context", "glued_length")  # "for 10D", "lasted 2W"
_GLUED_DWY = re.compile(r"\d+(?:\.\d+)?(?:d|w|wk|wks|y|yr)")  # "3D", "2W": a length only after those words
_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)")
MODEL_NAME = re.compile(r"^(?![QH][1-4]$|(?:FY|SY|CY)'?\d\d(?:\d\d)?$)[A-Z]+\d")  # "A380", "F16": product names, not dates ("Q3", "H1", "FY2019" are)


@lru_cache(maxsize=1)
def load_patterns() -> tuple[dict, ...]:
    """The ``{label, pattern, id}`` lines of ``patterns/dates.jsonl``, the slots (``"<MONTH>"``,
    ``"<WEEKDAY>"``, ``"<UNIT>"``) in an ``IN`` list or a ``REGEX`` replaced by the words they stand for."""
    path = resources.files("extractor.resources.patterns").joinpath("dates.jsonl")
    with path.open(encoding="utf-8") as fh:
        return tuple(_fill(json.loads(line)) for line in fh if line.strip())


def _fill(line: dict) -> dict:
    for token in line["pattern"]:
        for value in token.values():
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                value["IN"] = [w for item in value["IN"] for w in (slot_words(item) if item[:1] == "<" else (item,))]
            elif isinstance(value, dict) and "<MONTH>" in value.get("REGEX", ""):
                value["REGEX"] = value["REGEX"].replace("<MONTH>", "|".join(map(re.escape, slot_words("<MONTH>"))))
    return line


def _reset(doc: Doc) -> None:
    doc.spans[DATES] = []


class DateTagger(Component, Pipe):
    """Finds and normalizes temporal expressions; see the module docstring."""

    def __init__(self, nlp: Language, name: str = "wireclaims_dates", *, use_ner: bool = True) -> None:
        self.name = name
        self.use_ner = use_ner
        self.patterns = TokenPatterns((line["id"], line["pattern"]) for line in load_patterns())

    @guarded("wireclaims_dates", reset=_reset)
    def __call__(self, doc: Doc) -> Doc:
        anchor = doc._.wc_anchor
        spans = _merge_intervals(doc, self._candidates(doc), anchor)
        resolved, reference, ref_day, ref_end = [], None, None, None
        for start, end in spans:
            span = doc[start:end]
            dayish = any(t.lower_ in DAYISH for t in span)
            timex = _read(span, anchor, ref_day if dayish and ref_day else reference, ref_end)
            if timex is None and not any(t.is_alpha and t.lower_ not in CONNECTORS | {"from", "between"} for t in span):
                continue  # "32-2015", "from 5.25 to 6.50": numbers that read as no date are no date
            if timex is None:
                warn(doc, f"dates: could not normalize {span.text!r} at {span.start_char}")
                timex = Timex("date", None)
            span, timex = _with_modifier(span, timex, resolved[-1][0].end if resolved else 0, anchor)
            if timex.type == "duration" or timex.value == "FUTURE_REF":
                span, timex = from_now(span, timex, anchor, _tense(span) == FUTURE)
            resolved.append((span, timex))
            if timex.type in ("date", "interval") and timex.begin is not None:
                reference = timex.end if timex.type == "interval" else timex.begin
                ref_end = timex.end
                ref_day = reference if (timex.end - timex.begin).days <= 7 else ref_day
        days = _days_by_sentence(resolved)
        resolved = [(span, _anchor_time(span, timex, days, anchor)) for span, timex in resolved]
        resolved = merge_day_and_time(clock_for_length(hour_for_length(join_lengths(spelled_ranges(doc, resolved)))))
        resolved = with_year(starting_from(hour_after_day(resolved)), anchor)
        doc.spans[DATES] = _up_to_now([_to_span(span, _with_zone(span, timex), anchor) for span, timex in resolved], anchor)
        return doc

    def _candidates(self, doc: Doc) -> list[tuple[int, int]]:
        found = {_trim(doc, s, e) for s, e in self._matches(doc)}
        chosen = _greedy([c for c in found if c], lambda c: _keep(doc, *c))
        if self.use_ner and doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:
                if ent.label_ in ("DATE", "TIME"):
                    chosen = _add_entity(doc, chosen, _trim(doc, ent.start, ent.end, ner=True), doc._.wc_anchor)
        return sorted(chosen)

    def _matches(self, doc: Doc) -> list[tuple[int, int]]:
        """Pattern matches that stay inside one sentence."""
        found = {(start, end) for _, start, end in self.patterns(doc)}
        bounds = np.flatnonzero(doc.to_array([SENT_START]).ravel() == 1).tolist() if found else []
        return sorted((start, end) for start, end in found
                      if bisect_right(bounds, start) == bisect_left(bounds, end))


def _trim(doc: Doc, start: int, end: int, ner: bool = False) -> tuple[int, int] | None:
    """Drop leading prepositions and signals; keep "from X to Y" and "between X and Y" whole.

    Entities also lose leading fillers ("just days"), verbs ("may last months") and punctuation."""
    first = doc[start].lower_  # the word at ``start``, read once per step
    if first == "at" and doc[start:end].text.lower() in words()["ref"]:
        return start, end  # "at the time", "at present": "at" is part of the expression
    if first == "till" and end - start == 2 and doc[start:end].text.lower() in UP_TO_NOW:
        return start, end  # "till date": the whole is the expression (as "to date")
    outer = (start, end)
    while start < end - 1 and (first in TRIM or ner and _droppable(doc[start])):
        if first == "from" and {t.lower_ for t in doc[outer[0]:outer[1]]} & CONNECTORS \
                or first.startswith("year") and doc[start:end].text.lower().startswith("year-to"):
            break  # "from A to B", "year-to-date" stay whole
        start += 1
        first = doc[start].lower_
    if start < end - 1 and first == "the" and doc[start + 1].lower_ in ("early", "mid", "late"):
        start += 1  # "the early 1990s": the TIMEX3 is "early 1990s" (mod START)
        first = doc[start].lower_
    while start < end and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end - start == 1 and (first in TRIM or first in SIGNALS):
        return None  # nothing left but a preposition
    return (start, end) if start < end else None


def _droppable(token) -> bool:
    return token.lower_ in words()["filler"] or token.pos_ in ("AUX", "VERB", "PUNCT") or token.is_punct


def _strong(span: Span) -> bool:
    """Has a year, a month or weekday name, or a deictic day word: worth keeping unnormalized."""
    w = words()
    return any(t.shape_ == "dddd" or t.lower_ in w["month"] or t.lower_ in w["weekday"] or t.lower_ in w["day_offset"]
               for t in span)


def _keep(doc: Doc, start: int, end: int) -> bool:
    """Not an age ("65 years old"), not a bare number or a modal "may"."""
    span = doc[start:end]
    if end < len(doc) and doc[end].lower_ in NOT_AFTER or not_temporal(span):
        return False
    if _in_number_chain(doc, start, end) or _counted(doc, span) or _ordinal_of_thing(doc, span):
        return False
    if span.text.lower() in ("to date", "till date") and start > 0 and doc[start - 1].lower_ == "up":
        return False  # "up to date equipment"
    if span[-1].lower_ == "after" and end < len(doc) and doc[end].is_alpha:
        return False  # "the day after falling": "after" opens a phrase of its own
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "old":
        return False
    if any(t.lower_ in ("old", "aged", "age") or MODEL_NAME.match(t.text) for t in span):
        return False
    if len(span) == 1 and _GLUED_DWY.fullmatch(span[0].lower_) and (start == 0 or doc[start - 1].lower_ not in GLUED_LENGTH_AFTER):
        return False  # "3D printing", "a 4WD": names, not lengths
    if len(span) == 1 and span[0].like_num and span[0].shape_ != "dddd" and not _day_in_digits(doc, span) \
            or bare_hours(span):
        return False
    if len(span) == 1 and end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_alpha \
            and not span[-1].whitespace_:
        return False  # "now-cancelled", "recently-announced": part of a compound
    if len(span) == 1 and span[0].lower_ in words()["set"] and span[0].is_title and not span[0].is_sent_start \
            and start > 0 and doc[start - 1].is_title:
        return False  # "The China Daily newspaper": part of a name
    if end < len(doc) and doc[end].is_title and span.text.lower() in words()["holiday"] and not doc[end].is_sent_start:
        return False  # "Easter Island", "the Good Friday Agreement": part of a name
    return not (len(span) == 1 and span[0].lower_ in ("may", "march") and (span[0].is_lower or span[0].pos_ in ("AUX", "VERB")))


def _day_in_digits(doc: Doc, span: Span) -> bool:
    """"23.04.2022", "1/1/2015", "on 11/20": a day in digits (a bare "11/20" is as often a fraction)."""
    text = span[0].text
    if text.count(".") == 2 or text.count("/") == 2:
        return True
    return "/" in text and span.start > 0 and doc[span.start - 1].lower_ in DIGIT_DAY_AFTER


def _ordinal_of_thing(doc: Doc, span: Span) -> bool:
    """"on the 18th floor", "by the 4th round": an ordinal that numbers the noun after it."""
    last = span[-1].text
    if last[-2:] not in ("st", "nd", "rd", "th") or not last[:1].isdigit() or span.end >= len(doc):
        return False
    if any(t.lower_ in words()["month"] for t in span):
        return False  # "the September 11th attacks": the date names the event
    return bool(_ORDINAL.fullmatch(last)) and doc[span.end].pos_ in ("NOUN", "PROPN", "ADJ", "NUM")


def _in_number_chain(doc: Doc, start: int, end: int) -> bool:
    """"+86 138-2010-2015", "2010-2015-86": digits hyphenated on to a number: a phone or an id."""
    before = start >= 2 and doc[start - 1].text == "-" and doc[start - 2].like_num
    after = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].like_num
    return bool(before or after) and doc[start].like_num


def _counted(doc: Doc, span: Span) -> bool:
    """"deliver 2000 pieces": a bare four-digit number before a plural noun, with no preposition
    in front, counts things (a year would be "in 2000", "by 2000")."""
    if len(span) != 1 or span[0].shape_ != "dddd" or span.end >= len(doc) or doc[span.end].tag_ != "NNS":
        return False
    return span.start == 0 or doc[span.start - 1].pos_ not in ("ADP", "PUNCT") and doc[span.start - 1].lower_ != "the"


def _greedy(cands: list[tuple[int, int]], keep=None) -> list[tuple[int, int]]:
    """Longest first, no overlaps; ``keep`` is asked only of the candidates still free (the same
    choice as filtering every candidate first, for a fraction of the calls)."""
    chosen: list[tuple[int, int]] = []
    taken: set[int] = set()  # tokens of the chosen spans
    for s, e in sorted(set(cands), key=lambda c: (c[0] - c[1], c[0])):
        if taken.isdisjoint(range(s, e)) and (keep is None or keep((s, e))):
            taken.update(range(s, e))
            chosen.append((s, e))
    return chosen


def _add_entity(doc: Doc, chosen: list, ent: tuple[int, int] | None, anchor) -> list:
    if ent is None:
        return chosen
    s, e = ent
    inside = [(cs, ce) for cs, ce in chosen if cs >= s and ce <= e]
    crossing = [(cs, ce) for cs, ce in chosen if cs < e and ce > s and (cs, ce) not in inside]
    if crossing or (s, e) in inside or not _keep(doc, s, e):
        return chosen
    timex = normalize(doc[s:e].text, anchor)
    if inside and (timex is None or timex.value is None and anchor is not None):
        return chosen
    if (timex is None or timex.value is None) and not _strong(doc[s:e]):
        return chosen  # the model's DATE on bare numbers ("between 20 and 30 people") reads as no time
    return [c for c in chosen if c not in inside] + [(s, e)]


def _merge_intervals(doc: Doc, spans: list[tuple[int, int]], anchor) -> list[tuple[int, int]]:
    """Join "between A and B", "from A to B", "A - B" into one interval span, and an offset
    from a day ("two days after today") into one date."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and joinable(doc, out[-1], (s, e)):
            ps, _ = out[-1]
            opener = ps - 1 if ps > 0 and doc[ps - 1].lower_ in ("between", "from") else ps
            timex = normalize(doc[opener:e].text, anchor, tense=_tense(doc[opener:e]))
            if timex is not None and timex.type in ("interval", "date") and timex.value:
                out[-1] = (opener, e)
                continue
        out.append((s, e))
    return out


def _with_modifier(span: Span, timex: Timex, floor: int, anchor) -> tuple[Span, Timex]:
    """A length's modifier is part of the TIMEX3 ("nearly nine years", mod LESS_THAN)."""
    if timex.type != "duration" or timex.mod is not None or span[0].lower_ == "the":
        return span, timex
    doc, mods = span.doc, words()["mod"]
    for k in (2, 1):
        start = span.start - k
        if start >= max(floor, span.sent.start) and doc[start:span.start].text.lower() in mods:
            found = normalize(doc[start:span.end].text, anchor)
            if found is not None and found.mod:
                return doc[start:span.end], found
    return span, timex


def _tense(span: Span) -> str | None:
    """"future" when the governing verb looks ahead ("will", "is to", "plans"); else None."""
    doc = span.doc
    if has_parse(doc):
        head = span.root.head
        for _ in range(3):
            if head.pos_ in ("VERB", "AUX") or head.head is head:
                break
            head = head.head
        kids = {c.lower_: c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")}
        if set(kids) & FUTURE_AUX and "have" not in kids or head.lemma_ in ("plan", "schedule", "intend"):
            return FUTURE
        if head.tag_ == "VB" and "to" in kids and head.head.lemma_ == "be":
            return FUTURE
        if head.tag_ in ("VBD", "VBN") or {"VBD"} & set(kids.values()):
            return PAST
        if _future_cue(span):
            return FUTURE
        return PRESENT if head.tag_ in ("VBZ", "VBP") else None
    return FUTURE if _future_cue(span) else None


def _future_cue(span: Span) -> bool:
    """"will", "plans", "scheduled" … in the few words before the expression, same sentence."""
    window = span.doc[max(span.sent.start, span.start - 8):span.start]
    return any(t.lower_ in FUTURE_CUES or t.text == "may" or _lets(t) for t in window)


def _lets(token) -> bool:
    """"Let's meet on Friday the 26th": a proposal looks ahead."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.lower_ == "let" and nxt is not None and nxt.lower_ in ("'s", "’s", "us")


def _days_by_sentence(resolved: list) -> dict[int, list[tuple[int, object]]]:
    """The one-day dates of each sentence (by its first token): ``(token, day)``."""
    days: dict[int, list[tuple[int, object]]] = {}
    for s, t in resolved:
        if t.type == "date" and t.begin and t.begin == t.end:
            days.setdefault(s.sent.start, []).append((s.start, t.begin))
    return days


def _anchor_time(span: Span, timex: Timex, days_of: dict, anchor) -> Timex:
    """A clock time takes the day of the nearest one-day date in its sentence ("3 p.m. Monday")."""
    if timex.type != "time" or timex.begin is not None:
        return timex
    days = [(abs(start - span.start), day) for start, day in days_of.get(span.sent.start, [])]
    if not days:
        return timex
    return normalize(span.text, anchor, reference=min(days)[1]) or timex


def _is_rate(span: Span) -> bool:
    """"15 a year", "$28 an hour", "300 million in fuel a year": a rate, so a set."""
    if len(span) != 2 or span[0].lower_ not in ("a", "an"):
        return False
    for token in reversed(span.doc[max(span.sent.start, span.start - 4):span.start]):
        if token.like_num or token.text in ("%",):
            return True
        if token.is_punct or token.pos_ in ("VERB", "AUX"):
            return False
    return False


def _read(span: Span, anchor, reference, reference_end=None) -> Timex | None:
    text = "per " + span[1:].text if _is_rate(span) else span.text
    tense = _tense(span)
    timex = normalize(text, anchor, reference=reference, tense=tense, reference_end=reference_end)
    if timex is not None and timex.type == "time" and not follows_reference(text):
        timex = normalize(text, anchor, tense=tense)  # a clock's day comes from the sentence
    return timex


def _signal(span: Span) -> tuple[str, int] | None:
    doc, i = span.doc, span.start
    if i >= 2 and (doc[i - 2].lower_, doc[i - 1].lower_) in TWO_WORD_SIGNALS:
        return TWO_WORD_SIGNALS[(doc[i - 2].lower_, doc[i - 1].lower_)], doc[i - 2].idx
    if i >= 1 and doc[i - 1].lower_ in SIGNALS:
        return doc[i - 1].lower_, doc[i - 1].idx
    return None


def _to_span(span: Span, timex: Timex, anchor) -> Span:
    out = Span(span.doc, span.start, span.end, label=timex.type)
    data = timex.as_dict()
    if timex.type == "duration" and timex.begin is not None:  # "the next 3 days": TimeML's anchored duration
        data.update(type="interval", period={"start_char": span.start_char, "end_char": span.end_char,
                    "signal": None, "begin": timex.begin.isoformat(), "end": timex.end.isoformat()})
        return _set(out, data)
    found = _signal(span) if timex.type in ("date", "interval", "time") else None
    if span[0].lower_ in ("from", "between"):
        found = (span[0].lower_, span.start_char)
    if found is not None:
        begin, end = period_for(found[0], timex, anchor)
        data["period"] = {"start_char": found[1], "end_char": span.end_char, "signal": found[0],
                          "begin": begin.isoformat() if begin else None, "end": end.isoformat() if end else None}
    return _set(out, data)


def _up_to_now(spans: list[Span], anchor) -> list[Span]:
    """"to date", "till date": the period up to the anchor, from a "since X" earlier in the sentence
    ("Since its 1967 debut 5,700 have been delivered to date" → 1967-01-01..anchor)."""
    for i, span in enumerate(spans):
        if span.text.lower() not in UP_TO_NOW or anchor is None:
            continue
        since = [s._.wc_timex["begin"] for s in spans[:i] if s.sent == span.sent and _after_since(s)]
        begin = since[-1] if since else None
        span._.wc_timex = {**span._.wc_timex, "period": {"start_char": span.start_char, "end_char": span.end_char,
                                                         "signal": None, "begin": begin, "end": anchor.isoformat()}}
    return spans


def _after_since(span: Span) -> bool:
    """"since 1967", "Since its 1967 debut": a "since"/"from" in the three words before."""
    before = span.doc[max(span.sent.start, span.start - 3):span.start]
    return any(t.lower_ in ("since", "from") for t in before)


def _set(out: Span, data: dict) -> Span:
    out._.wc_timex = data
    return out


def _with_zone(span: Span, timex: Timex) -> Timex:
    """A clock time's zone as written ("1430 GMT", "9 PM ET"), kept beside the value."""
    if timex.type != "time":
        return timex
    zones = words()["timezone"]
    zone = next((zones[t.lower_] for t in reversed(span) if t.lower_ in zones and not t.is_lower or t.lower_ in ("gmt", "utc")), None)
    return replace(timex, timezone=zone) if zone else timex
