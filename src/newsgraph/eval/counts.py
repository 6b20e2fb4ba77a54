"""Score the counts stage on ISAF press releases (gold ``min_killed`` / ``min_captured``).

Usage: ``newsgraph eval counts --format isaf FILE``;
``--format meantime DIR`` scores amounts against MEANTIME VALUE markables (:func:`run_amounts`).

How the stage's counts become one killed and one captured number per press release:

* killed = KILL counts, captured = ARREST + KIDNAP counts (the dataset's "captured" covers
  detentions and captures);
* a count's value is its number (the lower end of a range - the gold fields are lower bounds);
  a vague count (number null) takes the dataset card's lower-bound convention for its
  quantity word (:data:`VAGUE_LOWER_BOUND`, e.g. "numerous" -> 4, "several" -> 3, "a group of"
  -> not a number), so the stage itself stays GDELT-like and null;
* the press release's value is the **sum** of its exact counts of that kind after dropping
  repeats (same number and head noun, "two fighters" / "two armed fighters": a headline
  and its body) and partitive subsets ("three of the fighters who died"); "more than
  N" counts as N + 1, the dataset's lower-bound convention;
* "the" + a singular object ("killed the commander", one person) refers back to someone
  already counted: it counts only when the release has no other count of that kind;
* vague counts add their largest lower bound once, unless their head noun is already counted
  exactly (a vague headline over "killing four fighters" in the body), so "a leader and
  several associates" is 1 + 3;
* no count at all -> 0.

Exact-match accuracy per field is the headline; mean absolute error and the confusion of zero
versus non-zero are reported as well.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

from ..doc import Doc
from ..record import Count
from ..stages.counts.stage import CountsStage
from ..stages.dates.stage import DatesStage
from ..stages.sentences.stage import SentencesStage
from .dates import meantime_files, overlaps, read_meantime
from .splits import take_limited

#: Lower bounds the ISAF annotator used for vague quantities (dataset card / author's notes).
VAGUE_LOWER_BOUND = {
    "a couple of": 2,
    "a few": 3,
    "several": 3,
    "multiple": 3,
    "numerous": 4,
    "a number of": 3,
    "some": 3,
    "many": 4,
    "dozens": 24,
    "dozens of": 24,
    "scores of": 40,
    "a handful of": 3,
}

KILLED = ("KILL",)
CAPTURED = ("ARREST", "KIDNAP")


def read_isaf(path: str, limit: int | None = None, split: str = "all") -> list[dict[str, Any]]:
    """The press releases of ``split`` (see :mod:`.splits`), the first ``limit`` of them."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return take_limited(rows, split, limit)


def count_value(text: str, count: Count) -> int | None:
    """The number a count contributes, or None when it is not a number at all."""
    if count.number is not None:
        return int(count.number)
    phrase = text[count.span[0] : count.span[1]].lower()
    for word, bound in sorted(VAGUE_LOWER_BOUND.items(), key=lambda kv: -len(kv[0])):
        if phrase.startswith(word) or f" {word} " in f" {phrase} ":
            return bound
    return None


def total(text: str, counts: Iterable[Count], types: tuple[str, ...]) -> int:
    exact: list[tuple[int, str, bool]] = []  # (value, head noun, partitive)
    vague: list[tuple[int, str]] = []
    counts = [c for c in counts if c.type in types]
    if any(not _definite(text, c) for c in counts):
        counts = [c for c in counts if not _definite(text, c)]
    for count in counts:
        value = count_value(text, count)
        if value is None:
            continue
        head = _head(count)
        if count.number is None:
            vague.append((value, head))
            continue
        if count.qualifier == "more than":
            value += 1  # the dataset's lower bound: "more than 30" -> 31
        if not any(v == value and _same(h, head) for v, h, _p in exact):
            exact.append((value, head, _partitive(text, count)))
    kept = [value for value, _h, partitive in exact if not partitive]
    if not kept and exact:  # only "N of the ..." subsets: the largest one
        kept = [max(value for value, _h, _p in exact)]
    other = [v for v, h in vague if not any(_same(h, eh) for _v, eh, _p in exact)]
    return sum(kept) + max(other, default=0)


def _definite(text: str, count: Count) -> bool:
    """ "detained the leader": one person named before, counted only when nothing else is."""
    words = text[count.span[0] : count.span[1]].lower().split()
    trigger = (count.trigger or "").lower().split()
    return words[: len(trigger)] == trigger and words[len(trigger) : len(trigger) + 1] == ["the"]


def _head(count: Count) -> str:
    """The object's head noun, singular ("armed fighters" -> "fighter"); "" if none."""
    words = count.object.lower().split()
    if not words or count.object.lower() == (count.trigger or "").lower():
        return ""
    return words[-1].removesuffix("s")


def _same(a: str, b: str) -> bool:
    """Two heads that may name the same group (an empty head matches anything)."""
    return not a or not b or a == b


def _partitive(text: str, count: Count) -> bool:
    """ "three of the fighters (who died)": a subset of a group counted elsewhere."""
    tail = text[count.span[0] : count.span[1] + 12].lower().split()
    return len(tail) > 2 and tail[1] == "of" and tail[2] in {"the", "them", "those", "these"}


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
        hits, abs_err = 0, 0
        for row, doc in zip(rows, docs, strict=True):
            gold, pred = int(row["gold"][gold_key]), total(doc.text, doc.counts, types)
            hits += gold == pred
            abs_err += abs(gold - pred)
            if gold != pred:
                errors.append({"id": row["id"], "field": name, "gold": gold, "pred": pred})
        scores[name] = {"accuracy": hits / len(rows), "mae": abs_err / len(rows)}
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
