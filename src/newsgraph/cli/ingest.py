"""`newsgraph ingest`: analyse inputs and store them in the DuckDB store (idempotent)."""

from __future__ import annotations

import sys
from collections import Counter

import click

from .. import config
from ..api import analyze_docs
from ..doc import Doc
from ..ingest import InputFailure, batches, read_inputs
from .common import (
    EXIT_FAILED_INPUTS,
    add_options,
    build_pipeline,
    input_options,
    progress,
    report_failures,
)

db_option = click.option(
    "--db",
    default=lambda: config.get("db"),
    show_default="setting db: newsgraph.duckdb",
    help="DuckDB store file (created and migrated if needed).",
)


@click.command("ingest")
@add_options(input_options)
@db_option
@click.option("--summary/--no-summary", default=True, help="Print the store summary afterwards.")
def ingest_command(
    inputs: tuple[str, ...],
    lang: str | None,
    date: str | None,
    encoding: str | None,
    stages: str | None,
    batch_size: int,
    db: str,
    summary: bool,
) -> None:
    """Analyse articles and store them; an article already stored (same text) is skipped."""
    from ..store import open_store

    pipeline = build_pipeline(stages, batch_size)
    store = open_store(db)
    failures: list[InputFailure] = []
    totals = {"added": 0, "skipped": 0}
    read_counts: Counter[str] = Counter()
    items = read_inputs(inputs, lang=lang, date=date, encoding=encoding, counts=read_counts)
    with progress("ingesting") as advance:
        for batch in batches(items, batch_size):
            failures += [i for i in batch if isinstance(i, InputFailure)]
            docs = [i for i in batch if isinstance(i, Doc)]
            # analyse only what is not stored yet; the store checks again when adding
            fresh = [
                d
                for d, stored in zip(docs, store.stored_texts([d.text for d in docs]), strict=True)
                if not stored
            ]
            totals["skipped"] += len(docs) - len(fresh)
            if fresh:
                result = store.add(analyze_docs(fresh, pipeline))
                totals["added"] += result.added
                totals["skipped"] += result.skipped
            advance(len(docs))
    click.echo(
        f"ingested into {db}: {totals['added']} new article(s), "
        f"{totals['skipped']} already stored, {len(failures)} failed input(s)"
    )
    skipped = {k.removeprefix("warc_skipped_"): n for k, n in read_counts.items() if "skipped" in k}
    if skipped:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(skipped.items()))
        total = sum(skipped.values())
        click.echo(f"WARC records skipped (not an HTML response): {total} ({kinds})")
    if summary:
        from .stats import print_stats

        print_stats(store)
    store.close()
    report_failures(failures)
    if failures:
        sys.exit(EXIT_FAILED_INPUTS)
