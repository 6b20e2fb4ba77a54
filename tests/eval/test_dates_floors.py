"""Evaluation gate for the dates scorer on MEANTIME (English Wikinews TIMEX3 DATE).

Lower a floor only consciously, with the reason in the commit message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval import dates as dates_eval

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

F1_FLOOR = 0.87  # measured 0.894 on the 60 MEANTIME airbus + apple articles
VALUE_ACCURACY_FLOOR = 0.95  # measured 0.978


def test_meantime_floors() -> None:
    path = SHARED / "meantime" / "intra-doc_annotation"
    if not path.exists():
        pytest.skip(f"{path} not present")
    metrics = dates_eval.run(str(path), "meantime")
    assert metrics["summary"]["documents"] == 60
    assert metrics["summary"]["f1"] >= F1_FLOOR
    assert metrics["summary"]["value_accuracy"] >= VALUE_ACCURACY_FLOOR


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown dates format"):
        dates_eval.run("x", "timebank")
