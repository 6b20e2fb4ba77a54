"""`newsgraph export`: write a store's records as JSONL, GDELT GKG 2.1 TSV or Parquet."""

from __future__ import annotations

import sys

import click

from .common import db_option


@click.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "gkg", "parquet"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one record per line; gkg: GDELT GKG 2.1 TSV; parquet: columnar files (needs -o).",
)
@click.option("-o", "--output", help="Output file (a directory for parquet); default: stdout.")
@click.option("--language", help="Only articles in this language.")
def export_command(db: str, fmt: str, output: str | None, language: str | None) -> None:
    """Export every stored article."""
    from ..export import export_records
    from ..store import open_store

    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet writes files: give -o/--output DIR")
    store = open_store(db, read_only=True)
    records = store.records(language=language)
    if output:
        n = export_records(records, fmt, output)
    else:
        n = export_records(records, fmt, sys.stdout)
    store.close()
    click.echo(f"exported {n} record(s) as {fmt}", err=True)
