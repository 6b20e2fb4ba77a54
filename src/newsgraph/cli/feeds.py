"""`newsgraph feeds`: the feeds a store follows, with their health."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from .ingest import db_option


@click.command("feeds")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the feed health as JSON.")
def feeds_command(db: str, as_json: bool) -> None:
    """List followed feeds: last success, errors, articles stored, items waiting or dead."""
    from ..store import open_store
    from ..store.feeds import FeedState

    with open_store(db, read_only=True) as store:
        rows = FeedState(store).health()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif not rows:
        click.echo(f"{db} follows no feeds yet; add some with `newsgraph watch URL --db {db}`")
    else:
        print_health(rows)


def print_health(rows: list[dict[str, Any]]) -> None:
    table = Table(title_justify="left")
    for name in ("feed", "last success", "last poll", "errors", "articles", "waiting", "dead"):
        table.add_column(name, overflow="fold")
    table.add_column("last error", overflow="fold")
    for row in rows:
        table.add_row(
            row["url"],
            _when(row["last_success"]),
            _when(row["last_poll"]),
            f"{row['error_count']} ({row['errors_total']} total)",
            str(row["articles"]),
            str(row["waiting"]),
            str(row["dead"]),
            row["last_error"] or "",
        )
    Console(width=160).print(table)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "never"
