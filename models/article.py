"""Input records: an article to read, and an input that could not be read."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator


#: Publication dates outside these are refused: relative dates ("next week", "a century ago") are
#: worked out from the anchor, and at the ends of the calendar that arithmetic overflows.
EARLIEST = dt.date(1000, 1, 1)
LATEST = dt.date(8999, 12, 31)


class Article(BaseModel):
    """One input article (CONTRACT.md, "Input: articles")."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    #: Set by the readers on each part of a very long article (``extractor.chunking.article_parts``):
    #: which part of which article this is, repeated in the record's warnings. Not read from the
    #: input (an input's own "part" key is ignored like any other unknown key), never written out.
    _part: str | None = PrivateAttr(default=None)

    @property
    def part(self) -> str | None:
        return self._part

    def as_part(self, note: str, **update: object) -> Article:
        """A copy with ``update`` applied (not validated again) that says it is a part: ``note``."""
        copy = self.model_copy(update=update)
        copy._part = note
        return copy

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value

    @field_validator("published", mode="before")
    @classmethod
    def _published_iso(cls, value: object) -> object:
        """Accept ISO 8601 dates and date-times; keep the calendar day."""
        if value is None or isinstance(value, dt.date):
            return _in_range(value)
        if not isinstance(value, str):
            raise ValueError(f"published must be an ISO 8601 string, not {type(value).__name__}")
        text = value.strip()
        if not text:
            return None
        try:
            day = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"published {value!r} is not an ISO 8601 date") from None
        return _in_range(day)


def _in_range(day: dt.date | None) -> dt.date | None:
    if day is not None and not EARLIEST <= day <= LATEST:
        raise ValueError(f"published {day.isoformat()} is outside {EARLIEST.isoformat()}..{LATEST.isoformat()}: "
                         "dates in the text could not be worked out from it")
    return day


class Reject(BaseModel):
    """An input that could not be processed: kept aside, never dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    line: int | None = None
    article_id: str | None = None
    reason: str
    raw: str | None = None

    def message(self) -> str:
        """One line naming the file, the line and the article."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        who = f"article {self.article_id!r}: " if self.article_id else ""
        return f"{where}: {who}{self.reason}"
