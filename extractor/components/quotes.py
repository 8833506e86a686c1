"""Quotations and their speakers: who says the words between quotation marks.

News quotes a speaker over several sentences and paragraphs, and names the speaker once:
after the quotation (`"…. …," Ortiz said.`, `"…," said Ortiz, a senior analyst at Y.`), before it
(`Ortiz said: "…"`, `Jane Doe, The Daily Ledger: "…"`), or in the paragraph before when the
quotation goes on into the next one (a paragraph that opens a quotation and does not close it is
continued by the next paragraph that opens one). A quotation with no speaker of its own, right
after one that has a speaker, is the same speaker's ("…," Ortiz said. "…").

``regions(text)`` finds the quotations (curly quotes, straight double quotes, and the doubled
apostrophes some wires use); ``speakers(doc, regions, sources)`` ties each to the index of a
source found by the attribution component, or ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.normalize.lexicon import read_tsv

_MARKS = re.compile(r"''|[\"“”„‟″]")
_OPENING, _CLOSING = frozenset("“„‟"), frozenset("”″")
#: A speaker tag is short: the words between a quotation and its cue, or its cue and the quotation.
_TAG_CHARS = 90
#: Punctuation that closes a quotation followed by its speaker tag ('"…," she said').
_TAG_PUNCT = frozenset(",?!—–-…")
#: A quotation left open runs to its paragraph's end, at most this far (characters); past that
#: it ends with its first sentence (a missing closing mark, not a quotation paragraphs long).
_OPEN_CHARS = 700
#: A sentence ends at . ! ? before a space (not after a title's abbreviation or an initial) or at a
#: paragraph break.
_SENTENCE_END = re.compile("".join(rf"(?<!\b{re.escape(row['abbreviation'])})" for row in read_tsv("abbreviations"))
                           + r"(?<!\b[A-Z])[.!?](?=\s|$)|\n")  # the abbreviations: abbreviations.tsv


@dataclass
class Region:
    start: int  # the opening mark (or the paragraph start for a continued quotation)
    end: int  # just after the closing mark (or the paragraph end)
    closed: bool  # False: ran to the end of its paragraph (continued in the next one)
    speaker: int | None = None
    inherited: bool = False  # the speaker is the one of the quotation this one continues


def regions(text: str) -> list[Region]:
    """Every quotation of the text, in order; one per paragraph stretch."""
    out: list[Region] = []
    offset = 0
    for paragraph in text.split("\n"):
        out.extend(_in_paragraph(paragraph, offset))
        offset += len(paragraph) + 1
    return out


def _in_paragraph(paragraph: str, offset: int) -> list[Region]:
    found, opened = [], None
    for match in _MARKS.finditer(paragraph):
        mark, at = match.group(), match.start()
        if opened is None:
            if mark in _CLOSING:  # a closing mark first: a quotation carried over from before
                if not paragraph[:at].strip():
                    continue
                found.append(Region(offset, offset + match.end(), True))
                continue
            if mark in _OPENING or _opens(paragraph, at, len(mark)):
                opened = at
        elif mark not in _OPENING:
            found.append(Region(offset + opened, offset + match.end(), True))
            opened = None
    if opened is not None and paragraph[opened + 1:].strip():
        end = len(paragraph.rstrip())
        if end - opened > _OPEN_CHARS:
            first = _SENTENCE_END.search(paragraph, opened + 1)
            found.append(Region(offset + opened, offset + (first.end() if first else end), True))
        else:
            found.append(Region(offset + opened, offset + end, False))
    return found


def _opens(paragraph: str, at: int, width: int) -> bool:
    """A straight mark opens a quotation when it does not close a word ("said "), i.e. it is
    followed by a letter, digit or ellipsis."""
    after = paragraph[at + width:at + width + 1]
    return bool(after) and (after.isalnum() or after in "[.…$'‘")


def speakers(text: str, found: list[Region], sources: list[dict]) -> list[Region]:
    """Tie each quotation to its speaker: the tag after it, the tag before it, or the
    speaker of the quotation it continues."""
    cues = sorted((s["_cue_char"], index) for index, s in enumerate(sources) if not s.get("_noun"))
    previous: Region | None = None
    for region in found:
        region.speaker = _after(text, region, cues, sources)
        if region.speaker is None:
            region.speaker = _before(text, region, cues, sources)
        if region.speaker is None and previous is not None and _continues(text, previous, region):
            region.speaker, region.inherited = previous.speaker, True
        previous = region
    return _with_colon_turns(text, found, sources)


def _with_colon_turns(text: str, found: list[Region], sources: list[dict]) -> list[Region]:
    """ "PENCE: Well, look, ...": a speaker's turn without quotation marks runs to the paragraph end."""
    starts = {region.start for region in found}
    for index, source in enumerate(sources):
        if source["cue"] != ":":
            continue
        colon = source["_cue_char"]
        begin = colon + 1 + len(text[colon + 1:colon + 4]) - len(text[colon + 1:colon + 4].lstrip(" "))
        if begin in starts:
            continue
        end = text.find("\n", colon)
        found.append(Region(colon + 1, len(text) if end == -1 else end, False, index))
    return sorted(found, key=lambda region: region.start)


