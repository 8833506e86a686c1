"""Parquet output: a directory holding one Parquet file per table of the SQLite schema.

``open_writer("out.parquet")`` gives a ``ParquetWriter`` that makes the directory ``out.parquet/``
with ``articles.parquet``, ``quantities.parquet``, ``claims.parquet``, ``officials.parquet``,
``countries.parquet``, ``dates.parquet`` and ``rejects.parquet`` (every file is written, empty
tables too). The columns are those of ``extractor.io.tables``, typed: ``date32`` for calendar
days (a value that is not a real day is null there and kept as written in ``record``), ``bool`` for
``hedged``, ``float64`` for numbers; fixed-shape nested fields are structs with ``text``, ``start``,
``end`` (places, qualifiers, mentions; ``aliases`` a list of strings); ``articles.record`` and
``claims.record`` are the full records as JSON strings.

Parquet is write-once: a run writes a new data set beside the target (``.<name>.partial``) in row
groups of ``row_group_articles`` articles, so memory stays flat, and ``close()`` swaps it into place,
replacing the directory a previous run left. A run that dies leaves the previous data set whole
(and a ``.partial`` directory, removed by the next run). An article id written twice in one run
keeps both sets of rows in the tables (``counts.replaced`` tells how many); ``read_results`` and
``find_result`` give the last one, as SQLite would.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extractor.io.rows import COLUMNS, Flavour, article_rows, as_day
from extractor.io.sinks.base import Closing, Counts, full
from models import Article, ArticleResult, Reject

#: Articles per row group (the rows of all tables for them are buffered until then).
ROW_GROUP_ARTICLES = 512
COMPRESSION = "zstd"

_STR, _INT, _FLOAT = pa.string(), pa.int32(), pa.float64()
_SPAN = [("text", _STR), ("start", _INT), ("end", _INT)]
MENTION = pa.struct(_SPAN)
PLACE = pa.struct([*_SPAN, ("country", _STR)])
QUALIFIER = pa.struct([*_SPAN, ("kind", _STR)])
COUNTRY_MENTION = pa.struct([*_SPAN, ("form", _STR)])


def _strings(*names: str) -> list[tuple[str, pa.DataType]]:
    return [(name, _STR) for name in names]


SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([*_strings("article_id", "title", "url", "source", "language"),
                           ("published", pa.date32()),
                           *_strings("published_source", "pipeline", "schema_version", "text", "record")]),
    "quantities": pa.schema([("article_id", _STR), ("idx", _INT), *_SPAN, ("value", _FLOAT), ("low", _FLOAT),
                             ("high", _FLOAT), *_strings("bound", "change", "unit", "counted", "per")]),
    "claims": pa.schema([*_strings("id", "article_id"), ("quantity", _INT),
                         *_strings("sentence", "subject", "subject_country", "predicate", "predicate_lemma"),
                         ("places", pa.list_(PLACE)), ("time_begin", pa.date32()), ("time_end", pa.date32()),
                         *_strings("time_text", "source_text", "source_name", "source_title", "source_kind",
                                   "source_country", "source_cue"),
                         ("hedged", pa.bool_()), ("qualifiers", pa.list_(QUALIFIER)), ("record", _STR)]),
    "officials": pa.schema([("article_id", _STR), ("idx", _INT),
                            *_strings("name", "title", "country", "organization"),
                            ("aliases", pa.list_(_STR)), ("mentions", pa.list_(MENTION))]),
    "countries": pa.schema([*_strings("article_id", "code", "name"), ("mentions", pa.list_(COUNTRY_MENTION))]),
    "dates": pa.schema([("article_id", _STR), ("idx", _INT), *_SPAN, *_strings("type", "value"),
                        ("begin_day", pa.date32()), ("end_day", pa.date32())]),
    "rejects": pa.schema([("source", _STR), ("line", pa.int64()), *_strings("article_id", "reason", "raw")]),
}
TABLES = tuple(SCHEMAS)


def table_file(path: Path | str, table: str) -> Path:
    """The file of one table in a Parquet output directory: ``<path>/<table>.parquet``."""
    return Path(path) / f"{table}.parquet"


def _check_replaceable(path: Path) -> None:
    """Refuse to replace anything but a directory this writer made."""
    if not path.exists():
        return
    if not path.is_dir():
        raise ValueError(f"cannot write Parquet output {str(path)!r}: it exists and is not a directory")
    foreign = sorted(entry.name for entry in path.iterdir() if entry.name not in {f"{t}.parquet" for t in TABLES})
    if foreign:
        raise ValueError(f"cannot replace {str(path)!r}: it holds files that are not Parquet output tables: "
                         f"{', '.join(foreign[:5])}")


class ParquetWriter(Closing):
    """Parquet output directory; see the module docstring."""

    def __init__(self, path: Path | str, *, row_group_articles: int = ROW_GROUP_ARTICLES) -> None:
        self.path = Path(path)
        self.counts = Counts()
        self.row_group_articles = max(1, row_group_articles)
        self._partial = self.path.with_name(f".{self.path.name}.partial")
        _check_replaceable(self.path)
        _check_replaceable(self._partial)
        shutil.rmtree(self._partial, ignore_errors=True)
        self._partial.mkdir()
        self._files = {table: pq.ParquetWriter(table_file(self._partial, table), schema, compression=COMPRESSION)
                       for table, schema in SCHEMAS.items()}
        self._rows: dict[str, list[dict]] = {table: [] for table in TABLES}
        self._buffered = self._buffered_chars = 0
        self._seen: set[str] = set()
        self._closed = False

    def write(self, result: ArticleResult, article: Article) -> None:
        for table, rows in article_rows(result, article, FLAVOUR).items():
            self._rows[table].extend(dict(zip(COLUMNS[table], row)) for row in rows)
        if result.article_id in self._seen:
            self.counts.replaced += 1
        self._seen.add(result.article_id)
        self.counts.add(result)
        self._buffered += 1
        self._buffered_chars += len(article.text)
        if full(self._buffered, self._buffered_chars, self.row_group_articles):
            self.flush()  # a long article's parts make a row group each: memory holds one part's rows

    def reject(self, reject: Reject) -> None:
        self._rows["rejects"].append(reject.model_dump())
        self.counts.rejects += 1

    def flush(self) -> None:
        """Write the buffered rows as one row group per table."""
        for table, rows in self._rows.items():
            if rows:
                self._files[table].write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
                rows.clear()
        self._buffered = self._buffered_chars = 0

    def close(self) -> None:
        """Finish the files and put the new data set in place of the old one."""
        if self._closed:
            return
        self._closed = True
        try:
            self.flush()
        finally:
            for file in self._files.values():
                file.close()
        _publish(self._partial, self.path)

    def describe(self) -> str:
        return f"{self.path}/ ({len(TABLES)} Parquet tables)"


def _publish(partial: Path, path: Path) -> None:
    """Swap the finished ``partial`` directory into ``path``."""
    old = path.with_name(f".{path.name}.old")
    _check_replaceable(old)
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        _check_replaceable(path)
        os.rename(path, old)
    os.rename(partial, path)
    shutil.rmtree(old, ignore_errors=True)


def _spanned(items, extra: tuple[str, ...]) -> list:
    """Mentions as the structs of ``SCHEMAS`` (text, start, end and the ``extra`` fields); strings as they are."""
    return [item if isinstance(item, str) else
            {"text": item.text, "start": item.span[0], "end": item.span[1], **{f: getattr(item, f) for f in extra}}
            for item in items]


FLAVOUR = Flavour(day=as_day, nested=_spanned, record=lambda record: record.model_dump_json(), flag=bool)


def open_writer(path: Path | str) -> ParquetWriter:
    return ParquetWriter(path)


def existing_ids(path: Path | str) -> set[str]:
    """Nothing to skip: a run replaces the whole data set."""
    return set()


def _articles_file(path: Path | str) -> Path:
    file = table_file(path, "articles")
    if not file.is_file():
        raise FileNotFoundError(f"no Parquet output at {path} (missing {file.name})")
    return file


def read_results(path: Path | str) -> Iterator[ArticleResult]:
    """The records of a Parquet output in the order written; of an id written twice, the last."""
    file = _articles_file(path)
    ids = pq.read_table(file, columns=["article_id"]).column(0).to_pylist()
    keep = set({article_id: position for position, article_id in enumerate(ids)}.values())
    position = 0
    for batch in pq.ParquetFile(file).iter_batches(batch_size=256, columns=["record"]):
        for record in batch.column(0).to_pylist():
            if position in keep:
                yield ArticleResult.model_validate_json(record)
            position += 1


def read_columns(path: Path | str, columns: tuple[str, ...]) -> Iterator[tuple]:
    """``(article_id, *columns)`` of every article, in the order written (an id written twice: the last)."""
    table = pq.read_table(_articles_file(path), columns=["article_id", *columns]).to_pydict()
    rows = zip(*(table[name] for name in ("article_id", *columns)))
    yield from {row[0]: row for row in rows}.values()


def read_rejects(path: Path | str) -> Iterator[Reject]:
    """The rejects of a Parquet output, in the order written."""
    _articles_file(path)
    for row in pq.read_table(table_file(path, "rejects")).to_pylist():
        yield Reject(**row)


def find_result(path: Path | str, article_id: str) -> ArticleResult | None:
    """One article's record from a Parquet output (the last written), or ``None``."""
    table = pq.read_table(_articles_file(path), columns=["record"], filters=[("article_id", "=", article_id)])
    records = table.column(0).to_pylist()
    return ArticleResult.model_validate_json(records[-1]) if records else None
