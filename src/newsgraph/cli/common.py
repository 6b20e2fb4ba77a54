"""Options and helpers shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from .. import config
from ..errors import PipelineError
from ..pipeline import Pipeline, default_stages

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE = 0, 1, 2

ner_tier_option = click.option(
    "--ner-tier",
    type=click.Choice(["fast", "accurate"]),
    expose_value=False,
    callback=lambda ctx, param, value: config.override("ner_tier", value),
    help="NER tier (setting ner_tier, default fast): 'accurate' runs the fine-tuned e5 "
    "transformer for German, about 6x slower.",
)

input_options = [
    click.argument("inputs", nargs=-1, required=True),
    click.option(
        "--lang", help="Language of every input (ISO 639-1); default: identified per article."
    ),
    click.option(
        "--date", help="Publication date (YYYY-MM-DD) for every input; resolves relative dates."
    ),
    click.option("--encoding", help="Encoding of text inputs; default: UTF-8, else detected."),
    click.option(
        "--stages",
        help="Comma-separated stage list (default: every stage in this build, in order). "
        "Prefix with '-' to drop stages from the default, e.g. '-quotes,-events'.",
    ),
    click.option(
        "--batch-size",
        type=int,
        default=lambda: config.get("batch_size"),
        show_default="setting batch_size: 16",
        help="Articles per batch (one store transaction per batch in ingest).",
    ),
    ner_tier_option,
]


def add_options(options: list[Any]) -> Any:
    def wrap(func: Any) -> Any:
        for option in reversed(options):
            func = option(func)
        return func

    return wrap


def build_pipeline(stages: str | None, batch_size: int) -> Pipeline:
    """A pipeline from the --stages option; usage errors exit with code 2."""
    names: list[str] | None = None
    if stages:
        parts = [s.strip() for s in stages.split(",") if s.strip()]
        if all(p.startswith("-") for p in parts):
            drop = {p[1:] for p in parts}
            names = [n for n in default_stages() if n not in drop]
        else:
            names = parts
    try:
        return Pipeline(names, batch_size=batch_size)
    except PipelineError as exc:
        raise click.UsageError(str(exc)) from exc


@contextmanager
def progress(label: str, enabled: bool | None = None) -> Iterator[Any]:
    """A rich progress bar on stderr (shown when stderr is a terminal); yields advance(n)."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n=1: bar.advance(task, n)


def report_failures(failures: list[Any]) -> None:
    """List failed inputs on stderr."""
    if not failures:
        return
    click.echo(f"{len(failures)} input(s) failed:", err=True)
    for failure in failures:
        click.echo(f"  {failure.message}", err=True)


db_option = click.option(
    "--db",
    default=lambda: config.get("db"),
    show_default="setting db: newsgraph.duckdb",
    help="DuckDB store file (created and migrated if needed).",
)
