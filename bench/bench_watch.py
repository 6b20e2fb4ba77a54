"""What fetching costs: `watch --once` against the local fixture server beside `ingest` of
the same pages from files, in the same process, with the same pipeline.

The pages are the bundled sample articles wrapped in HTML (``--copies`` variants of each, a
numbered sentence appended so every text is distinct), listed in ``--feeds`` RSS feeds served
on 127.0.0.1. Each side runs once to warm up, then ``--repeats`` times into a fresh store;
reported: articles/s (median, min, max) and the ratio watch/ingest. The per-host delay is 0
and the per-host concurrency is the worker count: the server is local, so no politeness is
owed and the figure is the client's own cost. Writes JSON to bench/results/watch.json.

    python bench/bench_watch.py [--copies 6] [--feeds 6] [--repeats 3] [--stages ...]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def pages(copies: int) -> list[tuple[str, str, bytes]]:
    """(path, title, html) of every page: each sample article ``copies`` times, distinct."""
    from newsgraph.feeds.testserver import article_html

    lines = (ROOT / "samples" / "wikinews-sample.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines]
    out = []
    for copy in range(copies):
        for i, a in enumerate(articles):
            text = f"{a['text']}\n\nThis is copy {copy} of the report."
            out.append((f"/news/{copy}/{i}.html", a["title"], article_html(a["title"], text)))
    return out


def serve(site: Any, items: list[tuple[str, str, bytes]], feeds: int) -> list[str]:
    from newsgraph.feeds.testserver import Route, rss

    for path, _, body in items:
        site.routes[path] = Route(body)
    urls = []
    for f in range(feeds):
        mine = items[f::feeds]
        site.routes[f"/feeds/{f}.xml"] = Route(
            rss(f"feed {f}", [(t, p, "Mon, 06 Jan 2020 10:00:00 GMT") for p, t, _ in mine]),
            "application/rss+xml",
            etag=f'"f{f}"',
        )
        urls.append(site.url(f"/feeds/{f}.xml"))
    return urls


def run_watch(urls: list[str], pipeline: Any, workers: int) -> Callable[[Path], int]:
    from newsgraph.engines.watch import Watcher
    from newsgraph.feeds import FetchSettings
    from newsgraph.store import open_store

    settings = FetchSettings(
        user_agent="newsgraph-bench", workers=workers, host_concurrency=workers, host_delay=0.0
    )

    def step(db: Path) -> int:
        with open_store(db) as store:
            report = Watcher(store, pipeline, settings).poll(urls)
            assert report.ok, report
            return report.stored

    return step


def run_ingest(folder: Path, pipeline: Any) -> Callable[[Path], int]:
    """What `newsgraph ingest FOLDER` does: read, skip stored texts, analyse, add per batch."""
    from newsgraph.api import analyze_docs
    from newsgraph.doc import Doc
    from newsgraph.ingest import batches, read_inputs
    from newsgraph.store import open_store

    def step(db: Path) -> int:
        added = 0
        with open_store(db) as store:
            for batch in batches(read_inputs([str(folder)]), pipeline.batch_size):
                docs = [d for d in batch if isinstance(d, Doc)]
                known = store.stored_texts([d.text for d in docs])
                fresh = [d for d, k in zip(docs, known, strict=True) if not k]
                added += store.add(analyze_docs(fresh, pipeline)).added
        return added

    return step


def timed(step: Callable[[Path], int], repeats: int, tmp: Path, n: int) -> dict[str, Any]:
    step(tmp / "warm.duckdb")
    rates, times = [], []
    for r in range(repeats):
        db = tmp / f"{r}-{time.monotonic_ns()}.duckdb"
        start = time.perf_counter()
        stored = step(db)
        elapsed = time.perf_counter() - start
        assert stored == n, (stored, n)
        times.append(elapsed)
        rates.append(n / elapsed)
    return {
        "articles_per_s": {
            "median": statistics.median(rates),
            "min": min(rates),
            "max": max(rates),
        },
        "times_s": times,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=6, help="variants of each sample article")
    parser.add_argument("--feeds", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--stages", help="comma-separated stage list (default: every stage)")
    args = parser.parse_args()

    from newsgraph.feeds.testserver import FixtureServer
    from newsgraph.pipeline import Pipeline

    stages = args.stages.split(",") if args.stages else None
    pipeline = Pipeline(stages, batch_size=args.batch_size)
    items = pages(args.copies)
    tmp = Path(tempfile.mkdtemp())
    folder = tmp / "pages"
    for path, _, body in items:
        target = folder / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    with FixtureServer() as site:
        urls = serve(site, items, args.feeds)
        ingest = timed(run_ingest(folder, pipeline), args.repeats, tmp, len(items))
        watch = timed(run_watch(urls, pipeline, args.workers), args.repeats, tmp, len(items))
        requests = len(site.hits())
    results = {
        "articles": len(items),
        "feeds": args.feeds,
        "stages": pipeline.names,
        "workers": args.workers,
        "python": platform.python_version(),
        "ingest_files": ingest,
        "watch_once": watch,
        "ratio_watch_to_ingest": watch["articles_per_s"]["median"]
        / ingest["articles_per_s"]["median"],
        "server_requests": requests,
    }
    out = ROOT / "bench" / "results" / "watch.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
