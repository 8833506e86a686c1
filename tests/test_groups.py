"""extractor.analysis.groups: claims stating the same thing, across articles and within one; conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extractor.cli.claims import groups as groups_command
from extractor.analysis.group_files import groups_from_db
from extractor.analysis.groups import (
    ClaimGroup,
    group_claims,
    group_id,
    head_noun,
    interval,
    render_groups,
)
from extractor.io.sinks.sqlite import SqliteWriter
from models import (
    Article,
    ArticleResult,
    Claim,
    Mention,
    Place,
    Predicate,
    Quantity,
    Subject,
    TimeSpan,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED_ENTERED = {"087686b225149100", "7a43d381ce1e9c94", "9950774143150be6"}


def corpus_articles(*ids: str) -> list[Article]:
    lines = [*(CORPUS / "seed.jsonl").open(encoding="utf-8"), *(CORPUS / "wikinews.jsonl").open(encoding="utf-8")]
    found = {a.id: a for a in (Article.model_validate_json(line) for line in lines if line.strip())}
    return [found[i] for i in ids]


@pytest.fixture(scope="module")
def seed(nlp_model) -> tuple[Article, ArticleResult]:
    from extractor.api import extract

    article = corpus_articles("seed")[0]
    return article, extract(article, nlp_model)


def entered_group(result: ArticleResult) -> ClaimGroup:
    found = [g for g in group_claims([result]) if g.predicate == "enter"]
    assert len(found) == 1, render_groups(found)
    return found[0]


# Records built from one real sentence: spans found in the sentence, which is the article text.

def record(article_id: str, sentence: str, claims: list[dict], published: str | None = None) -> ArticleResult:
    """``claims``: dicts with ``q`` (quantity text), ``bound``, ``value``/``low``/``high``,
    ``subject``, ``country``, ``verb``/``lemma``, ``places`` [(text, code)], ``time`` (text, begin, end)."""
    quantities, built = [], []
    for index, spec in enumerate(claims):
        quantities.append(Quantity(text=spec["q"], span=find(sentence, spec["q"], spec.get("after", 0)), value=spec.get("value"),
                                   low=spec.get("low"), high=spec.get("high"), bound=spec["bound"],
                                   counted=spec.get("subject")))
        time = spec.get("time")
        built.append(Claim(
            id=f"{article_id}-{index}", quantity=index, sentence=Mention(text=sentence, span=(0, len(sentence))),
            subject=Subject(text=spec["subject"], span=find(sentence, spec["subject"]), country=spec.get("country"))
            if spec.get("subject") else None,
            predicate=Predicate(text=spec["verb"], lemma=spec["lemma"]),
            places=[Place(text=t, span=find(sentence, t), country=c) for t, c in spec.get("places", [])],
            time=TimeSpan(text=time[0], span=find(sentence, time[0]), begin=time[1], end=time[2]) if time else None))
    result = ArticleResult(article_id=article_id, published=published, quantities=quantities, claims=built)
    assert result.check_spans(sentence) == []
    return result


def find(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return (start, start + len(part))


KZ_SENTENCE = ("“More than 200,000 Russians entered Kazakhstan since September 21 and already 147,000 have "
               "left the country″ said the Kazakh Interior Minister, Marat Ajmetdzhanov.")
SINCE_21 = ("since September 21", "2022-09-21", "2022-10-04")


def kz_claim(quantity: dict, *, time=SINCE_21, place=("Kazakhstan", "KZ"), country="RU", lemma="enter") -> dict:
    return {"subject": "Russians", "country": country, "verb": "entered", "lemma": lemma, "places": [place],
            "time": time, **quantity}




def test_groups_seed_three_entered_kazakhstan_form_one_group_without_conflict(seed):
    group = entered_group(seed[1])
    assert {m.claim_id for m in group.members} == SEED_ENTERED
    assert [m.quantity_text.lower() for m in group.members] == ["more than 200,000"] * 3
    assert (group.subject, group.countries, group.conflict, group.reason) == ("RU", ["KZ"], False, None)


def test_groups_id_is_a_hash_of_the_sorted_member_ids(seed):
    _, result = seed
    group = entered_group(result)
    reversed_claims = result.model_copy(update={"claims": list(reversed(result.claims))})
    assert entered_group(reversed_claims).id == group.id == group_id(reversed(group.members))
    assert len(group.id) == 16 and group.id != group_id(group.members[:2])


def restated(quantity: dict, **change) -> ArticleResult:
    """Another article restating the seed minister's sentence with another figure (period, place...)."""
    return record("wire-2", KZ_SENTENCE.replace("More than 200,000", quantity["q"]), [kz_claim(quantity, **change)])



