from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import config
from newsgraph.cli import cli
from newsgraph.errors import NewsgraphError


def test_precedence_default_file_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.delenv("NEWSGRAPH_BATCH_SIZE", raising=False)
    assert config.get("batch_size") == 16
    file = tmp_path / "c.toml"
    file.write_text('batch_size = 4\nevents_llm_url = "http://127.0.0.1:8000"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSGRAPH_CONFIG", str(file))
    assert config.get("batch_size") == 4 and config.get("events_llm_url") == "http://127.0.0.1:8000"
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "8")
    assert config.get("batch_size") == 8


def test_unknown_setting_in_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "c.toml"
    file.write_text("bach_size = 4\n", encoding="utf-8")
    monkeypatch.setenv("NEWSGRAPH_CONFIG", str(file))
    with pytest.raises(NewsgraphError, match="unknown setting\\(s\\) bach_size"):
        config.get("db")


def test_every_setting_is_documented_in_config_command() -> None:
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 0
    for setting in config.SETTINGS:
        assert setting.help and setting.env in result.output
