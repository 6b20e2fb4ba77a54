"""`newsgraph analyze`: analyse inputs and print records (json, jsonl, gkg, pretty)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..api import analyze_inputs
from ..ingest import InputFailure
from ..record import Record
from .common import (
    EXIT_FAILED_INPUTS,
    add_options,
    build_pipeline,
    input_options,
    progress,
    report_failures,
)
from .pretty import render_pretty


@click.command("analyze")
@add_options(input_options)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "gkg", "pretty"]),
    default="json",
    show_default=True,
    help="Output form: pretty JSON, one record per line, GDELT GKG 2.1 TSV, or a readable summary.",
)
@click.option("--include-text", is_flag=True, help="Include the article text in json/jsonl output.")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Output file (default: stdout).",
)
def analyze_command(
    inputs: tuple[str, ...],
    lang: str | None,
    date: str | None,
    encoding: str | None,
    stages: str | None,
    batch_size: int,
    fmt: str,
    include_text: bool,
    output: Any,
) -> None:
    """Analyse articles (.txt, .html, .jsonl, directories, - for stdin) and print records."""
    pipeline = build_pipeline(stages, batch_size)
    records: list[Record] = []
    failures: list[InputFailure] = []
    with progress("analysing") as advance:
        for item in analyze_inputs(
            inputs, pipeline=pipeline, lang=lang, date=date, encoding=encoding
        ):
            if isinstance(item, InputFailure):
                failures.append(item)
                continue
            advance()
            if fmt == "jsonl":
                output.write(item.to_json(include_text) + "\n")
            else:
                records.append(item)
    _write(records, fmt, include_text, output)
    report_failures(failures)
    if failures:
        sys.exit(EXIT_FAILED_INPUTS)


def _write(records: list[Record], fmt: str, include_text: bool, output: Any) -> None:
    if fmt == "json" and records:
        data = [r.to_dict(include_text) for r in records]
        payload = data[0] if len(data) == 1 else data
        output.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "gkg":
        from ..export.gkg import format_gkg

        for row in format_gkg(records):
            output.write(row + "\n")
    elif fmt == "pretty":
        for record in records:
            output.write(render_pretty(record) + "\n")
