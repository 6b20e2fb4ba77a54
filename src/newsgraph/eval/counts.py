"""Score the counts stage on ISAF press releases (gold ``min_killed`` / ``min_captured``).

Usage: ``newsgraph eval counts --format isaf FILE``;
``--format meantime DIR`` scores amounts against MEANTIME VALUE markables (:func:`run_amounts`).

The score reads what users get: the record's ``totals`` (the counts stage adds up an
article's counts into one lower bound per count type: repeats once, distinct groups added,
subsets not added, vague words at their lexicon lower bound; see ``stages/counts/totals.py``).
killed = the KILL total, captured = ARREST + KIDNAP totals (the dataset's "captured" covers
detentions and captures); no total -> 0.

For comparison the report also gives ``largest_count``: the largest single exact count of the
kind per release, the figure a reader gets without totals.

Exact-match accuracy per field is the headline; mean absolute error is reported as well. The
tune/check halves are the even/odd press releases (:mod:`.splits`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

from ..doc import Doc
from ..record import Count, Total
from ..stages.counts.stage import CountsStage
from ..stages.dates.stage import DatesStage
from ..stages.sentences.stage import SentencesStage
from .dates import meantime_files, overlaps, read_meantime
from .splits import take_limited

KILLED = ("KILL",)
CAPTURED = ("ARREST", "KIDNAP")


def read_isaf(path: str, limit: int | None = None, split: str = "all") -> list[dict[str, Any]]:
    """The press releases of ``split`` (see :mod:`.splits`), the first ``limit`` of them."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return take_limited(rows, split, limit)


def from_totals(totals: Iterable[Total], types: tuple[str, ...]) -> int:
    """The article's number for a kind of count: its totals of those types, added."""
    return int(sum(t.number for t in totals if t.type in types))


def largest_count(counts: Iterable[Count], types: tuple[str, ...]) -> int:
    """The largest single exact count of those types (the no-totals baseline)."""
    return int(max((c.number for c in counts if c.type in types and c.number), default=0))


def run(
    path: str,
    fmt: str = "isaf",
    lang: str | None = None,
    limit: int | None = None,
    split: str = "all",
) -> dict:
    if fmt == "meantime":
        return run_amounts(path, lang, limit, split)
    if fmt != "isaf":
        raise ValueError(f"unknown counts format {fmt!r}; supported: isaf, meantime")
    rows = read_isaf(path, limit, split)
    docs = [Doc(id=r["id"], text=r["text"], language=lang or "en") for r in rows]
    started = time.perf_counter()
    SentencesStage()(docs)
    CountsStage()(docs)
    seconds = time.perf_counter() - started
    fields = {"killed": ("min_killed", KILLED), "captured": ("min_captured", CAPTURED)}
    scores: dict[str, Any] = {}
    errors = []
    for name, (gold_key, types) in fields.items():
        hits = abs_err = baseline = 0
        for row, doc in zip(rows, docs, strict=True):
            gold, pred = int(row["gold"][gold_key]), from_totals(doc.totals, types)
            hits += gold == pred
            abs_err += abs(gold - pred)
            baseline += gold == largest_count(doc.counts, types)
            if gold != pred:
                errors.append({"id": row["id"], "field": name, "gold": gold, "pred": pred})
        scores[name] = {
            "accuracy": hits / len(rows),
            "mae": abs_err / len(rows),
            "largest_count_accuracy": baseline / len(rows),
        }
    words = sum(len(d.text.split()) for d in docs)
    return {
        "summary": {
            "killed_accuracy": round(scores["killed"]["accuracy"], 4),
            "captured_accuracy": round(scores["captured"]["accuracy"], 4),
            "documents": len(rows),
        },
        "scores": scores,
        "speed": {
            "seconds": round(seconds, 3),
            "words_per_second": round(words / max(seconds, 1e-9)),
        },
        "errors": errors,
    }


def run_amounts(
    path: str, lang: str | None = None, limit: int | None = None, split: str = "all"
) -> dict:
    """Amounts against MEANTIME VALUE markables (QUANTITY, MONEY, PERCENT), by span overlap.

    Only the annotated first sentences are scored. MEANTIME marks every number that is a value,
    with or without a counted noun, so recall is bounded: amounts here need an object.
    """
    files = take_limited(meantime_files(path), split, limit)
    articles = [read_meantime(f) for f in files]
    docs = [
        Doc(id=f.stem, text=a.text, language=lang or "en", date=a.creation)
        for f, a in zip(files, articles, strict=True)
    ]
    SentencesStage()(docs)
    DatesStage()(docs)
    CountsStage()(docs)
    predicted = matched = 0
    found: dict[str, list[int]] = {}
    for doc, article in zip(docs, articles, strict=True):
        used: set[int] = set()
        amounts = [a for a in doc.amounts if a.span[1] <= article.end]
        predicted += len(amounts)
        for amount in amounts:
            hit = overlaps(amount.span, article.values, used)
            if hit is not None:
                used.add(hit)
                matched += 1
        for i, (_s, _e, kind) in enumerate(article.values):
            found.setdefault(kind, []).append(i in used)
    gold = sum(len(v) for v in found.values())
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "summary": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        },
        "recall_by_type": {k: round(sum(v) / len(v), 4) for k, v in sorted(found.items())},
        "predicted": predicted,
        "gold": gold,
        "documents": len(docs),
    }
