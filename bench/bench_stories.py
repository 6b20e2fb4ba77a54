"""Cost of near-duplicate checks and story assignment against the analysis, on a growing store.

The store is built from analysed articles: the Wikinews corpora (../shared/data/corpus) are
analysed once; their records are then copied with new ids, dates spread over a year and their
words shuffled (so each copy is a distinct text with the same entities) until the store holds
``--articles`` articles. Story assignment (``newsgraph.stories.assign``) runs on every batch as
ingest runs it. Reported per step of the growing store: assignment time per article, the
analysis time per article of the same corpus measured in the same process (the peer), their
ratio (target <= 0.10), the time to rebuild the story state when a store is reopened, and the
process's peak RSS growth (memory should grow no faster than linearly).

    python bench/bench_stories.py [--articles 20000] [--batch 200]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--seed-articles", type=int, default=120)
    args = parser.parse_args()

    from newsgraph.api import analyze_docs
    from newsgraph.doc import Doc
    from newsgraph.store import open_store
    from newsgraph.stories import assign
    from newsgraph.stories.index import StoryState

    rows = []
    for name in ("wikinews-en.jsonl", "wikinews-de.jsonl"):
        with (CORPUS / name).open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    rows = rows[: args.seed_articles]
    docs = [
        Doc(
            id=str(r.get("id", i)),
            text=r["text"],
            language=r.get("lang", "und"),
            date=r.get("date"),
        )
        for i, r in enumerate(rows)
    ]
    analyze_docs(docs[:4])  # models loaded
    started = time.perf_counter()
    seeds = analyze_docs(docs)
    analysis = (time.perf_counter() - started) / len(seeds)

    rng = random.Random(7)
    steps, out = {2000, 5000, 10000, 20000, args.articles}, []
    base_rss = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        store = open_store(path)
        made = assign_seconds = 0.0
        n = 0
        while n < args.articles:
            batch = []
            for _ in range(min(args.batch, args.articles - n)):
                seed = seeds[n % len(seeds)]
                words = seed.text.split()
                rng.shuffle(words)
                day = 1 + (n * 365 // args.articles) % 365
                batch.append(
                    replace(
                        seed,
                        id=f"b{n}",
                        text=" ".join(words),
                        date=f"2022-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}",
                    )
                )
                n += 1
            store.add(batch)
            t = time.perf_counter()
            assign(store, batch)
            assign_seconds += time.perf_counter() - t
            made += len(batch)
            if n in steps:
                per = assign_seconds / made
                out.append(
                    {
                        "articles": n,
                        "assign_ms_per_article": round(per * 1000, 2),
                        "analysis_ms_per_article": round(analysis * 1000, 1),
                        "ratio": round(per / analysis, 4),
                        "rss_growth_mb": round(rss_mb() - base_rss, 1),
                    }
                )
                print(json.dumps(out[-1]), flush=True)
                made = assign_seconds = 0.0
        t = time.perf_counter()
        StoryState.load(store, store._stories_state.clusterer.settings)  # type: ignore[attr-defined]
        reload = time.perf_counter() - t
        stories = store.con.execute("SELECT count(*) FROM stories").fetchone()[0]
        store.close()
    result = {"steps": out, "reopen_rebuild_seconds": round(reload, 2), "stories": stories}
    print(json.dumps(result))
    target = ROOT / "bench" / "results" / "stories.json"
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
