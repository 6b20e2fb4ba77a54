"""HTML input: main text and metadata (title, date, url, author, site name) through trafilatura.

When trafilatura finds no main text (a page of one short paragraph, markup nested past
libxml2's depth limit ...), the document body is read as plain text with the standard
library's HTML parser instead — never the contents of ``<script>``, ``<style>`` and the like.
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from typing import Any

from ..errors import InputError

log = logging.getLogger(__name__)

#: Elements whose content is never text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "iframe"})
#: Elements that end a line of text.
_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)


def extract(html: str, source: str, url: str | None = None) -> dict[str, Any]:
    """Main text plus metadata of an HTML page; raises InputError when no text is found."""
    found = _main_text(html, url)
    if found is not None:
        return found
    body = body_text(html)
    if not body["text"]:
        raise InputError(
            source, "no text found in the HTML (none outside scripts and styles)", kind="html"
        )
    log.info("%s: no main text found by trafilatura; read the whole body as text", source)
    return {**body, "url": url, "date": None, "lang": None, "fallback": True}


def _main_text(html: str, url: str | None) -> dict[str, Any] | None:
    import trafilatura

    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if not text:
        return None
    return {
        "text": text,
        "title": data.get("title"),
        "date": data.get("date"),
        "url": data.get("url") or url,
        "lang": data.get("language"),
        "author": data.get("author"),
        "sitename": data.get("sitename"),
    }


def body_text(html: str) -> dict[str, Any]:
    """The visible text of a whole document (blocks on their own lines) and its ``<title>``."""
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    title = " ".join("".join(reader.title).split()) or None
    return {"text": "\n".join(line for line in lines if line), "title": title}


class _TextReader(HTMLParser):
    """Collects character data outside hidden elements; iterative, so any depth is fine."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)
