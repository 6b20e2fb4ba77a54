"""JSONL export: one record per line, the keys of the record contract (text included)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from ..record import Record


def write_jsonl(records: Iterable[Record], out: TextIO, include_text: bool = True) -> int:
    """Write one JSON record per line to ``out``; return how many were written."""
    written = 0
    for record in records:
        out.write(record.to_json(include_text) + "\n")
        written += 1
    return written


def read_jsonl(lines: Iterable[str]) -> Iterator[Record]:
    """Records of a :func:`write_jsonl` output (blank lines skipped)."""
    for line in lines:
        if line.strip():
            yield Record.from_json(line)
