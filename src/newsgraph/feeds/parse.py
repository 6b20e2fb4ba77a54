"""Feeds through feedparser, pages through trafilatura: items and article dicts, no HTML regex."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin

from ..errors import InputError
from ..ingest import html as html_input
from ..ingest.text import decode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: its GUID (else its link), absolute link, title and date."""

    guid: str
    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601 (UTC) from pubDate / updated


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: tuple[FeedItem, ...]


def parse_feed(content: bytes, url: str, content_type: str = "application/xml") -> Feed:
    """Items of an RSS 0.9x/2.0, Atom or RDF feed; links resolved against ``url``.

    A feed with recoverable errors that still yields entries is accepted (logged); one that
    yields nothing raises InputError with feedparser's reason.
    """
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(content, response_headers=headers)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = "no RSS, Atom or RDF feed in it" if not parsed.version else "unreadable feed"
        if parsed.bozo:
            reason += f" ({parsed.get('bozo_exception')})"
        raise InputError(url, reason, "check the feed URL")
    if parsed.bozo:
        log.info("feed %s has errors but entries: %s", url, parsed.get("bozo_exception"))
    items = [_item(entry, url) for entry in parsed.entries]
    return Feed(parsed.feed.get("title"), tuple(i for i in items if i is not None))


def _item(entry: Any, feed_url: str) -> FeedItem | None:
    link = entry.get("link") or _first_link(entry)
    if not link:
        log.info("feed %s: entry %r has no link; skipped", feed_url, entry.get("title"))
        return None
    url = urldefrag(urljoin(feed_url, link.strip())).url
    guid = str(entry.get("id") or url)
    return FeedItem(guid, url, entry.get("title"), _published(entry))


def _first_link(entry: Any) -> str | None:
    for link in entry.get("links", ()):
        if link.get("href"):
            return str(link["href"])
    return None


def _published(entry: Any) -> str | None:
    stamp: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp is None:
        return None
    return datetime(*stamp[:6], tzinfo=UTC).isoformat()


def page_article(content: bytes, charset: str | None, url: str) -> dict[str, Any]:
    """The article dict (text, title, date, url, lang, author, sitename) of an HTML page."""
    html = _text(content, charset, url)
    return html_input.extract(html, url, url)


def _text(content: bytes, charset: str | None, url: str) -> str:
    if charset:
        try:
            return content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            log.info("page %s is not %s as declared; detecting", url, charset)
    return decode(content, url)
