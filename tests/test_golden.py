"""Golden tests: real sentences from the Wikinews corpus with hand-annotated expected records.

``tests/golden/sentences.jsonl`` holds one entry per line: the sentence copied verbatim from the
article ``article`` of ``corpus/wikinews.jsonl``, its ``published`` date as the anchor, and what a
careful annotator expects per ``../shared/CONTRACT.md`` (partial: only the fields listed are
compared). Each sentence runs through the model pipeline as a one-sentence ``Article``; entries
flagged ``"blank": true`` also run their quantity and country expectations through the blank
(rules-only) pipeline.

How an expectation finds its record: ``find`` (or ``text``, or a claim's ``quantity``) is a piece of
the sentence (its ``nth`` occurrence, 0-based, default the first); the record is the one whose span
overlaps it. ``text`` is then compared exactly with the record's span text.

Where the pipeline is wrong, the expectation stays and the case is listed in ``XFAIL`` below
(strict: a fix turns the xfail into a failure that asks for the entry to be removed).
A test checks that every ``XFAIL`` key names a real case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models import Article, ArticleResult

GOLDEN = Path(__file__).resolve().parent / "golden" / "sentences.jsonl"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "wikinews.jsonl"
COMPONENTS = ("quantities", "dates", "countries", "officials", "claims")
BLANK_COMPONENTS = ("quantities", "countries")
#: expectation keys that locate a record rather than describe it
LOCATORS = ("find", "nth")

# (entry id, component, pipeline) -> what the pipeline gets wrong. Keep to genuine errors.
_BOTH = ("model", "blank")
_WRONG: list[tuple[str, str, tuple[str, ...], str]] = [
    # quantities
    ("ftse-dropped-by", "quantities", ("blank",),
     "'dropped in value by 2.36%': change None, expected 'decrease' (a change verb away from the number needs the parser)"),
    ("nikkei-losing", "quantities", ("blank",),
     "'losing 484.68 points, or 5.6 percent': change None, expected 'decrease'"),
    # dates
    ("kudrin-rubles", "dates", ("model",),
     "'would be infused ... when they opened on Friday' (anchor Thu 2008-09-18) resolved to the past "
     "Friday 2008-09-12, expected 2008-09-19"),
    # claims
    ("kudrin-rubles", "claims", ("model",), "time None, expected 'on Friday' 2008-09-19"),
    ("central-bank-yesterday", "claims", ("model",),
     "claim on '1.13 trillion rubles ... that it offered yesterday': predicate 'loan' of the main clause and "
     "time None; expected 'offer', 2008-09-17"),
]
XFAIL: dict[tuple[str, str, str], str] = {
    (entry, component, pipeline): reason
    for entry, component, pipelines, reason in _WRONG for pipeline in pipelines
}


def _entries() -> list[dict]:
    with GOLDEN.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


ENTRIES = _entries()


def _has(entry: dict, component: str) -> bool:
    expect = entry["expect"]
    return component in expect or f"not_{component}" in expect


def _cases(pipeline: str) -> list:
    cases = []
    for entry in ENTRIES:
        for component in COMPONENTS:
            if not _has(entry, component):
                continue
            if pipeline == "blank" and (not entry["blank"] or component not in BLANK_COMPONENTS):
                continue
            reason = XFAIL.get((entry["id"], component, pipeline))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(entry, component, id=f"{entry['id']}-{component}", marks=marks))
    return cases


@pytest.fixture(scope="module")
def golden_results(nlp_model, nlp_blank):
    """``get(pipeline, entry)``: the entry's result, extracted once per pipeline."""
    from extractor.api import extract

    pipelines = {"model": nlp_model, "blank": nlp_blank}
    cache: dict[tuple[str, str], ArticleResult] = {}

    def get(pipeline: str, entry: dict) -> ArticleResult:
        key = (pipeline, entry["id"])
        if key not in cache:
            article = Article(id=entry["id"], text=entry["text"], published=entry["published"])
            cache[key] = extract(article, pipelines[pipeline])
        return cache[key]

    return get


# ---- locating and comparing ------------------------------------------------------------------

