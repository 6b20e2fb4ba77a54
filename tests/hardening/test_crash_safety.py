"""Issue 15, item 6: SIGKILL `newsgraph ingest` at random moments; nothing is lost, duplicated
or half-stored, and a final run completes the store exactly like one clean run.

The articles are short pieces of real Wikinews text (CC BY 2.5, ../shared/data/corpus), so the
stages find entities, places, dates and counts in them and every item table gets rows.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import shared_path

from newsgraph.store import open_store
from newsgraph.store.migrations import ITEM_TABLES

NEWSGRAPH = str(Path(sys.executable).with_name("newsgraph"))
STAGES = "sentences,ner,entities,places,dates,counts,themes"
ARTICLES = 540
KILLS = 12
SEED = 20150615
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


def pieces(path: Path, wanted: int) -> list[dict[str, Any]]:
    """Up to ``wanted`` articles of two or three sentences cut from a Wikinews JSONL file."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            sentences = [s for s in _SENTENCE_END.split(article["text"]) if s.strip()]
            for i in range(0, len(sentences) - 1, 3):
                text = " ".join(sentences[i : i + 3]).strip()
                if 80 <= len(text) <= 700 and text not in seen:
                    seen.add(text)
                    number = len(out)
                    out.append(
                        {
                            "id": f"{article['lang']}-{number:04d}",
                            "text": text,
                            "date": article.get("date"),
                            "lang": article["lang"],
                            "title": article.get("title"),
                        }
                    )
                if len(out) >= wanted:
                    return out
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    en = pieces(shared_path("corpus", "wikinews-en.jsonl"), ARTICLES // 2)
    de = pieces(shared_path("corpus", "wikinews-de.jsonl"), ARTICLES // 2)
    articles = [a for pair in zip(en, de, strict=False) for a in pair]
    assert len(articles) >= 500
    path = tmp_path_factory.mktemp("crash") / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [NEWSGRAPH, "ingest", str(corpus), "--db", str(db), "--stages", STAGES]
    command += ["--batch-size", "8", "--no-summary"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


#: the local site needs no politeness delay; the rest of the fetch settings are the defaults
WATCH_ENV = {**os.environ, "NEWSGRAPH_HOST_DELAY": "0", "NEWSGRAPH_HOST_CONCURRENCY": "4"}


def watch(feed: str, db: Path) -> subprocess.Popen[bytes]:
    command = [NEWSGRAPH, "watch", feed, "--once", "--db", str(db), "--stages", STAGES]
    command += ["--batch-size", "8"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=WATCH_ENV)


Start = Callable[[Path], "subprocess.Popen[bytes]"]


def run_to_end(start: Start, db: Path) -> float:
    started = time.monotonic()
    process = start(db)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err.decode()[-3000:]
    assert b"Traceback" not in out + err
    return time.monotonic() - started


def contents(db: Path) -> dict[str, Any]:
    """Every article id and every item row (by table and article) of a store."""
    with open_store(db, read_only=True) as store:
        con = store.con
        articles = con.execute("SELECT id, content_hash FROM articles").fetchall()
        items: dict[str, dict[str, list[tuple[int, str]]]] = {}
        for table in ITEM_TABLES:
            rows = con.execute(
                f"SELECT article_id, ordinal, CAST(item AS VARCHAR) FROM {table} "
                "ORDER BY article_id, ordinal"
            ).fetchall()
            for article_id, ordinal, item in rows:
                items.setdefault(article_id, {}).setdefault(table, []).append((ordinal, item))
        return {"articles": articles, "items": items, "counts": store.counts()}


def check_sound(db: Path, reference: dict[str, Any]) -> int:
    """No duplicate, no orphan item row, no half-stored article; returns the article count.

    A kill during start-up may come before the store file exists (nothing stored), or between
    two schema migrations (each its own transaction): the store is then opened for writing,
    as the next run opens it, and the missing migrations are applied.
    """
    if not db.exists():
        return 0
    with open_store(db) as store:
        con = store.con
        for key in ("id", "content_hash"):
            dupes = con.execute(
                f"SELECT {key}, count(*) FROM articles GROUP BY {key} HAVING count(*) > 1"
            ).fetchall()
            assert dupes == [], f"duplicate articles by {key}: {dupes[:5]}"
        for table in ITEM_TABLES:
            orphans = con.execute(
                f"SELECT DISTINCT article_id FROM {table} "
                "WHERE article_id NOT IN (SELECT id FROM articles)"
            ).fetchall()
            assert orphans == [], f"orphan rows in {table}: {orphans[:5]}"
    now = contents(db)
    reference_ids = {a for a, _ in reference["articles"]}
    for article_id, _ in now["articles"]:
        assert article_id in reference_ids, f"{article_id} is not in the clean run"
        got = now["items"].get(article_id, {})
        want = reference["items"].get(article_id, {})
        assert got == want, f"{article_id} is half-stored: {sorted(got)} vs {sorted(want)}"
    return len(now["articles"])


def store_size(db: Path) -> int:
    """Bytes of a store's file and its write-ahead log."""
    return sum(p.stat().st_size for p in (db, db.with_name(db.name + ".wal")) if p.exists())


def wait_for_growth(process: subprocess.Popen[bytes], db: Path, grow: float) -> None:
    """Return once the store has grown by ``grow`` bytes, or the process has ended."""
    start = store_size(db)
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        if store_size(db) - start >= grow:
            return
        time.sleep(0.02)


def kill_trials(start: Start, tmp_path: Path) -> dict[str, int]:
    """A clean run, then KILLS runs killed at random moments on one store, each followed by a
    soundness check, then a final run that must leave the store exactly like the clean one."""
    reference_db = tmp_path / "reference.duckdb"
    run_to_end(start, reference_db)
    reference = contents(reference_db)
    total = len(reference["articles"])
    assert total >= 500 and all(reference["counts"][t] > 0 for t in ("persons", "dates"))

    rng = random.Random(SEED)
    db = tmp_path / "killed.duckdb"
    killed_running = interrupted_mid_store = 0
    stored = 0
    # when to kill: two kills in the start-up (opening the store, loading models), the rest
    # when the store files have grown by a random part of what the remaining articles take,
    # so they land mid-work however busy the machine is
    per_article = store_size(reference_db) / total
    for trial in range(KILLS):
        process = start(db)
        if trial < 2:
            time.sleep(rng.uniform(0.3, 2.0))
        else:
            grow = per_article * (total - stored) * rng.uniform(0.05, 0.4)
            wait_for_growth(process, db, grow)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed_running += 1
        process.communicate(timeout=60)
        before, stored = stored, check_sound(db, reference)
        interrupted_mid_store += before < stored < total
    assert killed_running >= 10, f"only {killed_running} of {KILLS} kills hit a running process"
    assert interrupted_mid_store >= 3, "too few kills landed while articles were being stored"

    run_to_end(start, db)
    assert check_sound(db, reference) == total
    final = contents(db)
    assert sorted(final["articles"]) == sorted(reference["articles"])
    assert final["counts"] == reference["counts"]
    assert final["items"] == reference["items"]
    return {"kills": killed_running, "mid_store": interrupted_mid_store, "articles": total}


def test_sigkill_of_ingest_loses_duplicates_and_half_stores_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    print("ingest SIGKILL trials:", kill_trials(partial(ingest, corpus), tmp_path))


@pytest.fixture(scope="module")
def feed(corpus: Path) -> Iterator[str]:
    """A local site serving every corpus article as a page, and one RSS feed of them all."""
    from newsgraph.feeds.testserver import FixtureServer, Route, article_html, rss

    articles = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    with FixtureServer() as site:
        items = []
        for a in articles:
            path = f"/news/{a['id']}.html"
            site.routes[path] = Route(article_html(a["title"] or a["id"], a["text"], a["date"]))
            items.append((a["title"] or a["id"], site.url(path), None))
        site.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain")
        site.routes["/feed.xml"] = Route(rss("Crash feed", items), "application/rss+xml")
        yield site.url("/feed.xml")


def test_sigkill_of_watch_loses_duplicates_and_half_stores_nothing(
    feed: str, tmp_path: Path
) -> None:
    print("watch SIGKILL trials:", kill_trials(partial(watch, feed), tmp_path))
    with open_store(tmp_path / "killed.duckdb", read_only=True) as store:
        rows = store.con.execute(
            "SELECT status, count(*), count(DISTINCT article_id) FROM feed_items GROUP BY status"
        ).fetchall()
        dangling = store.con.execute(
            "SELECT count(*) FROM feed_items WHERE article_id IS NOT NULL "
            "AND article_id NOT IN (SELECT id FROM articles)"
        ).fetchall()[0][0]
    by_status = {status: (n, distinct) for status, n, distinct in rows}
    assert set(by_status) <= {"stored", "duplicate"}, by_status  # nothing left pending
    assert dangling == 0
