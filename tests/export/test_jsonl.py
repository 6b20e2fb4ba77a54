"""JSONL export: one record per line, equal records when read back."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsgraph.export import export_records, read_jsonl, write_jsonl
from newsgraph.record import Record
from newsgraph.testing import example_record


def test_one_line_per_record_and_round_trip(tmp_path: Path) -> None:
    records = [example_record(), Record("e", "line one\nline two\r\n", "de")]
    assert export_records(records, "jsonl", tmp_path / "out.jsonl") == 2
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1])["text"] == "line one\nline two\r\n"
    assert list(read_jsonl(lines)) == records


def test_without_text_drops_only_the_text() -> None:
    out = io.StringIO()
    write_jsonl([example_record()], out, include_text=False)
    data = json.loads(out.getvalue())
    assert "text" not in data
    assert data["persons"][0]["mentions"] == [[0, 17], [222, 233]]


def test_unicode_is_written_as_is() -> None:
    out = io.StringIO()
    write_jsonl([Record("u", "Zürich – “Grüße”", "de")], out)
    assert "Zürich – “Grüße”" in out.getvalue()
