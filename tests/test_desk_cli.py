"""The command line as a desk uses it: --version, list, the output given the same way to every
command and read whatever its kind, the progress total of a CSV dump, the install targets."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import __version__
from extractor.cli.app import app
from extractor.io.counting import count_csv_rows
from extractor.io.readers import count_inputs
from extractor.io.sinks.registry import read_results

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed.jsonl"
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """The seed article extracted (blank pipeline) into each local output kind."""
    folder = tmp_path_factory.mktemp("kinds")
    made = {}
    for kind, name in (("sqlite", "claims.db"), ("jsonl", "claims.jsonl"), ("parquet", "claims.parquet")):
        if kind == "parquet":
            pytest.importorskip("pyarrow")
        result = invoke("extract", SEED, "-o", folder / name, "--model", "blank", "-q")
        assert result.exit_code == 0, result.stderr
        made[kind] = folder / name
    return made


def test_desk_cli_version():
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"wireclaims {__version__}\n")


@pytest.mark.parametrize("kind", ["sqlite", "jsonl", "parquet"])
def test_desk_cli_every_command_reads_every_kind(outputs, kind):
    db = outputs[kind]
    (record,) = read_results(db)
    listed = invoke("list", db)
    assert listed.exit_code == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header.split()[:4] == ["article", "published", "claims", "quantities"]
    assert row.split()[:4] == ["seed", "2022-10-04", str(len(record.claims)), str(len(record.quantities))]
    assert listed.stderr.strip() == f"wireclaims: 1 articles, {len(record.claims)} claims"
    shown = invoke("show", db, "seed")
    assert shown.exit_code == 0 and shown.stdout.count("\nclaim ") == len(record.claims)
    grouped = invoke("groups", db, "--format", "json")
    assert grouped.exit_code == 0, grouped.stderr
    assert json.loads(grouped.stdout) and all(g["members"] for g in json.loads(grouped.stdout))
    exported = invoke("export", db, "--format", "csv")
    assert exported.exit_code == 0, exported.stderr
    assert len(list(csv.DictReader(exported.stdout.splitlines()))) == len(record.claims)


def test_desk_cli_list_shows_titles_where_the_output_keeps_them(tmp_path):
    dump = tmp_path / "in.jsonl"
    lines = SEED.read_text(encoding="utf-8").splitlines()
    article = json.loads(lines[0]) | {"title": "More than 200,000 Russians entered Kazakhstan"}
    dump.write_text(json.dumps(article) + "\n", encoding="utf-8")
    assert invoke("extract", dump, "-o", tmp_path / "t.db", "--model", "blank", "-q").exit_code == 0
    row = invoke("list", tmp_path / "t.db").stdout.splitlines()[1]
    assert row.endswith("More than 200,000 Russians entered Kazakhstan")


def test_desk_cli_show_old_form_still_works_with_a_note(outputs):
    old = invoke("show", "seed", "--db", outputs["sqlite"])
    new = invoke("show", outputs["sqlite"], "seed")
    assert old.exit_code == new.exit_code == 0 and old.stdout == new.stdout
    assert "deprecated; use 'show DB ARTICLE_ID'" in old.stderr and new.stderr == ""


@pytest.mark.parametrize("command", ["list", "groups", "show"])
def test_desk_cli_missing_or_unknown_output(tmp_path, command):
    extra = ["seed"] if command == "show" else []
    missing = invoke(command, tmp_path / "nope.parquet", *extra)
    assert (missing.exit_code, missing.stderr.strip()) == (2, f"wireclaims: error: no such output: {tmp_path / 'nope.parquet'}")
    unknown = invoke(command, tmp_path / "claims.xlsx", *extra)
    assert unknown.exit_code == 2 and "unsupported output" in unknown.stderr


def test_desk_cli_labelstudio_needs_the_texts_a_database_keeps(outputs, tmp_path):
    result = invoke("export", outputs["jsonl"], "--format", "labelstudio", "-o", tmp_path / "t.json")
    assert (result.exit_code, result.stderr.strip()) == (
        2, "wireclaims: error: --format labelstudio needs the article texts, which a JSONL output does not keep: "
           "export from a database (.db, .parquet, postgresql://)")
    tasks = {}
    for kind in ("sqlite", "parquet"):
        out = tmp_path / f"{kind}.json"
        assert invoke("export", outputs[kind], "--format", "labelstudio", "-o", out).exit_code == 0
        tasks[kind] = json.loads(out.read_text(encoding="utf-8"))
    assert tasks["parquet"] == tasks["sqlite"] and tasks["sqlite"][0]["data"]["text"].startswith("Russian citizens")


# Wikinews 100911 and 62929, as a spreadsheet keeps them: quoted texts that hold line breaks.
def test_desk_cli_progress_total_counts_csv_rows_not_lines(tmp_path, wikinews_articles):
    path = tmp_path / "dump.csv"
    chosen = [a for a in wikinews_articles if "\n" in a.text][:3]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "text"])
        writer.writerows([a.id, a.text] for a in chosen)
        writer.writerow(["", ""])
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines > len(chosen) + 2
    assert count_csv_rows(path) == count_inputs([path]) == len(chosen) == 3


def test_desk_cli_make_run_installs_no_test_extras():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_install = re.search(r"^\$\(STAMP\):.*?(?=^\S)", makefile, flags=re.S | re.M).group(0)
    assert '".[model,all]"' in run_install and "test" not in run_install.split("pip install")[-1]
    assert re.search(r"^test: setup-test$", makefile, flags=re.M)
    assert re.search(r"^run: setup$", makefile, flags=re.M)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject   # a license table is deprecated in setuptools >= 77
