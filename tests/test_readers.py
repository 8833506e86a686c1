"""extractor.io.readers: every input line becomes one Article or one Reject with an exact reason."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.io.readers import (
    RAW_LIMIT,
    iter_files,
    parse_line,
    read_articles,
    read_located,
)
from models import Article, Reject

BAD_LINES = [
    (b'{"id": "a1", "text": "x" "published": 1}', None, "line is not valid JSON: Expecting ',' delimiter (col 26)"),
    (b'{"id": "a1", "text": "caf\xe9"}', None, "line is not valid UTF-8 (byte 0xe9 at 25)"),
    (b"\xff\xfe{}", None, "line is not valid UTF-8 (byte 0xff at 0)"),
    (b'["a1", "text"]', None, "line is not a JSON object but an array"),
    (b'"just text"', None, "line is not a JSON object but a string"),
    (b"42", None, "line is not a JSON object but a number"),
    (b"null", None, "line is not a JSON object but a null"),
    (b'{"id": "a1"}', "a1", "missing field 'text'"),
    (b'{"text": "Some text."}', None, "missing field 'id'"),
    (b'{"title": "t"}', None, "missing fields 'id' and 'text'"),
    (b'{"id": "a1", "text": null}', "a1", "missing field 'text'"),
    (b'{"id": "a1", "text": ""}', "a1", "text is empty"),
    (b'{"id": "a1", "text": " \\n\\t "}', "a1", "text is empty"),
    (b'{"id": "", "text": "Some text."}', None, "id is empty"),
    (b'{"id": ["a"], "text": "Some text."}', None, "field 'id' must be a string, not array"),
    (b'{"id": "a1", "text": 3}', "a1", "field 'text' must be a string, not number"),
    (b'{"id": "a1", "text": "t", "published": "2022-13-45"}', "a1",
     "published '2022-13-45' is not an ISO 8601 date"),
    (b'{"id": "a1", "text": "t", "published": "last Tuesday"}', "a1",
     "published 'last Tuesday' is not an ISO 8601 date"),
    (b'{"id": "a1", "text": "t", "published": 20220921}', "a1",
     "published must be an ISO 8601 string, not int"),
]


@pytest.mark.parametrize(("raw", "article_id", "reason"), BAD_LINES)
def test_readers_bad_line_is_rejected_with_reason(raw, article_id, reason):
    reject = parse_line(raw, "dump.jsonl", 7)
    assert isinstance(reject, Reject)
    assert (reject.source, reject.line, reject.article_id, reject.reason) == ("dump.jsonl", 7, article_id, reason)
    assert reject.raw == raw.decode("utf-8", errors="replace")


@pytest.mark.parametrize(("raw", "expected"), [
    (b'{"id": "a1", "text": "Hello."}', Article(id="a1", text="Hello.")),
    (b'{"id": 17, "text": "Hello."}', Article(id="17", text="Hello.")),
    (b'\xef\xbb\xbf{"id": "a1", "text": "Hello."}', Article(id="a1", text="Hello.")),
    (b'{"id": "a1", "text": "Hello.", "published": "2022-10-04"}',
     Article(id="a1", text="Hello.", published=dt.date(2022, 10, 4))),
    (b'{"id": "a1", "text": "Hello.", "published": "2022-10-04T23:30:00Z"}',
     Article(id="a1", text="Hello.", published=dt.date(2022, 10, 4))),
    (b'{"id": "a1", "text": "Hello.", "title": "T", "url": "u", "source": "s", "language": "en", "x": 1}',
     Article(id="a1", text="Hello.", title="T", url="u", source="s", language="en")),
])
def test_readers_good_line_is_an_article(raw, expected):
    assert parse_line(raw, "dump.jsonl", 1) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ('{"id": "a", "text": "t"}', dt.date(2022, 9, 21)),
    ('{"id": "a", "text": "t", "published": null}', dt.date(2022, 9, 21)),
    ('{"id": "a", "text": "t", "published": ""}', dt.date(2022, 9, 21)),
    ('{"id": "a", "text": "t", "published": "2020-01-02"}', dt.date(2020, 1, 2)),
])
def test_readers_published_default_applies_to_articles_without_one(tmp_path, line, expected):
    path = tmp_path / "a.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    [article] = read_articles([path], published=dt.date(2022, 9, 21))
    assert article.published == expected


def test_readers_raw_is_truncated(tmp_path):
    reject = parse_line(b'{"id": "a", "text": ' + b"x" * 5000, "f.jsonl", 1)
    assert reject.reason.startswith("line is not valid JSON")
    assert len(reject.raw) == RAW_LIMIT + 1 and reject.raw.endswith("…")


def test_readers_jsonl_lines_in_order_with_line_numbers(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'{"id": "a", "text": "A."}\n\n   \n{"id": "b"}\n{"id": "c", "text": "C."}')
    got = [(entry.line, type(entry.item).__name__) for entry in read_located([path])]
    assert got == [(1, "Article"), (4, "Reject"), (5, "Article")]


def test_readers_gzip_is_read_line_by_line(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wb") as stream:
        stream.write(b'{"id": "a", "text": "A."}\nnot json\n')
    items = list(read_articles([path]))
    assert items[0] == Article(id="a", text="A.")
    assert items[1].reason == "line is not valid JSON: Expecting value (col 1)"
    assert (items[1].source, items[1].line) == (str(path), 2)


def test_readers_truncated_gzip_is_a_reject(tmp_path):
    whole = gzip.compress(b'{"id": "a", "text": "A."}\n' * 2000)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    items = list(read_articles([path]))
    assert isinstance(items[-1], Reject)
    assert items[-1].reason.startswith("cannot read file")
    assert all(isinstance(item, Article) for item in items[:-1])


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "text is empty"),
    (b"  \n\n ", "text is empty"),
    (b"Caf\xe9 society.", "file is not valid UTF-8 (byte 0xe9 at 3)"),
])
def test_readers_bad_txt_file_is_rejected(tmp_path, content, reason):
    path = tmp_path / "story-1.txt"
    path.write_bytes(content)
    [reject] = read_articles([path])
    assert (reject.source, reject.line, reject.article_id, reject.reason) == (str(path), None, "story-1", reason)


def test_readers_txt_file_is_one_article(tmp_path):
    path = tmp_path / "story-1.txt"
    path.write_text("MOSCOW — More than 200,000 people left.\n\nSecond paragraph.\n", encoding="utf-8")
    [article] = read_articles([path], published=dt.date(2022, 9, 28))
    assert article == Article(id="story-1", text=path.read_text(encoding="utf-8"), published=dt.date(2022, 9, 28))


@pytest.mark.parametrize(("name", "reason"), [
    ("missing.jsonl", "file not found"),
    ("missing.txt", "file not found"),
    ("notes.xml", "unsupported file type (expected one of .jsonl, .jsonl.gz, .json, .txt, .csv, .html, .htm)"),
])
def test_readers_missing_or_unsupported_file_is_rejected(tmp_path, name, reason):
    path = tmp_path / name
    if name.endswith(".xml"):
        path.write_text("a,b\n")
    [reject] = read_articles([path])
    assert (reject.source, reject.line, reject.reason) == (str(path), None, reason)


def test_readers_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "b" / "z.txt").write_text("Z.")
    (tmp_path / "a" / "deep" / "y.jsonl").write_text('{"id": "y1", "text": "Y."}\n{"id": "y2", "text": "Y."}\n')
    (tmp_path / "a" / "x.txt").write_text("X.")
    (tmp_path / "a" / "ignored.md").write_text("not an input")
    files = [path.relative_to(tmp_path).as_posix() for path in iter_files([tmp_path])]
    assert files == ["a/deep/y.jsonl", "a/x.txt", "b/z.txt"]
    assert [item.id for item in read_articles([tmp_path])] == ["y1", "y2", "x", "z"]


def test_readers_duplicate_id_is_kept_and_warned(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n{"id": "a", "text": "Three."}\n')
    warnings: list[str] = []
    items = list(read_articles([path], on_warning=warnings.append))
    assert [item.text for item in items] == ["One.", "Two.", "Three."]
    assert warnings == [f"{path}:3: article 'a' repeats an id first read at {path}:1; "
                        "both are processed and the later one replaces the earlier in a database"]


@pytest.mark.parametrize(("reject", "message"), [
    (Reject(source="d.jsonl", line=3, article_id="a1", reason="text is empty"), "d.jsonl:3: article 'a1': text is empty"),
    (Reject(source="d.jsonl", line=3, reason="missing field 'id'"), "d.jsonl:3: missing field 'id'"),
    (Reject(source="x.txt", article_id="x", reason="text is empty"), "x.txt: article 'x': text is empty"),
])
def test_readers_reject_message_names_file_line_and_article(reject, message):
    assert reject.message() == message


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=60).filter(  # bare CRs and a first "[" are tested in test_bad_inputs
    lambda b: b"\n" not in b and b"\r" not in b and b.strip() and not b.lstrip().startswith(b"[")), max_size=8))
def test_readers_any_bytes_one_item_per_line_never_raises(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("any") / "any.jsonl"
    path.write_bytes(b"\n".join(lines))
    items = list(read_located([path]))
    assert [entry.line for entry in items] == list(range(1, len(lines) + 1))
    assert all(isinstance(entry.item, (Article, Reject)) for entry in items)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "text", "published", "title"]),
                       st.one_of(st.none(), st.text(max_size=12), st.integers(), st.booleans(),
                                 st.lists(st.integers(), max_size=2))))
def test_readers_any_object_is_an_article_or_a_reject(value):
    import json

    item = parse_line(json.dumps(value).encode(), "f.jsonl", 1)
    assert isinstance(item, (Article, Reject))
    if isinstance(item, Reject):
        assert item.reason and "\n" not in item.reason


def test_readers_paths_may_be_strings(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Text.")
    assert [item.id for item in read_articles([str(path)])] == ["a"]  # type: ignore[list-item]
    assert isinstance(Path(str(path)), Path)
