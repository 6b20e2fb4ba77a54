"""Score the events stage on PLOVER gold-standard records (``--format plover``).

Each record is one (or two) sentences from the CAMEO manual with its gold PLOVER ``event``.
The predicted main event of a record is the first event the stage finds in it (text order).
The gold file follows an older PLOVER draft; its types are mapped to the 2021 categories the
stage emits, as CAMEO2PLOVER-2021 does: DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE,
FIGHT -> ASSAULT.

Reported: ``accuracy`` (headline: predicted main type == gold over all records, a record with no
event counts as wrong), ``coverage`` (share of records with any event), ``accuracy_covered``
(over covered records), ``any_match`` (gold type among all predicted events), per-type
recall, the confusion table gold -> predicted main type, and ``actors``: for correctly typed
main events whose gold record names a source/target, the share where the stage's actor names
it too (text overlap; the stage runs alone here, so named entities from the NER stage are
missing and only country names, capitals, demonyms and generic actors can match).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from ..doc import Doc
from ..record import Event
from ..stages.events.stage import EventsStage
from .splits import take_limited

GOLD_2021 = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


def read_plover(path: str, limit: int | None = None, split: str = "all") -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        records = json.load(handle)
    return take_limited(records, split, limit)


def predict(texts: list[str], lang: str) -> list[list[Event]]:
    """Events per text, in text order."""
    docs = [
        Doc(id=str(i), text=t, language=lang, sentences=[(0, len(t))]) for i, t in enumerate(texts)
    ]
    EventsStage(backend=None)(docs)
    return [sorted(d.events, key=lambda e: e.span[0]) for d in docs]


def _actor_texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [a["actorText"].lower() for a in value if isinstance(a, dict) and a.get("actorText")]


def _actor_match(predicted: str | None, gold: list[str]) -> bool:
    """The predicted actor names a gold actor ("Hungarian officials" ~ "Hungarian")."""
    if not predicted:
        return False
    p = predicted.lower()
    return any(g in p or p in g for g in gold)


def score(records: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    gold = [GOLD_2021.get(r["event"], r["event"]) for r in records]
    predicted = predict([r["text"] for r in records], lang)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    correct = covered = any_match = 0
    roles: Counter[str] = Counter()
    for record, g, events in zip(records, gold, predicted, strict=True):
        kinds = [e.type for e in events]
        main = kinds[0] if kinds else "NONE"
        confusion[g][main] += 1
        correct += main == g
        covered += bool(kinds)
        any_match += g in kinds
        if main == g:
            _count_roles(roles, events[0], record)
    n = len(records) or 1
    per_type = {t: round(c[t] / sum(c.values()), 3) for t, c in sorted(confusion.items())}
    summary = {
        "accuracy": round(correct / n, 4),
        "coverage": round(covered / n, 4),
        "accuracy_covered": round(correct / covered, 4) if covered else 0.0,
        "any_match": round(any_match / n, 4),
    }
    return {
        "records": len(records),
        **summary,
        "actors": _role_rates(roles),
        "per_type_recall": per_type,
        "confusion_gold_to_pred": {g: dict(c.most_common()) for g, c in sorted(confusion.items())},
        "summary": summary,
    }


def _count_roles(roles: Counter[str], event: Event, record: dict[str, Any]) -> None:
    for role, predicted in (("source", event.source), ("target", event.target)):
        gold = _actor_texts(record.get(role))
        if gold:
            roles[f"{role}_gold"] += 1
            roles[f"{role}_found"] += predicted is not None
            roles[f"{role}_match"] += _actor_match(predicted, gold)


def _role_rates(roles: Counter[str]) -> dict[str, Any]:
    """Over correctly typed main events with a gold actor: how often it was named right."""
    out: dict[str, Any] = {}
    for role in ("source", "target"):
        n = roles[f"{role}_gold"]
        out[role] = {
            "gold": n,
            "match": round(roles[f"{role}_match"] / n, 4) if n else 0.0,
            "found": round(roles[f"{role}_found"] / n, 4) if n else 0.0,
        }
    return out


def run(
    path: str, fmt: str, lang: str | None = None, limit: int | None = None, split: str = "all"
) -> dict[str, Any]:
    """Metrics for the events stage on ``path`` in format ``fmt``."""
    if fmt != "plover":
        raise ValueError(f"unknown events eval format {fmt!r}; use --format plover")
    return score(read_plover(path, limit, split), lang or "en")
