"""Parquet export: one file per table with fixed types; records read back equal."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.export import export_records, read_parquet
from newsgraph.export import parquet as parquet_module
from newsgraph.record import Record
from newsgraph.testing import example_record

TABLES = ("articles", "persons", "organizations", "locations", "counts", "amounts", "quotes",
          "events", "themes", "dates", "totals")


def test_round_trip_of_fully_populated_records(tmp_path: Path) -> None:
    records = [example_record(), example_record("b", suffix=" b", language="de"),
               Record("empty", "nothing found", "en")]
    assert export_records(records, "parquet", tmp_path / "out") == 3
    assert sorted(p.stem for p in (tmp_path / "out").iterdir()) == sorted(TABLES)
    assert list(read_parquet(tmp_path / "out")) == records


def test_types_are_fixed_even_when_every_list_is_empty(tmp_path: Path) -> None:
    export_records([Record("a", "text", "en")], "parquet", tmp_path)
    schema = pq.read_schema(tmp_path / "counts.parquet")
    assert schema.field("number").type == pa.float64()
    assert schema.field("span").type.value_type == pa.int32()
    mentions = pq.read_schema(tmp_path / "persons.parquet").field("mentions").type
    assert mentions.value_type.value_type == pa.int32()
    assert pq.read_table(tmp_path / "counts.parquet").num_rows == 0


def test_tables_are_queryable_with_duckdb(tmp_path: Path) -> None:
    export_records([example_record()], "parquet", tmp_path)
    persons = duckdb.sql(
        f"SELECT article_id, ordinal, name, mentions FROM '{tmp_path}/persons.parquet'"
    ).fetchall()
    assert persons == [("example-1", 0, "Hanna Vestergaard", [[0, 17], [222, 233]])]
    article = duckdb.sql(
        f"SELECT tone.word_count, focus.name, errors FROM '{tmp_path}/articles.parquet'"
    ).fetchall()
    assert article == [(48, "Norway", ["tone: lexicon partly missing"])]


def test_many_records_are_written_in_batches(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parquet_module, "_BATCH", 2)
    records = [example_record(f"r{i}", suffix=str(i)) for i in range(5)]
    export_records(iter(records), "parquet", tmp_path)
    assert pq.ParquetFile(tmp_path / "articles.parquet").num_row_groups == 3
    assert list(read_parquet(tmp_path)) == records


def test_parquet_needs_a_path() -> None:
    with pytest.raises(NewsgraphError, match="give a directory path"):
        export_records([example_record()], "parquet", io.StringIO())


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(NewsgraphError, match="use one of jsonl, gkg, parquet"):
        export_records([], "csv", io.StringIO())
