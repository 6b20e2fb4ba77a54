"""Score the tone stage: sign agreement of sentence tone with NewsMTSC target polarity.

NewsMTSC (``--format newsmtsc``) labels the sentiment *towards targets* in a sentence
(2 negative, 4 neutral, 6 positive); no document-tone gold exists, so this is a proxy.
A sentence's gold sign is the sign of the sum of its targets' polarities minus 4
(so a sentence whose targets disagree evenly is neutral).

Two figures are reported:

- ``sign_accuracy`` (headline, without neutrals): over sentences with a non-neutral gold sign,
  the share whose tone has the same sign (tone 0 counts as wrong);
- ``accuracy_3way`` (with neutrals): over all sentences, tone within ``±neutral_band`` counts
  as neutral, else its sign; compared with the three-way gold label;
- ``target_sign_accuracy``: per non-neutral target rather than per sentence.

``--format pairs`` reads articles with a ``cross_lingual_pair`` key (the sample selection's
en/de pairs on the same event) and reports how often the two languages' tones have the same
sign: a consistency check for languages without tone gold (German).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..stages.tone.stage import score_text
from .splits import take, take_limited

NEUTRAL_BAND = 0.0


def _gold_sign(targets: list[dict[str, Any]]) -> int:
    total = sum(float(t["polarity"]) - 4.0 for t in targets)
    return (total > 0) - (total < 0)


def _pred_sign(tone: float, band: float = NEUTRAL_BAND) -> int:
    if abs(tone) <= band:
        return 0
    return 1 if tone > 0 else -1


def read_items(path: str, limit: int | None = None, split: str = "all") -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    return take_limited(items, split, limit)


def read_newsmtsc(
    path: str, limit: int | None = None, split: str = "all"
) -> list[tuple[str, int]]:
    """(sentence, gold sign) pairs from a NewsMTSC JSONL file."""
    return [
        (item["sentence_normalized"], _gold_sign(item["targets"]))
        for item in read_items(path, limit, split)
    ]


def target_accuracy(items: list[dict[str, Any]], lang: str) -> float:
    """Per target instead of per sentence: non-neutral targets whose sentence tone agrees."""
    right = total = 0
    for item in items:
        pred = _pred_sign(score_text(item["sentence_normalized"], lang).tone)
        for target in item["targets"]:
            gold = _gold_sign([target])
            if gold:
                total += 1
                right += pred == gold
    return round(right / total, 4) if total else 0.0


def score(rows: list[tuple[str, int]], lang: str) -> dict[str, Any]:
    polar = correct_polar = correct_3 = 0
    confusion: Counter[str] = Counter()
    for sentence, gold in rows:
        pred = _pred_sign(score_text(sentence, lang).tone)
        confusion[f"{gold:+d}->{pred:+d}"] += 1
        correct_3 += pred == gold
        if gold != 0:
            polar += 1
            correct_polar += pred == gold
    sign_acc = correct_polar / polar if polar else 0.0
    acc3 = correct_3 / len(rows) if rows else 0.0
    return {
        "sentences": len(rows),
        "polar_sentences": polar,
        "sign_accuracy": round(sign_acc, 4),
        "accuracy_3way": round(acc3, 4),
        "gold_distribution": dict(Counter(g for _, g in rows)),
        "confusion_gold_to_pred": dict(sorted(confusion.items())),
        "summary": {"sign_accuracy": round(sign_acc, 4), "accuracy_3way": round(acc3, 4)},
    }


def pair_agreement(items: list[dict[str, Any]], split: str = "all") -> dict[str, Any]:
    """Sign agreement of tone between the articles of each cross-lingual pair (the unit)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if item.get("cross_lingual_pair"):
            groups.setdefault(item["cross_lingual_pair"], []).append(item)
    pairs = {}
    for key, group in take(sorted(groups.items()), split):
        if len(group) == 2:
            pairs[key] = {g["lang"]: score_text(g["text"], g["lang"]).tone for g in group}
    same = sum(len({_pred_sign(t) for t in tones.values()}) == 1 for tones in pairs.values())
    agreement = round(same / len(pairs), 4) if pairs else 0.0
    return {"pairs": len(pairs), "tones": pairs, "summary": {"sign_agreement": agreement}}


def run(
    path: str, fmt: str, lang: str | None = None, limit: int | None = None, split: str = "all"
) -> dict[str, Any]:
    """Metrics for the tone stage on ``path`` in format ``fmt``."""
    if fmt == "pairs":
        return pair_agreement(read_items(path, limit), split)
    if fmt != "newsmtsc":
        raise ValueError(f"unknown tone eval format {fmt!r}; use --format newsmtsc or pairs")
    metrics = score(read_newsmtsc(path, limit, split), lang or "en")
    items = read_items(path, limit, split)
    metrics["target_sign_accuracy"] = target_accuracy(items, lang or "en")
    return metrics
