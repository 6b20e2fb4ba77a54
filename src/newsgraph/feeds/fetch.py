"""A polite HTTP client for feeds and pages (httpx): robots.txt, per-host limits, retries.

Every request carries the configured User-Agent, obeys robots.txt (``urllib.robotparser``),
waits for a free slot of its host (at most ``host_concurrency`` in flight, ``host_delay``
seconds between starts), sends the stored validators (If-None-Match / If-Modified-Since),
follows redirects, reads at most ``max_bytes``, and retries timeouts, HTTP 429 and 5xx with
exponential backoff (Retry-After honoured). The client is thread-safe: one is shared by the
worker threads of a poll.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import config
from ..errors import FetchError, NotAnArticle

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
ROBOTS_MAX_BYTES = 500_000  # RFC 9309: parse at least 500 KiB


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how hard to fetch; :meth:`from_config` reads the settings."""

    user_agent: str = "newsgraph"
    timeout: float = 20.0
    workers: int = 8
    host_concurrency: int = 2
    host_delay: float = 1.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_retry_wait: float = 60.0

    @classmethod
    def from_config(cls) -> FetchSettings:
        return cls(
            user_agent=str(config.get("user_agent")),
            timeout=float(config.get("fetch_timeout")),
            workers=int(config.get("fetch_workers")),
            host_concurrency=int(config.get("host_concurrency")),
            host_delay=float(config.get("host_delay")),
            max_bytes=int(config.get("max_page_bytes")),
            max_redirects=int(config.get("max_redirects")),
            retries=int(config.get("fetch_retries")),
            backoff=float(config.get("retry_backoff")),
            max_retry_wait=float(config.get("max_retry_wait")),
        )


@dataclass(frozen=True)
class Validators:
    """The HTTP cache validators of a response, sent back on the next conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Page:
    """A fetched response: 200 with its body, or 304 (not modified, empty body)."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retry(Exception):
    """A transient failure: retry after ``after`` seconds (Retry-After) or the backoff."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after


class HostGate:
    """Per-host concurrency limit and minimum delay between request starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.concurrency = max(1, concurrency)
        self.delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A longer delay for one host (its robots.txt Crawl-delay)."""
        with self._lock:
            self._delays[host] = max(self.delay, delay)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        with semaphore:
            self._wait_turn(host)
            yield

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self._delays.get(host, self.delay)
        if start > now:
            time.sleep(start - now)


class Fetcher:
    """The shared polite client; ``stop`` (an Event) cuts retry waits short."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        transport: httpx.BaseTransport | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.settings = settings or FetchSettings.from_config()
        self.stop = stop or threading.Event()
        self.gate = HostGate(self.settings.host_concurrency, self.settings.host_delay)
        self.client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=True,
            max_redirects=self.settings.max_redirects,
            transport=transport,
            limits=httpx.Limits(max_connections=max(4, self.settings.workers * 2)),
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, validators: Validators | None = None, html_only: bool = False) -> Page:
        """Fetch ``url`` politely; raises FetchError (NotAnArticle for a non-HTML page)."""
        host = _host(url)
        try:
            allowed = self.allowed(url)
        except FetchError as exc:
            raise FetchError(url, exc.reason) from None
        if not allowed:
            raise FetchError(url, f"disallowed by {_origin(url)}/robots.txt for this user agent")
        attempt = 0
        while True:
            try:
                with self.gate.slot(host):
                    return self._once(url, validators, html_only)
            except _Retry as retry:
                self._before_retry(url, retry, attempt)
                attempt += 1

    def _before_retry(self, url: str, retry: _Retry, attempt: int) -> None:
        """Wait before retry ``attempt + 1``, or raise when retries are used up."""
        wait = retry.after if retry.after is not None else self.settings.backoff * 2**attempt
        if attempt >= self.settings.retries:
            raise FetchError(url, f"{retry.reason} (after {attempt + 1} tries)")
        if wait > self.settings.max_retry_wait:
            raise FetchError(url, f"{retry.reason}; Retry-After {wait:.0f}s exceeds max_retry_wait")
        log.info("retrying %s in %.2fs: %s", url, wait, retry.reason)
        if self.stop.wait(wait):
            raise FetchError(url, "stopped before retrying")

    def _once(self, url: str, validators: Validators | None, html_only: bool) -> Page:
        headers = validators.headers() if validators else {}
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                return self._page(url, response, html_only)
        except httpx.TooManyRedirects:
            raise FetchError(
                url, f"redirect loop or more than {self.settings.max_redirects} redirects"
            ) from None
        except httpx.TimeoutException:
            raise _Retry(f"timed out after {self.settings.timeout:g}s") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"{type(exc).__name__}: {exc}") from None

    def _page(self, url: str, response: httpx.Response, html_only: bool) -> Page:
        status = response.status_code
        if status == 429 or status >= 500:
            raise _Retry(f"HTTP {status} {response.reason_phrase}", retry_after(response))
        if status >= 400 or (status != 304 and status >= 300):
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}")
        content_type = response.headers.get("content-type", "")
        if html_only and status != 304 and not is_html(content_type):
            raise NotAnArticle(url, f"not an HTML page (Content-Type {content_type or 'missing'})")
        body = b"" if status == 304 else self._body(url, response)
        return Page(
            url=url,
            final_url=str(response.url),
            status=status,
            content=body,
            content_type=content_type.split(";")[0].strip().lower(),
            charset=response.charset_encoding,
            validators=Validators(
                response.headers.get("etag"), response.headers.get("last-modified")
            ),
        )

    def _body(self, url: str, response: httpx.Response, limit: int | None = None) -> bytes:
        limit = limit or self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"larger than max_page_bytes ({int(declared):,} > {limit:,})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"larger than max_page_bytes (more than {limit:,} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)

    # -- robots.txt ------------------------------------------------------------------------
    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets this user agent fetch it (cached per run)."""
        return self._rules(_origin(url)).can_fetch(self.settings.user_agent, url)

    def _rules(self, origin: str) -> RobotFileParser:
        with self._robots_lock:
            lock = self._host_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per host, however many threads ask
            if origin not in self._robots:
                self._robots[origin] = self._fetch_robots(origin)
            return self._robots[origin]

    def _fetch_robots(self, origin: str) -> RobotFileParser:
        url = origin + "/robots.txt"
        host = _host(origin)
        try:
            with self.gate.slot(host), self.client.stream("GET", url) as response:
                status = response.status_code
                body = self._body(url, response, ROBOTS_MAX_BYTES) if status < 300 else b""
        except (httpx.HTTPError, FetchError) as exc:
            reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"
            raise FetchError(url, f"cannot read {url} ({reason})") from None
        rules = RobotFileParser(url)
        if status >= 500:  # RFC 9309: an unreachable robots.txt means complete disallow
            rules.parse(["User-agent: *", "Disallow: /"])
        elif status >= 400:  # none there: everything allowed
            rules.parse([])
        else:
            rules.parse(body.decode("utf-8", errors="replace").splitlines())
            delay = rules.crawl_delay(self.settings.user_agent)
            if delay:
                self.gate.set_delay(host, float(delay))
        return rules


def is_html(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
