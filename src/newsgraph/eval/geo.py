"""Score toponym recognition and resolution on a geoparsing corpus (LGL in Gritta's XML).

Metrics over the gold toponyms that have coordinates: recall (a predicted location mention
overlaps the gold span), accuracy within 161 km (a toponym not found, or found without
coordinates, counts as wrong), mean and median error in km over the resolved ones. Mode
``pipeline`` runs the newsgraph stages up to ``places`` (sentences, ner, entities when they
exist); mode ``gold`` gives ``places`` the gold spans as LOC mentions, isolating resolution
from NER::

    newsgraph eval geo --format gritta ../shared/data/geo/lgl/lgl.xml
    newsgraph eval geo --format gritta --mode gold ../shared/data/geo/lgl/lgl.xml

The corpus is research-only: it is read for evaluation, never copied into the repository.
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..doc import Doc, Mention
from ..pipeline import Pipeline, available_stages
from ..stages.places.stage import PlacesStage, km
from .splits import take_limited

UPSTREAM = ("sentences", "ner", "entities")
ACC_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    fcode: str | None


def read_gritta(
    path: str, limit: int | None = None, split: str = "all"
) -> Iterator[tuple[Doc, list[GoldToponym]]]:
    """Articles of a Gritta-format XML corpus (LGL, GeoVirus, ...) with their gold toponyms."""
    root = ET.parse(path).getroot()
    articles = take_limited(enumerate(root.iter("article")), split, limit)
    for n, art in articles:
        text = art.findtext("text") or ""
        doc = Doc(id=art.get("docid") or str(n), text=text, language="en",
                  title=art.findtext("title"))
        yield doc, [_gold(t) for t in art.iter("toponym")]


def _gold(t: ET.Element) -> GoldToponym:
    gaz = t.find("gaztag")
    lat = gaz.findtext("lat") if gaz is not None else None
    lon = gaz.findtext("lon") if gaz is not None else None
    return GoldToponym(
        int(t.findtext("start") or 0), int(t.findtext("end") or 0), t.findtext("phrase") or "",
        float(lat) if lat else None, float(lon) if lon else None,
        gaz.findtext("fcode") if gaz is not None else None,
    )


def predicted_spans(doc: Doc) -> list[tuple[int, int, float | None, float | None]]:
    return [(s, e, loc.lat, loc.lon) for loc in doc.locations for s, e in loc.mentions]


def match(gold: GoldToponym, pred: list[tuple[int, int, float | None, float | None]]) -> Any:
    """The predicted mention overlapping the gold span most (None when none overlaps)."""
    best, best_len = None, 0
    for s, e, lat, lon in pred:
        overlap = min(e, gold.end) - max(s, gold.start)
        if overlap > best_len:
            best, best_len = (lat, lon), overlap
    return best


def score(pairs: list[tuple[GoldToponym, Any]]) -> dict[str, Any]:
    """Recall, acc@161 and error statistics over gold toponyms with coordinates."""
    with_coords = [(g, p) for g, p in pairs if g.lat is not None]
    found = [(g, p) for g, p in with_coords if p is not None]
    errors = [
        km(g.lat, g.lon, p[0], p[1])  # type: ignore[arg-type]
        for g, p in found
        if p[0] is not None
    ]
    n = len(with_coords)
    return {
        "gold_toponyms": len(pairs),
        "gold_with_coordinates": n,
        "recall": round(sum(p is not None for _, p in pairs) / len(pairs), 4) if pairs else 0.0,
        "recall_with_coordinates": round(len(found) / n, 4) if n else 0.0,
        "resolved": len(errors),
        "acc161": round(sum(e <= ACC_KM for e in errors) / n, 4) if n else 0.0,
        "acc161_of_resolved": round(sum(e <= ACC_KM for e in errors) / len(errors), 4)
        if errors else 0.0,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
    }


def _gold_mentions(doc: Doc, gold: list[GoldToponym]) -> None:
    doc.mentions = [Mention(g.start, g.end, "LOC", doc.text[g.start : g.end]) for g in gold]


def run(
    path: str,
    fmt: str = "gritta",
    lang: str | None = None,
    limit: int | None = None,
    mode: str = "pipeline",
    split: str = "all",
) -> dict[str, Any]:
    """Evaluate ``places`` on ``path``; ``mode`` is ``pipeline`` or ``gold`` (gold spans)."""
    if fmt != "gritta":
        raise ValueError(f"unknown format {fmt!r}; use 'gritta' (LGL/GeoVirus XML)")
    data = list(read_gritta(path, limit, split))
    if lang:
        for doc, _ in data:
            doc.language = lang
    have = available_stages()
    upstream = ["sentences"] if mode == "gold" else [s for s in UPSTREAM if s in have]
    pipe = Pipeline(upstream)
    places = PlacesStage()
    start = time.perf_counter()
    docs = pipe.run([d for d, _ in data])
    if mode == "gold":
        for doc, (_, gold) in zip(docs, data, strict=True):
            _gold_mentions(doc, gold)
    places(docs)
    pairs = [
        (g, match(g, predicted_spans(doc)))
        for doc, (_, gold) in zip(docs, data, strict=True)
        for g in gold
    ]
    metrics = score(pairs)
    metrics["by_fcode"] = _by_fcode(pairs)
    summary = {k: metrics[k] for k in ("recall", "acc161", "mean_error_km", "median_error_km")}
    return {
        "task": "geo", "format": fmt, "mode": mode, "file": path, "articles": len(docs),
        "stages": [*upstream, "places"], "seconds": round(time.perf_counter() - start, 1),
        "summary": summary, **metrics,
    }


def _by_fcode(pairs: list[tuple[GoldToponym, Any]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[tuple[GoldToponym, Any]]] = {}
    for g, p in pairs:
        groups.setdefault(g.fcode or "none", []).append((g, p))
    top = sorted(groups.items(), key=lambda kv: -len(kv[1]))[:8]
    return {k: {"n": len(v), **{m: score(v)[m] for m in ("recall", "acc161")}} for k, v in top}
