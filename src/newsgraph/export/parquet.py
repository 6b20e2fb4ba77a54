"""Parquet export: a directory with one file per table, the same tables as the store.

``articles.parquet`` has one row per article: the record's scalar fields, ``tone`` as a struct,
``focus`` as a location struct and ``errors`` as a list. ``persons.parquet``,
``organizations.parquet``, ``locations.parquet``, ``counts.parquet``, ``amounts.parquet``,
``quotes.parquet``, ``events.parquet``, ``themes.parquet`` and ``dates.parquet`` have one row
per item with ``article_id`` and ``ordinal`` (position in the record's list) first, then the
item's fields; spans are ``list<int32>`` ``[start, end)``. The Arrow schema is derived from the
record dataclasses, so every file has fixed column types even when a list is empty. Read them
back with :func:`read_parquet` (records equal to the exported ones), DuckDB
(``SELECT * FROM 'out/persons.parquet'``), pandas or polars.
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..record import Record


def _item_classes() -> dict[str, type]:
    """Record list fields whose items are dataclasses ("persons" -> Entity ...), in order."""
    hints = typing.get_type_hints(Record)
    classes: dict[str, type] = {}
    for f in dataclasses.fields(Record):
        hint = hints[f.name]
        args = typing.get_args(hint)
        if typing.get_origin(hint) is tuple and isinstance(args[0], type):
            if dataclasses.is_dataclass(args[0]):
                classes[f.name] = args[0]
    return classes


_ITEM_CLASSES = _item_classes()
ITEM_TABLES: tuple[str, ...] = tuple(_ITEM_CLASSES)
_SCALARS = {str: pa.string(), float: pa.float64(), int: pa.int64(), bool: pa.bool_()}
_BATCH = 1000


def _arrow_type(hint: Any) -> pa.DataType:
    """Arrow type of a record-dataclass field annotation."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _arrow_type(inner)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return pa.list_(_arrow_type(args[0]))
        if all(a is int for a in args):  # a span
            return pa.list_(pa.int32())
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return pa.struct(list(_schema(hint)))
    if hint in _SCALARS:
        return _SCALARS[hint]
    raise TypeError(f"no Arrow type for record field type {hint!r}")


def _schema(cls: type, skip: tuple[str, ...] = (), key: bool = False) -> pa.Schema:
    """Arrow schema of a record dataclass (with ``article_id``/``ordinal`` first if ``key``)."""
    memo = (cls.__qualname__, skip, key)
    if memo not in _SCHEMAS:
        _SCHEMAS[memo] = _build_schema(cls, skip, key)
    return _SCHEMAS[memo]


_SCHEMAS: dict[tuple[str, tuple[str, ...], bool], pa.Schema] = {}


def _build_schema(cls: type, skip: tuple[str, ...], key: bool) -> pa.Schema:
    hints = typing.get_type_hints(cls)
    fields = [pa.field("article_id", pa.string()), pa.field("ordinal", pa.int32())] if key else []
    fields += [
        pa.field(f.name, _arrow_type(hints[f.name]))
        for f in dataclasses.fields(cls)
        if f.name not in skip
    ]
    return pa.schema(fields)


def _table_schema(table: str) -> pa.Schema:
    if table == "articles":
        return _schema(Record, skip=ITEM_TABLES)
    return _schema(_ITEM_CLASSES[table], key=True)


def _rows(records: list[Record]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        data = record.to_dict()
        for table in ITEM_TABLES:
            for ordinal, item in enumerate(data.pop(table)):
                rows[table].append({"article_id": record.id, "ordinal": ordinal, **item})
        rows["articles"].append(data)
    return rows


def write_parquet(records: Iterable[Record], directory: str | os.PathLike[str]) -> int:
    """Write ``articles.parquet`` and one Parquet file per item table into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    tables = ("articles", *ITEM_TABLES)
    writers = {t: pq.ParquetWriter(out / f"{t}.parquet", _table_schema(t)) for t in tables}
    written = 0
    try:
        iterator = iter(records)
        while batch := list(islice(iterator, _BATCH)):
            rows = _rows(batch)
            for table, writer in writers.items():
                writer.write_table(pa.Table.from_pylist(rows[table], _table_schema(table)))
            written += len(batch)
    finally:
        for writer in writers.values():
            writer.close()
    return written


def read_parquet(directory: str | os.PathLike[str]) -> Iterator[Record]:
    """The records of a :func:`write_parquet` directory, in the order they were written."""
    base = Path(directory)
    items: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for table in ITEM_TABLES:
        rows = pq.read_table(base / f"{table}.parquet").to_pylist()
        for row in sorted(rows, key=lambda r: (r["article_id"], r["ordinal"])):
            article_id = row.pop("article_id")
            row.pop("ordinal")
            items[article_id][table].append(row)
    for article in pq.read_table(base / "articles.parquet").to_pylist():
        article.update(items.get(article["id"], {}))
        yield Record.from_dict(article)
