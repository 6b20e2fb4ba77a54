"""Places speed against NER speed, same process, same texts (target: places <= 20 % of NER).

The English Wikinews sample goes through ``sentences`` once; then ``ner`` and ``places`` are
timed alternately for ``--repeats`` rounds on fresh copies of the documents (places reads the
NER mentions, as in the pipeline). The first round is a warm-up (model and gazetteer loading,
name cache filling) and is reported separately. Prints the median seconds of both stages, the
spread and the ratio places / ner, and writes ``bench/results/places.json``. Also measures the
gazetteer's cold open time and the process RSS.

    python bench/bench_places.py [--repeats 5] [--limit 294]
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "data" / "corpus" / "wikinews-en.jsonl"
RESULTS = ROOT / "bench" / "results" / "places.json"


def load_docs(limit: int) -> list:  # type: ignore[type-arg]
    from newsgraph.doc import Doc
    from newsgraph.pipeline import Pipeline

    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:limit]
    docs = [Doc(id=str(i), text=json.loads(x)["text"], language="en") for i, x in enumerate(lines)]
    return Pipeline(["sentences"]).run(docs)


def timed(fn, docs) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for i in range(0, len(docs), 32):
        fn(docs[i : i + 32])
    return time.perf_counter() - start


def gazetteer_open_seconds() -> float:
    from newsgraph.resources.gazetteer import Gazetteer

    start = time.perf_counter()
    gaz = Gazetteer()
    gaz.lookup("Berlin")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--limit", type=int, default=294)
    args = parser.parse_args()

    open_s = gazetteer_open_seconds()
    rss_open = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from newsgraph.stages.ner.stage import NerStage
    from newsgraph.stages.places.stage import PlacesStage

    base = load_docs(args.limit)
    words = sum(len(d.text.split()) for d in base)
    ner, places = NerStage(), PlacesStage()
    ner_s, places_s = [], []
    for _ in range(args.repeats + 1):
        docs = copy.deepcopy(base)
        ner_s.append(timed(ner, docs))
        places_s.append(timed(places, docs))
    warm = {"ner": round(ner_s.pop(0), 3), "places": round(places_s.pop(0), 3)}
    result = {
        "articles": len(base),
        "words": words,
        "repeats": args.repeats,
        "ner_seconds_median": round(statistics.median(ner_s), 3),
        "ner_seconds_spread": [round(min(ner_s), 3), round(max(ner_s), 3)],
        "places_seconds_median": round(statistics.median(places_s), 3),
        "places_seconds_spread": [round(min(places_s), 3), round(max(places_s), 3)],
        "ratio_places_to_ner": round(statistics.median(places_s) / statistics.median(ner_s), 3),
        "places_words_per_second": round(words / statistics.median(places_s)),
        "first_round_seconds": warm,
        "gazetteer_open_seconds": round(open_s, 3),
        "rss_mb_after_gazetteer_open": round(rss_open, 1),
        "rss_mb_end": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(
        f"ner {result['ner_seconds_median']}s  places {result['places_seconds_median']}s  "
        f"ratio {result['ratio_places_to_ner']:.1%}  (gazetteer open {open_s:.2f}s)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
