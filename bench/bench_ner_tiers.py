"""The two German NER tiers side by side: fast (spaCy CNN ``ner-de``) and accurate (e5 adapters).

Both run through the NER stage's backends on the same GermEval 2014 dev sentences in the same
process, after a warm-up; reported are words per second (median of ``--repeats``), the
accurate/fast ratio, load time and the resident memory each adds. Writes
bench/results/ner_tiers.json.

    python bench/bench_ner_tiers.py [--sentences 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time

from bench_ner_de import DEV, ROOT, texts  # the same sentences as the fast-tier bench


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(tier: str, sentences: list[str], repeats: int) -> dict:
    from newsgraph.stages.ner.stage import load_backend

    before, start = rss_mb(), time.perf_counter()
    backend = load_backend("de", (), tier)
    loaded = time.perf_counter() - start
    backend.predict(sentences[:50])  # warm-up
    words = sum(len(s.split()) for s in sentences)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        backend.predict(sentences)
        times.append(time.perf_counter() - start)
    rates = [words / t for t in times]
    return {
        "tier": tier,
        "words": words,
        "load_seconds": round(loaded, 2),
        "peak_rss_added_mb": round(rss_mb() - before),
        "words_per_second_median": round(statistics.median(rates)),
        "words_per_second_min": round(min(rates)),
        "words_per_second_max": round(max(rates)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sentences = texts(DEV)[: args.sentences]
    fast = run("fast", sentences, args.repeats)
    accurate = run("accurate", sentences, args.repeats)
    ratio = accurate["words_per_second_median"] / fast["words_per_second_median"]
    result = {"sentences": len(sentences), "fast": fast, "accurate": accurate,
              "accurate_over_fast": round(ratio, 3)}  # fmt: skip
    out = ROOT / "bench" / "results" / "ner_tiers.json"
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
