"""The output tables, declared once for SQLite (``writers.SCHEMA``) and PostgreSQL (``postgres.SCHEMA``).

Each column has a logical type; ``TYPES`` says what it becomes in each dialect:

============  ==========  ======================================  =============================
logical       SQLite      PostgreSQL                              holds
============  ==========  ======================================  =============================
``text``      ``TEXT``    ``text``                                a string
``int``       ``INTEGER`` ``integer``                             an index, offset or count
``int64``     ``INTEGER`` ``bigint``                              an input line number
``real``      ``REAL``    ``double precision``                    a number
``bool``      ``INTEGER`` ``boolean``                             a flag (0/1 in SQLite)
``day``       ``TEXT``    ``date``                                a ``YYYY-MM-DD`` day
``json``      ``TEXT``    ``jsonb``                               nested fields, full records
``seq``       (none)      ``bigint GENERATED ALWAYS AS IDENTITY``  the order written
============  ==========  ======================================  =============================

SQLite has no ``seq`` column (its ``rowid`` is the order written), and so no index on one either.
"""

from __future__ import annotations

from dataclasses import dataclass

SQLITE, POSTGRES = "sqlite", "postgres"
#: Each logical type in each dialect; ``None``: the dialect has no such column.
TYPES: dict[str, dict[str, str | None]] = {
    "text": {SQLITE: "TEXT", POSTGRES: "text"},
    "int": {SQLITE: "INTEGER", POSTGRES: "integer"},
    "int64": {SQLITE: "INTEGER", POSTGRES: "bigint"},
    "real": {SQLITE: "REAL", POSTGRES: "double precision"},
    "bool": {SQLITE: "INTEGER", POSTGRES: "boolean"},
    "day": {SQLITE: "TEXT", POSTGRES: "date"},
    "json": {SQLITE: "TEXT", POSTGRES: "jsonb"},
    "seq": {SQLITE: None, POSTGRES: "bigint GENERATED ALWAYS AS IDENTITY"},
}
#: Column names both dialects reserve, so quoted wherever they appear.
_RESERVED = frozenset({"end"})
#: The ``meta`` rows every output starts with (kept if already there).
META = {"db_schema": "1"}


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    type: str = "text"
    not_null: bool = False
    primary_key: bool = False


