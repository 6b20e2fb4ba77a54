"""Numbered schema migrations for the DuckDB store (the sqlite-utils ``migrations.py`` idea).

Each migration is ``(version, name, step)`` where ``step`` is SQL text (statements separated
by ``;``) or a function taking the connection. The ``_migrations`` table records every
applied version; opening an older file applies the missing ones in order, each in its own
transaction. Never edit a released migration: append a new one.

Column names of the item tables are the field names of the record dataclasses, so the store
fills them generically (``getattr(item, column)``). Spans are ``INTEGER[]`` (``[start, end)``),
span lists ``INTEGER[][]``; ``item`` keeps the full item as JSON so keys added to the contract
later survive a round trip even before a migration adds their column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

Step = str | Callable[[duckdb.DuckDBPyConnection], None]

#: Tables holding one row per item of a record list, in record-field order.
ITEM_TABLES = (
    "persons",
    "organizations",
    "locations",
    "counts",
    "totals",
    "amounts",
    "quotes",
    "events",
    "themes",
    "dates",
)

_KEY = "article_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL"
_TAIL = "item JSON, PRIMARY KEY (article_id, ordinal)"

_V1_CORE = f"""
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL UNIQUE,
    url VARCHAR,
    title VARCHAR,
    date VARCHAR,
    language VARCHAR,
    language_confidence DOUBLE,
    source VARCHAR,
    text VARCHAR NOT NULL,
    tone DOUBLE,
    positive DOUBLE,
    negative DOUBLE,
    polarity DOUBLE,
    activity_density DOUBLE,
    self_group_density DOUBLE,
    word_count INTEGER,
    focus JSON,
    errors VARCHAR[],
    ingested_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE persons ({_KEY}, name VARCHAR, canonical VARCHAR, mentions INTEGER[][], {_TAIL});
CREATE TABLE organizations ({_KEY}, name VARCHAR, canonical VARCHAR, mentions INTEGER[][],
    {_TAIL});
CREATE TABLE locations ({_KEY}, name VARCHAR, canonical VARCHAR, mentions INTEGER[][],
    country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT, feature VARCHAR, {_TAIL});
CREATE TABLE counts ({_KEY}, type VARCHAR, number DOUBLE, approximate BOOLEAN, object VARCHAR,
    span INTEGER[], location VARCHAR, {_TAIL});
CREATE TABLE amounts ({_KEY}, number DOUBLE, object VARCHAR, span INTEGER[], {_TAIL});
CREATE TABLE quotes ({_KEY}, text VARCHAR, span INTEGER[], speaker VARCHAR,
    speaker_span INTEGER[], verb VARCHAR, direct BOOLEAN, {_TAIL});
CREATE TABLE events ({_KEY}, type VARCHAR, mode VARCHAR, source VARCHAR, target VARCHAR,
    location VARCHAR, date VARCHAR, span INTEGER[], {_TAIL});