def _region(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.find(piece, start + 1)
        assert start >= 0, f"{piece!r} (occurrence {nth}) is not in the sentence"
    return start, start + len(piece)


def _regions(text: str, piece: str) -> list[tuple[int, int]]:
    found, start = [], text.find(piece)
    while start >= 0:
        found.append((start, start + len(piece)))
        start = text.find(piece, start + 1)
    assert found, f"{piece!r} is not in the sentence"
    return found


def _overlaps(span, region) -> bool:
    return span[0] < region[1] and region[0] < span[1]


def _first_over(mentions, region):
    return next((m for m in mentions if _overlaps(m.span, region)), None)


def _same(expected, got) -> bool:
    if isinstance(expected, float | int) and not isinstance(expected, bool) and isinstance(got, float | int):
        return got == pytest.approx(expected, rel=1e-9)
    return expected == got


def _diff(where: str, expected: dict, record, skip=LOCATORS) -> list[str]:
    problems = []
    for field, want in expected.items():
        if field in skip:
            continue
        got = getattr(record, field)
        if not _same(want, got):
            problems.append(f"{where}: {field} expected {want!r}, got {got!r}")
    return problems


def _locate(entry: dict, spec: dict, key: str = "find") -> tuple[int, int]:
    piece = spec.get(key) or spec.get("text")
    return _region(entry["text"], piece, spec.get("nth", 0))


# ---- one checker per component: each returns a list of problems ------------------------------

def check_quantities(entry: dict, result: ArticleResult) -> list[str]:
    problems = []
    for spec in entry["expect"].get("quantities", []):
        where = f"quantity {spec.get('find') or spec.get('text')!r}"
        found = _first_over(result.quantities, _locate(entry, spec))
        if found is None:
            problems.append(f"{where}: no quantity found; got {[q.text for q in result.quantities]}")
            continue
        problems += _diff(where, spec, found)
    for piece in entry["expect"].get("not_quantities", []):
        for region in _regions(entry["text"], piece):
            found = _first_over(result.quantities, region)
            if found is not None:
                problems.append(f"{piece!r} must not be a quantity, got {found.text!r} ({found.value})")
    return problems


def check_dates(entry: dict, result: ArticleResult) -> list[str]:
    problems = []
    for spec in entry["expect"].get("dates", []):
        where = f"date {spec.get('find') or spec.get('text')!r}"
        found = _first_over(result.dates, _locate(entry, spec))
        if found is None:
            problems.append(f"{where}: no date found; got {[d.text for d in result.dates]}")
            continue
        problems += _diff(where, spec, found)
    return problems


def check_countries(entry: dict, result: ArticleResult) -> list[str]:
    mentions = [(country, mention) for country in result.countries for mention in country.mentions]
    problems = []
    for spec in entry["expect"].get("countries", []):
        where = f"country {spec['find']!r}"
        region = _locate(entry, spec)
        found = next(((c, m) for c, m in mentions if _overlaps(m.span, region)), None)
        if found is None:
            problems.append(f"{where}: no country mention; got {[(c.code, m.text) for c, m in mentions]}")
            continue
        country, mention = found
        if country.code != spec["code"]:
            problems.append(f"{where}: code expected {spec['code']!r}, got {country.code!r}")
        if "form" in spec and mention.form != spec["form"]:
            problems.append(f"{where}: form expected {spec['form']!r}, got {mention.form!r}")
    for piece in entry["expect"].get("not_countries", []):
        for region in _regions(entry["text"], piece):
            for country, mention in mentions:
                if _overlaps(mention.span, region):
                    problems.append(f"{piece!r} must not be a country mention, got {mention.text!r} -> "
                                    f"{country.code}")
    return problems


def check_officials(entry: dict, result: ArticleResult) -> list[str]:
    problems = []
    for spec in entry["expect"].get("officials", []):
        where = f"official {spec['name']!r}"
        found = next((o for o in result.officials
                      if spec["name"] in (o.name, *o.aliases, *(m.text for m in o.mentions))), None)
        if found is None:
            problems.append(f"{where}: not found; got {[(o.name, o.title) for o in result.officials]}")
            continue
        titles = [spec["title"]] if isinstance(spec.get("title"), str) else spec.get("title")
        if titles and (found.title or "").casefold() not in {t.casefold() for t in titles}:
            problems.append(f"{where}: title expected {spec['title']!r}, got {found.title!r}")
        problems += _diff(where, spec, found, skip=("name", "title"))
    return problems


def check_claims(entry: dict, result: ArticleResult) -> list[str]:
    problems = []
    for spec in entry["expect"].get("claims", []):
        where = f"claim on {spec['quantity']!r}"
        region = _locate(entry, spec, key="quantity")
        index = next((i for i, q in enumerate(result.quantities) if _overlaps(q.span, region)), None)
        claim = next((c for c in result.claims if c.quantity == index), None) if index is not None else None
        if claim is None:
            problems.append(f"{where}: no claim (quantity index {index}); "
                            f"claims on {[result.quantities[c.quantity].text for c in result.claims]}")
            continue
        problems += _claim_diff(where, spec, claim)
    return problems


def _claim_diff(where: str, spec: dict, claim) -> list[str]:
    source, subject, time = claim.source, claim.subject, claim.time
    got = {
        "predicate": claim.predicate and claim.predicate.lemma,
        "subject_contains": subject and subject.text,
        "source_contains": source and f"{source.text} | {source.name}",
        "source_kind": source and source.kind,
        "cue": source and source.cue and source.cue.casefold(),
        "hedged": claim.hedged,
        "time_begin": time and time.begin,
        "time_end": time and time.end,
        "places": [p.country for p in claim.places],
        "qualifier_kinds": [q.kind for q in claim.qualifiers],
    }
    problems = []
    for field, want in spec.items():
        if field == "quantity":
            continue
        have = got[field]
        if field in ("subject_contains", "source_contains"):
            ok = have is not None and any(piece in have for piece in _listed(want))
        elif field in ("places", "qualifier_kinds"):
            ok = all(item in have for item in want)
        else:
            ok = want == have
        if not ok:
            problems.append(f"{where}: {field} expected {want!r}, got {have!r}")
    return problems


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


CHECKERS = {"quantities": check_quantities, "dates": check_dates, "countries": check_countries,
            "officials": check_officials, "claims": check_claims}


def _for_blank(entry: dict) -> dict:
    """The entry without the expectations its ``blank_skip`` keeps from the rules-only pipeline
    (model names such as "FTSE 100" need the model's entity recognizer)."""
    skip = entry["expect"].get("blank_skip", [])
    return {**entry, "expect": {k: v for k, v in entry["expect"].items() if k not in skip}}


# ---- the tests ------------------------------------------------------------------------------

def test_golden_file_is_real_corpus_text():
    """Every sentence is verbatim from its article, and the anchor is that article's date."""
    with CORPUS.open(encoding="utf-8") as stream:
        articles = {a["id"]: a for a in map(json.loads, stream)}
    assert len(ENTRIES) >= 45
    assert len({e["id"] for e in ENTRIES}) == len(ENTRIES)
    for entry in ENTRIES:
        article = articles[entry["article"]]
        assert entry["text"] in article["text"], entry["id"]
        assert article["published"].startswith(entry["published"]), entry["id"]


def test_golden_xfails_name_real_cases():
    cases = {(p.values[0]["id"], p.values[1], pipeline) for pipeline in ("model", "blank")
             for p in _cases(pipeline)}
    assert set(XFAIL) - cases == set()


@pytest.mark.parametrize("pipeline", ["model", "blank"])
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_golden_spans_match_text(golden_results, entry, pipeline):
    result = golden_results(pipeline, entry)
    assert result.check_spans(entry["text"]) == []


@pytest.mark.parametrize(("entry", "component"), _cases("model"))
def test_golden_model(golden_results, entry, component):
    problems = CHECKERS[component](entry, golden_results("model", entry))
    assert problems == [], f"{entry['text']}\n" + "\n".join(problems)


@pytest.mark.parametrize(("entry", "component"), _cases("blank"))
def test_golden_blank(golden_results, entry, component):
    problems = CHECKERS[component](_for_blank(entry), golden_results("blank", entry))
    assert problems == [], f"{entry['text']}\n" + "\n".join(problems)
