"""`newsgraph watch --once` and `newsgraph feeds` through the CLI (cheap stage list)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli


@pytest.fixture(autouse=True)
def fast_fetching(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "HOST_DELAY": "0",
        "FETCH_TIMEOUT": "0.5",
        "FETCH_RETRIES": "1",
        "RETRY_BACKOFF": "0.01",
        "MAX_PAGE_BYTES": "200000",
    }.items():
        monkeypatch.setenv(f"NEWSGRAPH_{name}", value)


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_once_all_well_exits_0_and_feeds_lists_health(news_site: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    listing = tmp_path / "feeds.txt"
    listing.write_text("# fixture feeds\n" + "\n".join(news_site.feeds["good"]) + "\n")
    result = run("watch", str(listing), "--db", db, "--once", "--stages", "sentences")
    assert result.exit_code == 0, result.output
    assert "4 article(s) stored, 1 duplicate(s)" in result.stdout
    again = run("watch", str(listing), "--db", db, "--once", "--stages", "sentences")
    assert again.exit_code == 0 and "0 changed, 2 not modified" in again.stdout
    health = run("feeds", "--db", db, "--json")
    assert health.exit_code == 0 and '"articles":' in health.stdout
    table = run("feeds", "--db", db)
    assert "rss.xml" in table.stdout and "never" not in table.stdout


def test_once_with_failures_exits_1_naming_url_and_reason(news_site: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    result = run("watch", *news_site.feeds["bad"], "--db", db, "--once", "--stages", "sentences")
    assert result.exit_code == 1
    err = result.stderr
    assert f"feed {news_site.url('/feeds/broken.xml')}: unreadable feed" in err
    assert f"item {news_site.url('/missing.html')} (feed " in err and "HTTP 404 Not Found" in err
    assert f"skipped {news_site.url('/data.json')}: not an HTML page" in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("watch", "--db", str(tmp_path / "x.duckdb"), "--once").exit_code == 2
    bad = run("watch", "no-such-file.txt", "--db", str(tmp_path / "x.duckdb"), "--once")
    assert bad.exit_code == 2
    assert "not a feed URL, a file of feed URLs or an OPML file" in bad.output


def test_feeds_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    db = str(tmp_path / "e.duckdb")
    from newsgraph.store import open_store

    open_store(db).close()
    result = run("feeds", "--db", db)
    assert result.exit_code == 0 and "follows no feeds yet" in result.stdout
