"""Readable text of an article's claims, for ``wireclaims show``, and the one number formatter (exact)."""

from __future__ import annotations

from decimal import Decimal

from models import ArticleResult


def render_claims(result: ArticleResult) -> str:
    """An article's claims as plain text for a terminal: a header, then one block per claim."""
    lines = [f"article {result.article_id}  published {result.published or '-'} ({result.published_source})"
             f"  pipeline {result.pipeline or '-'}",
             f"{len(result.claims)} claims, {len(result.quantities)} quantities, "
             f"{len(result.officials)} officials, {len(result.countries)} countries, {len(result.dates)} dates"]
    for number, claim in enumerate(result.claims, start=1):
        lines.append("")
        lines.extend(_claim_block(number, claim, result))
    return "\n".join(lines) + "\n"


def _claim_block(number: int, claim, result: ArticleResult) -> list[str]:
    quantity = result.quantities[claim.quantity] if 0 <= claim.quantity < len(result.quantities) else None
    subject, predicate, time, source = claim.subject, claim.predicate, claim.time, claim.source
    rows = [
        ("quantity", _quantity_text(quantity) if quantity else f"#{claim.quantity} (missing)"),
        ("subject", subject and _with_country(subject.text, subject.country)),
        ("predicate", predicate and f"{predicate.text} ({predicate.lemma})"),
        ("places", ", ".join(_with_country(p.text, p.country) for p in claim.places)),
        ("time", time and f"{time.text!r}: {time.begin or '?'} .. {time.end or '?'}"),
        ("source", source and _source_text(source)),
        ("qualifiers", ", ".join(f"{q.text!r} ({q.kind})" for q in claim.qualifiers)),
        ("hedged", "yes" if claim.hedged else "no"),
        ("sentence", claim.sentence.text.replace("\n", " ")),
    ]
    return [f"claim {number}  {claim.id}"] + [f"  {label + ':':<12}{value or '-'}" for label, value in rows]


def _quantity_text(q) -> str:
    parts = [repr(q.text), q.bound]
    if q.value is not None:
        parts.append(f"value {exact_number(q.value)}")
    low = "-inf" if q.low is None else exact_number(q.low)
    high = "inf" if q.high is None else exact_number(q.high)
    parts.append(f"interval [{low}, {high}]")
    parts.extend(f"{name} {value}" for name, value in
                 (("change", q.change), ("unit", q.unit), ("counted", q.counted), ("per", q.per)) if value)
    return "  ".join(parts)


def _source_text(source) -> str:
    who = ", ".join(part for part in (source.name or source.text, source.title, source.country) if part)
    cue = f", cue {source.cue!r}" if source.cue else ""
    return f"{who} ({source.kind}{cue})"


def _with_country(text: str, country: str | None) -> str:
    return f"{text} ({country})" if country else text


#: Significant digits a double holds exactly: any decimal of up to 15 reads back as written (DBL_DIG).
EXACT_DIGITS = 15


def exact_number(value: float) -> str:
    """A number as the text wrote it, with thousands separators and every digit: ``24,731.58``,
    ``2,350,000``; never rounded to fewer than 15 significant digits, so a figure a wire prints reads
    back whole, and the binary tail a scale word leaves ("$16.6 billion" is 16600000000.000002 as a
    double) is not shown. The terminal, the group conflict reasons, the review pages and the exports
    all write numbers so: a fact-checking desk compares figures digit by digit."""
    if float(value).is_integer() and abs(value) < 2 ** 53:  # every integer below 2**53 is exact
        return f"{int(value):,}"
    return f"{Decimal(f'{value:.{EXACT_DIGITS}g}'):,f}"
