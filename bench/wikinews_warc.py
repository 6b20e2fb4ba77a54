"""Build a WARC.gz of news pages from article JSONL corpora, to try `newsgraph ingest` on it.

Each article (``{"url", "title", "date", "text"}``) is wrapped in an HTML page
(newsgraph.feeds.testserver.article_html) and written as an HTTP 200 ``response`` record with
its URL as WARC-Target-URI and its date as WARC-Date, followed by a ``request`` record; one
image response is added so the skipped-record tally shows.

    python bench/wikinews_warc.py OUT.warc.gz CORPUS.jsonl [CORPUS.jsonl ...]
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path


def main() -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from newsgraph.feeds.testserver import article_html

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("corpora", type=Path, nargs="+")
    args = parser.parse_args()
    written = 0
    with args.out.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for corpus in args.corpora:
            for line in corpus.read_text(encoding="utf-8").splitlines():
                article = json.loads(line)
                body = article_html(article["title"], article["text"])
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                date = f"{article.get('date') or '2024-01-01'}T12:00:00Z"
                writer.write_record(
                    writer.create_warc_record(
                        article["url"], "response", payload=io.BytesIO(body),
                        http_headers=headers, warc_headers_dict={"WARC-Date": date},
                    )
                )
                request = io.BytesIO(f"GET {article['url']} HTTP/1.1\r\n\r\n".encode())
                writer.write_record(writer.create_warc_record(article["url"], "request", request))
                written += 1
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG"),
                http_headers=image,
            )
        )
    print(f"{args.out}: {written} HTML responses, {written} requests, 1 image")


if __name__ == "__main__":
    main()
