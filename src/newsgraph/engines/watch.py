"""The feed monitor: poll feeds, fetch new articles concurrently, analyse, store with state.

One poll: fetch every feed (conditional GET) and record its new items as pending; then fetch
the pages of every due item on worker threads (per-host limits in the fetcher) while the
calling thread analyses the pages already fetched, a batch at a time, and stores each batch
with its items' statuses in one transaction. A stop request (SIGINT/SIGTERM through
:func:`stop_on_signals`) lets the batch in hand be analysed and stored, then returns.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import httpx

from .. import config
from ..api import analyze_docs
from ..doc import Doc
from ..errors import FetchError, InputError, NotAnArticle
from ..feeds import Fetcher, FetchSettings, Validators, page_article, parse_feed
from ..ingest import make_doc
from ..pipeline import Pipeline
from ..store import Store
from ..store.feeds import DueItem, FeedState, ItemOutcome, SeenItem
from ..stories import assign as assign_stories

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """A feed or an item that failed (or was skipped) on this poll, and why."""

    url: str
    reason: str
    feed_url: str | None = None  # set for items


@dataclass
class PollReport:
    """What one poll did; ``ok`` when no feed and no item failed."""

    feeds: int = 0
    modified: int = 0
    not_modified: int = 0
    new_items: int = 0
    pages_fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    feed_failures: list[Problem] = field(default_factory=list)
    item_failures: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    dead: int = 0
    stopped: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.feed_failures and not self.item_failures


@dataclass(frozen=True)
class Fetched:
    """An item's page turned into a Doc (or the outcome when it could not be)."""

    item: DueItem
    doc: Doc | None = None
    outcome: ItemOutcome | None = None
    final_url: str | None = None


