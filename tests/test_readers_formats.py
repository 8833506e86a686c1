"""extractor.io.readers on CSV and HTML inputs, with real Wikinews articles (corpus/wikinews.jsonl)."""

from __future__ import annotations

import csv
import datetime as dt
import html
from pathlib import Path

import pytest

from extractor.io.readers import Columns, parse_html, read_articles, read_located
from models import Article, Reject

NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>' \
      '<li><a href="/login">Log in to your account</a></li></ul></nav>'
FOOTER = "<footer><p>Copyright Example Wire Service. All rights reserved. Privacy policy and terms " \
         "of use.</p></footer>"
BOILERPLATE = ("Home", "World news", "Log in to your account", "All rights reserved", "Privacy policy")


def page(article: Article, *, meta: str | None, body: str | None = None) -> str:
    """A news page around a real article: title, optional published_time meta, nav and footer."""
    paragraphs = [p for p in (body or article.text).split("\n\n") if p.strip()]
    head = f'<meta property="article:published_time" content="{meta}">' if meta else ""
    text = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{html.escape(article.title or '')}</title>{head}</head>"
            f"<body>{NAV}<article>{text}</article>{FOOTER}</body></html>")


def body_without_dateline(article: Article) -> str:
    """The article text without its first line (the "March 01, 2008" dateline)."""
    return article.text.split("\n\n", 1)[1]


@pytest.mark.parametrize(("index", "meta", "expected"), [
    (1, "2008-03-27T09:30:00Z", dt.date(2008, 3, 27)),
    (2, "2008-04-02", dt.date(2008, 4, 2)),
])
def test_readers_html_page_text_title_and_meta_date(tmp_path, wikinews_articles, index, meta, expected):
    article = wikinews_articles[index]
    path = tmp_path / f"{article.id}.html"
    path.write_text(page(article, meta=meta), encoding="utf-8")
    [read] = read_articles([path], published=dt.date(1999, 1, 1))
    assert (read.id, read.title, read.published) == (article.id, article.title, expected)
    assert read.text == article.text.strip()
    assert not any(words in read.text for words in BOILERPLATE)


@pytest.mark.parametrize(("given", "expected"), [(None, None), (dt.date(2008, 3, 28), dt.date(2008, 3, 28))])
def test_readers_html_page_without_any_date_has_none(tmp_path, wikinews_articles, given, expected):
    article = wikinews_articles[1]
    body = body_without_dateline(article)
    path = tmp_path / "undated.htm"
    path.write_text(page(article, meta=None, body=body), encoding="utf-8")
    [read] = read_articles([path], published=given)
    assert read.published == expected
    assert read.text == body.strip()
    assert parse_html(path.read_bytes())[2] is None


@pytest.mark.parametrize(("content", "reason"), [
    (b"<html><head><title>Empty</title></head><body><script>var x = 1;</script><img src='a.png'></body></html>",
     "no article text found in the page"),
    (b"", "no article text found in the page"),
])
def test_readers_html_page_without_text_is_rejected(tmp_path, content, reason):
    path = tmp_path / "empty-page.html"
    path.write_bytes(content)
    [reject] = read_articles([path])
    assert isinstance(reject, Reject)
    assert (reject.source, reject.line, reject.article_id, reject.reason) == (str(path), None, "empty-page", reason)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_readers_csv_rows_are_articles_with_lines(tmp_path, wikinews_articles):
    articles = wikinews_articles[:3]
    rows = [[a.id, a.title or "", a.text, a.published.isoformat()] for a in articles]
    path = write_csv(tmp_path / "dump.csv", ["id", "title", "text", "published"], rows)
    located = list(read_located([path]))
    assert [entry.item for entry in located] == [
        Article(id=a.id, title=a.title, text=a.text, published=a.published) for a in articles]
    starts, line = [], 2
    for article in articles:
        starts.append(line)
        line += article.text.count("\n") + 1
    assert [entry.line for entry in located] == starts


def test_readers_csv_columns_are_configurable(tmp_path, wikinews_articles):
    article = wikinews_articles[4]
    path = write_csv(tmp_path / "dump.csv", ["guid", "body", "date"], [[article.id, article.text, "2008-05-01"]])
    [read] = read_articles([path], columns=Columns(id="guid", text="body", published="date"))
    assert read == Article(id=article.id, text=article.text, published=dt.date(2008, 5, 1))


@pytest.mark.parametrize(("header", "rows", "expected"), [
    (["id", "body"], [["a", "x"]], [(1, None, "header has no column 'text' (columns: id, body)")]),
    (["key", "body"], [["a", "x"]], [(1, None, "header has no column 'id' and 'text' (columns: key, body)")]),
    (["id", "text", "published"], [["a"], ["b", "Text.", "2008-01-01", "extra"], ["c", "Text.", "soon"]], [
        (2, "a", "row has 1 fields, the header 3: no value for column 'text' and 'published'"),
        (3, "b", "row has 4 fields, the header 3"),
        (4, "c", "published 'soon' is not an ISO 8601 date"),
    ]),
    (["id", "text"], [["", "Text."], ["d", "  "]], [(2, None, "id is empty"), (3, "d", "text is empty")]),
])
def test_readers_csv_bad_rows_are_rejected_with_line(tmp_path, header, rows, expected):
    path = write_csv(tmp_path / "bad.csv", header, rows)
    got = [(r.line, r.article_id, r.reason) for r in read_articles([path])]
    assert got == expected
    assert all(r.source == str(path) for r in read_articles([path]))


@pytest.mark.parametrize(("content", "line", "reason"), [
    (b"", None, "file is empty (expected a header row)"),
    (b"id,text\n1,caf\xe9\n", 2, "row is not valid UTF-8 (byte 0xe9 at character 3 of a field)"),  # its row only
])
def test_readers_csv_unreadable_file_is_rejected(tmp_path, content, line, reason):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    *_, reject = read_articles([path])
    assert (reject.source, reject.line, reject.reason) == (str(path), line, reason)


def test_readers_csv_and_html_in_a_directory(tmp_path, wikinews_articles):
    first, second = wikinews_articles[5], wikinews_articles[6]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / f"{second.id}.html").write_text(page(second, meta="2008-06-01"), encoding="utf-8")
    write_csv(tmp_path / "a.csv", ["id", "text"], [[first.id, first.text]])
    (tmp_path / "notes.md").write_text("not an input")
    assert [a.id for a in read_articles([tmp_path])] == [first.id, second.id]
