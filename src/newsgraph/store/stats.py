"""Aggregate views over a store for the ``newsgraph stats`` command."""

from __future__ import annotations

from typing import Any

import duckdb

# stats key -> item table of entities (ranked by articles naming them, then mentions).
_TOP_ENTITIES = {
    "persons": "persons",
    "organizations": "organizations",
    "places": "locations",
}


def store_stats(con: duckdb.DuckDBPyConnection, top: int = 10) -> dict[str, list[dict[str, Any]]]:
    """Headline aggregates: tops per entity kind, counts, themes, events, languages, errors.

    Every value is a list of rows (dicts), most frequent first. Count sums leave out negated
    counts ("no one was killed"); ``n`` counts every mention. Events leave out negated and
    hypothetical ones ("did not attack", "could send troops"). ``errors`` groups the articles
    with errors by the part of the message before the first colon (usually the stage).
    """
    stats: dict[str, list[dict[str, Any]]] = {}
    for key, table in _TOP_ENTITIES.items():
        stats[key] = _top_entities(con, table, top)
    stats["counts"] = _rows(
        con,
        "SELECT type, count(*) AS n, count(DISTINCT article_id) AS articles, "
        "sum(number) FILTER (WHERE NOT coalesce(negated, false)) AS sum "
        "FROM counts GROUP BY type ORDER BY n DESC, type LIMIT ?",
        [top],
    )
    stats["themes"] = _rows(
        con,
        "SELECT theme, count(DISTINCT article_id) AS articles, sum(len(spans)) AS mentions "
        "FROM themes GROUP BY theme ORDER BY articles DESC, mentions DESC, theme LIMIT ?",
        [top],
    )
    stats["events"] = _rows(
        con,
        "SELECT type, count(*) AS n, count(DISTINCT article_id) AS articles "
        "FROM events WHERE NOT coalesce(negated, false) AND NOT coalesce(hypothetical, false) "
        "GROUP BY type ORDER BY n DESC, type LIMIT ?",
        [top],
    )
    stats["languages"] = _rows(
        con,
        "SELECT coalesce(language, 'und') AS language, count(*) AS articles "
        "FROM articles GROUP BY 1 ORDER BY articles DESC, language",
        [],
    )
    stats["errors"] = _rows(
        con,
        "SELECT split_part(error, ':', 1) AS error, count(DISTINCT id) AS articles "
        "FROM (SELECT id, unnest(errors) AS error FROM articles) GROUP BY 1 "
        "ORDER BY articles DESC, error LIMIT ?",
        [top],
    )
    return stats


def _top_entities(con: duckdb.DuckDBPyConnection, table: str, top: int) -> list[dict[str, Any]]:
    """Entities ranked by the number of articles naming them, then by mentions."""
    return _rows(
        con,
        f"SELECT coalesce(canonical, name) AS name, count(DISTINCT article_id) AS articles, "
        f"sum(len(mentions)) AS mentions FROM {table} GROUP BY 1 "
        "ORDER BY articles DESC, mentions DESC, name LIMIT ?",
        [top],
    )


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    result = con.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

