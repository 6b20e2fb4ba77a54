"""Speed of the events, themes and tone stages against VADER, same process, same texts.

The Wikinews sample articles (German and English) are split into sentences once; then each
stage runs over all of them for ``--repeats`` rounds after a warm-up. The peer is VADER's
``SentimentIntensityAnalyzer`` scoring every sentence (a lexicon tone scorer of the same kind
as the tone stage). Median words/s (whitespace words) and the spread (min-max) are printed and
written to ``bench/results/events_themes_tone.json``.

    python bench/bench_events_themes_tone.py [--repeats 5] [--limit 200]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "data" / "corpus"
RESULTS = ROOT / "bench" / "results" / "events_themes_tone.json"


def load_docs(language: str, limit: int) -> list[Any]:
    from newsgraph.doc import Doc
    from newsgraph.stages.sentences.stage import SentencesStage

    path = CORPUS / f"wikinews-{language}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:limit]]
    docs = [Doc(id=r["id"], text=r["text"], language=language) for r in rows]
    SentencesStage()(docs)
    return docs


def vader(docs: list[Any]) -> Callable[[], None]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    sentences = [d.text[s:e] for d in docs for s, e in d.sentences]
    return lambda: [analyzer.polarity_scores(s) for s in sentences]  # type: ignore[func-returns-value]


def timed(fn: Callable[[], Any], words: int, repeats: int) -> dict[str, float]:
    fn()  # warm-up: lexicons, caches
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        rates.append(words / (time.perf_counter() - start))
    return {"median": round(statistics.median(rates)), "min": round(min(rates)),
            "max": round(max(rates))}  # fmt: skip


def main() -> None:
    from newsgraph.stages.events.stage import EventsStage
    from newsgraph.stages.themes.stage import ThemesStage
    from newsgraph.stages.tone.stage import ToneStage

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, Any] = {"python": platform.python_version(), "words_per_second": {}}
    for language in ("de", "en"):
        docs = load_docs(language, args.limit)
        words = sum(len(d.text.split()) for d in docs)
        runs = {
            "events": lambda docs=docs: EventsStage(backend=None)(docs),
            "themes": lambda docs=docs: ThemesStage()(docs),
            "tone": lambda docs=docs: ToneStage()(docs),
            "peer_vader_sentences": vader(docs),
        }
        results["words_per_second"][language] = {
            name: timed(fn, words, args.repeats) for name, fn in runs.items()
        }
        results["words_per_second"][language]["articles"] = len(docs)
    print(json.dumps(results, indent=1))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
