"""Train newsgraph's German NER pipeline from scratch on open data, into ``models/ner-de``.

One command (from the repository root) reproduces the shipped model::

    nice python -m newsgraph.training.ner_de \
        --out src/newsgraph/resources/models/ner-de

Steps: convert the open German sets under ``shared/data/ner`` to spaCy ``DocBin`` files in
``training/de/`` (git-ignored), train ``ner_de.cfg`` with ``spacy train`` (CPU), copy
``model-best`` to ``--out`` and score it on the GermEval 2014 dev set with
:mod:`newsgraph.eval.ner`. The last 1,000 GermEval *train* sentences are held out to pick the
best checkpoint, so the dev score is not tuned on. The default mix ``news`` is GermEval train,
SmartData and MobIE; ``open`` adds the legal (LER) and historical (Europeana) sets, which
lowered the GermEval scores. WikiANN (no licence stated) is only in ``--mix open+wikiann``.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from newsgraph.resources import resource_path
from newsgraph.training import names_de
from newsgraph.training.corpora_de import SOURCES, Sent, read_source

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DATA = REPO / ".." / "shared" / "data" / "ner"
HELD_OUT = 1000  # GermEval train sentences kept for checkpoint selection

#: training mixes: source -> weight (< 1 samples, > 1 repeats)
MIXES: dict[str, dict[str, float]] = {
    "germeval": {"germeval-train": 1.0},
    "open": {
        "germeval-train": 1.0,
        "smartdata": 1.0,
        "mobie": 1.0,
        "mobie-dev": 1.0,
        "ler": 1.0,
        "europeana": 0.5,
    },
}
MIXES["news"] = {k: MIXES["open"][k] for k in ("germeval-train", "smartdata", "mobie", "mobie-dev")}
MIXES["open+wikiann"] = {**MIXES["open"], "wikiann": 1.0}


def to_docbin(sents: Iterable[Sent], path: Path) -> int:
    """Write sentences as a spaCy DocBin; missing spans stay unannotated. Returns the count."""
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("de").vocab
    db = DocBin(store_user_data=False)
    n = 0
    for sent in sents:
        db.add(_to_doc(vocab, sent))
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n


def _to_doc(vocab, sent: Sent):  # noqa: ANN001, ANN202 - spaCy types
    from spacy.tokens import Doc, Span
    from spacy.util import filter_spans

    doc = Doc(vocab, words=sent.words, spaces=[True] * len(sent.words))
    ents = filter_spans([Span(doc, s, e, label=label) for s, e, label in sent.ents])
    taken = {i for span in ents for i in range(span.start, span.end)}
    missing = [doc[s:e] for s, e in sent.missing if not taken & set(range(s, e))]
    doc.set_ents(ents, missing=missing, default="outside")
    return doc


def _weighted(sents: list[Sent], weight: float, rng: random.Random) -> list[Sent]:
    whole, part = int(weight), weight - int(weight)
    return sents * whole + [s for s in sents if rng.random() < part]


def build_corpus(mix: str, data_dir: Path, out_dir: Path, seed: int = 0) -> dict[str, int]:
    """Write ``train.spacy`` (the mix) and ``heldout.spacy`` into ``out_dir``; return counts."""
    rng = random.Random(seed)
    train: list[Sent] = []
    counts: dict[str, int] = {}
    for name, weight in MIXES[mix].items():
        sents = list(read_source(name, data_dir))
        if name == "germeval-train":
            counts["heldout"] = to_docbin(sents[-HELD_OUT:], out_dir / "heldout.spacy")
            sents = sents[:-HELD_OUT]
        chosen = _weighted(sents, weight, rng)
        counts[name] = len(chosen)
        train.extend(chosen)
    rng.shuffle(train)
    counts["train"] = to_docbin(train, out_dir / "train.spacy")
    return counts


def resume_config(config: Path, model: Path, out: Path) -> Path:
    """A copy of ``config`` whose tok2vec and ner start from ``model`` (training goes on)."""
    from spacy.util import load_config

    cfg = load_config(config, interpolate=False)
    for name in ("tok2vec", "ner"):
        cfg["components"][name] = {"source": str(model.resolve())}
    out.parent.mkdir(parents=True, exist_ok=True)
    cfg.to_disk(out)
    return out


def train(
    config: Path, corpus: Path, run_dir: Path, overrides: list[str], code: Path | None
) -> Path:

    """Run ``spacy train`` on CPU; the log goes to ``run_dir/train.log``. Returns model-best."""
    run_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(run_dir)]
    cmd += [
        "--paths.train",
        str(corpus / "train.spacy"),
        "--paths.dev",
        str(corpus / "heldout.spacy"),
    ]
    if code:
        cmd += ["--code", str(code)]
    for item in overrides:
        key, _, value = item.partition("=")
        cmd += [f"--{key}", value]
    with open(run_dir / "train.log", "w", encoding="utf-8") as log:
        subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT)
    return run_dir / "model-best"


def ship(model: Path, out: Path) -> int:
    """Copy a trained pipeline to ``out`` (replacing it); returns its size in bytes."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(model, out)
    _forget_local_paths(out / "config.cfg")
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def _forget_local_paths(config_file: Path) -> None:
    """The shipped config should not name this machine's training files."""
    from spacy.util import load_config

    config = load_config(config_file, interpolate=False)
    for key in config["paths"]:
        config["paths"][key] = None
    config.to_disk(config_file)