CREATE TABLE themes ({_KEY}, theme VARCHAR, spans INTEGER[][], {_TAIL});
CREATE TABLE dates ({_KEY}, text VARCHAR, date VARCHAR, span INTEGER[], {_TAIL});
"""

# Version 2: the fields record.py adds beyond the published contract (GDELT location codes,
# count qualifiers, event coding), as typed columns so they can be queried and aggregated.
_V2_EXTENSIONS = """
ALTER TABLE persons ADD COLUMN type VARCHAR;
ALTER TABLE persons ADD COLUMN wikidata VARCHAR;
ALTER TABLE organizations ADD COLUMN type VARCHAR;
ALTER TABLE organizations ADD COLUMN wikidata VARCHAR;
ALTER TABLE locations ADD COLUMN gdelt_type INTEGER;
ALTER TABLE locations ADD COLUMN fips VARCHAR;
ALTER TABLE locations ADD COLUMN adm1 VARCHAR;
ALTER TABLE locations ADD COLUMN actor BOOLEAN;
ALTER TABLE locations ADD COLUMN demonym BOOLEAN;
ALTER TABLE counts ADD COLUMN qualifier VARCHAR;
ALTER TABLE counts ADD COLUMN number_max DOUBLE;
ALTER TABLE counts ADD COLUMN negated BOOLEAN;
ALTER TABLE counts ADD COLUMN trigger VARCHAR;
ALTER TABLE amounts ADD COLUMN approximate BOOLEAN;
ALTER TABLE quotes ADD COLUMN speaker_entity VARCHAR;
ALTER TABLE events ADD COLUMN negated BOOLEAN;
ALTER TABLE events ADD COLUMN hypothetical BOOLEAN;
ALTER TABLE events ADD COLUMN trigger VARCHAR;
ALTER TABLE events ADD COLUMN cameo VARCHAR;
ALTER TABLE events ADD COLUMN quad_class INTEGER;
ALTER TABLE events ADD COLUMN goldstein DOUBLE;
ALTER TABLE events ADD COLUMN source_country VARCHAR;
ALTER TABLE events ADD COLUMN target_country VARCHAR;
ALTER TABLE dates ADD COLUMN resolution INTEGER;
"""


def _backfill_v2(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the version-2 columns of rows stored before them from their ``item`` JSON."""
    con.execute(_V2_EXTENSIONS)
    for table, columns in _V2_COLUMNS.items():
        sets = ", ".join(
            f"{col} = TRY_CAST(json_extract_string(item, '$.{col}') AS {sql_type})"
            for col, sql_type in columns
        )
        con.execute(f"UPDATE {table} SET {sets} WHERE item IS NOT NULL")


def _v2_columns() -> dict[str, list[tuple[str, str]]]:
    columns: dict[str, list[tuple[str, str]]] = {}
    for line in _V2_EXTENSIONS.strip().splitlines():
        _, _, table, _, _, name, sql_type = line.rstrip(";").split()
        columns.setdefault(table, []).append((name, sql_type))
    return columns


_V2_COLUMNS = _v2_columns()


# Version 3: what `newsgraph watch` needs to follow feeds across restarts. ``feeds`` holds each
# feed's HTTP validators (for conditional GET) and its health; ``feed_items`` every item seen,
# keyed by (feed, GUID) and looked up by URL, with its status: pending (seen, not tried yet),
# failed (tried, will be retried), dead (failed item_attempts times), skipped (not an HTML
# page), stored (its article is in ``articles``) or duplicate (the article was stored already,
# reached by another URL, item or feed).
_V3_FEEDS = """
CREATE TABLE feeds (
    url VARCHAR PRIMARY KEY,
    title VARCHAR,
    etag VARCHAR,
    last_modified VARCHAR,
    added_at TIMESTAMP DEFAULT current_timestamp,
    last_poll TIMESTAMP,
    last_success TIMESTAMP,
    last_status INTEGER,
    last_error VARCHAR,
    error_count INTEGER NOT NULL DEFAULT 0,
    errors_total INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE feed_items (
    feed_url VARCHAR NOT NULL,
    guid VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    title VARCHAR,
    published VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error VARCHAR,
    final_url VARCHAR,
    canonical_url VARCHAR,
    author VARCHAR,
    site_name VARCHAR,
    article_id VARCHAR,
    first_seen TIMESTAMP DEFAULT current_timestamp,
    updated_at TIMESTAMP,
    PRIMARY KEY (feed_url, guid)
);
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    step: Step


_V3_WARNINGS = "ALTER TABLE articles ADD COLUMN warnings VARCHAR[]"


# Version 9: article totals (one row per count type: the distinct number the whole article
# reports, with the indices of the counts behind it). Articles stored before it get their
# totals computed from their stored counts, as the counts stage computes them.
_V9_TOTALS = f"""
CREATE TABLE totals ({_KEY}, type VARCHAR, number DOUBLE, approximate BOOLEAN,
    counts INTEGER[], {_TAIL});