@pytest.mark.parametrize("quantity, time, conflict", [
    ({"q": "98,000", "bound": "exact", "value": 98000, "low": 98000, "high": 98000}, SINCE_21, True),
    ({"q": "More than 250,000", "bound": "more_than", "value": 250000, "low": 250000}, SINCE_21, False),
    ({"q": "About 190,000", "bound": "approximate", "value": 190000}, SINCE_21, False),   # 209,000 ≥ 200,000
    ({"q": "About 150,000", "bound": "approximate", "value": 150000}, SINCE_21, True),    # 165,000 < 200,000
    ({"q": "Tens of thousands of", "bound": "vague", "low": 10000, "high": 100000}, SINCE_21, True),
    ({"q": "Hundreds of thousands of", "bound": "vague", "low": 100000, "high": 1000000}, SINCE_21, False),
    ({"q": "Fewer than 150,000", "bound": "less_than", "value": 150000, "high": 150000}, SINCE_21, True),
    # a shorter period inside the other may count fewer, never more
    ({"q": "98,000", "bound": "exact", "value": 98000, "low": 98000, "high": 98000},
     ("since September 21", "2022-09-25", "2022-10-01"), False),
    ({"q": "98,000", "bound": "exact", "value": 98000, "low": 98000, "high": 98000},
     ("since September 21", "2022-09-01", "2022-10-10"), True),
    # an open end is open: "since September 21" with no end overlaps, and contains the seed's period
    ({"q": "98,000", "bound": "exact", "value": 98000, "low": 98000, "high": 98000},
     ("since September 21", "2022-09-21", None), True),
])
def test_groups_conflict_follows_the_intervals_and_periods(seed, quantity, time, conflict):
    other = restated(quantity, time=time)
    group = next(g for g in group_claims([seed[1], other]) if g.predicate == "enter")
    assert "wire-2-0" in {m.claim_id for m in group.members}
    assert group.conflict is conflict
    assert (group.reason is not None) is conflict
    if conflict:
        assert "wire-2" in group.reason and "seed" in group.reason


@pytest.mark.parametrize("change", [
    {"time": ("since September 21", "2022-08-01", "2022-08-31")},   # periods do not overlap
    {"time": None},                                                 # no period vs the seed's period
    {"place": ("Kazakhstan", "GE")},
    {"country": "UA"},
    {"lemma": "leave"},
])
def test_groups_unrelated_claims_stay_apart(seed, change):
    other = restated({"q": "98,000", "bound": "exact", "value": 98000, "low": 98000, "high": 98000}, **change)
    grouped = {m.claim_id for g in group_claims([seed[1], other]) for m in g.members}
    assert "wire-2-0" not in grouped and SEED_ENTERED <= grouped


# Wikinews 61389 (2007-02-28) and 62929 (2007-03-19) report the same Airbus job cuts per country.
GALLOIS = ("Louis Gallois, the Airbus chief executive, said the company expects to cut approximately 4,300 "
           "jobs in France, 3,700 in Germany, 1,600 in UK and 400 in Spain.")
POWER8 = ("France will lose 4,300 jobs, followed by Germany having a loss of 3,700 jobs, while the United "
          "Kingdom and Spain will see 1,600 and 400 jobs cut respectively.")


def job_cut(q: str, bound: str, value: float, place: tuple[str, str], verb: str = "cut") -> dict:
    exact = {"low": value, "high": value} if bound == "exact" else {}
    return {"q": q, "bound": bound, "value": value, **exact, "subject": "jobs", "verb": verb, "lemma": "cut",
            "places": [place]}


def number(text: str) -> float:
    return float(text.replace(",", ""))


# Neither states a period: each counts "up to its publication day", so the later report may count more.
@pytest.mark.parametrize("first_uk, second_uk, conflict", [
    ("1,600", "1,600", False),
    ("1,600", "3,700", False),
    ("3,700", "1,600", True),
])
def test_groups_two_articles_on_the_same_job_cuts(first_uk, second_uk, conflict):
    first = record("wikinews-61389", GALLOIS, [
        job_cut("approximately 4,300", "approximate", 4300, ("France", "FR")),
        job_cut(first_uk, "exact", number(first_uk), ("UK", "GB"))], published="2007-02-28")
    second = record("wikinews-62929", POWER8, [
        job_cut(second_uk, "exact", number(second_uk), ("United Kingdom", "GB")),
        job_cut("400", "exact", 400, ("Spain", "ES"))], published="2007-03-19")
    found = group_claims([first, second])
    assert [sorted((m.article_id, m.quantity_text) for m in g.members) for g in found] == [
        [("wikinews-61389", first_uk), ("wikinews-62929", second_uk)]]
    assert (found[0].subject, found[0].predicate, found[0].countries) == ("job", "cut", ["GB"])
    assert found[0].conflict is conflict
    if conflict:
        assert found[0].reason == (
            "'3,700' (exact, 3,700 .. 3,700) in wikinews-61389 for no stated period, up to 2007-02-28 exceeds "
            "'1,600' (exact, 1,600 .. 1,600) in wikinews-62929 for the longer no stated period, up to 2007-03-19")


