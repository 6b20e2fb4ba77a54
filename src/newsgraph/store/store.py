"""The DuckDB store: one embedded file, one table per record list, keyed by article id.

Adding is idempotent (an article whose text was stored before is skipped, whatever its id)
and atomic per batch (one transaction: an exception or a crash mid-batch stores nothing of
that batch). Records round-trip: ``store.get(r.id) == r`` for every added record ``r``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import StoreError, describe
from ..record import Record, Tone, content_hash
from .migrations import ITEM_TABLES, MIGRATIONS, applied_versions, migrate

DEFAULT_PATH = "newsgraph.duckdb"

_TONE_FIELDS = tuple(f.name for f in dataclasses.fields(Tone))
_ARTICLE_FIELDS = (
    "id",
    "url",
    "title",
    "date",
    "language",
    "language_confidence",
    "source",
    "text",
)
_PAGE = 500


@dataclass(frozen=True)
class AddResult:
    """What one :meth:`Store.add` did."""

    added: int = 0
    skipped: int = 0  # text already stored (or repeated in the batch): duplicates
    conflicts: int = 0  # id already used by a different text: not stored
    ids: tuple[str, ...] = ()  # ids of the records added


class Store:
    """A newsgraph store over one DuckDB connection. Use :func:`open_store` to get one."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self.con = con
        self.path = path
        self._columns = {t: self._table_columns(t) for t in ("articles", *ITEM_TABLES)}

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._scalar("SELECT coalesce(max(version), 0) FROM _migrations")

    # -- writing ---------------------------------------------------------------------------
    def add(self, records: Iterable[Record]) -> AddResult:
        """Store a batch of records in one transaction; duplicates by text hash are skipped."""
        batch = list(records)
        fresh, skipped, conflicts = self._new_records(batch)
        if fresh:
            self.con.begin()
            try:
                self._insert_batch(fresh)
                self.con.commit()
            except BaseException:
                self.con.rollback()
                raise
        return AddResult(len(fresh), skipped, conflicts, tuple(r.id for r in fresh))

    def add_each(self, records: Iterable[Record]) -> tuple[AddResult, list[tuple[Record, str]]]:
        """:meth:`add` the batch; if that fails, add one record at a time so that a record
        the store cannot take costs only itself. Returns the totals and the failed records
        with the reason (one line)."""
        batch = list(records)
        try:
            return self.add(batch), []
        except Exception:  # noqa: BLE001 - isolate the failing record below
            pass
        added = skipped = conflicts = 0
        ids: list[str] = []
        failed: list[tuple[Record, str]] = []
        for record in batch:
            try:
                one = self.add([record])
            except Exception as exc:  # noqa: BLE001 - reported with the record's source
                failed.append((record, describe(exc)))
                continue
            added += one.added
            skipped += one.skipped
            conflicts += one.conflicts
            ids.extend(one.ids)
        return AddResult(added, skipped, conflicts, tuple(ids)), failed

    def _new_records(self, batch: Sequence[Record]) -> tuple[list[Record], int, int]:
        hashes = [content_hash(r.text) for r in batch]
        known_hashes, known_ids = self._known(hashes, [r.id for r in batch])
        fresh: list[Record] = []
        skipped = conflicts = 0
        for record, digest in zip(batch, hashes, strict=True):
            if digest in known_hashes:
                skipped += 1
            elif record.id in known_ids:
                conflicts += 1
            else:
                fresh.append(record)
                known_hashes.add(digest)
                known_ids.add(record.id)
        return fresh, skipped, conflicts

    def _known(self, hashes: list[str], ids: list[str]) -> tuple[set[str], set[str]]:
        if not hashes:
            return set(), set()
        column: list[str | None] = list(ids) if ids else [None] * len(hashes)
        probe = pa.table({"h": hashes, "i": pa.array(column, type=pa.string())})
        with self._view("_probe", probe):
            rows = self.con.execute(
                "SELECT content_hash, id FROM articles "
                "WHERE content_hash IN (SELECT h FROM _probe) OR id IN (SELECT i FROM _probe)"
            ).fetchall()
        return {r[0] for r in rows}, {r[1] for r in rows}

    def _insert_batch(self, records: Sequence[Record]) -> None:
        self._insert("articles", [_article_row(r) for r in records])
        for table in ITEM_TABLES:
            rows = [
                _item_row(record.id, ordinal, item)
                for record in records
                for ordinal, item in enumerate(getattr(record, table))
            ]
            self._insert(table, rows)

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        types = {c: t for c, t in self._columns[table].items() if c in rows[0]}
        data = pa.table({c: _arrow_array([row.get(c) for row in rows]) for c in types})
        # TRY_CAST: a value of the wrong type (a stage bug) leaves its typed column NULL
        # instead of failing the batch; the item JSON still holds it.
        values = ", ".join(c if t == "JSON" else f"TRY_CAST({c} AS {t})" for c, t in types.items())
        with self._view("_rows", data):
            self.con.execute(f"INSERT INTO {table} ({', '.join(types)}) SELECT {values} FROM _rows")

    # -- reading ---------------------------------------------------------------------------
    def get(self, article_id: str) -> Record:
        """The stored record with this id; ``KeyError`` if there is none."""
        found = list(self.records(ids=[article_id]))
        if not found:
            raise KeyError(f"no article with id {article_id!r} in {self.path}")
        return found[0]

    def __contains__(self, article_id: object) -> bool:
        return self._scalar("SELECT count(*) FROM articles WHERE id = ?", [article_id]) > 0

    def has_text(self, text: str) -> bool:
        """Whether an article with exactly this text is stored (cheap check before analysing)."""
        return self.stored_texts([text])[0]

    def stored_texts(self, texts: Sequence[str]) -> list[bool]:
        """For each text, whether it is stored already: one query for a whole batch."""
        hashes = [content_hash(t) for t in texts]
        known, _ = self._known(hashes, [])
        return [h in known for h in hashes]

    def __len__(self) -> int:
        return self._scalar("SELECT count(*) FROM articles")

    def records(
        self,
        ids: Sequence[str] | None = None,
        language: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Record]:
        """Stored records in insertion order, optionally only these ids / this language."""
        where, params = _article_filter(ids, language)
        sql = f"SELECT * FROM articles {where} ORDER BY rowid"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cursor = self.con.cursor()
        result = cursor.execute(sql, params)
        names = [d[0] for d in result.description]
        while page := result.fetchmany(_PAGE):
            articles = [dict(zip(names, row, strict=True)) for row in page]
            yield from self._assemble(articles)

    def _assemble(self, articles: list[dict[str, Any]]) -> Iterator[Record]:
        items: dict[str, dict[str, list[Any]]] = {a["id"]: {} for a in articles}
        with self._view("_page", pa.table({"i": [a["id"] for a in articles]})):
            for table in ITEM_TABLES:
                rows = self.con.execute(
                    f"SELECT article_id, item FROM {table} "
                    "WHERE article_id IN (SELECT i FROM _page) ORDER BY article_id, ordinal"
                ).fetchall()
                for article_id, item in rows:
                    items[article_id].setdefault(table, []).append(json.loads(item))
        for article in articles:
            yield _record(article, items[article["id"]])

    def counts(self) -> dict[str, int]:
        """Row count of every table (articles and each item table)."""
        return {
            table: self._scalar(f"SELECT count(*) FROM {table}")
            for table in ("articles", *ITEM_TABLES)
        }

    def stats(self, top: int = 10) -> dict[str, list[dict[str, Any]]]:
        """Top persons, places, organisations, themes; counts and events by type; languages;
        error kinds. Each value is a list of rows, most frequent first."""
        from .stats import store_stats

        return store_stats(self.con, top)

    def _scalar(self, sql: str, params: list[Any] | None = None) -> int:
        """First column of the only row (fetched completely: DuckDB keeps pending results)."""
        return int(self.con.execute(sql, params or []).fetchall()[0][0])

    @contextmanager
    def _view(self, name: str, table: pa.Table) -> Iterator[None]:
        """Expose an Arrow table to SQL as ``name`` for the duration of the block."""
        self.con.register(name, table)
        try:
            yield
        finally:
            self.con.unregister(name)

    def _table_columns(self, table: str) -> dict[str, str]:
        """Column name -> SQL type of a table, in table order."""
        rows = self.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return {name: sql_type for name, sql_type in rows}


