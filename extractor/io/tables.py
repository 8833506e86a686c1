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

Every per-article table's ``article_id`` references ``articles`` (``ON DELETE CASCADE``), so tools
that read foreign keys (Datasette) link a claim to its article. The view ``claim_facts`` flattens a
claim with its quantity, its article and its source, in both dialects. SQLite also gets
``claims_fts``, an FTS5 index over claim sentences kept in step with ``claims`` by triggers (a
re-extracted article's claims leave it and come back with the new rows).
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
    references: str | None = None


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
    """A plain index on ``columns`` of ``table``, in the ``dialects`` that have it."""

    name: str
    table: str
    columns: tuple[str, ...]
    dialects: tuple[str, ...] = (SQLITE, POSTGRES)


def _col(name: str, type: str = "text", *, null: bool = True) -> Column:
    return Column(name, type, not_null=not null)


_SPAN = (_col("text"), _col("start", "int"), _col("end", "int"))
_ARTICLE = Column("article_id", not_null=True, references="articles (article_id)")
_BY_ARTICLE = (_ARTICLE, _col("idx", "int", null=False))

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
        _col("id", null=False), _ARTICLE, _col("quantity", "int"),
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
        _ARTICLE, _col("code", null=False), _col("name"), _col("mentions", "json")),
        key=("article_id", "code")),
    Table("dates", (
        *_BY_ARTICLE, *_SPAN,
        _col("type"), _col("value"), _col("begin_day", "day"), _col("end_day", "day")),
        key=("article_id", "idx")),
    # each claim's bucket of claim groups (null: never grouped) and what grouping reads of it, written
    # with the claim (``extractor.analysis.group_index``): the review app reads groups by bucket
    Table("claim_groups", (
        _ARTICLE, _col("claim_id", null=False), _col("idx", "int", null=False), _col("bucket"), _col("item")),
        key=("article_id", "claim_id")),
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
    # the review app's claim lists, filtered and paged in article order, and its article filters
    Index("claims_kind_order", "claims", ("source_kind", "article_id", "id")),
    Index("claims_country_order", "claims", ("subject_country", "article_id", "id")),
    Index("claims_hedged_order", "claims", ("hedged", "article_id", "id")),
    Index("claims_time_end", "claims", ("time_end",)),
    Index("articles_published", "articles", ("published",)),
    Index("claim_groups_bucket", "claim_groups", ("bucket",)),
    # the review app's country filter: an article's officials by country, and what it reads of each
    # claim of the articles naming the country (its source's country, its places), from the index
    # alone instead of the claim's row (SQLite only: the app reads SQLite; a btree entry holding the
    # places would be capped in PostgreSQL)
    Index("officials_country", "officials", ("country",)),
    Index("claims_place_countries", "claims", ("article_id", "source_country", "places"), (SQLITE,)),
)
#: The indexes the review app's lists and filters use (``extractor.review``): the writer makes them
#: with the tables; the app adds them only to a database written before they were declared.
REVIEW_INDEXES = ("claims_kind_order", "claims_country_order", "claims_hedged_order", "claims_time",
                  "claims_time_end", "articles_published", "countries_code", "officials_name",
                  "officials_country", "claims_place_countries")
#: One row per claim with what a fact-checker asks about it: no joins needed.
VIEWS = {"claim_facts": """SELECT c.article_id, c.id AS claim_id, c.sentence,
    q.text AS quantity_text, q.value, q.low, q.high, q.bound, q.unit, q.counted, q.change, q.per,
    c.subject, c.subject_country, c.predicate, c.predicate_lemma, c.places, c.time_begin, c.time_end,
    c.time_text, c.hedged, c.qualifiers,
    c.source_text, c.source_name, c.source_title, c.source_kind, c.source_country, c.source_cue,
    a.published, a.title, a.url, a.source AS outlet
FROM claims c
JOIN articles a ON a.article_id = c.article_id
LEFT JOIN quantities q ON q.article_id = c.article_id AND q.idx = c.quantity"""}
#: SQLite's full-text index over claim sentences (external content: the sentences stay in ``claims``).
FTS_TABLE = "claims_fts"
_FTS_SQL = f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(sentence, content='claims', content_rowid='rowid');
CREATE TRIGGER IF NOT EXISTS claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO {FTS_TABLE} (rowid, sentence) VALUES (new.rowid, new.sentence);
END;
CREATE TRIGGER IF NOT EXISTS claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, sentence) VALUES ('delete', old.rowid, old.sentence);
END;
CREATE TRIGGER IF NOT EXISTS claims_fts_update AFTER UPDATE OF sentence ON claims BEGIN
    INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, sentence) VALUES ('delete', old.rowid, old.sentence);
    INSERT INTO {FTS_TABLE} (rowid, sentence) VALUES (new.rowid, new.sentence);
