"""Claim groups a desk can trust: never opposite movements or different things measured, and a
label that reads as words. On the Wikinews FTSE reports of October 2008 and the seed article."""

from __future__ import annotations

import pytest

from extractor.analysis.group_words import is_measure, measured, movement
from extractor.analysis.groups import group_claims, head_noun, render_groups
from extractor.normalize.verbs import gerund
from test_exports import corpus_articles

FTSE_DOWN = {"4b1542f345d4c4a7", "42053c395a978c2a"}   # "the FTSE 100, dropped in value by 2.36%, which is 118.40 points"
FTSE_UP = "89e38ed1b32f1fb5"                          # "the FTSE 100, rose in value by 8.04%, which is 392.50 points"
MARKETS = ("wikinews-113219", "wikinews-113227", "wikinews-113330", "wikinews-112579", "wikinews-115587")


@pytest.fixture(scope="module")
def markets(nlp_model):
    from extractor.api import extract_many

    return list(extract_many(corpus_articles("seed", *MARKETS), nlp_model))


def claim(results, claim_id):
    for result in results:
        for c in result.claims:
            if c.id == claim_id:
                return c, result.quantities[c.quantity]
    raise KeyError(claim_id)


def test_desk_groups_never_join_opposite_movements(markets):
    found = group_claims(markets)
    members = [{m.claim_id for m in g.members} for g in found]
    assert FTSE_DOWN in members                                  # the same fall, reported twice
    assert not any(FTSE_UP in ids for ids in members)            # the rise joins no fall
    ftse = next(g for g in found if {m.claim_id for m in g.members} == FTSE_DOWN)
    assert (ftse.subject, ftse.label) == ("FTSE 100", "FTSE 100 falling in UK")


@pytest.mark.parametrize("claim_id, moves, thing", [
    ("4b1542f345d4c4a7", "decrease", "FTSE 100"),          # "... dropped in value by 2.36%, which is 118.40 points"
    (FTSE_UP, "increase", "FTSE 100"),                     # "... rose in value by 8.04%, which is 392.50 points"
    ("fb64f535cf7ff3ca", "decrease", "S&P 500"),           # "The S&P 500 fell 2.99 percent while ..."
    ("c3e5c40654ed1c1b", "decrease", "Nasdaq"),            # "... while the Nasdaq composite index fell 3.20 percent."
    ("efcbb1da7579ce69", "decrease", "Dow Jones Industrial Average"),  # "... fell by 252.01 points (2.90%)"
])
def test_desk_groups_movement_and_what_moved(markets, claim_id, moves, thing):
    c, q = claim(markets, claim_id)
    assert (movement(c, q), measured(c, q)) == (moves, thing)


def test_desk_groups_measure_figures_join_only_on_the_same_thing(markets):
    """A figure in points or percent groups by what its sentence says moved, never by the noun."""
    checked = 0
    for group in group_claims(markets):
        for member in group.members:
            c, q = claim(markets, member.claim_id)
            if is_measure(head_noun(c.subject.text if c.subject else q.counted) or q.unit):
                assert measured(c, q) == group.subject
                checked += 1
    assert checked >= 2


def test_desk_groups_seed_label_reads_as_words(markets):
    (entered,) = [g for g in group_claims(markets[:1]) if g.predicate == "enter"]
    assert entered.label == "Russians entering Kazakhstan, 2022-09-21 to 2022-10-04"
    assert render_groups([entered]).splitlines()[0] == (
        f"group {entered.id}  3 claims  Russians entering Kazakhstan, 2022-09-21 to 2022-10-04")


@pytest.mark.parametrize("lemma, form", [
    ("enter", "entering"), ("leave", "leaving"), ("drop", "dropping"), ("cut", "cutting"), ("be", "being"),
    ("see", "seeing"), ("die", "dying"), ("fall", "falling"), ("rise", "rising"), ("follow", "following"),
])
def test_desk_groups_gerund(lemma, form):
    assert gerund(lemma) == form
