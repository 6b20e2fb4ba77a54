"""`newsgraph train ner`: the accurate trainer on a user's own gold file, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("torch")

from newsgraph.cli import cli  # noqa: E402
from newsgraph.e5.tiny import tiny_file  # noqa: E402

GOLD = [
    ("Xavo", "B-PER"), ("ging", "O"), ("nach", "O"), ("Bexa", "B-LOC"), (".", "O"),
]  # fmt: skip


def test_train_ner_on_own_conll_file(tmp_path: Path) -> None:
    gold = tmp_path / "mine.conll"
    gold.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in GOLD) for _ in range(20)) + "\n")
    base = tiny_file(tmp_path)
    out = tmp_path / "model"
    args = ["train", "ner", "--lang", "xx", "--tier", "accurate", "--out", str(out),
            "--train", str(gold), "--format", "conll", "--base", str(base), "--epochs", "2",
            "--budget", "120", "--dev", str(gold), "--eval"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "tagger.json").read_text())
    assert meta["language"] == "xx" and meta["trained_on"] == "mine.conll"
    assert meta["base_file"] == str(base.resolve())
    scores = json.loads((out / "mine.json").read_text())
    assert 0.0 <= scores["f1_micro_core"] <= 1.0


def test_unknown_fast_language_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["train", "ner", "--lang", "fr", "--tier", "fast",
                                      "--out", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 2 and "use --tier accurate" in result.output
