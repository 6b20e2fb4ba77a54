"""The quotes scorer: BRAT parsing, annotator majority vote, direct/indirect split, scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval.quotes import Gold, classify, merge_annotators, read_ann, run

TEXT = '"We will win this race," Anna Berger said.\n\nTom Lee said the plan would fail.\n'
ANN = (
    "T1\tContent 1 22\tWe will win this race,\n"
    "T2\tSource 24 35\tAnna Berger\n"
    "T3\tCue 36 40\tsaid\n"
    "E1\tAttribution:T3 Content:T1 Source:T2 Cue:T3\n"
    "T4\tSource 44 51\tTom Lee\n"
    "T5\tCue 52 56\tsaid\n"
    "T6\tContent 57 76;76 77\tthe plan would fail.\n"
    "E2\tAttribution:T5 Content:T6 Source:T4 Cue:T5\n"
)


def corpus(tmp_path: Path, annotators: dict[str, str]) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    for name, ann in annotators.items():
        (tmp_path / "attributions" / f"doc1_{name}.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def test_read_ann_keeps_discontinuous_content(tmp_path: Path) -> None:
    path = corpus(tmp_path, {"a1": ANN}) / "attributions" / "doc1_a1.ann"
    first, second = read_ann(path)
    assert first.source == [(24, 35)] and first.source_text == "Anna Berger"
    assert second.content == [(57, 76), (76, 77)]


def test_classify_direct_and_indirect(tmp_path: Path) -> None:
    first, second = read_ann(corpus(tmp_path, {"a1": ANN}) / "attributions" / "doc1_a1.ann")
    assert (classify(first, TEXT), classify(second, TEXT)) == ("direct", "indirect")


def test_majority_vote_over_annotators() -> None:
    shared = Gold([(0, 10)], [(20, 25)], "X")
    rare = Gold([(40, 50)], [(60, 65)], "Y")
    merged = merge_annotators(
        {"a": [shared, rare], "b": [Gold([(2, 8)], [], "")], "c": [Gold([(5, 9)], [], "")]}
    )
    assert merged == [shared]


def test_scores_on_a_tiny_corpus(tmp_path: Path) -> None:
    result = run(str(corpus(tmp_path, {"a1": ANN})), "polnear", stages=("sentences", "quotes"))
    assert result["metrics"]["direct_with_speaker"]["f1"] == 1.0
    assert result["metrics"]["indirect_with_speaker"]["recall"] == 1.0


# Evaluation gate: floors stored here; lower one only consciously, with the reason in the commit.
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "quotes"
POLNEAR_DIRECT_SPEAKER_FLOOR = 0.78  # measured 0.806 on PolNeAR dev (sentences + quotes)
POLNEAR_DIRECT_FLOOR = 0.93  # measured 0.951
SPKATT_SAYING_CUE_FLOOR = 0.58  # measured 0.606 on SpkAtt train (quotes only, gold sentences)


def test_polnear_dev_floors() -> None:
    path = SHARED / "polnear" / "dev"
    if not path.exists():
        pytest.skip(f"{path} not present")
    summary = run(str(path), "polnear", stages=("sentences", "quotes"))["summary"]
    assert summary["direct_with_speaker_f1"] >= POLNEAR_DIRECT_SPEAKER_FLOOR
    assert summary["direct_f1"] >= POLNEAR_DIRECT_FLOOR


@pytest.mark.slow
def test_spkatt_floor() -> None:
    path = SHARED / "spkatt-de" / "train"
    if not path.exists():
        pytest.skip(f"{path} not present")
    summary = run(str(path), "spkatt", stages=("quotes",))["summary"]
    assert summary["message_saying_cue_f1"] >= SPKATT_SAYING_CUE_FLOOR
