"""WARC / WARC.gz input, on archives the tests write with warcio."""

from __future__ import annotations

import io
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import sample_articles

from newsgraph.cli import cli
from newsgraph.doc import Doc
from newsgraph.feeds.testserver import article_html
from newsgraph.ingest import InputFailure, read_inputs


def write_warc(path: Path, articles: list[dict[str, str]], extras: bool = True) -> None:
    """A WARC of HTML responses (the article pages), plus request, non-HTML and 404 records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(url: str, body: bytes, status: str, ctype: str, date: str) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
        )

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        for a in articles:
            body = article_html(a["title"], a["text"])
            response(a["url"], body, "200 OK", "text/html; charset=utf-8", "2024-03-01T12:00:00Z")
            if extras:
                request = writer.create_warc_record(
                    a["url"], "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
                writer.write_record(request)
        if extras:
            response("http://h.example/logo.png", b"\x89PNG", "200 OK", "image/png", "2024-03-01")
            response("http://h.example/gone", b"gone", "404 Not Found", "text/html", "2024-03-01")


@pytest.mark.parametrize("name", ["news.warc", "news.warc.gz"])
def test_html_responses_become_articles_others_are_counted(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    articles = sample_articles(3)
    write_warc(path, articles)
    counts: Counter[str] = Counter()
    docs = list(read_inputs([str(path)], counts=counts))
    assert all(isinstance(d, Doc) for d in docs) and len(docs) == 3
    first = docs[0]
    assert isinstance(first, Doc)
    assert first.url == articles[0]["url"] and first.date == "2024-03-01"
    assert first.title == articles[0]["title"] and first.source == "en.wikinews.org"
    assert articles[0]["text"][:40] in first.text
    assert counts["warc_articles"] == 3
    assert counts["warc_skipped_request"] == 3 and counts["warc_skipped_not_html"] == 1
    assert counts["warc_skipped_status"] == 1


def test_a_directory_picks_up_warc_files_and_a_broken_one_is_named(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", sample_articles(2), extras=False)
    (tmp_path / "broken.warc").write_bytes(b"this is not a WARC file at all\r\n\r\n")
    items = list(read_inputs([str(tmp_path)]))
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert len([i for i in items if isinstance(i, Doc)]) == 2
    assert len(failures) == 1 and "broken.warc" in failures[0].message
    assert "not a WARC record at record 1" in failures[0].message


def test_streaming_keeps_memory_flat(tmp_path: Path) -> None:
    articles = sample_articles(50)
    path = tmp_path / "many.warc.gz"
    write_warc(path, articles * 4, extras=False)  # 200 records
    from newsgraph.ingest import Options, make_doc
    from newsgraph.ingest.warc import read_warc

    tracemalloc.start()
    peak_after_10 = 0
    for n, _ in enumerate(read_warc(path, make_doc, Options()), start=1):
        if n == 10:
            peak_after_10 = tracemalloc.get_traced_memory()[1]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 200 and peak < peak_after_10 * 1.5 + 2_000_000


def test_ingest_cli_reads_a_warc_of_the_sample_corpus(tmp_path: Path) -> None:
    path = tmp_path / "samples.warc.gz"
    write_warc(path, sample_articles(50))
    db = str(tmp_path / "w.duckdb")
    args = ["ingest", str(path), "--db", db, "--stages", "sentences", "--no-summary"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "50 new article(s)" in result.stdout
    assert "WARC records skipped (not an HTML response): 52 (not_html 1, request 50, status 1)" in (
        result.stdout
    )