"""


def _totals_v9(con: duckdb.DuckDBPyConnection) -> None:
    import json

    from ..record import Record
    from ..stages.counts import article_totals_for

    con.execute(_V9_TOTALS)
    rows = con.execute(
        "SELECT a.id, a.text, a.language, list(c.item ORDER BY c.ordinal) FROM articles a "
        "JOIN counts c ON c.article_id = a.id GROUP BY a.id, a.text, a.language"
    ).fetchall()
    out = []
    for article_id, text, language, items in rows:
        counts = Record.from_dict(
            {
                "id": article_id,
                "text": text,
                "language": language,
                "counts": [json.loads(item) for item in items],
            }
        ).counts
        for ordinal, total in enumerate(article_totals_for(text, counts, language)):
            data = {
                "type": total.type,
                "number": total.number,
                "approximate": total.approximate,
                "counts": list(total.counts),
            }
            out.append([article_id, ordinal, *data.values(), json.dumps(data)])
    if out:
        con.executemany(
            "INSERT INTO totals (article_id, ordinal, type, number, approximate, counts, item)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            out,
        )


# Version 5: stories (newsgraph.stories). ``articles.story`` is the story an article belongs
# to, ``articles.duplicate_of`` the earlier article it nearly copies; ``stories`` one row per
# story with its GDELT-style NumArticles / NumSources and tops, kept up to date as articles
# arrive; ``story_profiles`` the language-neutral features and terms the clustering compares,
# ``story_minhash`` each article's MinHash signature (the near-duplicate index is rebuilt from
# it on open).
_V5_STORIES = """
ALTER TABLE articles ADD COLUMN story VARCHAR;
ALTER TABLE articles ADD COLUMN duplicate_of VARCHAR;
CREATE TABLE stories (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    first_seen VARCHAR,
    last_seen VARCHAR,
    num_articles INTEGER,
    num_sources INTEGER,
    languages VARCHAR[],
    top_persons VARCHAR[],
    top_organizations VARCHAR[],
    top_places VARCHAR[],
    counts JSON
);
CREATE TABLE story_profiles (
    article_id VARCHAR PRIMARY KEY,
    story VARCHAR,
    seq BIGINT,
    language VARCHAR,
    day INTEGER,
    words INTEGER,
    features JSON
);
CREATE TABLE story_minhash (article_id VARCHAR PRIMARY KEY, signature BLOB);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables: articles and one table per record list", _V1_CORE),
    Migration(2, "record extension fields as typed columns", _backfill_v2),
    Migration(3, "feeds and feed items followed by newsgraph watch", _V3_FEEDS),
    Migration(4, "articles.warnings: input oddities, apart from stage errors", _V3_WARNINGS),
    Migration(5, "stories and near-duplicates: articles.story, articles.duplicate_of", _V5_STORIES),
    Migration(9, "totals: the distinct number of each count type an article reports", _totals_v9),
)


def ensure_migrations_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, name VARCHAR,"
        " applied_at TIMESTAMP DEFAULT current_timestamp)"
    )


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Versions recorded in ``_migrations`` (none for a new or a foreign file)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = '_migrations'"
    ).fetchall()[0][0]
    if not exists:
        return set()
    return {row[0] for row in con.execute("SELECT version FROM _migrations").fetchall()}


def migrate(
    con: duckdb.DuckDBPyConnection,
    migrations: tuple[Migration, ...] = MIGRATIONS,
    upto: int | None = None,
) -> list[int]:
    """Apply every migration not yet recorded (up to ``upto``); return the versions applied."""
    ensure_migrations_table(con)
    done = applied_versions(con)
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in done or (upto is not None and migration.version > upto):
            continue
        con.begin()
        try:
            _run(con, migration.step)
            con.execute(
                "INSERT INTO _migrations (version, name) VALUES (?, ?)",
                [migration.version, migration.name],
            )
            con.commit()
        except Exception:
            con.rollback()
            raise
        applied.append(migration.version)
    return applied


def _run(con: duckdb.DuckDBPyConnection, step: Step) -> None:
    if callable(step):
        step(con)
    else:
        con.execute(step)
