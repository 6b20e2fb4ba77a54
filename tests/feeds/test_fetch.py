"""The polite client against the local fixture server (127.0.0.1 only)."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator

import pytest
from conftest import fast_fetch_settings

from newsgraph.errors import FetchError, NotAnArticle
from newsgraph.feeds import Fetcher, Validators
from newsgraph.feeds.fetch import HostGate
from newsgraph.feeds.testserver import FixtureServer, Route, article_html


@pytest.fixture
def site() -> Iterator[FixtureServer]:
    with FixtureServer() as server:
        server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        server.routes["/page.html"] = Route(article_html("P", "Text."), etag='"e1"')
        yield server


def test_user_agent_and_conditional_get(site: FixtureServer) -> None:
    with Fetcher(fast_fetch_settings()) as fetcher:
        first = fetcher.get(site.url("/page.html"))
        assert first.status == 200 and first.validators == Validators('"e1"', None)
        again = fetcher.get(site.url("/page.html"), first.validators)
    assert again.not_modified and again.content == b""
    last = site.hits("/page.html")[-1]
    assert last.headers["if-none-match"] == '"e1"' and last.status == 304
    assert last.headers["user-agent"] == "newsgraph-test"
    assert len(site.hits("/robots.txt")) == 1  # cached for the fetcher's life


def test_if_modified_since_is_sent(site: FixtureServer) -> None:
    stamp = "Sat, 03 Feb 2024 04:05:06 GMT"
    site.routes["/lm.xml"] = Route(b"<rss/>", "text/xml", last_modified=stamp)
    with Fetcher(fast_fetch_settings()) as fetcher:
        page = fetcher.get(site.url("/lm.xml"))
        assert fetcher.get(site.url("/lm.xml"), page.validators).not_modified
    assert site.hits("/lm.xml")[-1].headers["if-modified-since"] == stamp


def test_retry_after_on_429_then_success(site: FixtureServer) -> None:
    site.routes["/busy"] = Route(
        article_html("B", "Busy."), status=429, fail_first=1, headers={"Retry-After": "0"}
    )
    with Fetcher(fast_fetch_settings()) as fetcher:
        assert fetcher.get(site.url("/busy")).status == 200
    assert [h.status for h in site.hits("/busy")] == [429, 200]


def test_5xx_retries_are_bounded(site: FixtureServer) -> None:
    site.routes["/err"] = Route(b"boom", status=503)
    with Fetcher(fast_fetch_settings()) as fetcher, pytest.raises(FetchError) as info:
        fetcher.get(site.url("/err"))
    assert "HTTP 503 Service Unavailable (after 2 tries)" in str(info.value)
    assert len(site.hits("/err")) == 2


def test_long_retry_after_fails_this_poll(site: FixtureServer) -> None:
    site.routes["/later"] = Route(b"", status=503, headers={"Retry-After": "3600"})
    with Fetcher(fast_fetch_settings()) as fetcher, pytest.raises(FetchError, match="3600s"):
        fetcher.get(site.url("/later"))


def test_timeout_is_retried_then_reported(site: FixtureServer) -> None:
    site.routes["/slow"] = Route(b"late", delay=1.0)
    with Fetcher(fast_fetch_settings()) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.get(site.url("/slow"))
    assert len(site.hits("/slow")) == 2


def test_robots_txt_is_obeyed(site: FixtureServer) -> None:
    site.routes["/private/x.html"] = Route(article_html("X", "Hidden."))
    with Fetcher(fast_fetch_settings()) as fetcher, pytest.raises(FetchError, match="robots.txt"):
        fetcher.get(site.url("/private/x.html"))
    assert site.hits("/private/x.html") == []


def test_size_cap_with_and_without_content_length(site: FixtureServer) -> None:
    site.routes["/big"] = Route(b"x" * 300_000)
    site.routes["/stream"] = Route(stream_bytes=300_000)
    with Fetcher(fast_fetch_settings()) as fetcher:
        for path in ("/big", "/stream"):
            with pytest.raises(FetchError, match="larger than max_page_bytes"):
                fetcher.get(site.url(path))


def test_non_html_is_skipped_and_redirects_followed(site: FixtureServer) -> None:
    site.routes["/data.json"] = Route(b"{}", "application/json")
    site.routes["/old"] = Route(status=301, location="/page.html")
    site.routes["/loop"] = Route(status=302, location="/loop")
    with Fetcher(fast_fetch_settings()) as fetcher:
        with pytest.raises(NotAnArticle, match="Content-Type application/json"):
            fetcher.get(site.url("/data.json"), html_only=True)
        assert fetcher.get(site.url("/old")).final_url == site.url("/page.html")
        with pytest.raises(FetchError, match="redirect loop"):
            fetcher.get(site.url("/loop"))


def test_unreachable_host_names_the_reason() -> None:
    with Fetcher(fast_fetch_settings()) as fetcher, pytest.raises(FetchError) as info:
        fetcher.get("http://127.0.0.1:9/feed.xml")
    assert str(info.value).startswith("cannot fetch 'http://127.0.0.1:9/feed.xml': cannot read")
    assert "ConnectError" in str(info.value)


def test_host_gate_delay_and_concurrency() -> None:
    gate = HostGate(concurrency=1, delay=0.1)
    starts: list[float] = []

    def use() -> None:
        with gate.slot("h"):
            starts.append(time.monotonic())

    threads = [threading.Thread(target=use) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    assert starts[2] - starts[0] >= 0.19
    gate.set_delay("other", 5.0)
    assert gate._delays["other"] == 5.0


def test_settings_come_from_config(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.feeds import FetchSettings

    monkeypatch.setenv("NEWSGRAPH_HOST_DELAY", "0.25")
    monkeypatch.setenv("NEWSGRAPH_USER_AGENT", "me/1")
    settings = FetchSettings.from_config()
    assert settings.host_delay == 0.25 and settings.user_agent == "me/1"
    assert dataclasses.replace(settings, retries=0).retries == 0
