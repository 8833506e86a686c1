"""Bad inputs cost one reject (or one warning) each, naming the file and line; the rest is read.

Real files on disk: names that are not UTF-8, bad bytes and unclosed quotes in CSV, symbolic link
loops and dangling links, FIFOs, concatenated JSONL with BOMs, bare-CR files, pretty-printed JSON
arrays, non-string optional fields, text of NUL bytes, impossible HTML dates.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.io.readers import read_located
from models import Article, Reject

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Officials said 12 people died on Monday."


def read(*paths: Path) -> list:
    warnings: list[str] = []
    items = list(read_located(list(paths), on_warning=warnings.append))
    return [(item.source, item.line, item.item) for item in items], warnings


def wireclaims(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def articles(items) -> list[str]:
    return [item.id for _, _, item in items if isinstance(item, Article)]


def rejects(items) -> list[tuple[str, int | None, str]]:
    return [(source, line, item.reason) for source, line, item in items if isinstance(item, Reject)]


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_file_name_not_utf8_is_one_reject_and_the_run_goes_on(tmp_path, suffix):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    bad = os.fsdecode(bytes(tmp_path) + b"/caf\xe9" + suffix.encode())
    Path(bad).write_text(GOOD if suffix == ".txt" else json.dumps({"id": "x", "text": GOOD}) + "\n{bad\n")
    done = wireclaims("extract", tmp_path, "-o", tmp_path / "out.db", "--model", "blank")
    assert done.returncode == 0, done.stderr
    assert f"caf\\xe9{suffix}: file name is not valid UTF-8" in done.stderr
    assert "1 articles processed" in done.stderr and "1 rejects" in done.stderr


def test_symlink_loops_dangling_links_and_fifos_are_rejects(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(tmp_path / "loop.jsonl", tmp_path / "loop.jsonl")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    os.symlink(tmp_path, tmp_path / "back")  # a directory link back up: read once
    items, _ = read(tmp_path)
    assert articles(items) == ["a"]
    reasons = {Path(source).name: reason for source, _, reason in rejects(items)}
    assert reasons["loop.jsonl"] == "symbolic link loop: the link never reaches a file"
    assert reasons["dangling.txt"].startswith("dangling symbolic link (to ")
    assert reasons["pipe.jsonl"] == "not a regular file (a FIFO): not read"


def test_symlink_loop_named_on_the_command_line_does_not_block_the_others(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(tmp_path / "loop.jsonl", tmp_path / "loop.jsonl")
    done = wireclaims("extract", tmp_path / "loop.jsonl", tmp_path / "a.txt", "-o", tmp_path / "out.db", "--model", "blank")
    assert done.returncode == 0, done.stderr
    assert "loop.jsonl: symbolic link loop" in done.stderr and "1 articles processed" in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory, so none is unreadable")
def test_unreadable_directory_is_a_reject(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        items, _ = read(tmp_path)
    finally:
        locked.chmod(0o755)
    assert articles(items) == ["a"] and any("cannot read directory" in r for _, _, r in rejects(items))


CSV_BAD_BYTE = b"id,text\na1,Officials said 12 died.\na2,Police said 3 were caf\xe9 owners.\na3,Seven were hurt.\n"
CSV_UNCLOSED = (b'id,text\na1,Officials said 12 died.\na2,"Police said 3 were hurt\na3,Seven were hurt.\n'
                b'a4,"Four more, police said."\na5,Five fled.\n')


@pytest.mark.parametrize("content, good, bad", [
    (CSV_BAD_BYTE, ["a1", "a3"], [(3, "row is not valid UTF-8 (byte 0xe9 at character 22 of a field)")]),
    (CSV_UNCLOSED, ["a3", "a4", "a5", "a1"], [(3, "unclosed quote: the quoted field opened on line 3 swallows "
                                                "the lines up to 5 into a row of 3 fields (the header has 2); "
                                                "row skipped, reading goes on at line 4")]),
    (b'id,text\na1,Officials said 12 died.\na2,"never closed\na3,Seven were hurt.\n', ["a1", "a3"],
     [(3, "unclosed quote: the quoted field opened on line 3 is still open at the end of the file (line 4); "
          "row skipped, reading goes on at line 4")]),
])
def test_csv_bad_row_costs_that_row_only(tmp_path, content, good, bad):
    (tmp_path / "d.csv").write_bytes(content)
    items, _ = read(tmp_path / "d.csv")
    assert sorted(articles(items)) == sorted(good)
    assert [(line, reason) for _, line, reason in rejects(items)] == bad


def test_csv_with_bare_cr_line_ends(tmp_path):
    (tmp_path / "mac.csv").write_bytes(b"id,text\ra1,Officials said 12 died.\ra2,\"Police said 3,\rthen 4.\"\r")
    items, _ = read(tmp_path / "mac.csv")
    assert articles(items) == ["a1", "a2"] and rejects(items) == []
    assert items[1][2].text == "Police said 3,\nthen 4."


def test_jsonl_concatenated_with_boms_and_bare_crs(tmp_path):
    lines = [json.dumps({"id": f"a{n}", "text": GOOD}).encode() for n in range(4)]
    (tmp_path / "joined.jsonl").write_bytes(b"\xef\xbb\xbf" + lines[0] + b"\n\xef\xbb\xbf" + lines[1] + b"\n")
    (tmp_path / "mac.jsonl").write_bytes(lines[2] + b"\r" + lines[3] + b"\r")
    items, _ = read(tmp_path / "joined.jsonl", tmp_path / "mac.jsonl")
    assert articles(items) == ["a0", "a1", "a2", "a3"] and rejects(items) == []


def test_pretty_printed_json_array(tmp_path):
    value = [{"id": "a1", "text": GOOD}, {"id": "a2", "text": GOOD}, 7]
    (tmp_path / "dump.json").write_text(json.dumps(value, indent=2), encoding="utf-8")
    (tmp_path / "dump.jsonl").write_text(json.dumps(value, indent=2), encoding="utf-8")
    items, _ = read(tmp_path / "dump.json")
    assert articles(items) == ["a1", "a2"]
    assert rejects(items) == [(str(tmp_path / "dump.json"), 3, "element is a number, not an article object")]
    items, _ = read(tmp_path / "dump.jsonl")
    assert articles(items) == [] and [r for _, _, r in rejects(items)] == [
        "file is a JSON array, not JSON Lines (one article per line): name it .json to read it as an array"]


@pytest.mark.parametrize("field, value, kind", [("title", 7, "a number"), ("url", ["x"], "an array"),
                                                 ("language", {"code": "en"}, "an object"), ("source", True, "a boolean")])
def test_non_string_optional_field_is_dropped_with_a_warning(tmp_path, field, value, kind):
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "a1", "text": GOOD, field: value}) + "\n", encoding="utf-8")
    items, warnings = read(tmp_path / "d.jsonl")
    assert articles(items) == ["a1"] and getattr(items[0][2], field) is None
    assert warnings == [f"{tmp_path / 'd.jsonl'}:1: article 'a1': field {field!r} is {kind}, not a string: dropped"]


@pytest.mark.parametrize("content", [b"\x00" * 64, b"\x01\x02\x03\x1b\x7f\x00", b"... -- !!! \x00"])
def test_text_without_letters_or_digits_is_rejected(tmp_path, content):
    (tmp_path / "noise.txt").write_bytes(content)
    items, _ = read(tmp_path / "noise.txt")
    assert [r for _, _, r in rejects(items)] == ["text has no letters or digits"]


def test_impossible_html_meta_date_is_not_used(tmp_path):
    pytest.importorskip("trafilatura", reason="needs the html extra")
    page = ('<html><head><meta property="article:published_time" content="2022-02-30"><title>Riot</title></head>'
            '<body><article><p>MOSCOW, March 3, 2022 (Reuters) - Police said more than 300 people were '
            'arrested on Monday in the capital, and officials said 12 people were hurt.</p></article></body></html>')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    items, warnings = read(tmp_path / "page.html")
    (article,) = [item for _, _, item in items]
    assert article.published is None  # not 2022-02-01: the pipeline dates it from its text
    assert warnings == [f"{tmp_path / 'page.html'}: article 'page': the page's date 2022-02-30 is no calendar day: not used"]
