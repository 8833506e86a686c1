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
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from extractor.chunking import article_parts
from extractor.io.article_fields import SidecarError, txt_fields
from extractor.io.csv_rows import csv_rows
from extractor.io.html import HTML_MAX_DATE, impossible_meta_date, parse_html
from extractor.io.inputs import SUFFIXES, Unreadable, count_inputs, files, kind_of, printable, problem, walk
from extractor.io.parse import (
    _JSON_TYPES,
    CSV_EXTRA_FIELDS,
    RAW_LIMIT,
    Located,
    _article,
    _located,
    _reject,
    _to_article,
    _validation_reason,
    parse_line,
    parse_located,
    printable_text,
    text_problem,
)
from models import Article, Reject

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Columns:
    """The CSV columns that hold an article's id, text and publication date, and the day order
    (``MDY`` or ``DMY``) of a numeric ``published`` such as "10/12/2016" in any input."""

    id: str = "id"
    text: str = "text"
    published: str = "published"
    date_order: str = "MDY"


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
    for entry in walk(paths):
        found = [_whole_file_reject(entry.source, entry.reason)] if isinstance(entry, Unreadable) else \
            _read_file(entry, published, columns)
        for located in found:
            if isinstance(located.item, Article):
                _note_duplicate(located, seen, on_warning)
            if on_warning is not None:
                where = located.source if located.line is None else f"{located.source}:{located.line}"
                for warning in located.warnings:
                    on_warning(f"{where}: {warning}")
            yield from _parts(located)


def _parts(located: Located) -> Iterator[Located]:
    """An article over ``PART_CHARS`` characters as its parts (``extractor.chunking.article_parts``)."""
    if not isinstance(located.item, Article):
        yield located
        return
    for part in article_parts(located.item):
        yield located if part is located.item else replace(located, item=part)


#: The readable files of ``paths``, directories expanded (``extractor.io.inputs.files``).
iter_files = files


def _note_duplicate(located: Located, seen: dict[str, str], on_warning: Warn | None) -> None:
    article_id = located.item.id
    where = located.source if located.line is None else f"{located.source}:{located.line}"
    first = seen.setdefault(article_id, where)
    if first != where and on_warning is not None:
        on_warning(f"{where}: article {article_id!r} repeats an id first read at {first}; "
                   "both are processed and the later one replaces the earlier in a database")


def _read_file(path: Path, published: dt.date | None, columns: Columns = Columns()) -> Iterator[Located]:
    source, kind, trouble = printable(path), kind_of(path), problem(path)
    if trouble is not None:
        yield _whole_file_reject(source, trouble)
    elif kind is None or path.is_dir():
        yield _whole_file_reject(source, f"unsupported file type (expected one of {', '.join(SUFFIXES)})")
    elif kind == ".json" and path.with_suffix(".txt").is_file():
        return  # NAME.json beside NAME.txt is that text's sidecar, read with it
    elif kind == ".json":
        yield from read_json_array(path, published)
    elif kind == ".txt":
        yield _read_txt(path, published, columns.date_order)
    elif kind == ".csv":
        yield from _read_csv(path, published, columns)
    elif kind in (".html", ".htm"):
        yield _read_html(path, published)
    else:
        yield from read_jsonl(path, published, date_order=columns.date_order)


def _whole_file_reject(source: str, reason: str, article_id: str | None = None) -> Located:
    return Located(source, None, Reject(source=source, article_id=article_id, reason=reason))


def _read_bytes(path: Path) -> bytes | Located:
    """A one-article file's bytes, or the reject that says why it could not be read."""
    try:
        return path.read_bytes()
    except OSError as err:
        return _whole_file_reject(printable(path), f"cannot read file: {err.strerror or err}", path.stem)


def _whole_article(source: str, article_id: str, text: str, raw: bytes, **fields) -> Article | Reject:
    """The article a whole file holds, or the reject saying why it is none (a text of NUL bytes)."""
    if (trouble := text_problem(text)) is not None:
        return _reject(source, None, article_id, trouble, raw)
    try:
        return Article(id=article_id, text=text, **fields)
    except ValidationError as err:
        return _reject(source, None, article_id, _validation_reason(err).removeprefix("field 'text': "), raw)


def _read_txt(path: Path, published: dt.date | None, date_order: str = "MDY") -> Located:
    source, article_id = printable(path), path.stem
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
    try:
        body, fields = txt_fields(path, text, published, date_order)
    except SidecarError as err:
        return Located(source, None, _reject(source, None, article_id, str(err), ""))
    return Located(source, None, _whole_article(source, article_id, body, data, **fields))


