"""Counts and dates speed: newsgraph's stages against dateparser's ``search_dates``, same texts.

The Wikinews sample articles (German and English) are tokenised once by the sentence stage;
then ``CountsStage`` and ``DatesStage`` run over them, and ``dateparser.search.search_dates``
(the whole-text scanner newsgraph avoids) runs over the same texts as a peer. After a warm-up
the three alternate for ``--repeats`` rounds; the median words/s (whitespace words) and the
spread (min-max) are printed and written to ``bench/results/counts_dates.json``.

    python bench/bench_counts_dates.py [--repeats 3] [--limit 100] [--peer-limit 20]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from newsgraph.doc import Doc
from newsgraph.stages.counts.stage import CountsStage
from newsgraph.stages.dates.stage import DatesStage
from newsgraph.stages.sentences.stage import SentencesStage

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "data" / "corpus"
RESULTS = ROOT / "bench" / "results" / "counts_dates.json"


def documents(language: str, limit: int) -> list[Doc]:
    path = CORPUS / f"wikinews-{language}.jsonl"
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:limit]]
    docs = [Doc(id=r["id"], text=r["text"], language=language, date=r.get("date")) for r in rows]
    SentencesStage()(docs)
    return docs


def timed(run: Callable[[], object], words: int, repeats: int) -> dict[str, float]:
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        rates.append(words / (time.perf_counter() - started))
    return {
        "median_wps": round(statistics.median(rates)),
        "min_wps": round(min(rates)),
        "max_wps": round(max(rates)),
    }


def bench_language(language: str, limit: int, peer_limit: int, repeats: int) -> dict:
    from dateparser.search import search_dates

    docs = documents(language, limit)
    if not docs:
        return {}
    peer_docs = docs[:peer_limit]
    words = sum(len(d.text.split()) for d in docs)
    peer_words = sum(len(d.text.split()) for d in peer_docs)
    counts, dates = CountsStage(), DatesStage()
    counts(docs[:5])
    dates(docs[:5])
    search_dates(peer_docs[0].text[:500], languages=[language])

    def peer() -> None:
        for doc in peer_docs:
            search_dates(doc.text, languages=[language])

    return {
        "documents": len(docs),
        "words": words,
        "counts": timed(lambda: counts(docs), words, repeats),
        "dates": timed(lambda: dates(docs), words, repeats),
        "peer_dateparser_search_dates": {
            "documents": len(peer_docs),
            **timed(peer, peer_words, repeats),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--peer-limit", type=int, default=20)
    args = parser.parse_args()
    result = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        **{
            lang: bench_language(lang, args.limit, args.peer_limit, args.repeats)
            for lang in ("de", "en")
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
