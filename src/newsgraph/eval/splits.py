"""The fixed tune/check split of every development file (``newsgraph eval --split``).

Each development file is cut into two halves by the position of its *units* in file order:
even positions (0, 2, 4 ...) are the **tune** half, odd positions the **check** half. A unit
is what the file is made of — an article, a press release, a record, a sentence where a
corpus has no documents (see :data:`UNITS`). Rules, lexicons, thresholds and model choices
may be fitted on the tune half only; the check half is kept untouched and its score is the
figure we report. ``all`` is the whole file, for comparison with earlier figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

SPLITS = ("all", "tune", "check")

#: What one unit is, per task and format (documentation; each scorer splits its own units).
UNITS: dict[str, str] = {
    "ner germeval": "sentence (GermEval 2014 has no document boundaries)",
    "ner conll": "document (-DOCSTART- blocks)",
    "geo gritta": "article",
    "counts isaf": "press release",
    "counts meantime": "article file (sorted by path)",
    "dates meantime": "article file (sorted by path)",
    "quotes polnear": "document (sorted by file name)",
    "quotes spkatt": "file (sorted by path)",
    "events plover": "record",
    "tone newsmtsc": "sentence record",
    "tone pairs": "cross-lingual pair (sorted by pair key)",
    "stories semeval": "connected component of pairs sharing an article (file order)",
    "stories samples": "no split: the sample selection's German-English pairs are all scored",
}


def check_split(split: str) -> str:
    """``split`` if it is one of :data:`SPLITS`, else a ValueError that lists them."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    return split


def take(units: Iterable[T], split: str = "all") -> list[T]:
    """The units of ``split``: all of them, the even positions (tune) or the odd ones (check)."""
    items = list(units)
    if check_split(split) == "all":
        return items
    parity = 0 if split == "tune" else 1
    return [u for i, u in enumerate(items) if i % 2 == parity]


def take_limited(units: Iterable[T], split: str, limit: int | None) -> list[T]:
    """:func:`take`, then the first ``limit`` units of the half (quick checks)."""
    chosen = take(units, split)
    return chosen[:limit] if limit else chosen


def flatten(groups: Sequence[Sequence[T]]) -> list[T]:
    return [item for group in groups for item in group]
