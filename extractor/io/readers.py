"""Article dumps in: an iterator of ``Article`` or ``Reject``, streaming, in a deterministic order.

Inputs (CONTRACT.md, "Input: articles"):

- ``.jsonl`` / ``.jsonl.gz``: one article object per line, read line by line (a dump is never
  loaded whole). Blank lines are skipped; every other line becomes exactly one ``Article`` or one
  ``Reject``.
- ``.txt``: the whole file is one article, ``id`` = the file stem.
- ``.csv``: a header row, then one article per row, read row by row (stdlib ``csv``). The id,
  text and publication date columns are named by ``Columns`` (default ``id``, ``text``,
  ``published``); ``title``, ``url``, ``source`` and ``language`` columns are kept when present.
  A header without the id or text column is one reject (line 1); a row with fewer or more
  fields than the header is a reject naming its line (the line the row starts on).
- ``.html`` / ``.htm``: one page is one article, ``id`` = the file stem. The main text comes from
  ``trafilatura`` (no comments, boilerplate dropped; paragraphs joined by blank lines), the title
  from the page, the date from ``htmldate`` (``original_date=True``, markup only). htmldate's bound for
  plausible dates is the fixed ``HTML_MAX_DATE``, never today, so the same page always gives the
  same date; a page with no date gives ``published=None`` (or the ``published`` default).
- a directory: every file of the kinds above below it, recursively, sorted by path.
  Other files in a directory are ignored; a file of another kind named explicitly is rejected.

Bad input never raises and never vanishes: it becomes a ``Reject`` with the file, the line
number (1-based; ``None`` for a ``.txt`` file or a whole-file problem), the article id when one
could be read, a one-line reason and the raw line (truncated to ``RAW_LIMIT`` characters).
Byte positions in "not valid UTF-8" reasons are 0-based offsets into the line (or file).

Duplicate ids within one run: both articles are processed and ``on_warning`` (when given) is
told; a database keeps the later one (re-running an id replaces its records), a JSONL output
holds both lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from models import Article, Reject

#: The longest ``raw`` kept on a reject, in characters.
RAW_LIMIT = 2000
#: File name endings read as article dumps.
SUFFIXES = (".jsonl", ".jsonl.gz", ".txt", ".csv", ".html", ".htm")
#: htmldate's latest plausible publication date: a constant, so no page date depends on the clock.
HTML_MAX_DATE = "2099-12-31"
#: Optional article fields a CSV column of the same name fills.
CSV_EXTRA_FIELDS = ("title", "url", "source", "language")

_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number",
               bool: "boolean", type(None): "null"}

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Located:
    """An item read, with where it came from (``line`` is ``None`` for a whole file)."""

    source: str
    line: int | None
    item: Article | Reject


@dataclass(frozen=True)
class Columns:
    """The CSV columns that hold an article's id, text and publication date."""

    id: str = "id"
    text: str = "text"
    published: str = "published"


def read_articles(paths: Iterable[Path], *, published: dt.date | None = None,
                  on_warning: Warn | None = None, columns: Columns = Columns()) -> Iterator[Article | Reject]:
    """Stream the articles of ``paths`` (files or directories), rejects in place.

    ``published`` is the anchor date for articles that carry none; ``columns`` names the CSV columns.
    """
    for located in read_located(paths, published=published, on_warning=on_warning, columns=columns):
        yield located.item


def read_located(paths: Iterable[Path], *, published: dt.date | None = None,
                 on_warning: Warn | None = None, columns: Columns = Columns()) -> Iterator[Located]:
    """Like ``read_articles``, with each item's source and line number."""
    seen: dict[str, str] = {}
    for path in iter_files(paths):
        for located in _read_file(path, published, columns):
            if isinstance(located.item, Article):
                _note_duplicate(located, seen, on_warning)
            yield located


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files to read: each path given, a directory expanded recursively in sorted order."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _kind(p))
        else:
            yield path


def _note_duplicate(located: Located, seen: dict[str, str], on_warning: Warn | None) -> None:
    article_id = located.item.id
    where = located.source if located.line is None else f"{located.source}:{located.line}"
    first = seen.setdefault(article_id, where)
    if first != where and on_warning is not None:
        on_warning(f"{where}: article {article_id!r} repeats an id first read at {first}; "
                   "both are processed and the later one replaces the earlier in a database")


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    return next((suffix for suffix in SUFFIXES if name.endswith(suffix)), None)


