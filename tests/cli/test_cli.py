from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli

COMMANDS = ["analyze", "ingest", "export", "stats", "eval", "stages"]
ENGLISH = "The government passed new laws on Monday. Parliament agreed after a long debate."


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert (
        "Usage: cli " + command in result.output or f"Usage: newsgraph {command}" in result.output
    )


def test_usage_error_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["analyze", "--format", "xml", "x.txt"])
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'xml' is not one of" in result.output


def test_unknown_stage_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    result = runner.invoke(cli, ["analyze", "--stages", "sentences,nope", str(path)])
    assert result.exit_code == 2
    assert "unknown stage 'nope'" in result.output


def test_failed_inputs_are_listed_and_exit_1_while_others_print(
    runner: CliRunner, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    result = runner.invoke(
        cli, ["analyze", "--format", "jsonl", str(good), str(tmp_path / "missing.txt")]
    )
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1 and lines[0]["language"] == "en" and "text" not in lines[0]
    assert f"cannot read '{tmp_path / 'missing.txt'}': no such file or directory" in result.stderr


def test_analyze_json_seed_sample(runner: CliRunner, seed_de_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_de_text, encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(path), "--format", "json", "--date", "2022-01-07"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["language"] == "de" and record["date"] == "2022-01-07"
    assert record["tone"]["tone"] < 0
    resolved = {d["text"].lower(): d["date"] for d in record["dates"]}
    assert any(k.endswith("freitag") and v == "2022-01-07" for k, v in resolved.items()), resolved
    assert any(k.endswith("donnerstag") and v == "2022-01-06" for k, v in resolved.items()), (
        resolved
    )


def test_analyze_pretty_and_include_text(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    pretty = runner.invoke(cli, ["analyze", "--format", "pretty", str(path)])
    assert pretty.exit_code == 0 and "━━" in pretty.stdout and "· en (" in pretty.stdout
    full = runner.invoke(cli, ["analyze", "--include-text", str(path)])
    assert json.loads(full.stdout)["text"] == ENGLISH


def test_analyze_several_inputs_give_a_json_array(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(ENGLISH + name, encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(tmp_path)])
    assert result.exit_code == 0
    assert isinstance(json.loads(result.stdout), list)


def test_eval_unknown_format_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["eval", "nosuchtask", "--format", "x", str(path)])
    assert result.exit_code == 2


def test_ingest_twice_keeps_row_counts_and_export_parses_back(
    runner: CliRunner, tmp_path: Path
) -> None:
    from newsgraph.export.gkg import parse_gkg_row
    from newsgraph.store import open_store

    corpus = tmp_path / "corpus.jsonl"
    articles = [
        {"id": "a", "text": "Police arrested 12 protesters in Berlin.", "date": "2021-05-03"},
        {"id": "b", "text": "Die Polizei nahm am Montag in Hamburg 30 Demonstranten fest."},
    ]
    corpus.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    first = runner.invoke(cli, ["ingest", str(corpus), "--db", db, "--no-summary"])
    assert first.exit_code == 0, first.output
    with open_store(db, read_only=True) as store:
        before = store.counts()
    second = runner.invoke(cli, ["ingest", str(corpus), "--db", db, "--no-summary"])
    assert "0 new article(s), 2 already stored" in second.output
    with open_store(db, read_only=True) as store:
        assert store.counts() == before and before["articles"] == 2
    out = tmp_path / "x.tsv"
    exported = runner.invoke(cli, ["export", "--db", db, "--format", "gkg", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    rows = [parse_gkg_row(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2
