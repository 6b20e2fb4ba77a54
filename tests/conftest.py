"""Shared fixtures: paths to the repository, the shared data (optional) and the sample corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
SEED_DE = SHARED / "data" / "samples" / "seed-de.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test when it is absent."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture
def seed_de_text() -> str:
    if not SEED_DE.exists():
        pytest.skip("seed sample not present")
    return SEED_DE.read_text(encoding="utf-8")


def assert_golden(path: Path, got: object) -> None:
    """Compare ``got`` with a reviewed golden JSON file.

    ``NEWSGRAPH_REGEN_GOLDEN=1`` rewrites the file (review the diff like code); a missing file
    fails rather than being written silently, so a golden test can never pass vacuously.
    """
    import difflib
    import json
    import os

    text = json.dumps(got, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("NEWSGRAPH_REGEN_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing: NEWSGRAPH_REGEN_GOLDEN=1 writes it for review")
    expected = path.read_text(encoding="utf-8")
    if json.loads(expected) != json.loads(text):
        diff = difflib.unified_diff(
            json.dumps(json.loads(expected), ensure_ascii=False, indent=1).splitlines(),
            text.splitlines(), "golden", "now", lineterm="", n=1,
        )
        shown = "\n".join(list(diff)[:60])
        pytest.fail(f"output differs from {path} (NEWSGRAPH_REGEN_GOLDEN=1 to accept):\n{shown}")


# -- the fixture news site of the feed tests (tests/feeds, tests/engines, tests/cli) ---------
RFC822 = "Mon, 06 Jan 2020 10:00:00 GMT"


def sample_articles(n: int) -> list[dict[str, str]]:
    import json

    lines = (SAMPLES / "wikinews-sample.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:n]]


def build_site(site: Any) -> dict[str, list[str]]:
    """Routes of a small news site on ``site`` (a FixtureServer); returns its feed URL sets.

    ``good``: an RSS feed with an ETag (absolute, relative and 301 links) and an Atom feed
    with Last-Modified only; ``bad``: a malformed feed, a feed of broken items (404, 500, slow,
    redirect loop, huge, non-HTML, robots-disallowed) and an unreachable host.
    """
    from newsgraph.feeds.testserver import Route, article_html, atom, rss

    routes = site.routes
    for i, article in enumerate(sample_articles(6)):
        routes[f"/articles/{i}.html"] = Route(article_html(article["title"], article["text"]))
    routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    routes["/moved"] = Route(status=301, location="/articles/2.html")
    routes["/feeds/rss.xml"] = Route(
        rss(
            "Fixture RSS",
            [
                ("Zero", site.url("/articles/0.html"), RFC822),
                ("One", "../articles/1.html", RFC822),
                ("Two, moved", "/moved", RFC822),
            ],
        ),
        "application/rss+xml",
        etag='"rss-v1"',
    )
    routes["/feeds/atom.xml"] = Route(
        atom(
            "Fixture Atom",
            [
                ("Three", "../articles/3.html", "2024-02-03T04:05:06Z"),
                ("Two again", "/articles/2.html", "2024-02-03T04:05:06Z"),
            ],
        ),
        "application/atom+xml",
        last_modified="Sat, 03 Feb 2024 04:05:06 GMT",
    )
    routes["/feeds/broken.xml"] = Route(b"<?xml version='1.0'?><rss><channel><titl", "text/xml")
    bad_items = [
        ("missing", "/missing.html"),
        ("error", "/error.html"),
        ("slow", "/slow.html"),
        ("loop", "/loop-a"),
        ("huge", "/huge.html"),
        ("json", "/data.json"),
        ("private", "/private/secret.html"),
    ]
    routes["/feeds/trouble.xml"] = Route(
        rss("Trouble", [(t, link, RFC822) for t, link in bad_items]), "application/rss+xml"
    )
    routes["/error.html"] = Route(b"boom", status=500)
    routes["/slow.html"] = Route(article_html("Slow", "Too slow."), delay=1.5)
    routes["/loop-a"] = Route(status=302, location="/loop-b")
    routes["/loop-b"] = Route(status=302, location="/loop-a")
    routes["/huge.html"] = Route(stream_bytes=400_000)
    routes["/data.json"] = Route(b'{"a": 1}', "application/json")
    routes["/private/secret.html"] = Route(article_html("Secret", "Not for robots."))
    good = [site.url("/feeds/rss.xml"), site.url("/feeds/atom.xml")]
    bad = [
        site.url("/feeds/broken.xml"),
        site.url("/feeds/trouble.xml"),
        "http://127.0.0.1:9/feed.xml",  # nothing listens on port 9 (discard)
    ]
    return {"good": good, "bad": bad}


def fast_fetch_settings() -> Any:
    """Fetch settings for the local server: no per-host delay, short timeouts and backoff."""
    from newsgraph.feeds import FetchSettings

    return FetchSettings(
        user_agent="newsgraph-test",
        timeout=0.5,
        workers=8,
        host_concurrency=4,
        host_delay=0.0,
        max_bytes=200_000,
        retries=1,
        backoff=0.01,
        max_retry_wait=2.0,
    )


@pytest.fixture
def news_site() -> Iterator[Any]:
    from newsgraph.feeds.testserver import FixtureServer

    with FixtureServer() as site:
        site.feeds = build_site(site)
        yield site
