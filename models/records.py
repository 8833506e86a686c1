"""Output records: one ``ArticleResult`` per article (CONTRACT.md, "Output")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1"

Bound = Literal["exact", "approximate", "more_than", "at_least", "less_than", "at_most", "range", "vague"]
Change = Literal["increase", "decrease"]
QualifierKind = Literal["bound", "approximation", "hedge", "negation", "modality", "emphasis"]
SourceKind = Literal["person", "organization", "document", "media", "unnamed"]
DateType = Literal["date", "time", "duration", "set", "interval"]
CountryForm = Literal["name", "alias", "demonym"]
PublishedSource = Literal["input", "text", "none"]
IsoDay = str  # YYYY-MM-DD


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mention(_Record):
    """A piece of the article: ``text == article_text[span[0]:span[1]]``."""

    text: str
    span: tuple[int, int]

    @field_validator("span")
    @classmethod
    def _ordered(cls, span: tuple[int, int]) -> tuple[int, int]:
        if not 0 <= span[0] < span[1]:
            raise ValueError(f"span {list(span)} is not [start, end) with 0 <= start < end")
        return span


class Quantity(Mention):
    value: float | None
    low: float | None
    high: float | None
    bound: Bound
    change: Change | None = None
    unit: str | None = None
    unit_text: str | None = None  # the written unit when ``unit`` is null because no table knows it
    counted: str | None = None
    per: str | None = None

    @model_validator(mode="after")
    def _interval(self) -> Quantity:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        return self


class Subject(Mention):
    country: str | None = None


class Predicate(_Record):
    text: str
    lemma: str
    span: tuple[int, int] | None = None


class Place(Mention):
    country: str | None = None


class TimeSpan(Mention):
    begin: IsoDay | None = None
    end: IsoDay | None = None


class Source(Mention):
    name: str | None = None
    title: str | None = None
    country: str | None = None
    kind: SourceKind
    cue: str | None = None
    official: int | None = Field(default=None, description="index into officials, when the source is one")
    unresolved: str | None = Field(default=None, description="why a pronoun source has no name "
                                   "(no compatible antecedent, first person, an unnamed antecedent)")


class Qualifier(Mention):
    kind: QualifierKind


class Claim(_Record):
    id: str
    quantity: int
    sentence: Mention
    subject: Subject | None = None
    predicate: Predicate | None = None
    places: list[Place] = []
    time: TimeSpan | None = None
    source: Source | None = None
    qualifiers: list[Qualifier] = []
    hedged: bool = False


class Official(_Record):
    name: str
    aliases: list[str] = []
    title: str | None = None
    country: str | None = None
    organization: str | None = None
    country_inferred: bool = Field(
        default=False, description="country not stated with the title but taken from its sentence"
    )
    mentions: list[Mention]


class CountryMention(Mention):
    form: CountryForm


class Country(_Record):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    mentions: list[CountryMention]


class DateMention(Mention):
    type: DateType
    value: str | None
    begin: IsoDay | None = None
    end: IsoDay | None = None
    mod: str | None = Field(default=None, description="TIMEX3 mod: START, MID, END, APPROX, LESS_THAN, MORE_THAN, ...")
    freq: str | None = Field(default=None, description="TIMEX3 freq of a set: '2X' in 'twice a year'")
    timezone: str | None = Field(default=None, description="the time zone a clock time is written in: 'GMT', 'ET'")


class ArticleResult(_Record):
    schema_version: str = SCHEMA_VERSION
    article_id: str
    published: IsoDay | None = None
    published_source: PublishedSource = "none"
    pipeline: str | None = Field(default=None, description="which spaCy pipeline ran: model name or 'blank'")
    quantities: list[Quantity] = []
    claims: list[Claim] = []
    officials: list[Official] = []
    countries: list[Country] = []
    dates: list[DateMention] = []
    warnings: list[str] = []

    def check_spans(self, text: str) -> list[str]:
        """Cross-object check: every mention's text equals the article text at its span."""
        problems = []
        for mention in _mentions(self):
            start, end = mention.span
            if text[start:end] != mention.text:
                problems.append(f"{mention.text!r} != text[{start}:{end}] {text[start:end]!r}")
        return problems


def _mentions(result: ArticleResult):
    yield from result.quantities
    yield from result.dates
    for country in result.countries:
        yield from country.mentions
    for official in result.officials:
        yield from official.mentions
    for claim in result.claims:
        yield claim.sentence
        for part in (claim.subject, claim.time, claim.source):
            if part is not None:
                yield part
        yield from claim.places
        yield from claim.qualifiers
