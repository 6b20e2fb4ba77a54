"""Exports of records: JSONL, GDELT GKG 2.1 TSV and Parquet (one file per table).

``export_records(records, fmt, out)`` is the one entry point the CLI uses; ``format_gkg`` gives
GKG rows without a store (``newsgraph analyze --format gkg``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..errors import NewsgraphError
from ..record import Record
from .gkg import GKG_COLUMNS, format_gkg, parse_gkg_row
from .jsonl import read_jsonl, write_jsonl
from .parquet import read_parquet, write_parquet

FORMATS = ("jsonl", "gkg", "parquet")

__all__ = [
    "FORMATS",
    "GKG_COLUMNS",
    "export_records",
    "format_gkg",
    "parse_gkg_row",
    "read_jsonl",
    "read_parquet",
    "write_gkg",
    "write_jsonl",
    "write_parquet",
]


def write_gkg(records: Iterable[Record], out: TextIO) -> int:
    """Write one GKG 2.1 row per record (no header, as GDELT's files); return the count."""
    written = 0
    for row in format_gkg(records):
        out.write(row + "\n")
        written += 1
    return written


def export_records(
    records: Iterable[Record], fmt: str, out: str | os.PathLike[str] | TextIO
) -> int:
    """Write ``records`` as ``fmt`` (jsonl | gkg | parquet) to ``out``; return how many.

    ``out`` is a path or an open text stream; parquet needs a path (a directory it fills with
    one file per table).
    """
    if fmt not in FORMATS:
        raise NewsgraphError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, (str, os.PathLike)):
            raise NewsgraphError("parquet export writes files: give a directory path, not a stream")
        return write_parquet(records, out)
    write = write_jsonl if fmt == "jsonl" else write_gkg
    if isinstance(out, (str, os.PathLike)):
        with Path(out).open("w", encoding="utf-8", newline="\n") as stream:
            return write(records, stream)
    return write(records, out)
