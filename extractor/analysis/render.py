"""Readable text of an article's claims, for ``wireclaims show``."""

from __future__ import annotations

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
        parts.append(f"value {readable_number(q.value)}")
    low = "-inf" if q.low is None else readable_number(q.low)
    high = "inf" if q.high is None else readable_number(q.high)
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


def readable_number(value: float) -> str:
    """A number as people read it: ``200,000``, ``1.5``, ``1.23457e+20`` (the terminal, the
    group descriptions and the review pages all write numbers so)."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"
