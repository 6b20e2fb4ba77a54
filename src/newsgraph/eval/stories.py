"""Score the story clustering on SemEval-2022 Task 8 article pairs (German / English).

Usage: ``newsgraph eval stories --format semeval FILE [--split tune|check|all]``.

Every article of the chosen half is analysed and stored in a fresh in-memory store, where
ingest assigns stories as usual (:func:`newsgraph.stories.assign`). A pair counts as *same
story* when both its articles got one story id. Pairs rated ``overall <= 1.5`` are gold
*same*, ``overall >= 3.0`` gold *different*; pairs in between are not scored (dataset README).
Reported: precision, recall and F1 of "same", and the recall on German-English pairs.

The halves: articles occur in several pairs, so the pairs are grouped into connected components
(pairs sharing an article), ordered by their first pair in the file; even components are the
**tune** half, odd ones the **check** half. No article is in both halves.

``--format samples`` scores the German-English pairs of
``../shared/data/corpus/sample-selection/samples_en_de.jsonl`` (articles with the same
``cross_lingual_pair`` key should share a story, others not).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..doc import Doc
from ..record import Record
from .splits import check_split

SAME_MAX = 1.5
DIFFERENT_MIN = 3.0


def read_pairs(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_pairs(pairs: Sequence[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """The pairs of one half: connected components of shared articles, even/odd."""
    if check_split(split) == "all":
        return list(pairs)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        parent[find(p["id1"])] = find(p["id2"])
    order: dict[str, int] = {}
    for p in pairs:
        order.setdefault(find(p["id1"]), len(order))
    parity = 0 if split == "tune" else 1
    return [p for p in pairs if order[find(p["id1"])] % 2 == parity]


def articles_of(pairs: Iterable[dict[str, Any]]) -> list[Doc]:
    seen: dict[str, Doc] = {}
    for p in pairs:
        for k in ("1", "2"):
            aid = p["id" + k]
            if aid not in seen:
                seen[aid] = Doc(id=aid, text=p["text" + k], language=p["lang" + k])
    return list(seen.values())


def score_pairs(pairs: Sequence[dict[str, Any]], story: dict[str, str]) -> dict[str, Any]:
    tp = fp = fn = 0
    cross_gold = cross_hit = 0
    for p in pairs:
        o = float(p["overall"])
        if SAME_MAX < o < DIFFERENT_MIN:
            continue
        gold = o <= SAME_MAX
        same = story.get(p["id1"]) is not None and story.get(p["id1"]) == story.get(p["id2"])
        tp += gold and same
        fp += (not gold) and same
        fn += gold and not same
        if gold and p["lang1"] != p["lang2"]:
            cross_gold += 1
            cross_hit += same
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "cross_lingual_recall": round(cross_hit / cross_gold, 4) if cross_gold else None,
        "same_pairs": tp + fn,
        "cross_lingual_same_pairs": cross_gold,
        "different_pairs": sum(1 for p in pairs if float(p["overall"]) >= DIFFERENT_MIN),
    }


def cluster(records: Sequence[Record], settings: Any = None) -> dict[str, str]:
    """Store ``records`` in a fresh in-memory store and return article id -> story id."""
    from ..store import open_store
    from ..stories import assign

    with open_store(":memory:") as store:
        store.add(records)
        assign(store, records, settings)
        rows = store.con.execute("SELECT id, story FROM articles").fetchall()
    return dict(rows)


def run(
    path: str,
    fmt: str = "semeval",
    lang: str | None = None,
    limit: int | None = None,
    split: str = "all",
    records: Sequence[Record] | None = None,
    settings: Any = None,
) -> dict[str, Any]:
    if fmt == "samples":
        return run_samples(path, settings)
    if fmt != "semeval":
        raise ValueError(f"unknown stories format {fmt!r}; supported: semeval, samples")
    pairs = split_pairs(read_pairs(path), split)[:limit]
    started = time.perf_counter()
    if records is None:
        from ..api import analyze_docs

        records = analyze_docs(articles_of(pairs))
    wanted = {p[k] for p in pairs for k in ("id1", "id2")}
    records = [r for r in records if r.id in wanted]
    story = cluster(records, settings)
    result = score_pairs(pairs, story)
    result["articles"] = len(records)
    result["stories"] = len(set(story.values()))
    result["seconds"] = round(time.perf_counter() - started, 2)
    return {"summary": {k: result[k] for k in ("f1", "precision", "recall",
                                               "cross_lingual_recall")}, **result}  # fmt: skip


def run_samples(path: str, settings: Any = None) -> dict[str, Any]:
    """The German-English pairs of the sample selection: same key, same story."""
    from ..api import analyze_docs

    file = Path(path)
    if file.is_dir():
        file = file / "samples_en_de.jsonl"
    rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line]
    docs = [
        Doc(id=r["sample_id"], text=r["text"], language=r["lang"], date=r.get("date"),
            title=r.get("title"), url=r.get("url"))
        for r in rows
    ]  # fmt: skip
    records = [replace(r, source=r.url) for r in analyze_docs(docs)]
    story = cluster(records, settings)
    key = {r["sample_id"]: r.get("cross_lingual_pair") for r in rows}
    pairs = []
    ids = sorted(key)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if key[a] and key[b] and key[a] == key[b] and a[:2] != b[:2]:
                pairs.append({"id1": a, "id2": b, "lang1": a[:2], "lang2": b[:2], "overall": 1})
    together = sum(story[p["id1"]] == story[p["id2"]] for p in pairs)
    wrong = sum(
        story[a] == story[b]
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if key[a] != key[b] or not key[a]
    )
    return {
        "summary": {"pairs": len(pairs), "grouped": together, "wrongly_grouped": wrong},
        "stories": len(set(story.values())),
        "articles": len(records),
    }
