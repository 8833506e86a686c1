"""One input record (a JSON object, a CSV row's cells) as an ``Article`` or a ``Reject``.

The reasons are one line each, in the words the tests assert; ``raw`` is kept on a reject, cut at
``RAW_LIMIT`` characters, with bytes that were not UTF-8 shown as ``\\xNN``. An optional text field
(``title``, ``url``, ``source``, ``language``) that is not a string is dropped with a warning (on the
``Located``) rather than losing the article.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from pydantic import ValidationError

from extractor.io.article_fields import read_published
from models import Article, Reject

#: The longest ``raw`` kept on a reject, in characters.
RAW_LIMIT = 2000
#: Optional article fields a CSV column of the same name fills; in JSON, one that is not a string
#: is dropped with a warning.
CSV_EXTRA_FIELDS = OPTIONAL_TEXT_FIELDS = ("title", "url", "source", "language")

_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number",
               bool: "boolean", type(None): "null"}

@dataclass(frozen=True)
class Located:
    """An item read, with where it came from (``line`` is ``None`` for a whole file)."""

    source: str
    line: int | None
    item: Article | Reject
    warnings: tuple[str, ...] = ()  # told to ``on_warning``: what was dropped to keep the article


def parse_line(raw: bytes, source: str, line: int, published: dt.date | None = None, *,
               date_order: str = "MDY") -> Article | Reject:
    """One JSONL line (bytes) as an ``Article``, or a ``Reject`` saying why not."""
    return parse_located(raw, source, line, published, date_order=date_order).item


def parse_located(raw: bytes, source: str, line: int, published: dt.date | None = None, *,
                  date_order: str = "MDY") -> Located:
    """``parse_line`` with the warnings about fields dropped to keep the article."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # on any line: files concatenated keep their BOMs
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        reason = f"line is not valid UTF-8 (byte 0x{raw[err.start]:02x} at {err.start})"
        return Located(source, line, _reject(source, line, None, reason, raw))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        reason = f"line is not valid JSON: {err.msg} (col {err.colno})"
        return Located(source, line, _reject(source, line, None, reason, text))
    except RecursionError:
        return Located(source, line, _reject(source, line, None, "line is not valid JSON: nested too deeply", text))
    if not isinstance(value, dict):
        kind = _JSON_TYPES.get(type(value), type(value).__name__)
        reason = f"line is not a JSON object but {_article(kind)}"
        return Located(source, line, _reject(source, line, None, reason, text))
    return _located(source, line, value, text, published, date_order)


def _located(source: str, line: int, value: dict, raw: str, published: dt.date | None,
             date_order: str = "MDY") -> Located:
    fields, warnings = _without_bad_extras(value)
    return Located(source, line, _to_article(fields, raw, source, line, published, date_order), warnings)


def _without_bad_extras(value: dict) -> tuple[dict, tuple[str, ...]]:
    """An optional field (title, url, source, language) that is not a string is dropped, with a
    warning, rather than losing the article."""
    bad = [name for name in OPTIONAL_TEXT_FIELDS if value.get(name) is not None and not isinstance(value[name], str)]
    if not bad:
        return value, ()
    who = f"article {_id_of(value)!r}: " if _id_of(value) else ""
    warnings = tuple(f"{who}field {name!r} is {_article(_JSON_TYPES.get(type(value[name]), 'value'))}, "
                     "not a string: dropped" for name in bad)
    return {k: v for k, v in value.items() if k not in bad}, warnings


def _to_article(value: dict, raw: str, source: str, line: int, published: dt.date | None,
                date_order: str = "MDY") -> Article | Reject:
    article_id = _id_of(value)
    reason = _field_problem(value)
    if reason is None:
        fields = dict(value)
        fields["published"] = read_published(fields.get("published"), date_order)
        if published is not None and _blank(fields.get("published")):
            fields["published"] = published
        try:
            return Article.model_validate(fields)
        except ValidationError as err:
            reason = _validation_reason(err)
    return _reject(source, line, article_id, reason, raw)


def _field_problem(value: dict) -> str | None:
    """The required fields' problems, in the words the tests assert."""
    missing = [name for name in ("id", "text") if value.get(name) is None]
    if missing:
        names = " and ".join(f"'{name}'" for name in missing)
        return f"missing field{'s' if len(missing) > 1 else ''} {names}"
    article_id, text = value["id"], value["text"]
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int)):
        return f"field 'id' must be a string, not {_JSON_TYPES.get(type(article_id), 'value')}"
    if not str(article_id).strip():
        return "id is empty"
    if not isinstance(text, str):
        return f"field 'text' must be a string, not {_JSON_TYPES.get(type(text), 'value')}"
    if not text.strip():
        return "text is empty"
    return text_problem(text)


def text_problem(text: str) -> str | None:
    """A text no reader should hand on as an article: NUL bytes, control characters, punctuation
    alone (the library still takes any text: this is the readers' rule)."""
    return None if any(char.isalnum() for char in text) else "text has no letters or digits"


def _validation_reason(err: ValidationError) -> str:
    first = err.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    field = ".".join(str(part) for part in first["loc"])
    if field == "published" or not field:
        return message
    return f"field {field!r}: {message}"


def _id_of(value: dict) -> str | None:
    article_id = value.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int)):
        return None
    return str(article_id) or None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def printable_text(text: str) -> str:
    """``text`` with bytes that were not UTF-8 (read as surrogates) shown as ``\\xNN``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")


def _reject(source: str, line: int | None, article_id: str | None, reason: str, raw: bytes | str) -> Reject:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    raw = printable_text(raw)
    raw = raw.rstrip("\r\n")
    if len(raw) > RAW_LIMIT:
        raw = raw[:RAW_LIMIT] + "…"
    return Reject(source=source, line=line, article_id=article_id, reason=reason, raw=raw)
