"""Article text as HTML with every extracted mention marked in place.

Each piece of text is escaped; each mention becomes ``<mark class="KIND" data-…>``. Spans that nest
(an official inside a source) become nested marks. Spans that cross (a source ending inside a
quantity) are split where they cross: the mark is closed and reopened with the same class and data
plus ``data-part="cont"``, so the HTML stays well-formed and every character keeps all its classes.

Anchors: each quantity's mark has the id ``q-INDEX`` (a claim page links to its place in the text
with ``#q-INDEX``), and a quantity that is a claim's holds a link to that claim's page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from models import ArticleResult

#: Outer marks first when two spans start together and have the same length.
KINDS = ("source", "official", "country", "date", "quantity", "hedge")
#: Qualifier kinds highlighted as ``hedge`` (those that make a claim ``hedged``).
HEDGE_KINDS = frozenset({"hedge", "negation", "modality"})


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str
    data: tuple[tuple[str, str], ...] = ()
    anchor: str = ""  # the mark's id (on its first part only)
    href: str = ""  # a link inside the mark (each part)

    @property
    def rank(self) -> tuple[int, int, int]:
        return (self.start, -self.end, KINDS.index(self.kind))


def _data(**values: object) -> tuple[tuple[str, str], ...]:
    return tuple((k, _str(v)) for k, v in values.items() if v is not None and v != "")


def _str(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def quantity_anchor(index: int) -> str:
    """The id of quantity ``index``'s mark in the article's text."""
    return f"q-{index}"


def highlights(result: ArticleResult, claim_url: Callable[[str], str] | None = None) -> list[Highlight]:
    """Every quantity, date, official, country, source and hedge of a record, deduplicated; with
    ``claim_url``, each quantity that is a claim's links to ``claim_url(claim_id)``."""
    found: list[Highlight] = []
    claim_of = {c.quantity: c.id for c in reversed(result.claims)}
    for i, q in enumerate(result.quantities):
        href = claim_url(claim_of[i]) if claim_url and i in claim_of else ""
        found.append(Highlight(*q.span, "quantity", _data(value=q.value, bound=q.bound, unit=q.unit,
                                                           counted=q.counted), quantity_anchor(i), href))
    for d in result.dates:
        found.append(Highlight(*d.span, "date", _data(value=d.value, begin=d.begin, end=d.end)))
    for o in result.officials:
        data = _data(name=o.name, title=o.title, country=o.country)
        found.extend(Highlight(*m.span, "official", data) for m in o.mentions)
    for c in result.countries:
        found.extend(Highlight(*m.span, "country", _data(code=c.code, form=m.form)) for m in c.mentions)
    for claim in result.claims:
        if claim.source is not None:
            s = claim.source
            found.append(Highlight(*s.span, "source", _data(kind=s.kind, name=s.name, cue=s.cue)))
        found.extend(Highlight(*q.span, "hedge", _data(kind=q.kind)) for q in claim.qualifiers
                     if q.kind in HEDGE_KINDS)
    return sorted(set(found), key=lambda h: h.rank)


def _open(h: Highlight, cont: bool) -> str:
    attrs = "".join(f' data-{name}="{escape(value)}"' for name, value in h.data)
    title = escape(" ".join([h.kind, *(f"{name}={value}" for name, value in h.data)]))
    part = ' data-part="cont"' if cont else ""
    anchor = f' id="{escape(h.anchor)}"' if h.anchor and not cont else ""
    link = f'<a href="{escape(h.href)}">' if h.href else ""
    return f'<mark class="{h.kind}"{anchor}{attrs}{part} title="{title}">{link}'


def _end(h: Highlight) -> str:
    return "</a></mark>" if h.href else "</mark>"


def render(text: str, spans: list[Highlight]) -> Markup:
    """``text`` escaped, with a ``<mark>`` per span (spans outside the text are ignored)."""
    valid = sorted({h for h in spans if 0 <= h.start < h.end <= len(text)}, key=lambda h: h.rank)
    starting: dict[int, list[Highlight]] = defaultdict(list)
    for h in valid:
        starting[h.start].append(h)
    bounds = sorted({0, len(text), *(h.start for h in valid), *(h.end for h in valid)})
    out: list[str] = []
    stack: list[Highlight] = []
    for pos, following in zip(bounds, [*bounds[1:], None]):
        _close(pos, stack, out)
        for h in starting.get(pos, ()):
            out.append(_open(h, cont=False))
            stack.append(h)
        if following is not None:
            out.append(str(escape(text[pos:following])))
    return Markup("".join(out))


def _close(pos: int, stack: list[Highlight], out: list[str]) -> None:
    """Close the marks ending at ``pos``; marks opened inside them are closed and reopened."""
    reopen: list[Highlight] = []
    while any(h.end == pos for h in stack):
        h = stack.pop()
        out.append(_end(h))
        if h.end != pos:
            reopen.append(h)
    for h in reversed(reopen):
        out.append(_open(h, cont=True))
        stack.append(h)


def article_html(text: str, result: ArticleResult, claim_url: Callable[[str], str] | None = None) -> Markup:
    """The article's text with all of its record's mentions marked (quantities linked to their claims)."""
    return render(text, highlights(result, claim_url))


def sentence_html(sentence: str, start: int | None, end: int | None, sentence_start: int | None = 0) -> Markup:
    """A claim's sentence with its quantity (``start``..``end``, offsets in the article) marked, the
    sentence starting at ``sentence_start`` in the article; unmarked when an offset is unknown."""
    if start is None or end is None or sentence_start is None:
        return render(sentence, [])
    return render(sentence, [Highlight(start - sentence_start, end - sentence_start, "quantity")])
