"""Words per second of the packaged German NER pipeline on the GermEval 2014 dev text.

Raw sentence text goes through ``nlp.pipe`` (tokenizer + tok2vec + ner) after a warm-up; the
median and spread of ``--repeats`` runs are reported for each ``--n-process``. Writes JSON to
bench/results/ner_de.json.

    python bench/bench_ner_de.py [--model src/newsgraph/resources/models/ner-de] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / ".." / "shared" / "data" / "ner" / "germeval2014" / "NER-de-dev.tsv"


def texts(path: Path) -> list[str]:
    from newsgraph.eval.iob import read_germeval

    return [" ".join(w for w, _ in sentence) for sentence in read_germeval(path)]


def bench(model: Path, sentences: list[str], repeats: int, batch: int, procs: int) -> dict:
    import spacy

    nlp = spacy.load(model)
    list(nlp.pipe(sentences[:200], batch_size=batch))  # warm-up
    words, times = 0, []
    for _ in range(repeats):
        start = time.perf_counter()
        words = sum(len(d) for d in nlp.pipe(sentences, batch_size=batch, n_process=procs))
        times.append(time.perf_counter() - start)
    rates = [words / t for t in times]
    return {
        "n_process": procs,
        "batch_size": batch,
        "tokens": words,
        "words_per_second_median": round(statistics.median(rates)),
        "words_per_second_min": round(min(rates)),
        "words_per_second_max": round(max(rates)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = ROOT / "src/newsgraph/resources/models/ner-de"
    parser.add_argument("--model", type=Path, default=default)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    sentences = texts(DEV)
    runs = [bench(args.model, sentences, args.repeats, args.batch_size, n) for n in args.n_process]
    result = {"model": str(args.model), "sentences": len(sentences), "runs": runs}
    out = ROOT / "bench" / "results" / "ner_de.json"
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
