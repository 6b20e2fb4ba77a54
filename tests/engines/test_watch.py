"""The monitor against the local fixture site: cheap stage list (none), real fetching."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import RFC822, fast_fetch_settings

from newsgraph.engines.watch import Watcher, stop_on_signals
from newsgraph.export.gkg import gkg_fields
from newsgraph.feeds.testserver import Route, article_html, rss
from newsgraph.pipeline import Pipeline
from newsgraph.store import Store, open_store
from newsgraph.store.feeds import FeedState


def watcher(store: Store, attempts: int = 3, stop: threading.Event | None = None) -> Watcher:
    return Watcher(store, Pipeline([]), fast_fetch_settings(), attempts, stop=stop)


def article_hits(site: Any) -> list[Any]:
    return [h for h in site.hits() if not h.path.startswith(("/feeds/", "/robots.txt"))]


def test_second_run_fetches_no_page_and_every_feed_answers_304(
    news_site: Any, tmp_path: Path
) -> None:
    feeds = news_site.feeds["good"]
    with open_store(tmp_path / "w.duckdb") as store:
        first = watcher(store).poll(feeds)
    assert first.ok and first.modified == 2 and first.stored == 4, first
    # 0, 1, 3, /moved -> 2, and 2 directly from Atom (fetched concurrently; stored once)
    assert len(article_hits(news_site)) == 6
    news_site.reset()
    with open_store(tmp_path / "w.duckdb") as store:  # a new process: state from the store
        second = watcher(store).poll(feeds)
    assert second.ok and second.not_modified == 2 and second.stored == 0
    assert article_hits(news_site) == []
    feed_hits = [h for h in news_site.hits() if h.path.startswith("/feeds/")]
    assert sorted(h.path for h in feed_hits) == ["/feeds/atom.xml", "/feeds/rss.xml"]
    assert all(h.status == 304 for h in feed_hits)
    assert feed_hits[0].headers.get("if-none-match") or feed_hits[0].headers["if-modified-since"]


def test_articles_carry_url_source_date_title_and_fill_gkg(news_site: Any) -> None:
    store = open_store(":memory:")
    watcher(store).poll(news_site.feeds["good"])
    records = {r.url: r for r in store.records()}
    base = news_site.base
    assert set(records) == {f"{base}/articles/{i}.html" for i in range(4)}  # relative resolved
    one = records[f"{base}/articles/1.html"]
    assert (one.source, one.date, one.title) == ("127.0.0.1", "2020-01-06", "One")
    three = records[f"{base}/articles/3.html"]
    assert three.date == "2024-02-03" and three.title == "Three"  # Atom <updated>
    fields = gkg_fields(one)
    assert fields["V2SOURCECOMMONNAME"] == "127.0.0.1"
    assert fields["V2DOCUMENTIDENTIFIER"] == f"{base}/articles/1.html"
    assert fields["V2SOURCECOLLECTIONIDENTIFIER"] == "1"


def test_same_article_by_two_urls_is_stored_once(news_site: Any) -> None:
    store = open_store(":memory:")
    report = watcher(store).poll(news_site.feeds["good"])
    rows = store.con.execute(
        "SELECT feed_url, url, final_url, status, article_id FROM feed_items "
        "WHERE final_url LIKE '%/articles/2.html' OR url LIKE '%/articles/2.html' ORDER BY url"
    ).fetchall()
    statuses = sorted(r[3] for r in rows)
    assert statuses == ["duplicate", "stored"] and report.duplicates == 1
    assert len({r[4] for r in rows}) == 1  # both items point at the one article
    moved = next(r for r in rows if r[1].endswith("/moved"))
    assert moved[2] == f"{news_site.base}/articles/2.html"  # the final URL is stored


def test_bad_feeds_and_items_never_stop_the_others(news_site: Any) -> None:
    store = open_store(":memory:")
    report = watcher(store).poll(news_site.feeds["bad"] + news_site.feeds["good"])
    assert report.stored == 4 and not report.ok
    feed_reasons = {p.url.rsplit("/", 1)[-1]: p.reason for p in report.feed_failures}
    assert "unreadable feed" in feed_reasons["broken.xml"]
    assert "ConnectError" in feed_reasons["feed.xml"]
    items = {p.url.rsplit("/", 1)[-1]: p.reason for p in report.item_failures}
    assert items["missing.html"] == "HTTP 404 Not Found"
    assert items["error.html"] == "HTTP 500 Internal Server Error (after 2 tries)"
    assert items["slow.html"].startswith("timed out after 0.5s")
    assert items["loop-a"].startswith("redirect loop")
    assert items["huge.html"].startswith("larger than max_page_bytes")
    assert "robots.txt" in items["secret.html"]
    (skipped,) = report.skipped
    assert skipped.url.endswith("/data.json") and "application/json" in skipped.reason
    health = {row["url"].rsplit("/", 1)[-1]: row for row in FeedState(store).health()}
    assert health["broken.xml"]["error_count"] == 1 and health["broken.xml"]["last_success"] is None
    rss_row = health["rss.xml"]
    assert rss_row["articles"] + rss_row["duplicates"] == 3 and rss_row["error_count"] == 0
    assert health["trouble.xml"]["waiting"] == 6 and health["trouble.xml"]["skipped"] == 1


def test_failing_items_are_retried_then_marked_dead(news_site: Any) -> None:
    store = open_store(":memory:")
    trouble = [news_site.url("/feeds/trouble.xml")]
    for poll in (1, 2):
        news_site.reset()
        report = watcher(store, attempts=2).poll(trouble)
        assert len(news_site.hits("/missing.html")) == 1, poll
    assert report.dead == 6 and "marked dead" in report.item_failures[0].reason
    news_site.reset()
    third = watcher(store, attempts=2).poll(trouble)
    assert third.ok and news_site.hits("/missing.html") == []
    assert FeedState(store).statuses() == {"dead": 6, "skipped": 1}


def test_a_feed_that_changes_between_polls(news_site: Any) -> None:
    store = open_store(":memory:")
    feed = news_site.url("/feeds/rss.xml")
    watcher(store).poll([feed])
    news_site.routes["/articles/new.html"] = Route(article_html("New", "A brand new story."))
    news_site.routes["/feeds/rss.xml"] = Route(
        rss(
            "Fixture RSS",
            [("New", "/articles/new.html", RFC822), ("One", "../articles/1.html", RFC822)],
        ),
        "application/rss+xml",
        etag='"rss-v2"',
    )
    news_site.reset()
    report = watcher(store).poll([feed])
    assert report.modified == 1 and report.new_items == 1 and report.stored == 1
    assert [h.path for h in article_hits(news_site)] == ["/articles/new.html"]
    assert FeedState(store).validators(feed) == ('"rss-v2"', None)


def test_killed_after_the_feed_answered_misses_nothing(
    news_site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    feeds = news_site.feeds["good"]

    def killed(*args: Any) -> None:
        raise KeyboardInterrupt

    with open_store(path) as store:
        monkeypatch.setattr(Watcher, "_process_items", killed)
        with pytest.raises(KeyboardInterrupt):
            watcher(store).poll(feeds)
        monkeypatch.undo()
        assert FeedState(store).statuses() == {"pending": 5}
    with open_store(path) as store:
        report = watcher(store).poll(feeds)
        assert report.not_modified == 2 and report.stored == 4 and len(store) == 4


def test_stop_lets_the_articles_in_hand_be_stored(news_site: Any) -> None:
    store = open_store(":memory:")
    stop = threading.Event()
    polls: list[Any] = []
    watch = watcher(store, stop=stop)
    watch.run(news_site.feeds["good"], 0.01, lambda r: (polls.append(r), stop.set()))
    assert len(polls) == 1 and len(store) == 4


def test_stop_before_items_leaves_them_pending(news_site: Any) -> None:
    store = open_store(":memory:")
    stop = threading.Event()
    stop.set()
    report = watcher(store, stop=stop).poll(news_site.feeds["good"])
    assert report.stopped and report.stored == 0
    assert FeedState(store).statuses() == {"pending": 5}


def test_sigterm_and_sigint_set_the_stop_event() -> None:
    before = signal.getsignal(signal.SIGTERM)
    for signum in (signal.SIGTERM, signal.SIGINT):
        with stop_on_signals(threading.Event()) as stop:
            os.kill(os.getpid(), signum)
            assert stop.wait(2)
    assert signal.getsignal(signal.SIGTERM) == before