class Watcher:
    """Polls feeds into a store. ``transport`` swaps the HTTP layer (tests)."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        settings: FetchSettings | None = None,
        item_attempts: int | None = None,
        transport: httpx.BaseTransport | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.state = FeedState(store)
        self.pipeline = pipeline
        self.settings = settings or FetchSettings.from_config()
        self.item_attempts = item_attempts or int(config.get("item_attempts"))
        self.stop = stop or threading.Event()
        self.transport = transport

    def run(
        self, feed_urls: Sequence[str], interval: float, on_poll: Callable[[PollReport], None]
    ) -> None:
        """Poll every ``interval`` seconds until :attr:`stop` is set."""
        while not self.stop.is_set():
            on_poll(self.poll(feed_urls))
            if self.stop.wait(interval):
                break

    def poll(self, feed_urls: Sequence[str]) -> PollReport:
        """Poll each feed once, then fetch, analyse and store every due item."""
        start = time.perf_counter()
        report = PollReport(feeds=len(feed_urls))
        self.state.register(feed_urls)
        with Fetcher(self.settings, self.transport, self.stop) as fetcher:
            with ThreadPoolExecutor(self.settings.workers, "newsgraph-fetch") as pool:
                self._poll_feeds(feed_urls, fetcher, pool, report)
                if not self.stop.is_set():
                    self._process_items(feed_urls, fetcher, pool, report)
        report.stopped = self.stop.is_set()
        report.seconds = time.perf_counter() - start
        return report

    # -- feeds -----------------------------------------------------------------------------
    def _poll_feeds(
        self, urls: Sequence[str], fetcher: Fetcher, pool: ThreadPoolExecutor, report: PollReport
    ) -> None:
        # the store is read and written on this thread only (one DuckDB connection)
        stored = {url: Validators(*self.state.validators(url)) for url in urls}
        jobs = {url: pool.submit(self._fetch_feed, fetcher, url, stored[url]) for url in urls}
        for url, job in jobs.items():
            try:
                status, validators, title, items = job.result()
            except Exception as exc:  # noqa: BLE001 - a broken feed never stops the others
                reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"
                report.feed_failures.append(Problem(url, reason))
                self.state.record_error(url, reason)
                continue
            report.new_items += self.state.record_fetch(url, status, validators, title, items)
            if status == 304:
                report.not_modified += 1
            else:
                report.modified += 1

    @staticmethod
    def _fetch_feed(
        fetcher: Fetcher, url: str, stored: Validators
    ) -> tuple[int, tuple[str | None, str | None], str | None, list[SeenItem]]:
        page = fetcher.get(url, stored)
        validators = (page.validators.etag, page.validators.last_modified)
        if page.not_modified:
            return 304, validators, None, []
        feed = parse_feed(page.content, page.final_url, page.content_type)
        items = [SeenItem(i.guid, i.url, i.title, i.published) for i in feed.items]
        return page.status, validators, feed.title, items

    # -- items -----------------------------------------------------------------------------
    def _process_items(
        self, urls: Sequence[str], fetcher: Fetcher, pool: ThreadPoolExecutor, report: PollReport
    ) -> None:
        due = self.state.due(urls, self.item_attempts)
        known = self.state.known_urls([i.url for i in due])
        batch = _Batch()
        queue: deque[DueItem] = deque()
        claimed: dict[str, str] = {}  # URL -> guid of the item fetching it on this poll
        for item in due:
            batch.urls[(item.feed_url, item.guid)] = item.url
            if item.url in known:
                batch.outcomes.append(self._duplicate(item, known[item.url]))
            elif item.url in claimed:
                batch.later.append(item)  # the same page from another feed: after the first
            else:
                claimed[item.url] = item.guid
                queue.append(item)
        self._fetch_all(queue, fetcher, pool, batch, report)
        self._flush(batch, report)
        for item in batch.later:  # their page is stored (or failed) by now
            found = self.state.known_urls([item.url]).get(item.url)
            if found:
                batch.outcomes.append(self._duplicate(item, found))
        self._flush(batch, report)

    def _fetch_all(
        self,
        queue: deque[DueItem],
        fetcher: Fetcher,
        pool: ThreadPoolExecutor,
        batch: _Batch,
        report: PollReport,
    ) -> None:
        inflight: set[Future[Fetched]] = set()
        limit = max(2 * self.settings.workers, 2 * self.pipeline.batch_size)
        while queue or inflight:
            while queue and len(inflight) < limit and not self.stop.is_set():
                inflight.add(pool.submit(self._fetch_item, fetcher, queue.popleft()))
            if not inflight:
                break  # stopped with items still queued: they stay pending
            done, inflight = wait(inflight, return_when=FIRST_COMPLETED)
            for job in done:
                self._take(job.result(), batch, report)
            if len(batch.docs) >= self.pipeline.batch_size:
                self._flush(batch, report)

    def _fetch_item(self, fetcher: Fetcher, item: DueItem) -> Fetched:
        try:
            return self._fetch_page(fetcher, item)
        except Exception as exc:  # noqa: BLE001 - a broken page never stops the others
            log.exception("unexpected failure on %s", item.url)
            return Fetched(item, outcome=self._failed(item, f"{type(exc).__name__}: {exc}"))

    def _fetch_page(self, fetcher: Fetcher, item: DueItem) -> Fetched:
        try:
            page = fetcher.get(item.url, html_only=True)
        except NotAnArticle as exc:
            skipped = ItemOutcome(item.feed_url, item.guid, "skipped", exc.reason)
            return Fetched(item, outcome=skipped)
        except FetchError as exc:
            if self.stop.is_set():
                return Fetched(item)  # interrupted: neither outcome nor attempt
            return Fetched(item, outcome=self._failed(item, exc.reason))
        try:
            doc, extra = article_doc(item, page.content, page.charset, page.final_url)
        except InputError as exc:
            return Fetched(item, outcome=self._failed(item, exc.reason), final_url=page.final_url)
        outcome = ItemOutcome(
            item.feed_url, item.guid, "stored", article_id=doc.id, final_url=page.final_url, **extra
        )
        return Fetched(item, doc, outcome, page.final_url)

    def _take(self, fetched: Fetched, batch: _Batch, report: PollReport) -> None:
        if fetched.final_url is not None:
            report.pages_fetched += 1
        outcome = fetched.outcome
        if outcome is None:
            return
        if fetched.doc is None:
            batch.outcomes.append(outcome)
            return
        final = fetched.final_url or fetched.item.url
        stored = batch.final_urls.get(final) or self.state.known_urls([final]).get(final)
        if stored:  # redirected to a page this poll or an earlier one stored
            batch.outcomes.append(_with(outcome, status="duplicate", article_id=stored))
            return
        batch.final_urls[final] = fetched.doc.id
        batch.docs.append((fetched.doc, outcome))

    def _flush(self, batch: _Batch, report: PollReport) -> None:
        docs = [d for d, _ in batch.docs]
        records = analyze_docs(docs, self.pipeline) if docs else []
        outcomes = batch.outcomes + [o for _, o in batch.docs]
        if not outcomes:
            return
        result = self.state.commit(records, outcomes)
        report.stored += result.added
        assign_stories(self.store, records)  # only the stored ones get a story
        _count(outcomes, set(result.ids), batch.urls, report)
        batch.docs, batch.outcomes = [], []

    def _failed(self, item: DueItem, reason: str) -> ItemOutcome:
        dead = item.attempts + 1 >= self.item_attempts
        return ItemOutcome(item.feed_url, item.guid, "dead" if dead else "failed", reason)

    @staticmethod
    def _duplicate(item: DueItem, article_id: str) -> ItemOutcome:
        return ItemOutcome(item.feed_url, item.guid, "duplicate", article_id=article_id)


@dataclass
class _Batch:
    docs: list[tuple[Doc, ItemOutcome]] = field(default_factory=list)
    outcomes: list[ItemOutcome] = field(default_factory=list)
    later: list[DueItem] = field(default_factory=list)
    final_urls: dict[str, str] = field(default_factory=dict)  # final URL -> article id
    urls: dict[tuple[str, str], str] = field(default_factory=dict)  # (feed, guid) -> item URL


def article_doc(
    item: DueItem, content: bytes, charset: str | None, url: str
) -> tuple[Doc, dict[str, Any]]:
    """The Doc of a fetched page: feed date and title first, else the page's; source = host.

    Also returns the page metadata kept on the item (canonical URL, author, site name).
    """
    page = page_article(content, charset, url)
    article = {
        "text": page["text"],
        "title": item.title or page.get("title"),
        "date": item.published or page.get("date"),
        "url": url,
        "lang": page.get("lang"),
    }
    doc = make_doc(article, url)
    doc.source = source_name(url)
    extra = {
        "canonical_url": page.get("url") if page.get("url") != url else None,
        "author": page.get("author"),
        "site_name": page.get("sitename"),
    }
    return doc, extra


def source_name(url: str) -> str:
    """The host of a URL without ``www.`` (GDELT's SourceCommonName)."""
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _count(
    outcomes: Sequence[ItemOutcome],
    added: set[str],
    urls: dict[tuple[str, str], str],
    report: PollReport,
) -> None:
    """Tally the final outcomes (as the store resolved them) into the report."""
    for o in outcomes:
        url = urls.get((o.feed_url, o.guid), o.guid)
        if o.status == "stored" and o.article_id not in added:
            report.duplicates += 1  # the store had this text already
        elif o.status == "duplicate":
            report.duplicates += 1
        elif o.status == "skipped":
            report.skipped.append(Problem(url, o.error or "skipped", o.feed_url))
        elif o.status in ("failed", "dead"):
            reason = o.error or "failed"
            if o.status == "dead":
                report.dead += 1
                reason += " (given up: marked dead)"
            report.item_failures.append(Problem(url, reason, o.feed_url))


def _with(outcome: ItemOutcome, **changes: Any) -> ItemOutcome:
    import dataclasses

    return dataclasses.replace(outcome, **changes)


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """Within the block, SIGINT and SIGTERM set ``stop`` instead of killing the process."""

    def handler(signum: int, frame: FrameType | None) -> None:
        log.warning("signal %s: finishing the articles in hand, then stopping", signum)
        stop.set()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
