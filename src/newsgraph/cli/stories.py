"""`newsgraph stories`: the stories of a store, largest first, with their articles."""

from __future__ import annotations

import json
from typing import Any

import click

from .common import db_option


@click.command("stories")
@db_option
@click.option("--since", help="Only stories last seen on or after this date (YYYY-MM-DD).")
@click.option("--top", type=int, default=20, show_default=True, help="How many stories.")
@click.option("--id", "story_id", help="Show one story (its id) with all its articles.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
def stories_command(db: str, since: str | None, top: int, story_id: str | None, fmt: str) -> None:
    """List stories (articles on one event, across languages), largest first."""
    from ..store import open_store

    with open_store(db, read_only=True) as store:
        rows = _stories(store.con, since, top, story_id)
        if story_id and not rows:
            raise click.ClickException(f"no story {story_id!r} in {db}")
        for row in rows:
            row["articles"] = _articles(store.con, row["id"])
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    for row in rows:
        langs = ", ".join(row["languages"] or [])
        click.echo(
            f"{row['id']}  {row['num_articles']} article(s), {row['num_sources']} source(s), "
            f"{langs}, {row['first_seen']} - {row['last_seen']}"
        )
        click.echo(f"  {row['title']}")
        for key in ("top_persons", "top_organizations", "top_places"):
            if row[key]:
                click.echo(f"  {key.removeprefix('top_')}: {', '.join(row[key])}")
        if row["counts"]:
            click.echo("  counts: " + ", ".join(f"{k} {v:g}" for k, v in row["counts"].items()))
        for art in row["articles"]:
            dup = f"  (copy of {art['duplicate_of']})" if art["duplicate_of"] else ""
            click.echo(
                f"    [{art['language']}] {art['date'] or '-'}  {art['title'] or art['id']}{dup}"
            )
        click.echo("")


def _stories(con: Any, since: str | None, top: int, story_id: str | None) -> list[dict[str, Any]]:
    where, params = [], []
    if story_id:
        where.append("id = ?")
        params.append(story_id)
    if since:
        where.append("last_seen >= ?")
        params.append(since)
    sql = "SELECT * FROM stories" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY num_articles DESC, num_sources DESC, last_seen DESC, id LIMIT ?"
    result = con.execute(sql, [*params, top])
    names = [d[0] for d in result.description]
    rows = [dict(zip(names, r, strict=True)) for r in result.fetchall()]
    for row in rows:
        row["counts"] = json.loads(row["counts"]) if row["counts"] else {}
    return rows


def _articles(con: Any, story_id: str) -> list[dict[str, Any]]:
    result = con.execute(
        "SELECT id, language, date, title, source, url, duplicate_of FROM articles "
        "WHERE story = ? ORDER BY date NULLS LAST, id",
        [story_id],
    )
    names = [d[0] for d in result.description]
    return [dict(zip(names, r, strict=True)) for r in result.fetchall()]
