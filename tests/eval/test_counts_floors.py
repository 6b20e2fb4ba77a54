"""Evaluation gate for the counts scorer on ISAF dev: floors stored here.

Lower a floor only consciously, with the reason in the commit message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval import counts as counts_eval
from newsgraph.record import Count

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

KILLED_FLOOR = 0.89  # measured 0.915 on ISAF dev (200 records); target 0.85
CAPTURED_FLOOR = 0.82  # measured 0.845; target 0.80


def test_isaf_floors() -> None:
    path = SHARED / "counts" / "isaf" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    metrics = counts_eval.run(str(path), "isaf")
    assert metrics["summary"]["killed_accuracy"] >= KILLED_FLOOR
    assert metrics["summary"]["captured_accuracy"] >= CAPTURED_FLOOR
    assert metrics["summary"]["documents"] == 200


def _count(number: float | None, obj: str, span: tuple[int, int], **kw: object) -> Count:
    return Count("KILL", number, number is None, obj, span, **kw)  # type: ignore[arg-type]


def test_total_sums_groups_and_drops_repeats() -> None:
    text = "Troops killed two militants. Two armed militants were killed. Several fighters died."
    counts = [
        _count(2, "militants", (7, 27)),
        _count(2, "armed militants", (29, 60)),
        _count(None, "fighters", (62, 84)),
    ]
    assert counts_eval.total(text, counts, ("KILL",)) == 2 + 3
    assert counts_eval.total(text, counts, ("ARREST",)) == 0


def test_more_than_is_a_lower_bound_plus_one() -> None:
    text = "They killed more than 30 militants."
    count = _count(30, "militants", (5, 34), qualifier="more than")
    assert counts_eval.total(text, [count], ("KILL",)) == 31


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown counts format"):
        counts_eval.run("x.jsonl", "csv")


AMOUNTS_F1_FLOOR = 0.65  # measured 0.684 on MEANTIME VALUE markables (60 articles)


def test_meantime_amounts_floor() -> None:
    path = SHARED / "meantime" / "intra-doc_annotation"
    if not path.exists():
        pytest.skip(f"{path} not present")
    metrics = counts_eval.run(str(path), "meantime")
    assert metrics["documents"] == 60
    assert metrics["summary"]["f1"] >= AMOUNTS_F1_FLOOR