def open_store(path: str | Path | None = None, read_only: bool = False) -> Store:
    """Open (creating and migrating as needed) the store at ``path`` (default ./newsgraph.duckdb).

    ``":memory:"`` gives a throwaway in-memory store.
    """
    location = str(path) if path is not None else DEFAULT_PATH
    try:
        con = duckdb.connect(location, read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(
            f"cannot open store {location!r}: {exc}; check the path, or close the other "
            "program that has it open (DuckDB allows one writer)"
        ) from exc
    try:
        if read_only:
            _check_current(con, location)
        else:
            migrate(con, MIGRATIONS)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot migrate store {location!r}: {exc}") from exc
    except StoreError:
        con.close()
        raise
    return Store(con, location)


def _check_current(con: duckdb.DuckDBPyConnection, location: str) -> None:
    """A read-only store cannot be migrated: it must already be at the latest version."""
    missing = {m.version for m in MIGRATIONS} - applied_versions(con)
    if missing:
        raise StoreError(
            f"store {location!r} lacks schema migration(s) {sorted(missing)} and is opened "
            "read-only; open it once for writing (e.g. `newsgraph ingest --db ...` or "
            "newsgraph.open_store(path)) to upgrade it"
        )


# -- rows <-> records ----------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _article_row(record: Record) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(record, name) for name in _ARTICLE_FIELDS}
    row.update({name: getattr(record.tone, name) for name in _TONE_FIELDS})
    row["content_hash"] = content_hash(record.text)
    row["focus"] = _json(_fields_of(record.focus)) if record.focus else None
    row["errors"] = list(record.errors)
    row["warnings"] = list(record.warnings)
    row["story"], row["duplicate_of"] = record.story, record.duplicate_of
    return row


def _item_row(article_id: str, ordinal: int, item: Any) -> dict[str, Any]:
    row = _fields_of(item)
    json_text = _json(row)
    row.update(article_id=article_id, ordinal=ordinal, item=json_text)
    return row


def _fields_of(item: Any) -> dict[str, Any]:
    """The fields of a flat item dataclass, tuples as lists (``asdict`` deep-copies: slow)."""
    cls = type(item)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(item))
    return {name: _plain(getattr(item, name)) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _arrow_array(values: list[Any]) -> pa.Array:
    """An Arrow column; mixed or oversized values become text (cast back by the insert)."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else _json(v) for v in values], pa.string())


def _json(value: Any) -> str:
    """JSON text of a value; NaN/inf become null (DuckDB's JSON type rejects them)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, default=_jsonable)
    except ValueError:
        return json.dumps(_finite(value), ensure_ascii=False, default=_jsonable)


def _jsonable(value: Any) -> Any:
    """numpy scalars and other odd values a stage may leave in a record."""
    return value.item() if hasattr(value, "item") else str(value)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _article_filter(ids: Sequence[str] | None, language: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if ids is not None:
        clauses.append("list_contains(?, id)")
        params.append(list(ids))
    if language is not None:
        clauses.append("language = ?")
        params.append(language)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _record(article: dict[str, Any], items: dict[str, list[Any]]) -> Record:
    data: dict[str, Any] = {name: article[name] for name in _ARTICLE_FIELDS}
    data["tone"] = {name: article[name] for name in _TONE_FIELDS}
    data["focus"] = json.loads(article["focus"]) if article["focus"] else None
    data["errors"] = list(article["errors"] or ())
    data["warnings"] = list(article.get("warnings") or ())
    data["story"] = article.get("story")
    data["duplicate_of"] = article.get("duplicate_of")
    for table in ITEM_TABLES:
        data[table] = items.get(table, [])
    return Record.from_dict(data)