def read_jsonl(path: Path, published: dt.date | None = None, *, first: int = 1, last: int | None = None,
               offset: int | None = None, date_order: str = "MDY") -> Iterator[Located]:
    """Lines ``first``..``last`` (1-based, inclusive; ``last=None``: to the end) of a ``.jsonl`` or
    ``.jsonl.gz`` file, each non-blank one an ``Article`` or a ``Reject``; a file that cannot be
    read on is one reject. ``offset`` is the byte offset of line ``first`` in a plain file (else
    the lines before it are read past). The Dask engine reads its shards with it."""
    source, number = printable(path), first - 1
    gzipped = path.name.lower().endswith(".gz")
    try:
        with (gzip.open(path, "rb") if gzipped else path.open("rb")) as stream:
            if offset is not None:
                stream.seek(offset)
            else:
                number = _skip(stream, first - 1)
            for raw in stream:
                number += 1
                if number == 1 and _array_start(raw):
                    yield _whole_file_reject(source, "file is a JSON array, not JSON Lines (one article per "
                                                     "line): name it .json to read it as an array")
                    return
                for part in _cr_lines(raw):  # a file whose lines end in a bare CR
                    if part.strip():
                        yield parse_located(part, source, number, published, date_order=date_order)
                if last is not None and number >= last:
                    return
    except (OSError, EOFError, zlib.error) as err:
        where = "file" if number == 0 else f"file after line {number}"
        reason = f"cannot read {where}: {getattr(err, 'strerror', None) or err}"
        yield Located(source, number or None, Reject(source=source, line=number or None, reason=reason))


def _array_start(raw: bytes) -> bool:
    """A pretty-printed JSON array's first line: "[" alone, or "[" opening what does not end on it."""
    line = raw.strip().removeprefix(b"\xef\xbb\xbf")
    if not line.startswith(b"["):
        return False
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return True
    return False


def _cr_lines(raw: bytes) -> list[bytes]:
    """A line cut at bare carriage returns (a JSON text has none inside its strings)."""
    body = raw.rstrip(b"\r\n")
    return body.split(b"\r") if b"\r" in body else [raw]


def read_json_array(path: Path, published: dt.date | None = None) -> Iterator[Located]:
    """A ``.json`` file: one article object, or an array of them (read whole: not streamed); each
    element's ``line`` is its position in the array (1-based)."""
    source = printable(path)
    data = _read_bytes(path)
    if isinstance(data, Located):
        yield data
        return
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        yield _whole_file_reject(source, f"file is not valid JSON: {err}")
        return
    for position, item in enumerate(value if isinstance(value, list) else [value], start=1):
        raw = json.dumps(item, ensure_ascii=False)
        if not isinstance(item, dict):
            kind = _JSON_TYPES.get(type(item), type(item).__name__)
            yield Located(source, position, _reject(source, position, None, f"element is {_article(kind)}, "
                                                                           "not an article object", raw))
        else:
            yield _located(source, position, item, raw, published)


def _skip(stream, lines: int) -> int:
    done = 0
    while done < lines and stream.readline():
        done += 1
    return done


def _read_csv(path: Path, published: dt.date | None, columns: Columns) -> Iterator[Located]:
    source = printable(path)
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # article texts are long fields
    try:
        with path.open("rb") as stream:  # decoded line by line: a bad byte costs its row only
            yield from _csv_located(csv_rows(stream), source, published, columns)
    except OSError as err:
        yield _whole_file_reject(source, f"cannot read file: {err.strerror or err}")


def _csv_located(rows, source: str, published: dt.date | None, columns: Columns) -> Iterator[Located]:
    head = next(rows, None)
    if head is None:
        yield _whole_file_reject(source, "file is empty (expected a header row)")
        return
    header = head.cells
    missing = [name for name in (columns.id, columns.text) if name not in header]
    if head.problem or missing:
        names = " and ".join(f"'{name}'" for name in missing)
        reason = head.problem and f"header {head.problem.removeprefix('row ')}" or \
            f"header has no column {names} (columns: {', '.join(header)})"
        yield Located(source, 1, _reject(source, 1, None, reason, _csv_raw(header)))
        return
    for row in rows:
        if row.problem is not None:
            cells = dict(zip(header, row.cells))
            article_id = cells.get(columns.id) or None
            yield Located(source, row.line, _reject(source, row.line, article_id and printable_text(article_id),
                                                    row.problem, _csv_raw(row.cells)))
        elif row.cells == header:
            yield Located(source, row.line, _reject(source, row.line, None, "row repeats the header "
                                                    "(two files joined?): skipped", _csv_raw(row.cells)))
        elif any(cell.strip() for cell in row.cells):
            yield Located(source, row.line, _csv_article(header, row.cells, source, row.line, published, columns))


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
    return _to_article(value, raw, source, line, published, columns.date_order)


def _csv_raw(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    return out.getvalue()


def _read_html(path: Path, published: dt.date | None) -> Located:
    source, article_id = printable(path), path.stem
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
    bad_date = impossible_meta_date(data)
    warnings = (f"article {article_id!r}: the page's date {bad_date} is no calendar day: not used",) if bad_date else ()
    item = _whole_article(source, article_id, text, data[:RAW_LIMIT], title=title,
                          published=day if day is not None else published)
    return Located(source, None, item, warnings)


#: Also the names other modules and the tests import from here (the record parsing lives in
#: ``extractor.io.parse``, file discovery in ``extractor.io.inputs``, HTML in ``extractor.io.html``).
__all__ = ["HTML_MAX_DATE", "RAW_LIMIT", "SUFFIXES", "Columns", "Located", "count_inputs", "iter_files",
           "parse_html", "parse_line", "parse_located", "read_articles", "read_json_array", "read_jsonl",
           "read_located"]