ENUMERATION = ("About 9,000 production jobs will be cut in the U.S., 2,000 production jobs in Canada, "
               "and 2,000 salaried jobs.")   # Wikinews 60658


def test_groups_an_enumeration_whose_places_cannot_be_told_apart_is_left_out():
    places = [("U.S.", "US"), ("Canada", "CA")]
    claims = [{"q": q, "bound": b, "value": v, "subject": "production jobs", "verb": "cut", "lemma": "cut",
               "places": places} for q, b, v in (("About 9,000", "approximate", 9000), ("2,000", "exact", 2000))]
    restated = record("wire-2", ENUMERATION, claims[1:])
    assert group_claims([record("wikinews-60658", ENUMERATION, claims), restated]) == []
    assert len(group_claims([record("wikinews-60658", ENUMERATION, claims[1:]), restated])) == 1


def test_groups_numbers_of_one_sentence_are_never_one_group():
    claims = [{"q": q, "bound": b, "value": v, "low": low, "high": low, "subject": subject, "verb": "cut",
               "lemma": "cut", "places": places} for q, b, v, low, subject, places in (
        ("About 9,000", "approximate", 9000, None, "production jobs", [("U.S.", "US")]),
        ("2,000", "exact", 2000, 2000, "production jobs", [("Canada", "CA")]),
        ("2,000", "exact", 2000, 2000, "salaried jobs", [("U.S.", "US"), ("Canada", "CA")]))]
    claims[2]["after"] = ENUMERATION.index("and 2,000")
    assert group_claims([record("wikinews-60658", ENUMERATION, claims)]) == []


def test_groups_real_enumerations_are_not_grouped_within_their_sentence(nlp_model):
    from extractor.api import extract_many

    results = list(extract_many(corpus_articles("wikinews-60658", "wikinews-61389", "wikinews-62929"), nlp_model))
    numbers = {q.text for r in results for q in r.quantities}
    assert {"About 9,000", "approximately 4,300", "1,600"} <= numbers
    for group in group_claims(results, min_size=2):
        sentences = [(m.article_id, m.sentence) for m in group.members]
        assert len(set(sentences)) == len(sentences), render_groups([group])


@pytest.mark.parametrize("text, head", [
    ("Russian citizens", "citizen"), ("jobs", "job"), ("production jobs", "job"), ("companies", "company"),
    ("people", "people"), ("bus", "bus"), ("2,000", None), (None, None),
])
def test_groups_head_noun(text, head):
    assert head_noun(text) == head


@pytest.mark.parametrize("quantity, expected", [
    ({"value": 200000, "low": 200000, "high": None, "bound": "more_than"}, (200000, None)),
    ({"value": 70000, "low": None, "high": None, "bound": "approximate"}, (63000, 77000)),
    ({"value": None, "low": 10000, "high": 100000, "bound": "vague"}, (10000, 100000)),
    ({"value": 147000, "low": None, "high": None, "bound": "exact"}, (147000, 147000)),
])
def test_groups_interval(quantity, expected):
    found = interval(Quantity(text="x", span=(0, 1), **quantity))
    assert found == pytest.approx(expected)


def test_groups_from_db_equals_groups_of_the_records(seed, tmp_path):
    path = tmp_path / "claims.db"
    with SqliteWriter(path) as writer:
        writer.write(seed[1], seed[0])
    assert groups_from_db(path) == group_claims([seed[1]])
    assert groups_from_db(path, min_size=4) == []


def other() -> None:
    """A second command, so that "groups" is a subcommand as on the real app."""


def cli(*args: str):
    app = typer.Typer()
    app.command()(groups_command)
    app.command()(other)
    return CliRunner().invoke(app, ["groups", *args])


@pytest.fixture(scope="module")
def seed_db(seed, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("groups") / "claims.db"
    with SqliteWriter(path) as writer:
        writer.write(seed[1], seed[0])
    return path


def test_groups_command_text_and_json(seed_db):
    text, data = cli(str(seed_db)), cli(str(seed_db), "--format", "json")
    assert text.exit_code == data.exit_code == 0
    group = json.loads(data.stdout)[0]
    assert {m["claim_id"] for m in group["members"]} == SEED_ENTERED and group["conflict"] is False
    assert f"group {group['id']}  3 claims" in text.stdout and "no conflict" in text.stdout
    assert cli(str(seed_db), "--conflicts-only").stdout == ""
    assert cli(str(seed_db), "--min-size", "4", "--format", "json").stdout.strip() == "[]"


def test_groups_command_missing_database(tmp_path):
    result = cli(str(tmp_path / "nope.db"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"wireclaims: error: no such output: {tmp_path / 'nope.db'}"


def test_groups_command_help_for_every_option():
    command = typer.main.get_command_from_info(
        typer.models.CommandInfo(callback=groups_command), pretty_exceptions_short=True, rich_markup_mode=None)
    assert command.help and all(param.help for param in command.params)
