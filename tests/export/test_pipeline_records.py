"""Real analysed articles (the whole pipeline) through the store and every export format."""

from __future__ import annotations

import io
from itertools import islice
from pathlib import Path

import pytest

from newsgraph.export import export_records, parse_gkg_row, read_jsonl, read_parquet
from newsgraph.store import open_store

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "corpus"


@pytest.mark.slow
def test_analysed_articles_round_trip_through_store_and_exports(tmp_path: Path) -> None:
    from newsgraph import analyze_inputs

    inputs = [CORPUS / "wikinews-de.jsonl", CORPUS / "wikinews-en.jsonl"]
    if not all(p.exists() for p in inputs):
        pytest.skip("shared Wikinews corpus not available")
    records = []
    for path in inputs:
        records += list(islice(analyze_inputs([str(path)]), 6))
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.add(records).added == len(records)
        assert list(store.records()) == records
    export_records(records, "parquet", tmp_path / "pq")
    assert list(read_parquet(tmp_path / "pq")) == records
    stream = io.StringIO()
    export_records(records, "jsonl", stream)
    assert list(read_jsonl(stream.getvalue().splitlines())) == records
    stream = io.StringIO()
    export_records(records, "gkg", stream)
    for record, line in zip(records, stream.getvalue().splitlines(), strict=True):
        row = parse_gkg_row(line)
        assert row["V1.5TONE"]["word_count"] == record.tone.word_count
        starts = sorted(s for p in record.persons for s, _ in p.mentions)
        assert sorted(p["offset"] for p in row["V2ENHANCEDPERSONS"]) == starts
