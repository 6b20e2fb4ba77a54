"""Score named-entity recognition against GermEval 2014 or CoNLL-2003 files.

Strict span matching as in conlleval: a predicted span counts only if its start, end and type
equal a gold span. Precision, recall and F1 per type (PER, ORG, LOC, MISC) and micro-averaged
over PER/ORG/LOC, the types newsgraph records; MISC is reported on its own. The predictor gets
the gold tokens, so spans are token-aligned::

    newsgraph eval ner --lang de --format germeval \
        ../shared/data/ner/germeval2014/NER-de-dev.tsv

By default the predictor is ``newsgraph.stages.ner.NerStage`` when that module exists, else the
packaged spaCy model ``resources/models/ner-<lang>`` (or ``model=``) loaded with ``spacy.load``.
"""

from __future__ import annotations

import importlib
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from .iob import TokenSpan, read_units, tags_to_spans
from .splits import flatten, take

CORE = ("PER", "ORG", "LOC")
TYPES = (*CORE, "MISC")
Predictor = Callable[[list[list[str]]], list[list[TokenSpan]]]

#: gold and predicted labels -> newsgraph types; anything else is dropped
LABELS = {
    "PER": "PER", "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
    "MISC": "MISC", "OTH": "MISC", "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}  # fmt: skip


def normalise(spans: Sequence[TokenSpan]) -> set[TokenSpan]:
    """Map labels to PER/ORG/LOC/MISC; GermEval ``*deriv``/``*part`` and unknown types drop out."""
    return {(s, e, LABELS[label]) for s, e, label in spans if label in LABELS}


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
    }


def score(gold: Sequence[set[TokenSpan]], pred: Sequence[set[TokenSpan]]) -> dict[str, Any]:
    """Strict span P/R/F1 per type and micro over :data:`CORE`."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        tp.update(label for *_, label in g & p)
        n_pred.update(label for *_, label in p)
        n_gold.update(label for *_, label in g)
    per_type = {t: prf(tp[t], n_pred[t], n_gold[t]) for t in TYPES}
    micro = prf(*(sum(c[t] for t in CORE) for c in (tp, n_pred, n_gold)))
    return {"per_type": per_type, "micro": micro}


def spacy_predictor(model: str, batch_size: int = 256) -> Predictor:
    """Run a spaCy pipeline (path or package name) over gold tokens."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(model)

    def predict(sentences: list[list[str]]) -> list[list[TokenSpan]]:
        docs = (Doc(nlp.vocab, words=words) for words in sentences)
        out = nlp.pipe(docs, batch_size=batch_size)
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in out]

    return predict


def stage_predictor(stage: Any, lang: str) -> Predictor:
    """Run a newsgraph NER stage; its character mentions are mapped back to token indices."""
    import spacy
    from spacy.tokens import Doc as SpacyDoc

    from ..doc import Doc

    vocab = spacy.blank(lang).vocab

    def predict(sentences: list[list[str]]) -> list[list[TokenSpan]]:
        docs = []
        for i, words in enumerate(sentences):
            tokens = SpacyDoc(vocab, words=words)
            docs.append(Doc(id=str(i), text=tokens.text, language=lang, tokens=tokens,
                            sentences=[(0, len(tokens.text))]))  # fmt: skip
        stage(docs)
        return [_token_spans(doc) for doc in docs]

    return predict


def _token_spans(doc: Any) -> list[TokenSpan]:
    starts = {t.idx: t.i for t in doc.tokens}
    ends = {t.idx + len(t): t.i + 1 for t in doc.tokens}
    return [
        (starts[m.start], ends[m.end], m.label)
        for m in doc.mentions
        if m.start in starts and m.end in ends
    ]


def default_predictor(lang: str, model: str | None = None) -> Predictor:
    """The NER stage if it exists (and no model is given), else the packaged model for ``lang``."""
    if model is None:
        try:
            module = importlib.import_module("newsgraph.stages.ner.stage")
        except ModuleNotFoundError:
            module = None
        if module is not None:
            return stage_predictor(module.NerStage(), lang)
        from ..resources import resource_path

        model = str(resource_path("models", f"ner-{lang}"))
    return spacy_predictor(model)


def run(
    path: str,
    fmt: str,
    lang: str | None = None,
    limit: int | None = None,
    predictor: Predictor | None = None,
    model: str | None = None,
    split: str = "all",
) -> dict[str, Any]:
    """Score ``predictor`` (default: see :func:`default_predictor`) on the file at ``path``."""
    lang = lang or ("de" if fmt == "germeval" else "en")
    sentences = flatten(take(read_units(path, fmt), split))[:limit]
    words = [[w for w, _ in s] for s in sentences]
    gold = [normalise(tags_to_spans([t for _, t in s])) for s in sentences]
    predictor = predictor or default_predictor(lang, model)
    started = time.perf_counter()
    pred = [normalise(p) for p in predictor(words)]
    seconds = time.perf_counter() - started
    n_words = sum(map(len, words))
    result = score(gold, pred)
    result.update(sentences=len(sentences), words=n_words, seconds=round(seconds, 2))
    result["words_per_second"] = round(n_words / seconds) if seconds else None
    result["summary"] = _summary(result)
    return result


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        f"{k}_micro_core": v for k, v in result["micro"].items() if k in ("p", "r", "f1")
    }
    summary.update({f"f1_{t}": result["per_type"][t]["f1"] for t in TYPES})
    summary["words_per_second"] = result["words_per_second"]
    return summary