def _read_file(path: Path, published: dt.date | None, columns: Columns = Columns()) -> Iterator[Located]:
    source = str(path)
    kind = _kind(path)
    if kind is None:
        yield _whole_file_reject(source, f"unsupported file type (expected one of {', '.join(SUFFIXES)})")
    elif not path.exists():
        yield _whole_file_reject(source, "file not found")
    elif kind == ".txt":
        yield _read_txt(path, published)
    elif kind == ".csv":
        yield from _read_csv(path, published, columns)
    elif kind in (".html", ".htm"):
        yield _read_html(path, published)
    else:
        yield from read_jsonl(path, published)


def _whole_file_reject(source: str, reason: str, article_id: str | None = None) -> Located:
    return Located(source, None, Reject(source=source, article_id=article_id, reason=reason))


def _read_bytes(path: Path) -> bytes | Located:
    """A one-article file's bytes, or the reject that says why it could not be read."""
    try:
        return path.read_bytes()
    except OSError as err:
        return _whole_file_reject(str(path), f"cannot read file: {err.strerror or err}", path.stem)


def _read_txt(path: Path, published: dt.date | None) -> Located:
    source, article_id = str(path), path.stem
    data = _read_bytes(path)
    if isinstance(data, Located):
        return data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        reason = f"file is not valid UTF-8 (byte 0x{data[err.start]:02x} at {err.start})"
        return Located(source, None, _reject(source, None, article_id, reason, data))
    if not text.strip():
        return Located(source, None, _reject(source, None, article_id, "text is empty", text))
    return Located(source, None, Article(id=article_id, text=text, published=published))


def read_jsonl(path: Path, published: dt.date | None = None, *, first: int = 1, last: int | None = None,
               offset: int | None = None) -> Iterator[Located]:
    """Lines ``first``..``last`` (1-based, inclusive; ``last=None``: to the end) of a ``.jsonl`` or
    ``.jsonl.gz`` file, each non-blank one an ``Article`` or a ``Reject``; a file that cannot be
    read on is one reject. ``offset`` is the byte offset of line ``first`` in a plain file (else
    the lines before it are read past). The Dask engine reads its shards with it."""
    source, number = str(path), first - 1
    gzipped = path.name.lower().endswith(".gz")
    try:
        with (gzip.open(path, "rb") if gzipped else path.open("rb")) as stream:
            if offset is not None:
                stream.seek(offset)
            else:
                number = _skip(stream, first - 1)
            for raw in stream:
                number += 1
                if raw.strip():
                    yield Located(source, number, parse_line(raw, source, number, published))
                if last is not None and number >= last:
                    return
    except (OSError, EOFError, zlib.error) as err:
        where = "file" if number == 0 else f"file after line {number}"
        reason = f"cannot read {where}: {getattr(err, 'strerror', None) or err}"
        yield Located(source, number or None, Reject(source=source, line=number or None, reason=reason))


def _skip(stream, lines: int) -> int:
    done = 0
    while done < lines and stream.readline():
        done += 1
    return done


def _read_csv(path: Path, published: dt.date | None, columns: Columns) -> Iterator[Located]:
    source = str(path)
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # article texts are long fields
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as stream:
            yield from _csv_rows(csv.reader(stream), source, published, columns)
    except (OSError, UnicodeDecodeError) as err:
        reason = "not valid UTF-8" if isinstance(err, UnicodeDecodeError) else (err.strerror or str(err))
        yield _whole_file_reject(source, f"cannot read file: {reason}")


def _csv_rows(reader, source: str, published: dt.date | None, columns: Columns) -> Iterator[Located]:
    header = next(reader, None)
    if header is None:
        yield _whole_file_reject(source, "file is empty (expected a header row)")
        return
    missing = [name for name in (columns.id, columns.text) if name not in header]
    if missing:
        names = " and ".join(f"'{name}'" for name in missing)
        reason = f"header has no column {names} (columns: {', '.join(header)})"
        yield Located(source, 1, _reject(source, 1, None, reason, _csv_raw(header)))
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield Located(source, start, _reject(source, start, None, f"row is not valid CSV: {err}", ""))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if any(cell.strip() for cell in row):
            yield Located(source, line, _csv_article(header, row, source, line, published, columns))


