"""Source fields stay consistent on every claim of the 90 Wikinews articles.

``source.kind``, ``cue``, ``name``, ``title`` and ``official`` are filled by one rule each
(``components/attribution.py``): an official's source carries the official's name and title and
is a person; a source named like an official of the article is linked to that official; a
pronoun source ("he", "it", "which") has a resolved name or says why not (``unresolved``); a title
comes only with an official. One test per rule over the whole corpus, failures listing the claims.
"""

from __future__ import annotations

import pytest

from extractor.components.coref import PRONOUNS

KINDS = {"person", "organization", "document", "media", "unnamed"}


def _sources(results):
    for result in results:
        for claim in result.claims:
            if claim.source is not None:
                yield result, claim.source


def _bad(results, check) -> list[str]:
    return [f"{result.article_id}: {source.text!r} -> {source.model_dump()}"
            for result, source in _sources(results) if not check(result, source)]


def test_sources_corpus_has_sources(wikinews_results):
    assert sum(1 for _ in _sources(wikinews_results)) > 150  # 182 of 900 claims on 2026-12-01


@pytest.mark.parametrize(
    ("rule", "check"),
    [
        ("kind is a contract kind and the cue is given", lambda r, s: s.kind in KINDS and bool(s.cue)),
        ("an official is a person with the official's name and title",
         lambda r, s: s.official is None or (
             s.kind == "person" and s.name == r.officials[s.official].name
             and s.title == r.officials[s.official].title)),
        ("a name that is an official's is linked to that official",
         lambda r, s: s.official is not None or s.name not in {o.name for o in r.officials}),
        ("a title comes with an official", lambda r, s: s.title is None or s.official is not None),
        ("a pronoun is resolved or says why not",
         lambda r, s: s.text.lower() not in PRONOUNS or bool(s.name) != bool(s.unresolved)),
        ("only a pronoun says why it is unresolved",
         lambda r, s: s.unresolved is None or (s.text.lower() in PRONOUNS and s.name is None)),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_sources_corpus_invariant(wikinews_results, rule, check):
    assert _bad(wikinews_results, check) == [], rule


def test_sources_corpus_spans_hold_their_text(wikinews_articles, wikinews_results):
    texts = {article.id: article.text for article in wikinews_articles}
    bad = [(r.article_id, s.text) for r, s in _sources(wikinews_results)
           if texts[r.article_id][s.span[0]:s.span[1]] != s.text]
    assert bad == []
