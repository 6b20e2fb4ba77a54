"""Evaluation gate for the events and tone scorers: dev-set floors stored here.

Lower a floor only consciously, with the reason in the commit message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval import events as events_eval
from newsgraph.eval import tone as tone_eval

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

EVENTS_ACCURACY_FLOOR = 0.80  # measured 0.82 on PLOVER dev (165 records)
TONE_SIGN_FLOOR = 0.68  # measured 0.700 on NewsMTSC devtest_mt (427 polar; held-out odd half 0.667)
TONE_PAIR_FLOOR = 0.88  # measured 1.0 (9/9) en/de sign agreement on the sample-selection pairs


def _data(*parts: str) -> str:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present")
    return str(path)


def test_events_floor() -> None:
    metrics = events_eval.run(_data("events", "plover", "dev.json"), "plover")
    assert metrics["summary"]["accuracy"] >= EVENTS_ACCURACY_FLOOR
    assert set(metrics["summary"]) == {"accuracy", "coverage", "accuracy_covered", "any_match"}


def test_tone_floor() -> None:
    metrics = tone_eval.run(_data("tone", "newsmtsc", "devtest_mt.jsonl"), "newsmtsc")
    assert metrics["summary"]["sign_accuracy"] >= TONE_SIGN_FLOOR
    assert (
        metrics["polar_sentences"] + metrics["gold_distribution"].get(0, 0) == metrics["sentences"]
    )


def test_tone_pairs_floor() -> None:
    path = _data("corpus", "sample-selection", "samples_en_de.jsonl")
    metrics = tone_eval.run(path, "pairs")
    assert metrics["pairs"] >= 5
    assert metrics["summary"]["sign_agreement"] >= TONE_PAIR_FLOOR


def test_unknown_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="--format plover"):
        events_eval.run("x.json", "conll")
    with pytest.raises(ValueError, match="--format newsmtsc or pairs"):
        tone_eval.run("x.jsonl", "semeval")