def _after(text: str, region: Region, cues, sources) -> int | None:
    """ `"…," Ortiz said.` / `"…," said Ortiz.`: a cue in the stretch after the closing mark."""
    if not region.closed:
        return None
    stop = _stop_after(text, region.end)
    for at, index in cues:
        if region.end <= at < stop and not _inside_quote(text, region.end, at):
            source = sources[index]
            if source["span"][0] >= region.end or source["span"][1] <= region.start:
                return index if _tags(text, region, at) else None
    return None


def _tags(text: str, region: Region, cue: int) -> bool:
    """A tag after a quotation: the quotation ends in a comma (or ? ! — …), or the tag sentence
    opens no quotation of its own (`."  Kansas senator X said "…"` introduces the next one)."""
    if text[region.end - 2:region.end - 1] in _TAG_PUNCT:
        return True
    return not _inside_quote(text, cue, _stop_after(text, cue))


def _stop_after(text: str, start: int) -> int:
    match = _SENTENCE_END.search(text, start, start + _TAG_CHARS)
    return match.start() if match else min(len(text), start + _TAG_CHARS)


def _inside_quote(text: str, start: int, end: int) -> bool:
    return _MARKS.search(text, start, end) is not None


def _before(text: str, region: Region, cues, sources) -> int | None:
    """ `Ortiz said: "…"` / `Ortiz said last week, "…"` / `Ortiz wrote:` ending the paragraph before."""
    best = None
    for at, index in cues:
        if at >= region.start:
            break
        between = text[at:region.start].rstrip()
        if region.start - at > _TAG_CHARS or not between or _inside_quote(text, at, region.start):
            continue
        colon = between.endswith(":") or sources[index]["cue"] == ":"
        ended = _SENTENCE_END.search(between) is not None
        if (colon or between.endswith(",")) and not (ended and not colon):
            best = index
    return best


def _continues(text: str, previous: Region, region: Region) -> bool:
    """The quotation goes on: the previous one ran to its paragraph's end, or this one opens
    right after the sentence that tagged the previous one (in that paragraph or the next)."""
    if previous.speaker is None:
        return False
    between = text[previous.end:region.start]
    if not previous.closed:
        return not between.strip()
    if region.closed and text[region.end - 2:region.end - 1] == ",":
        return False  # '"…," enthused X.': a tag of its own, with a verb not in the cue list
    end = _SENTENCE_END.search(text, previous.end, region.start)
    if end is None:  # "…," she said, calling it "a disaster": still her words
        return "\n" not in between
    rest = text[end.end():region.start]
    return not rest.strip() and rest.count("\n") <= 2


def holding(found: list[Region], char: int) -> Region | None:
    """The quotation that holds a character offset, if any."""
    for region in found:
        if region.start <= char < region.end:
            return region
        if region.start > char:
            break
    return None
