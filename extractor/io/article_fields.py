"""Article fields read from what a newsroom's files give: a ``published`` written as people write
dates, and a plain-text file's title, date and sidecar.

- ``read_published("10/12/2016", "MDY")`` is ``"2016-10-12"`` (``"DMY"``: ``"2016-12-10"``); ISO 8601
  is kept as it is; other written dates ("October 12, 2016", "12 Oct 2016") are read by dateparser
  with the same day order. Only a full date with a four-digit year is read, and never against the
  clock (a relative "yesterday" is not a publication date): anything else is left as written, for
  the record's validation to reject.
- ``txt_fields(path, text, published, date_order)``: the file's first line is the title when it
  looks like one (see ``split_title``); ``published`` comes from a sidecar ``NAME.json`` beside
  ``NAME.txt`` (its ``published``, ``title``, ``url``, ``source``, ``language``), else a date at the
  start of the file name (``2016-10-08-fed-rates.txt``, ``20161008_fed.txt``), else the default.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path


DATE_ORDERS = ("MDY", "DMY")
SIDECAR_FIELDS = ("published", "title", "url", "source", "language")
#: A first line longer than this (characters or words) is the article's first sentence, not a title.
TITLE_CHARS, TITLE_WORDS = 200, 25
#: Without a blank line after it, a first line is a title only when this short.
BARE_TITLE_WORDS = 15

_NUMERIC = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*")
_FILE_DATE = re.compile(r"((?:19|20)\d\d)[-_]?(\d\d)[-_]?(\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
#: Any fixed instant: dateparser must never read the clock (a date lacking nothing ignores it).
_NO_CLOCK = dt.datetime(2000, 1, 1)


class SidecarError(ValueError):
    """A sidecar file that cannot be read as a JSON object."""


def read_published(value: object, order: str = "MDY") -> object:
    """``value`` as an ISO day when it is a full written date; else ``value`` unchanged."""
    if not isinstance(value, str) or not value.strip() or _is_iso(value):
        return value
    match = _NUMERIC.fullmatch(value)
    if match:
        first, second, year = (int(part) for part in match.groups())
        month, day = (first, second) if order == "MDY" else (second, first)
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return value
    return _written_date(value, order) or value


def _is_iso(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _written_date(value: str, order: str) -> str | None:
    """ "October 12, 2016" -> "2016-10-12" (dateparser, English, no clock); ``None`` if not a full date."""
    if len(_YEAR.findall(value)) != 1:
        return None
    import dateparser  # only for the rare non-ISO, non-numeric date

    found = dateparser.parse(value, languages=["en"], settings={
        "DATE_ORDER": order, "RELATIVE_BASE": _NO_CLOCK, "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False})
    return found.date().isoformat() if found is not None else None


def split_title(text: str) -> tuple[str | None, str]:
    """``(title, body)``: the first line is a title when more text follows, it is short (at most
    ``TITLE_CHARS`` characters, ``TITLE_WORDS`` words), does not end as a sentence or a lead-in does
    (``.``, ``,``, ``;``, ``:``), and either a blank line follows it or it has at most
    ``BARE_TITLE_WORDS`` words, and is not a date (a dateline). Otherwise ``(None, text)``."""
    stripped = text.lstrip("\ufeff \t\r\n")
    first, sep, rest = stripped.partition("\n")
    line = first.strip()
    body = rest.lstrip("\r\n \t")
    if not sep or not body.strip() or not line or len(line) > TITLE_CHARS or line[-1] in ".,;:":
        return None, text
    if read_published(line) != line or _is_iso(line):   # a dateline ("March 19, 2007") is not a title
        return None, text
    words = len(line.split())
    blank_after = re.match(r"[ \t]*\r?\n", rest) is not None
    if words > TITLE_WORDS or (not blank_after and words > BARE_TITLE_WORDS):
        return None, text
    return line, body


def sidecar(path: Path) -> dict[str, object]:
    """The fields of ``NAME.json`` beside ``NAME.txt`` (``{}`` when there is none)."""
    side = path.with_suffix(".json")
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SidecarError(f"sidecar {side.name} is not readable JSON: {err}") from None
    if not isinstance(data, dict):
        raise SidecarError(f"sidecar {side.name} is not a JSON object")
    return {key: data[key] for key in SIDECAR_FIELDS if data.get(key) not in (None, "")}


def file_name_day(path: Path) -> dt.date | None:
    """A date at the start of the file name: ``2016-10-08-…``, ``2016_10_08…``, ``20161008…``."""
    match = _FILE_DATE.match(path.stem)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def txt_fields(path: Path, text: str, published: dt.date | None, date_order: str = "MDY") -> tuple[str, dict]:
    """A plain-text file's article text and fields besides its id: the title split off, the
    publication date (sidecar, else file name, else ``published``) and the sidecar's fields.
    Raises ``SidecarError``."""
    title, body = split_title(text)
    fields: dict[str, object] = {"title": title, "published": file_name_day(path) or published}
    extra = sidecar(path)
    if "published" in extra:
        extra["published"] = read_published(extra["published"], date_order)
    fields.update(extra)
    return body, fields


__all__ = ["DATE_ORDERS", "SidecarError", "file_name_day", "read_published", "sidecar", "split_title",
           "txt_fields"]