def evaluate(model: Path, data_dir: Path) -> dict:
    from newsgraph.eval import ner

    dev = data_dir / SOURCES["germeval-dev"].path
    return ner.run(str(dev), "germeval", lang="de", model=str(model))


def _names(args: argparse.Namespace, corpus: Path) -> list[str]:
    """Config overrides for the name-list vectors (built unless --skip-convert finds them)."""
    if not args.names:
        return ["components.tok2vec.model.embed.include_static_vectors=false"]
    vectors = corpus.parent / "names-vectors"
    if not (args.skip_convert and vectors.exists()):
        log.info("names %s", json.dumps(names_de.write_vectors(names_de.build(), vectors)))
    return [f"paths.vectors={vectors}"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="de", choices=["de"])
    parser.add_argument("--out", type=Path, default=resource_path("models", "ner-de"))
    parser.add_argument("--mix", default="news", choices=sorted(MIXES))
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--corpus", type=Path, default=None, help="DocBin folder (default training/de/<mix>)"
    )
    parser.add_argument("--runs", type=Path, default=REPO / "runs")
    parser.add_argument("--name", default=None, help="run name (default ner-de-<mix>)")
    parser.add_argument("--config", type=Path, default=HERE / "ner_de.cfg")
    parser.add_argument(
        "--code", type=Path, default=None, help="python file with registered functions"
    )
    parser.add_argument("--set", action="append", default=[], help="config override key=value")
    parser.add_argument("--skip-convert", action="store_true")
    parser.add_argument("--resume", type=Path, default=None, help="continue from this pipeline")
    parser.add_argument(
        "--no-names", dest="names", action="store_false", help="no name-list features"
    )
    args = parser.parse_args(argv)

    corpus = args.corpus or REPO / "training" / args.lang / args.mix
    name = args.name or f"ner-{args.lang}-{args.mix}"
    started = time.time()
    if not args.skip_convert:
        log.info("corpus %s", json.dumps(build_corpus(args.mix, args.data.resolve(), corpus)))
    config = args.config
    if args.resume:
        config = resume_config(config, args.resume, args.runs / name / "resume.cfg")
    best = train(config, corpus, args.runs / name, _names(args, corpus) + args.set, args.code)
    size = ship(best, args.out)
    metrics = evaluate(args.out, args.data.resolve())
    metrics["model_bytes"] = size
    metrics["train_minutes"] = round((time.time() - started) / 60, 1)
    (args.runs / name / "germeval-dev.json").write_text(json.dumps(metrics, indent=1))
    log.info(json.dumps(metrics["summary"], indent=1))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