def _csv_article(header: list[str], row: list[str], source: str, line: int,
                 published: dt.date | None, columns: Columns) -> Article | Reject:
    raw = _csv_raw(row)
    if len(row) != len(header):
        absent = [name for name in header[len(row):] if name in (columns.id, columns.text, columns.published)]
        reason = f"row has {len(row)} fields, the header {len(header)}"
        if absent:
            reason += f": no value for column {' and '.join(repr(name) for name in absent)}"
        cells = dict(zip(header, row))
        article_id = cells.get(columns.id) or None
        return _reject(source, line, article_id, reason, raw)
    cells = dict(zip(header, row))
    value = {"id": cells[columns.id], "text": cells[columns.text], "published": cells.get(columns.published)}
    value.update({name: cells[name] or None for name in CSV_EXTRA_FIELDS if name in cells})
    return _to_article(value, raw, source, line, published)


def _csv_raw(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    return out.getvalue()


def _read_html(path: Path, published: dt.date | None) -> Located:
    source, article_id = str(path), path.stem
    data = _read_bytes(path)
    if isinstance(data, Located):
        return data
    try:
        text, title, day = parse_html(data)
    except ImportError as err:
        return _whole_file_reject(source, f"reading HTML needs the 'html' extra ({err.name} is not installed): "
                                          "pip install 'wireclaims[html]'", article_id)
    except Exception as err:  # noqa: BLE001 - any parser failure is this page's reject
        return _whole_file_reject(source, f"cannot parse HTML: {type(err).__name__}: {err}", article_id)
    if not text.strip():
        raw = data[:RAW_LIMIT]
        return Located(source, None, _reject(source, None, article_id, "no article text found in the page", raw))
    return Located(source, None, Article(id=article_id, text=text, title=title,
                                         published=day if day is not None else published))


def parse_html(html: bytes | str) -> tuple[str, str | None, dt.date | None]:
    """A page's main text (paragraphs joined by blank lines), title and publication date.

    The date is htmldate's original (publication) date from the page's markup (meta tags, time
    elements; no guessing from years in the prose, which the pipeline's own dateline inference
    does better), bounded by ``HTML_MAX_DATE``: never from the clock; ``None`` when there is none.
    """
    from htmldate import find_date
    from trafilatura import extract
    from trafilatura.metadata import extract_title
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return "", None, None
    title = extract_title(tree)
    found = find_date(tree, original_date=True, outputformat="%Y-%m-%d", max_date=HTML_MAX_DATE,
                      extensive_search=False)
    text = extract(html, output_format="txt", include_comments=False) or ""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join(paragraphs), title or None, dt.date.fromisoformat(found) if found else None


def parse_line(raw: bytes, source: str, line: int, published: dt.date | None = None) -> Article | Reject:
    """One JSONL line (bytes) as an ``Article``, or a ``Reject`` saying why not."""
    if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        reason = f"line is not valid UTF-8 (byte 0x{raw[err.start]:02x} at {err.start})"
        return _reject(source, line, None, reason, raw)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        return _reject(source, line, None, f"line is not valid JSON: {err.msg} (col {err.colno})", text)
    except RecursionError:
        return _reject(source, line, None, "line is not valid JSON: nested too deeply", text)
    if not isinstance(value, dict):
        kind = _JSON_TYPES.get(type(value), type(value).__name__)
        return _reject(source, line, None, f"line is not a JSON object but {_article(kind)}", text)
    return _to_article(value, text, source, line, published)


def _to_article(value: dict, raw: str, source: str, line: int, published: dt.date | None) -> Article | Reject:
    article_id = _id_of(value)
    reason = _field_problem(value)
    if reason is None:
        fields = dict(value)
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
    return None


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


def _reject(source: str, line: int | None, article_id: str | None, reason: str, raw: bytes | str) -> Reject:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    raw = raw.rstrip("\r\n")
    if len(raw) > RAW_LIMIT:
        raw = raw[:RAW_LIMIT] + "…"
    return Reject(source=source, line=line, article_id=article_id, reason=reason, raw=raw)


def count_inputs(paths: Iterable[Path], *, limit: int | None = None) -> int:
    """How many inputs ``paths`` hold (for a progress bar's total): a fast pass, lines not parsed.

    JSONL lines that are not blank, CSV rows after the header (counted as lines, so an
    approximation when fields hold line breaks), one per ``.txt`` or HTML file.
    """
    total = 0
    for path in iter_files(paths):
        name = path.name.lower()
        try:
            if name.endswith((".jsonl", ".jsonl.gz", ".csv")):
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rb") as stream:
                    lines = sum(1 for line in stream if line.strip())
                total += max(0, lines - 1) if name.endswith(".csv") else lines
            else:
                total += 1
        except (OSError, EOFError):
            total += 1
        if limit is not None and total >= limit:
            return limit
    return total
