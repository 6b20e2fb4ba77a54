"""The DuckDB store: migrations, idempotency, atomic batches, round trips, stats."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.errors import StoreError
from newsgraph.record import Amount, Count, Entity, Record, Total
from newsgraph.store import Store, content_hash, open_store
from newsgraph.store.migrations import MIGRATIONS, migrate
from newsgraph.testing import EXAMPLE_TEXT, example_record


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "test.duckdb") as opened:
        yield opened


def test_new_store_applies_every_migration(store: Store) -> None:
    rows = store.con.execute("SELECT version FROM _migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]
    assert store.schema_version == MIGRATIONS[-1].version
    assert set(store.counts()) == {
        "articles", "persons", "organizations", "locations", "counts", "amounts", "quotes",
        "events", "themes", "dates", "totals",
    }


def test_upgrade_from_version_1_backfills_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    record = example_record()
    con = duckdb.connect(str(path))
    assert migrate(con, upto=1) == [1]
    old = Store(con, str(path))
    assert "qualifier" not in old._columns["counts"]
    # a version-1 file only has the contract columns, and no totals: written by older code
    assert old.add([replace(record, totals=())]).added == 1
    old.close()

    with open_store(path) as store:
        assert store.schema_version == MIGRATIONS[-1].version
        rows = store.con.execute(
            "SELECT qualifier, number_max, negated, trigger FROM counts ORDER BY ordinal"
        ).fetchall()
        assert rows == [("at least", None, False, "arrested"), ("about", 45.0, True, "detained")]
        cameo = store.con.execute("SELECT cameo, quad_class FROM events ORDER BY ordinal")
        assert cameo.fetchall() == [("173", 4), ("143", 3)]
        # migration 9 computes the totals of articles stored before it from their counts
        assert store.get(record.id).totals == (Total("ARREST", 12.0, False, (0,)),)
        assert store.get(record.id) == record
    with open_store(path) as again:  # reopening applies nothing twice
        assert again.schema_version == MIGRATIONS[-1].version
        assert again.counts()["articles"] == 1


def test_round_trip_of_a_fully_populated_record(store: Store) -> None:
    record = example_record()
    for name in ("persons", "organizations", "locations", "counts", "amounts", "quotes",
                 "events", "themes", "dates", "errors"):
        assert getattr(record, name), name  # the fixture really fills every list
    store.add([record])
    assert store.get(record.id) == record
    assert list(store.records()) == [record]
    assert store.get(record.id).to_dict() == record.to_dict()


def test_round_trip_survives_reopening(tmp_path: Path) -> None:
    records = [example_record(f"a{i}", suffix=f" ({i})") for i in range(3)]
    with open_store(tmp_path / "s.duckdb") as store:
        store.add(records)
    with open_store(tmp_path / "s.duckdb") as store:
        assert list(store.records()) == records
        assert [r.id for r in store.records(ids=["a2", "a0"])] == ["a0", "a2"]
        assert list(store.records(limit=1)) == records[:1]


def test_typed_columns_hold_the_item_fields(store: Store) -> None:
    store.add([example_record()])
    rows = store.con.execute(
        "SELECT name, mentions FROM persons WHERE article_id = 'example-1'"
    ).fetchall()
    start, end = rows[0][1][1]
    assert rows[0][0] == "Hanna Vestergaard"
    assert EXAMPLE_TEXT[start:end] == "Vestergaard"
    article = store.con.execute(
        "SELECT tone, word_count, content_hash, errors, json_extract_string(focus, '$.name') "
        "FROM articles"
    ).fetchall()[0]
    assert article == (-2.5, 48, content_hash(EXAMPLE_TEXT), ["tone: lexicon partly missing"],
                       "Norway")


def test_same_text_is_stored_once(store: Store) -> None:
    record = example_record()
    first = store.add([record])
    again = store.add([record, replace(record, id="other-id")])
    assert (first.added, first.skipped) == (1, 0)
    assert (again.added, again.skipped) == (0, 2)
    assert store.counts()["articles"] == 1
    assert store.counts()["persons"] == 1


def test_duplicates_inside_one_batch_are_skipped(store: Store) -> None:
    a = example_record("a")
    result = store.add([a, replace(a, id="b"), example_record("c", suffix="!")])
    assert (result.added, result.skipped, result.ids) == (2, 1, ("a", "c"))


def test_same_id_with_other_text_is_a_conflict_not_an_overwrite(store: Store) -> None:
    store.add([example_record("x")])
    result = store.add([example_record("x", suffix=" updated")])
    assert (result.added, result.conflicts) == (0, 1)
    assert store.get("x").text == EXAMPLE_TEXT


def test_has_text_checks_the_content_hash(store: Store) -> None:
    store.add([example_record()])
    assert store.has_text(EXAMPLE_TEXT)
    assert not store.has_text(EXAMPLE_TEXT + " ")


def test_read_only_open_refuses_an_outdated_store(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, upto=1)
    con.close()
    later = ", ".join(str(m.version) for m in MIGRATIONS[1:])
    with pytest.raises(StoreError, match=rf"lacks schema migration\(s\) \[{later}\].*open it once"):
        open_store(path, read_only=True)
    open_store(path).close()
    with open_store(path, read_only=True) as store:
        assert store.schema_version == MIGRATIONS[-1].version


def test_missing_store_opened_read_only_says_what_failed(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(tmp_path / "absent.duckdb", read_only=True)


def test_content_hash_is_of_the_exact_text() -> None:
    assert content_hash("abc") == content_hash("abc")
    assert content_hash("abc") != content_hash("abc ")
    assert len(content_hash("")) == 64


def test_batch_is_atomic_when_an_insert_fails(store: Store, monkeypatch) -> None:
    store.add([example_record("kept")])
    original = Store._insert

    def failing(self: Store, table: str, rows: list) -> None:
        if table == "quotes":  # articles, persons ... already inserted in this transaction
            raise RuntimeError("injected failure")
        original(self, table, rows)

    monkeypatch.setattr(Store, "_insert", failing)
    batch = [example_record(f"new{i}", suffix=str(i)) for i in range(3)]
    with pytest.raises(RuntimeError, match="injected failure"):
        store.add(batch)
    assert store.counts() == {
        "articles": 1, "persons": 1, "organizations": 2, "locations": 2, "counts": 2,
        "amounts": 2, "quotes": 2, "events": 2, "themes": 2, "dates": 2, "totals": 1,
    }
    monkeypatch.setattr(Store, "_insert", original)
    assert store.add(batch).added == 3  # the store is usable afterwards


def test_crash_mid_batch_leaves_nothing_half_stored(tmp_path: Path) -> None:
    path = tmp_path / "crash.duckdb"
    script = textwrap.dedent(
        f"""
        import os
        from newsgraph.store import Store, open_store
        from newsgraph.testing import example_record
        store = open_store({str(path)!r})
        store.add([example_record("before")])
        original = Store._insert
        def crash(self, table, rows):
            if table == "events":
                os._exit(3)  # the process dies inside the transaction
            original(self, table, rows)
        Store._insert = crash
        store.add([example_record("lost", suffix="x")])
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 3, done.stderr.decode()
    with open_store(path) as store:
        assert [r.id for r in store.records()] == ["before"]
        assert store.counts()["persons"] == 1
        assert store.counts()["events"] == 2