@dataclass(frozen=True)
class Table:
    """A table: its columns in order and its composite primary ``key`` (if any)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    def in_dialect(self, dialect: str) -> tuple[Column, ...]:
        """The columns this dialect has (SQLite has no ``seq``)."""
        return tuple(column for column in self.columns if TYPES[column.type][dialect] is not None)


@dataclass(frozen=True)
class Index:
    """A plain index on ``columns`` of ``table``."""

    name: str
    table: str
    columns: tuple[str, ...]


def _col(name: str, type: str = "text", *, null: bool = True) -> Column:
    return Column(name, type, not_null=not null)


_SPAN = (_col("text"), _col("start", "int"), _col("end", "int"))
_BY_ARTICLE = (_col("article_id", null=False), _col("idx", "int", null=False))

TABLES: tuple[Table, ...] = (
    Table("meta", (Column("key", primary_key=True), _col("value", null=False))),
    Table("articles", (
        Column("article_id", primary_key=True), _col("title"), _col("url"), _col("source"),
        _col("language"),
        _col("published", "day"), _col("published_source"), _col("pipeline"), _col("schema_version"),
        _col("text", null=False), _col("record", "json", null=False), _col("seq", "seq"))),
    Table("quantities", (
        *_BY_ARTICLE, *_SPAN,
        _col("value", "real"), _col("low", "real"), _col("high", "real"), _col("bound"),
        _col("change"), _col("unit"), _col("counted"), _col("per")),
        key=("article_id", "idx")),
    Table("claims", (
        _col("id", null=False), _col("article_id", null=False), _col("quantity", "int"),
        _col("sentence"),
        _col("subject"), _col("subject_country"), _col("predicate"), _col("predicate_lemma"),
        _col("places", "json"),
        _col("time_begin", "day"), _col("time_end", "day"), _col("time_text"),
        _col("source_text"), _col("source_name"), _col("source_title"), _col("source_kind"),
        _col("source_country"),
        _col("source_cue"), _col("hedged", "bool", null=False), _col("qualifiers", "json"),
        _col("record", "json", null=False)),
        key=("article_id", "id")),
    Table("officials", (
        *_BY_ARTICLE, _col("name"), _col("title"), _col("country"),
        _col("organization"), _col("aliases", "json"), _col("mentions", "json")),
        key=("article_id", "idx")),
    Table("countries", (
        _col("article_id", null=False), _col("code", null=False), _col("name"), _col("mentions", "json")),
        key=("article_id", "code")),
    Table("dates", (
        *_BY_ARTICLE, *_SPAN,
        _col("type"), _col("value"), _col("begin_day", "day"), _col("end_day", "day")),
        key=("article_id", "idx")),
    Table("rejects", (
        _col("source", null=False), _col("line", "int64"), _col("article_id"),
        _col("reason", null=False), _col("raw"), _col("seq", "seq"))),
)
INDEXES: tuple[Index, ...] = (
    Index("articles_seq", "articles", ("seq",)),
    Index("claims_id", "claims", ("id",)),
    Index("claims_subject_country", "claims", ("subject_country",)),
    Index("claims_source_name", "claims", ("source_name",)),
    Index("claims_time", "claims", ("time_begin", "time_end")),
    Index("claims_hedged", "claims", ("hedged",)),
    Index("countries_code", "countries", ("code",)),
    Index("officials_name", "officials", ("name",)),
    Index("rejects_where", "rejects", ("source", "line")),
)
_BY_NAME = {table.name: table for table in TABLES}


def column_names(table: str) -> tuple[str, ...]:
    """The columns a writer fills, in order: all but ``seq``, which the database numbers."""
    return tuple(column.name for column in _BY_NAME[table].columns if column.type != "seq")


def _quote(name: str) -> str:
    return f'"{name}"' if name in _RESERVED else name


def _column_sql(column: Column, dialect: str) -> str:
    parts = [_quote(column.name), TYPES[column.type][dialect]]
    if column.primary_key:
        parts.append("PRIMARY KEY")
    if column.not_null:
        parts.append("NOT NULL")
    return " ".join(parts)


def _table_sql(table: Table, dialect: str) -> str:
    """``CREATE TABLE``, one column a line."""
    items = [_column_sql(column, dialect) for column in table.in_dialect(dialect)]
    if table.key:
        items.append(f"PRIMARY KEY ({', '.join(table.key)})")
    body = ",\n    ".join(items)
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n    {body}\n);"


def _indexes_sql(dialect: str) -> list[str]:
    """The indexes whose columns all exist in this dialect."""
    have = {table.name: {column.name for column in table.in_dialect(dialect)} for table in TABLES}
    return [f"CREATE INDEX IF NOT EXISTS {index.name} ON {index.table} ({', '.join(index.columns)});"
            for index in INDEXES if have[index.table].issuperset(index.columns)]


def _meta_sql(dialect: str) -> list[str]:
    values = [f"('{key}', '{value}')" for key, value in META.items()]
    if dialect == SQLITE:
        return [f"INSERT OR IGNORE INTO meta VALUES {value};" for value in values]
    return [f"INSERT INTO meta VALUES {value} ON CONFLICT (key) DO NOTHING;" for value in values]


def _script(dialect: str) -> str:
    statements = [_table_sql(table, dialect) for table in TABLES] + _indexes_sql(dialect) + _meta_sql(dialect)
    return "\n" + "\n".join(statements) + "\n"


def sqlite_ddl() -> str:
    """The SQLite script: tables, indexes and the ``meta`` rows, each created only if missing."""
    return _script(SQLITE)


def postgres_ddl() -> str:
    """The PostgreSQL script: tables, indexes and the ``meta`` rows, each created only if missing."""
    return _script(POSTGRES)