END;"""
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
    if column.references:
        parts.append(f"REFERENCES {column.references} ON DELETE CASCADE")
    return " ".join(parts)


def _table_sql(table: Table, dialect: str) -> str:
    """``CREATE TABLE``, one column a line."""
    items = [_column_sql(column, dialect) for column in table.in_dialect(dialect)]
    if table.key:
        items.append(f"PRIMARY KEY ({', '.join(table.key)})")
    body = ",\n    ".join(items)
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n    {body}\n);"


def _indexes_sql(dialect: str, names: tuple[str, ...] | None = None) -> list[str]:
    """The indexes (all, or those ``names``) of this dialect whose columns all exist in it."""
    have = {table.name: {column.name for column in table.in_dialect(dialect)} for table in TABLES}
    return [f"CREATE INDEX IF NOT EXISTS {index.name} ON {index.table} ({', '.join(index.columns)});"
            for index in INDEXES if dialect in index.dialects and have[index.table].issuperset(index.columns)
            and (names is None or index.name in names)]


def review_indexes_ddl() -> str:
    """The SQLite script of the review app's indexes (``REVIEW_INDEXES``), each made only if missing."""
    return "\n" + "\n".join(_indexes_sql(SQLITE, REVIEW_INDEXES)) + "\n"


def _meta_sql(dialect: str) -> list[str]:
    values = [f"('{key}', '{value}')" for key, value in META.items()]
    if dialect == SQLITE:
        return [f"INSERT OR IGNORE INTO meta VALUES {value};" for value in values]
    return [f"INSERT INTO meta VALUES {value} ON CONFLICT (key) DO NOTHING;" for value in values]


def _views_sql(dialect: str) -> list[str]:
    create = "CREATE VIEW IF NOT EXISTS" if dialect == SQLITE else "CREATE OR REPLACE VIEW"
    return [f"{create} {name} AS\n{body};" for name, body in VIEWS.items()]


#: The index the SQLite writer reads while it writes (a reject replaces the one at its line). A run
#: that creates its database makes the other indexes when it closes (``sqlite_ddl(load_first=True)``).
WRITE_INDEXES = ("rejects_where",)


def _script(dialect: str, indexes: tuple[str, ...] | None = None) -> str:
    statements = ([_table_sql(table, dialect) for table in TABLES] + _indexes_sql(dialect, indexes)
                  + _meta_sql(dialect) + _views_sql(dialect))
    return "\n" + "\n".join(statements) + "\n"


def sqlite_ddl(*, load_first: bool = False) -> str:
    """The SQLite script: tables, indexes, views and the ``meta`` rows, each created only if missing
    (the full-text index is ``sqlite_fts_ddl``: an SQLite built without FTS5 still gets the rest).
    ``load_first``: of the indexes only ``WRITE_INDEXES``, for a database filled before it is indexed
    (the whole script, run again, adds the rest)."""
    return _script(SQLITE, WRITE_INDEXES if load_first else None)


def sqlite_fts_ddl() -> str:
    """The FTS5 table over claim sentences and the triggers that keep it in step with ``claims``."""
    return _FTS_SQL + "\n"


def postgres_ddl() -> str:
    """The PostgreSQL script: tables, indexes, views and the ``meta`` rows, each created only if missing."""
    return _script(POSTGRES)
