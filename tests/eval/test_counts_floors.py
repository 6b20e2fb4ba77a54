"""Evaluation gate for the counts scorer on ISAF dev: floors stored here.

Lower a floor only consciously, with the reason in the commit message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval import counts as counts_eval

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

# read from the records' totals (stages/counts/totals.py) since issue 16
KILLED_FLOOR = 0.89  # measured 0.915 on ISAF dev (200 records): tune 0.92, check 0.91
CAPTURED_FLOOR = 0.82  # measured 0.84: tune 0.83, check 0.85


def test_isaf_floors() -> None:
    path = SHARED / "counts" / "isaf" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    metrics = counts_eval.run(str(path), "isaf")
    assert metrics["summary"]["killed_accuracy"] >= KILLED_FLOOR
    assert metrics["summary"]["captured_accuracy"] >= CAPTURED_FLOOR
    assert metrics["summary"]["documents"] == 200
    # the totals beat the largest single count, the figure a user had before them
    for field in ("killed", "captured"):
        scores = metrics["scores"][field]
        assert scores["accuracy"] > scores["largest_count_accuracy"]


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
