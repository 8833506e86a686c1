"""The ``wireclaims`` CLI: help texts, extract to SQLite/JSONL/stdout, rejects, exit codes, show, schema."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys

import click
import jsonschema
import pytest
import typer
from typer.testing import CliRunner

from extractor.cli.app import MAX_CHARS, app
from extractor.io.sinks.registry import read_rejects, read_results
from models import ArticleResult, Reject

runner = CliRunner()

SUMMARY = re.compile(r"wireclaims: (?P<articles>\d+) articles processed(?: \((?P<replaced>\d+) replaced\))?, "
                     r"(?P<quantities>\d+) quantities, (?P<claims>\d+) claims, (?P<officials>\d+) officials, "
                     r"(?P<countries>\d+) countries, (?P<dates>\d+) dates, (?P<rejects>\d+) rejects")

GOOD = [
    '{"id": "g1", "text": "More than 200,000 Russian citizens have entered Kazakhstan since September 21, '
    'officials said.", "published": "2022-10-04"}',
    '{"id": "g2", "text": "About 8,000 people arrive in Georgia daily, the Interior Ministry said."}',
]
#: (line, the reject message printed to stderr); the line number is filled in by ``bad_file``.
BAD = [
    ('{"id": "b1", "text": "x" "published": 1}', "line is not valid JSON: Expecting ',' delimiter (col 26)"),
    ("[1, 2]", "line is not a JSON object but an array"),
    ('{"id": "b2"}', "article 'b2': missing field 'text'"),
    ('{"text": "No id here."}', "missing field 'id'"),
    ('{"id": "b3", "text": "   "}', "article 'b3': text is empty"),
    ('{"id": "b4", "text": "Text.", "published": "2022-13-45"}',
     "article 'b4': published '2022-13-45' is not an ISO 8601 date"),
]
BAD_UTF8 = b'{"id": "b5", "text": "caf\xff"}'


def summary(stderr: str) -> dict[str, int]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    return {key: int(value or 0) for key, value in match.groupdict().items()}


def db_counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("articles", "quantities", "claims", "officials", "countries", "dates", "rejects")}


@pytest.fixture
def bad_file(tmp_path):
    """Good lines and every kind of bad line, mixed; returns (path, expected reject messages)."""
    path = tmp_path / "mixed.jsonl"
    lines = [GOOD[0].encode(), *(line.encode() for line, _ in BAD), BAD_UTF8, GOOD[1].encode()]
    path.write_bytes(b"\n".join(lines) + b"\n")
    messages = [f"{path}:{number}: {message}" for number, (_, message) in enumerate(BAD, start=2)]
    messages.append(f"{path}:{len(BAD) + 2}: line is not valid UTF-8 (byte 0xff at 25)")
    return path, messages


@pytest.fixture
def wikinews_file(tmp_path, wikinews_lines):
    path = tmp_path / "wikinews.jsonl"
    path.write_text("".join(wikinews_lines), encoding="utf-8")
    return path


def invoke(*args: str):
    return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)


def test_cli_every_command_and_option_has_help():
    group = typer.main.get_command(app)
    assert group.help
    ctx = click.Context(group)
    assert set(group.list_commands(ctx)) == {"extract", "schema", "show", "groups", "export", "review"}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command.help, name
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name} has no help text"


def test_cli_max_chars_default_matches_the_library():
    from extractor.api import MAX_CHARS as LIBRARY_MAX_CHARS

    assert MAX_CHARS == LIBRARY_MAX_CHARS


def test_cli_extract_wikinews_to_sqlite_with_the_model(tmp_path, wikinews_file, wikinews_lines, nlp_model):
    out = tmp_path / "claims.db"
    result = invoke("extract", wikinews_file, "-o", out, "--model", "auto")
    assert result.exit_code == 0, result.stderr
    counts = summary(result.stderr)
    table = db_counts(out)
    assert counts["articles"] == table["articles"] == len(wikinews_lines)
    assert {key: counts[key] for key in ("quantities", "claims", "officials", "countries", "dates")} == {
        key: table[key] for key in ("quantities", "claims", "officials", "countries", "dates")}
    assert counts["rejects"] == table["rejects"] == 0
    assert f"wireclaims: output {out}" in result.stderr
    assert "wireclaims: pipeline " in result.stderr
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in wikinews_lines}
    records = list(read_results(out))
    assert [r.article_id for r in records] == list(texts)
    for record in records:
        assert record.check_spans(texts[record.article_id]) == []


@pytest.mark.parametrize("name", ["claims.jsonl", "claims.db"])
def test_cli_extract_wikinews_blank_jsonl_and_sqlite_agree(tmp_path, wikinews_file, name):
    out = tmp_path / name
    result = invoke("extract", wikinews_file, "-o", out, "--model", "blank", "--batch-size", "2")
    assert result.exit_code == 0, result.stderr
    assert "wireclaims: pipeline blank" in result.stderr
    records = list(read_results(out))
    assert summary(result.stderr)["articles"] == len(records) == 3
    assert all(record.pipeline == "blank" for record in records)


def test_cli_extract_to_stdout(tmp_path, wikinews_file):
    result = invoke("extract", wikinews_file, "-o", "-", "--model", "blank")
    assert result.exit_code == 0, result.stderr
    records = [ArticleResult.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [r.article_id for r in records] == [r.article_id for r in records if r.article_id.startswith("wikinews-")]
    assert len(records) == 3
    assert "wireclaims: output stdout" in result.stderr


def test_cli_extract_bad_input_writes_good_and_rejects_bad(tmp_path, bad_file):
    path, messages = bad_file
    out = tmp_path / "out.db"
    result = invoke("extract", path, "-o", out, "--model", "blank")
    assert result.exit_code == 0, result.stderr
    printed = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    assert printed == messages
    assert summary(result.stderr)["articles"] == 2
    assert summary(result.stderr)["rejects"] == len(messages) == 7
    assert [r.article_id for r in read_results(out)] == ["g1", "g2"]
    rejects = list(read_rejects(out))
    assert [reject.message() for reject in rejects] == messages
    assert rejects[0].raw == BAD[0][0]


def test_cli_extract_bad_input_to_jsonl_keeps_rejects_beside(tmp_path, bad_file):
    path, messages = bad_file
    out = tmp_path / "out.jsonl"
    result = invoke("extract", path, "-o", out, "--model", "blank", "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert [reject.message() for reject in read_rejects(out)] == messages
    assert (tmp_path / "out.rejects.jsonl").is_file()


@pytest.mark.parametrize(("lines", "args", "code"), [
    ([GOOD[0], BAD[1][0]], ["--strict"], 1),
    ([GOOD[0]], ["--strict"], 0),
    ([GOOD[0], BAD[1][0]], [], 0),
    ([BAD[1][0], BAD[2][0]], [], 2),
    ([BAD[1][0]], ["--strict"], 2),
    ([], [], 2),
])
def test_cli_extract_exit_codes(tmp_path, lines, args, code):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = invoke("extract", path, "-o", tmp_path / "out.db", "--model", "blank", *args)
    assert result.exit_code == code, result.stderr
    if code == 2:
        assert "wireclaims: error: no article could be read" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["missing.jsonl"], "wireclaims: error: input not found: missing.jsonl"),
    (["in.jsonl", "--published", "2022-13-45"], "wireclaims: error: --published '2022-13-45' is not an ISO 8601 date"),
    (["in.jsonl", "-o", "out.csv"],
     "wireclaims: error: unsupported output 'out.csv': use a .jsonl, .db, .sqlite, .sqlite3 or .parquet path, a postgresql:// URL, or -"),
    (["in.jsonl", "-o", "no/such/dir/out.db"], "wireclaims: error: output directory does not exist: no/such/dir"),
    (["in.jsonl", "--model", "no_such_model_xyz"], "wireclaims: error: cannot load model 'no_such_model_xyz'"),
])
def test_cli_extract_bad_usage_exits_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.jsonl").write_text(GOOD[0] + "\n")
    result = invoke("extract", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert not (tmp_path / "claims.db").exists()


def test_cli_extract_published_applies_to_articles_without_one(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(GOOD) + "\n")
    out = tmp_path / "out.jsonl"
    assert invoke("extract", path, "-o", out, "--model", "blank", "--published", "2022-09-28").exit_code == 0
    records = {r.article_id: r for r in read_results(out)}
    assert (records["g1"].published, records["g1"].published_source) == ("2022-10-04", "input")
    assert (records["g2"].published, records["g2"].published_source) == ("2022-09-28", "input")


def test_cli_extract_txt_and_directory(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "story.txt").write_text("Nearly 3,000 workers went on strike in France on Monday.")
    (tmp_path / "in" / "a.jsonl").write_text(GOOD[1] + "\n")
    out = tmp_path / "out.db"
    result = invoke("extract", tmp_path / "in", "-o", out, "--model", "blank")
    assert result.exit_code == 0, result.stderr
    assert [r.article_id for r in read_results(out)] == ["g2", "story"]


def test_cli_extract_rerun_replaces_and_warns_on_duplicates(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([GOOD[0], GOOD[1], GOOD[0]]) + "\n")
    out = tmp_path / "out.db"
    first = invoke("extract", path, "-o", out, "--model", "blank")
    assert f"wireclaims: warning: {path}:3: article 'g1' repeats an id first read at {path}:1" in first.stderr
    second = invoke("extract", path, "-o", out, "--model", "blank")
    assert summary(second.stderr)["replaced"] == 3
    assert db_counts(out)["articles"] == 2


def test_cli_extract_over_max_chars_is_split_not_rejected(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(GOOD) + "\n")
    out = tmp_path / "out.db"
    result = invoke("extract", path, "-o", out, "--model", "blank", "--max-chars", "80")
    assert result.exit_code == 0, result.stderr
    assert summary(result.stderr)["rejects"] == 0
    record = next(r for r in read_results(out) if r.article_id == "g1")
    assert record.warnings[-1] == ("text has 94 characters, over the limit of 80: "
                                   "processed in 2 pieces split at paragraph breaks")
    assert record.check_spans(json.loads(GOOD[0])["text"]) == []


@pytest.fixture
def extracted_db(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(GOOD) + "\n")
    out = tmp_path / "claims.db"
    assert invoke("extract", path, "-o", out, "--model", "blank").exit_code == 0
    return out


def test_cli_show_known_article(extracted_db):
    record = next(r for r in read_results(extracted_db) if r.article_id == "g1")
    result = invoke("show", "g1", "--db", extracted_db)
    assert result.exit_code == 0
    assert result.stdout.startswith("article g1  published 2022-10-04 (input)  pipeline blank\n")
    assert result.stdout.count("\nclaim ") == len(record.claims)
    for claim in record.claims:
        assert f"  {claim.id}\n" in result.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["nope"], 1, "wireclaims: error: article 'nope' not found in {db}"),
    (["g1", "--db", "missing.db"], 2, "wireclaims: error: no such output: missing.db"),
])
def test_cli_show_unknown(extracted_db, monkeypatch, args, code, message):
    monkeypatch.chdir(extracted_db.parent)
    if "--db" not in args:
        args = [*args, "--db", str(extracted_db)]
    result = invoke("show", *args)
    assert result.exit_code == code
    assert result.stderr.strip() == message.format(db=extracted_db)


def test_cli_schema_is_valid_json_schema(extracted_db):
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == ArticleResult.model_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for record in read_results(extracted_db):
        jsonschema.validate(record.model_dump(mode="json"), schema)


def test_cli_python_dash_m_is_the_same_cli():
    done = subprocess.run([sys.executable, "-m", "extractor", "--help"], capture_output=True, text=True, check=True)
    assert "Usage: wireclaims" in done.stdout
    assert all(name in done.stdout for name in ("extract", "schema", "show"))


def test_cli_reject_is_a_model():
    assert Reject(source="s", reason="r").message() == "s: r"


def test_cli_extract_progress_lines(tmp_path, monkeypatch):
    monkeypatch.setattr("extractor.cli.progress.PROGRESS_EVERY", 1)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(GOOD) + "\n")
    result = invoke("extract", path, "-o", tmp_path / "out.db", "--model", "blank")
    assert "wireclaims: 1 inputs done\nwireclaims: 2 inputs done\n" in result.stderr
