"""The fixed tune/check split: disjoint halves that cover the file, the same units every run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.cli.eval import TASKS
from newsgraph.eval import events as events_eval
from newsgraph.eval.iob import conll_documents, read_units
from newsgraph.eval.splits import UNITS, take, take_limited


def test_halves_are_disjoint_and_cover_everything() -> None:
    units = list(range(11))
    tune, check = take(units, "tune"), take(units, "check")
    assert tune == [0, 2, 4, 6, 8, 10]
    assert check == [1, 3, 5, 7, 9]
    assert sorted(tune + check) == take(units, "all") == units


def test_limit_applies_within_the_half() -> None:
    assert take_limited(range(10), "check", 2) == [1, 3]
    assert take_limited(range(10), "all", None) == list(range(10))


def test_an_unknown_split_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown split 'test'; use one of all, tune, check"):
        take([1, 2], "test")


def test_every_task_format_has_a_documented_unit() -> None:
    for task, formats in TASKS.items():
        for fmt in formats.split("|"):
            name = fmt.strip().split(" ")[0]
            assert f"{task} {name}" in UNITS, f"no split unit documented for {task} {name}"


def _conll(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conll"
    docs = []
    for d in range(3):
        docs.append("-DOCSTART- -X- O O\n\n" + "".join(
            f"Word{d}{s} NN O B-PER\nsaid VB O O\n\n" for s in range(d + 1)
        ))  # fmt: skip
    path.write_text("".join(docs), encoding="utf-8")
    return path


def test_conll_units_are_documents(tmp_path: Path) -> None:
    path = _conll(tmp_path)
    assert [len(d) for d in conll_documents(path)] == [1, 2, 3]
    assert [len(u) for u in take(read_units(path, "conll"), "check")] == [2]


def test_events_check_half_scores_the_odd_records(tmp_path: Path) -> None:
    records = [
        {"text": f"Police arrested {n} protesters in the capital.", "event_type": "ARREST"}
        for n in range(5)
    ]
    path = tmp_path / "plover.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert events_eval.read_plover(str(path), split="check") == [records[1], records[3]]
    assert len(events_eval.read_plover(str(path), split="tune")) == 3


def test_cli_split_option(tmp_path: Path) -> None:
    path = _conll(tmp_path)
    runner = CliRunner()
    for split, sentences in (("tune", 4), ("check", 2), ("all", 6)):
        args = ["eval", "ner", "--format", "conll", str(path), "--split", split, "--json"]
        out = runner.invoke(cli, args)
        assert out.exit_code == 0, out.output
        assert json.loads(out.output)["sentences"] == sentences
    bad = runner.invoke(cli, ["eval", "ner", "--format", "conll", str(path), "--split", "test"])
    assert bad.exit_code == 2
    assert "'test' is not one of 'all', 'tune', 'check'" in bad.output
    args = ["eval", "events", "--format", "plover", str(path), "--mode", "gold"]
    wrong = runner.invoke(cli, args)
    assert wrong.exit_code == 2
    assert "--mode does not apply to events" in wrong.output