def test_record_with_errors_and_no_items_is_stored(store: Store) -> None:
    failed = Record(id="bad", text="x", language="de", errors=("ner: model missing",))
    store.add([failed])
    assert store.get("bad") == failed
    assert store.stats()["errors"] == [{"error": "ner", "articles": 1}]


def test_a_badly_typed_item_does_not_fail_the_batch(store: Store) -> None:
    odd = Record("odd", "some text", "en", counts=(
        Count("KILL", "many", True, "people", (0, 4)),  # type: ignore[arg-type]
        Count("KILL", 3, False, "people", (5, 9)),
    ), amounts=(Amount(float("nan"), "x", (0, 1)),))
    assert store.add([odd, example_record()]).added == 2
    numbers = store.con.execute("SELECT number FROM counts WHERE article_id = 'odd'")
    assert numbers.fetchall() == [(None,), (3.0,)]  # typed column NULL, batch stored
    assert store.get("odd").counts == odd.counts  # the item JSON kept the odd value
    assert store.get("odd").amounts[0].number is None  # NaN is not JSON: stored as null


def test_get_unknown_id_raises_key_error(store: Store) -> None:
    with pytest.raises(KeyError, match="nope"):
        store.get("nope")
    assert "nope" not in store


def test_records_filter_by_language(store: Store) -> None:
    store.add([example_record("en1"), example_record("de1", suffix="d", language="de")])
    assert [r.id for r in store.records(language="de")] == ["de1"]


def _person(name: str, mentions: int) -> Entity:
    return Entity(name, name, tuple((i, i + 1) for i in range(mentions)))


def test_stats_rank_entities_and_sum_counts(store: Store) -> None:
    kill = Count("KILL", 5.0, False, "people", (0, 1))
    negated = Count("KILL", 100.0, False, "people", (0, 1), negated=True)
    store.add([
        Record("1", "one", "de", persons=(_person("A", 1), _person("B", 3)), counts=(kill,)),
        Record("2", "two", "de", persons=(_person("A", 1),), counts=(kill, negated)),
        Record("3", "three", "en", persons=(_person("C", 1),)),
    ])
    stats = store.stats(top=2)
    assert [(p["name"], p["articles"], p["mentions"]) for p in stats["persons"]] == [
        ("A", 2, 2), ("B", 1, 3)]
    assert stats["counts"] == [{"type": "KILL", "n": 3, "articles": 2, "sum": 10.0}]
    assert stats["languages"] == [{"language": "de", "articles": 2},
                                  {"language": "en", "articles": 1}]
    assert all(isinstance(rows, list) for rows in stats.values())  # the CLI prints tables


def test_bulk_insert_of_many_articles(store: Store) -> None:
    records = [example_record(f"n{i}", suffix=f" {i}") for i in range(300)]
    assert store.add(records).added == 300
    assert store.counts()["quotes"] == 600
    assert list(store.records()) == records


_MEMORY: list[Store] = []


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1), title=st.one_of(st.none(), st.text()))
def test_arbitrary_text_round_trips(text: str, title: str | None) -> None:
    if not _MEMORY:
        _MEMORY.append(open_store(":memory:"))
    store = _MEMORY[0]
    record = Record(id=content_hash(text) + str(title), text=text, language="en", title=title,
                    persons=(Entity(text, text, ((0, len(text)),)),))
    result = store.add([record])
    if result.added:
        assert store.get(record.id) == record
    else:  # hypothesis repeated a text: stored once, under the first id
        assert result.skipped == 1
