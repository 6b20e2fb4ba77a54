"""`newsgraph stats`: what a store holds — top persons, places, counts, themes."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from .common import db_option


@click.command("stats")
@db_option
@click.option("--top", default=10, show_default=True, help="How many entries per list.")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats_command(db: str, top: int, as_json: bool) -> None:
    """Summarise a store: row counts, top persons, places, organisations, counts, themes, events."""
    from ..store import open_store

    store = open_store(db, read_only=True)
    if as_json:
        data = {"rows": store.counts(), **store.stats(top=top)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print_stats(store, top)
    store.close()


def print_stats(store: Any, top: int = 10) -> None:
    """Row counts and the top lists as terminal tables."""
    console = Console(width=110)
    rows = store.counts()
    console.print("rows: " + ", ".join(f"{k} {v}" for k, v in rows.items()))
    stories = story_counts(store)
    console.print("stories: " + ", ".join(f"{k} {v}" for k, v in stories.items()))
    for name, entries in store.stats(top=top).items():
        if not entries:
            continue
        table = Table(title=name.replace("_", " "), title_justify="left", show_header=True)
        keys = list(entries[0].keys())
        for key in keys:
            table.add_column(str(key))
        for entry in entries:
            table.add_row(*(_cell(entry[k]) for k in keys))
        console.print(table)


def story_counts(store: Any) -> dict[str, int]:
    """Stories beside articles: how many, how many with several articles, near-duplicates."""
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM stories), "
        "(SELECT count(*) FROM stories WHERE num_articles > 1), "
        "(SELECT count(*) FROM stories WHERE len(languages) > 1), "
        "(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL)"
    ).fetchone()
    keys = ("stories", "with several articles", "multilingual", "near-duplicates")
    return dict(zip(keys, row, strict=True))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)
