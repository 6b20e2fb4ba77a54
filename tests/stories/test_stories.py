"""Stories: near-duplicates, story ids across languages, the stories table, its CLI and eval."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.eval import stories as story_eval
from newsgraph.record import Count, Entity, Location, Record
from newsgraph.store import open_store
from newsgraph.stories import assign
from newsgraph.stories.profile import MIN_WORDS

_FILLER = (
    "officials said the situation remained tense while residents described long queues "
    "closed shops heavy traffic and rumours spreading quickly through the neighbourhoods"
).split()


_OTHER = (
    "farmers harvested barley early because forecasters expected storms markets reported "
    "stable prices cooperative warehouses opened extra loading bays for grain trucks"
).split()


def _text(seed: int, words: int = 120, vocabulary: list[str] = _FILLER) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(vocabulary) + str(rng.randint(0, 40)) for _ in range(words))


def _person(name: str, canonical: str | None = None) -> Entity:
    return Entity(name, canonical or name, ((0, 1),))


def _place(name: str, geonameid: int, country: str) -> Location:
    return Location(name, name, ((0, 1),), country=country, geonameid=geonameid, feature="city")


def _event_record(rid: str, lang: str, seed: int, date: str = "2022-01-07", **kw: object) -> Record:
    """An article about an invented event: its people, place and count, in its own words."""
    return Record(
        rid,
        _text(seed),
        lang,
        date=date,
        source=f"{rid}.example",
        persons=(_person("Aino Veltmaa"), _person("Brannoc Ilsted")),
        locations=(_place("Quarnholm", 990001, "NO"),),
        counts=(Count("KILL", 17.0, False, "people", (0, 1)),),
        **kw,  # type: ignore[arg-type]
    )


def _other_record(rid: str, lang: str, seed: int) -> Record:
    return Record(
        rid,
        _text(seed, vocabulary=_OTHER),
        lang,
        date="2022-01-07",
        source=f"{rid}.example",
        persons=(_person("Cyrene Podolak"),),
        locations=(_place("Tesselby", 990002, "SE"),),
    )


def _stories(store) -> dict[str, str]:  # noqa: ANN001
    return dict(store.con.execute("SELECT id, story FROM articles").fetchall())


def _store_and_assign(store, records: list[Record]) -> dict[str, str]:  # noqa: ANN001
    store.add(records)
    assign(store, records)
    return _stories(store)


def test_same_event_in_german_and_english_is_one_story(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        records = [
            _event_record("en-1", "en", 1),
            _event_record("de-1", "de", 2),
            _other_record("en-2", "en", 3),
        ]
        story = _store_and_assign(store, records)
    assert story["en-1"] == story["de-1"]
    assert story["en-2"] != story["en-1"]


def test_near_copy_gets_duplicate_of_and_joins_the_story(tmp_path: Path) -> None:
    first = _event_record("a", "en", 1)
    copy = replace(first, id="b", text=first.text.replace("officials", "sources", 1) + " Updated.")
    with open_store(tmp_path / "s.duckdb") as store:
        _store_and_assign(store, [first])
        _store_and_assign(store, [copy])
        rows = dict(store.con.execute("SELECT id, duplicate_of FROM articles").fetchall())
        story = _stories(store)
        counts = store.con.execute("SELECT num_articles, counts FROM stories").fetchall()
    assert rows == {"a": None, "b": "a"}
    assert story["a"] == story["b"]
    # the story's counts do not add the copy's count a second time
    assert counts == [(2, json.dumps({"KILL": 17.0}, separators=(",", ":")))]


def test_unrelated_texts_are_not_duplicates(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        _store_and_assign(store, [_event_record("a", "en", 1), _event_record("b", "en", 99)])
        dups = store.con.execute("SELECT count(duplicate_of) FROM articles").fetchone()
    assert dups == (0,)


def test_thin_article_never_joins_a_story(tmp_path: Path) -> None:
    thin = replace(_event_record("thin", "en", 5), text=" ".join(_FILLER[: MIN_WORDS - 5]))
    with open_store(tmp_path / "s.duckdb") as store:
        story = _store_and_assign(store, [_event_record("full", "en", 1), thin])
    assert story["thin"] == "thin"


def test_article_in_a_language_without_models_still_gets_a_story(tmp_path: Path) -> None:
    record = Record("xx-1", _text(7), "xx")
    with open_store(tmp_path / "s.duckdb") as store:
        story = _store_and_assign(store, [record])
    assert story == {"xx-1": "xx-1"}


def test_one_batch_gives_the_same_stories_in_any_order(tmp_path: Path) -> None:
    records = [
        _event_record("e1", "en", 1),
        _event_record("e2", "de", 2, date="2022-01-08"),
        _event_record("e3", "en", 3, date="2022-01-09"),
        _other_record("o1", "en", 4),
        _other_record("o2", "de", 5),
    ]
    results = []
    for seed in range(3):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        with open_store(tmp_path / f"s{seed}.duckdb") as store:
            results.append(_store_and_assign(store, shuffled))
    assert results[0] == results[1] == results[2]
    assert len(set(results[0].values())) == 2


def test_stories_survive_reopening_and_orphans_are_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(path) as store:
        _store_and_assign(store, [_event_record("e1", "en", 1)])
        store.add([_event_record("e2", "de", 2)])  # stored, then the process died
    with open_store(path) as store:  # state rebuilt from the store's tables
        assign(store, [_event_record("e3", "en", 3)])  # not stored: ignored
        story = _stories(store)
        row = store.con.execute(
            "SELECT num_articles, num_sources, languages FROM stories WHERE id = 'e1'"
        ).fetchone()
    assert story == {"e1": "e1", "e2": "e1"}
    assert row == (2, 2, ["de", "en"])


def test_window_keeps_distant_dates_apart(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        story = _store_and_assign(
            store, [_event_record("jan", "en", 1), _event_record("jul", "en", 2, date="2022-07-01")]
        )
    assert story["jan"] != story["jul"]


def test_cli_lists_stories_and_export_carries_the_story(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        _store_and_assign(store, [_event_record("en-1", "en", 1), _event_record("de-1", "de", 2)])
    runner = CliRunner()
    table = runner.invoke(cli, ["stories", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "2 article(s), 2 source(s), de, en" in table.output
    listed = runner.invoke(cli, ["stories", "--db", str(db), "--format", "jsonl"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [len(r["articles"]) for r in rows] == [2]
    one = runner.invoke(cli, ["stories", "--db", str(db), "--id", rows[0]["id"]])
    assert one.exit_code == 0 and "Aino Veltmaa" in one.output
    missing = runner.invoke(cli, ["stories", "--db", str(db), "--id", "nope"])
    assert missing.exit_code != 0 and "no story 'nope'" in missing.output
    out = tmp_path / "x.jsonl"
    exported = runner.invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["story"] for r in records} == {rows[0]["id"]}
    assert all("duplicate_of" in r for r in records)
    stats = runner.invoke(cli, ["stats", "--db", str(db)])
    assert "stories: stories 1, with several articles 1, multilingual 1" in stats.output


def test_eval_halves_share_no_article() -> None:
    pairs = [
        {"id1": "a", "id2": "b"},
        {"id1": "c", "id2": "d"},
        {"id1": "b", "id2": "e"},
        {"id1": "f", "id2": "g"},
    ]
    tune = story_eval.split_pairs(pairs, "tune")
    check = story_eval.split_pairs(pairs, "check")
    ids = lambda ps: {p[k] for p in ps for k in ("id1", "id2")}  # noqa: E731
    assert not ids(tune) & ids(check)
    assert len(tune) + len(check) == len(pairs)


def test_pair_scores() -> None:
    pairs = [
        {"id1": "a", "id2": "b", "lang1": "de", "lang2": "en", "overall": 1.0},
        {"id1": "a", "id2": "c", "lang1": "de", "lang2": "de", "overall": 4.0},
        {"id1": "c", "id2": "d", "lang1": "de", "lang2": "de", "overall": 1.5},
        {"id1": "b", "id2": "d", "lang1": "en", "lang2": "de", "overall": 2.0},  # not scored
    ]
    scores = story_eval.score_pairs(pairs, {"a": "s1", "b": "s1", "c": "s1", "d": "s2"})
    assert (scores["precision"], scores["recall"], scores["cross_lingual_recall"]) == (
        0.5,
        0.5,
        1.0,
    )


SEMEVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "stories"
F1_FLOOR = 0.68  # check half measured 0.718 (German-English recall 0.889)


@pytest.mark.slow
def test_semeval_check_half_floor() -> None:
    path = SEMEVAL / "semeval2022-task8" / "dev-pairs.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    result = story_eval.run(str(path), "semeval", split="check")
    assert result["f1"] >= F1_FLOOR
    assert result["cross_lingual_recall"] >= 0.65
