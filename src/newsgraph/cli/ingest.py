"""`newsgraph ingest`: analyse inputs and store them in the DuckDB store (idempotent)."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from ..api import analyze_docs
from ..doc import Doc
from ..ingest import InputFailure, batches, read_inputs
from ..stories import assign as assign_stories
from .common import (
    EXIT_FAILED_INPUTS,
    add_options,
    build_pipeline,
    db_option,
    input_options,
    progress,
    report_failures,
)

if TYPE_CHECKING:
    from ..record import Record
    from ..store import AddResult


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
    run = IngestRun()
    read_counts: Counter[str] = Counter()
    items = read_inputs(inputs, lang=lang, date=date, encoding=encoding, counts=read_counts)
    with progress("ingesting") as advance:
        for batch in batches(items, batch_size):
            run.failures += [i for i in batch if isinstance(i, InputFailure)]
            docs = [i for i in batch if isinstance(i, Doc)]
            run.read += len(batch)
            # analyse only what is not stored yet; the store checks again when adding
            fresh = [
                d
                for d, stored in zip(docs, store.stored_texts([d.text for d in docs]), strict=True)
                if not stored
            ]
            run.skipped += len(docs) - len(fresh)
            if fresh:
                records = analyze_docs(fresh, pipeline)
                run.analysed(records)
                run.stored(*store.add_each(records))
                assign_stories(store, records)  # only the stored ones get a story
            advance(len(docs))
    click.echo(
        f"ingested into {db}: {run.added} new article(s), "
        f"{run.skipped} already stored, {len(run.failures)} failed input(s)"
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
    report_failures(run.failures)
    click.echo(run.summary(), err=True)
    if run.failures:
        sys.exit(EXIT_FAILED_INPUTS)


@dataclass
class IngestRun:
    """What one ingest run did, for its closing summary."""

    read: int = 0
    added: int = 0
    skipped: int = 0
    with_errors: int = 0
    with_warnings: int = 0
    failures: list[InputFailure] = field(default_factory=list)

    def analysed(self, records: list[Record]) -> None:
        self.with_errors += sum(1 for r in records if r.errors)
        self.with_warnings += sum(1 for r in records if r.warnings)

    def stored(self, result: AddResult, failed: list[tuple[Record, str]]) -> None:
        self.added += result.added
        self.skipped += result.skipped
        for record, reason in failed:
            where = record.source or record.id
            self.failures.append(
                InputFailure(where, f"cannot store {where!r}: {reason}", "store")
            )

    def summary(self) -> str:
        reasons = Counter(f.reason for f in self.failures)
        by_reason = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))
        return (
            f"summary: {self.read} read, {self.added} stored, {self.skipped} already stored, "
            f"{len(self.failures)} rejected" + (f" ({by_reason})" if by_reason else "")
            + f"; {self.with_errors} analysed with a stage error, "
            f"{self.with_warnings} with input warnings"
        )
