"""Follow the news: feed sources, a polite HTTP client, and feed/page parsing.

``sources`` reads feed URLs, URL lists and OPML; ``fetch`` is the polite httpx client;
``parse`` turns feeds (feedparser) into items and pages (trafilatura) into article dicts.
The monitor loop that stores what they find is :mod:`newsgraph.engines.watch`.
"""

from __future__ import annotations

from .fetch import Fetcher, FetchSettings, Page, Validators
from .parse import Feed, FeedItem, page_article, parse_feed
from .sources import read_sources

__all__ = [
    "Feed",
    "FeedItem",
    "FetchSettings",
    "Fetcher",
    "Page",
    "Validators",
    "page_article",
    "parse_feed",
    "read_sources",
]
