"""A local HTTP server of fixture feeds and pages, for tests and bench/bench_watch.py.

It listens on 127.0.0.1 only (a free port), serves the :class:`Route` set for each path,
answers conditional GETs (ETag / Last-Modified) with 304, and records every request so a
test can count what the client fetched.
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    """What one path answers. ``fail_first`` answers ``status`` that many times, then 200."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None  # redirect target (status 301/302)
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    fail_first: int = 0
    stream_bytes: int = 0  # a body of this many bytes, sent without Content-Length


@dataclass(frozen=True)
class Request:
    path: str
    status: int
    headers: dict[str, str]


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up early (size cap, timeout) is expected here: stay quiet."""


class FixtureServer:
    """``with FixtureServer() as site: site.routes["/feed.xml"] = Route(...)``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        self.httpd = _Server(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def hits(self, path: str | None = None) -> list[Request]:
        """Requests so far (to one path, or all)."""
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def _record(self, path: str, status: int, headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append(Request(path, status, headers))

    def _count(self, path: str) -> int:
        with self._lock:
            self._served[path] = self._served.get(path, 0) + 1
            return self._served[path]


def _handler(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            route = server.routes.get(self.path.split("?")[0])
            headers = {k.lower(): v for k, v in self.headers.items()}
            if route is None:
                route = Route(b"not found", "text/plain", 404)
            status = _status(route, headers, server._count(self.path))
            server._record(self.path, status, headers)
            if route.delay:
                time.sleep(route.delay)
            try:
                self._answer(route, status)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _answer(self, route: Route, status: int) -> None:
            self.send_response(status)
            for name, value in _headers(route, status).items():
                self.send_header(name, value)
            if route.stream_bytes and status == 200:
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                chunk = b"<p>" + b"x" * 65_530 + b"</p>\n"
                for _ in range(route.stream_bytes // len(chunk) + 1):
                    self.wfile.write(chunk)
                return
            body = route.body if status == 200 else _status_body(route, status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


def _status(route: Route, headers: dict[str, str], served: int) -> int:
    if route.fail_first:
        return route.status if served <= route.fail_first else 200
    if route.status != 200:
        return route.status
    if route.etag and headers.get("if-none-match") == route.etag:
        return 304
    if route.last_modified and headers.get("if-modified-since") == route.last_modified:
        return 304
    return 200


def _headers(route: Route, status: int) -> dict[str, str]:
    headers = dict(route.headers)
    if status in (200, 304):
        headers["Content-Type"] = route.content_type
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
    if route.location and 300 <= status < 400:
        headers["Location"] = route.location
    return headers


def _status_body(route: Route, status: int) -> bytes:
    return b"" if status == 304 else route.body if route.status == status else b"error"


def article_html(title: str, text: str, date: str | None = None, url: str | None = None) -> bytes:
    """An HTML news page around an article text (paragraphs from its blank-line blocks)."""
    paragraphs = "\n".join(
        f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n") if p.strip()
    )
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    link = f'<link rel="canonical" href="{html.escape(url)}">' if url else ""
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{meta}{link}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>"
        f"{paragraphs}</article><footer>Fixture site</footer></body></html>"
    )
    return page.encode("utf-8")


def rss(title: str, items: list[tuple[str, str, str | None]]) -> bytes:
    """An RSS 2.0 feed of (title, link, RFC 822 pubDate) items; the link is the GUID."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid>" + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>"
        for t, link, d in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>http://127.0.0.1/</link>"
        f"<description>fixture</description>{entries}</channel></rss>"
    ).encode()


def atom(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An Atom 1.0 feed of (title, href, RFC 3339 updated) entries."""
    entries = "".join(
        f"<entry><id>tag:fixture,2024:{html.escape(href)}</id><title>{html.escape(t)}</title>"
        f'<link href="{html.escape(href)}"/><updated>{u}</updated></entry>'
        for t, href, u in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{html.escape(title)}</title><id>tag:fixture,2024:feed</id>"
        f"<updated>2024-01-01T00:00:00Z</updated>{entries}</feed>"
    ).encode()
