"""A store's stories: near-duplicates and story ids assigned as articles arrive, kept in DuckDB.

:func:`assign` is called right after records are stored (ingest, watch, merge). For each new
article, in the order (date, id):

1. **near-duplicate** - its MinHash signature is looked up in the LSH index of every stored
   article; a near copy gets ``duplicate_of`` = the earliest such article and joins its story;
2. **story** - otherwise the clustering (:mod:`.cluster`) puts it into the most similar recent
   story or opens a new one (the story id is the id of the article that opened it);
3. the ``stories`` rows of every story touched are recomputed from the articles' rows.

The in-memory state (the LSH index, centroids, document frequencies) is rebuilt from the
store's ``story_profiles`` and ``story_minhash`` tables the first time a store is used and kept
on the store object afterwards, so a watch process pays for it once. Articles stored without a
story (a process killed between storing and assigning) are picked up by the next call.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..textutils import base_language
from .cluster import Clusterer, Settings
from .dedup import NearDuplicates
from .profile import Profile, profile

if TYPE_CHECKING:
    from ..record import Record
    from ..store import Store

_STATE_ATTR = "_stories_state"


class StoryState:
    """What :func:`assign` keeps between calls on one store."""

    def __init__(self, settings: Settings) -> None:
        self.clusterer = Clusterer(settings)
        self.dups = NearDuplicates()
        self.order: dict[str, int] = {}  # article id -> arrival sequence

    @classmethod
    def load(cls, store: Store, settings: Settings) -> StoryState:
        state = cls(settings)
        rows = store.con.execute(
            "SELECT article_id, story, seq, language, day, words, features "
            "FROM story_profiles ORDER BY seq"
        ).fetchall()
        for article_id, story, seq, language, day, words, features in rows:
            data = json.loads(features)
            p = Profile(article_id, language, day, words, data["keys"], data["terms"])
            state.clusterer.observe(p)
            state.clusterer.join(story, p)
            state.order[article_id] = seq
        state.dups.load(
            store.con.execute("SELECT article_id, signature FROM story_minhash").fetchall()
        )
        return state


def state_of(store: Store, settings: Settings | None = None) -> StoryState:
    """The store's story state, loaded once per store object."""
    state = getattr(store, _STATE_ATTR, None)
    if state is None:
        state = StoryState.load(store, settings or Settings())
        setattr(store, _STATE_ATTR, state)
    return state


def assign(
    store: Store, records: Sequence[Record], settings: Settings | None = None
) -> dict[str, str]:
    """Give the stored ``records`` (and any stored article still without one) a story.

    Returns article id -> story id for the articles assigned now.
    """
    state = state_of(store, settings)
    pending = _pending(store, records, state)
    if not pending:
        return {}
    pending.sort(key=lambda r: (r.date or "", r.id))
    seq = max(state.order.values(), default=-1) + 1
    assigned: dict[str, tuple[str, str | None]] = {}
    profiles, signatures = [], []
    for record in pending:
        p = profile(record, _stop_words(base_language(record.language)))
        sig = state.dups.signature(record.text)
        original = state.dups.original(sig, state.order) if sig is not None else None
        state.clusterer.observe(p)
        if original is not None and original in state.order:
            story = _story_of(store, assigned, original)
        else:
            story, _score = state.clusterer.best(p)
            story = story or record.id
        state.clusterer.join(story, p)
        state.order[record.id] = seq
        if sig is not None:
            state.dups.add(record.id, sig)
            signatures.append((record.id, NearDuplicates.to_bytes(sig)))
        profiles.append(
            (record.id, story, seq, p.language, p.day, p.words, json.dumps(p.to_json()))
        )
        assigned[record.id] = (story, original)
        seq += 1
    _save(store, assigned, profiles, signatures)
    return {k: v[0] for k, v in assigned.items()}


def _pending(store: Store, records: Sequence[Record], state: StoryState) -> list[Record]:
    """The records not yet placed, plus stored articles left without a story."""
    ids = [r.id for r in records if r.id not in state.order]
    fresh = {r.id: r for r in records if r.id not in state.order}
    orphans = [
        row[0]
        for row in store.con.execute("SELECT id FROM articles WHERE story IS NULL").fetchall()
        if row[0] not in fresh and row[0] not in state.order
    ]
    out = [fresh[i] for i in ids if i in fresh]
    if orphans:
        out.extend(store.records(ids=orphans))
    # only articles that are stored get a story (a record the store refused has no row)
    stored = (
        {
            row[0]
            for row in store.con.execute(
                "SELECT id FROM articles WHERE list_contains(?, id)", [[r.id for r in out]]
            ).fetchall()
        }
        if out
        else set()
    )
    return [r for r in out if r.id in stored]


def _story_of(store: Store, assigned: dict[str, tuple[str, str | None]], article_id: str) -> str:
    if article_id in assigned:
        return assigned[article_id][0]
    row = store.con.execute("SELECT story FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row and row[0] else article_id


def _save(
    store: Store,
    assigned: dict[str, tuple[str, str | None]],
    profiles: list[tuple[Any, ...]],
    signatures: list[tuple[str, bytes]],
) -> None:
    """Write one call's decisions in one transaction (bulk, through Arrow views)."""
    import pyarrow as pa

    con = store.con
    ids = list(assigned)
    decided = pa.table(
        {
            "id": ids,
            "story": [assigned[i][0] for i in ids],
            "duplicate_of": pa.array([assigned[i][1] for i in ids], pa.string()),
        }
    )
    names = ("article_id", "story", "seq", "language", "day", "words", "features")
    rows = pa.table({n: pa.array([p[k] for p in profiles]) if n != "day" else
                     pa.array([p[k] for p in profiles], pa.int32())
                     for k, n in enumerate(names)})  # fmt: skip
    sigs = pa.table(
        {
            "article_id": [s[0] for s in signatures],
            "signature": pa.array([s[1] for s in signatures], pa.binary()),
        }
    )
    con.begin()
    try:
        con.register("_decided", decided)
        con.register("_profiles", rows)
        con.register("_sigs", sigs)
        con.execute(
            "UPDATE articles SET story = d.story, duplicate_of = d.duplicate_of "
            "FROM _decided d WHERE articles.id = d.id"
        )
        con.execute("INSERT OR REPLACE INTO story_profiles SELECT * FROM _profiles")
        if signatures:
            con.execute("INSERT OR REPLACE INTO story_minhash SELECT * FROM _sigs")
        refresh_stories(con, sorted({story for story, _o in assigned.values()}))
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        for view in ("_decided", "_profiles", "_sigs"):
            con.unregister(view)


def refresh_stories(con: Any, story_ids: Sequence[str], top: int = 5) -> None:
    """Recompute the ``stories`` rows of these stories from their articles."""
    if not story_ids:
        return
    con.execute("DELETE FROM stories WHERE list_contains(?, id)", [list(story_ids)])
    con.execute(
        f"""
        INSERT INTO stories
        WITH a AS (SELECT * FROM articles WHERE list_contains(?, story)),
        firsts AS (
            SELECT story,
                arg_min(coalesce(title, left(text, 80)), coalesce(date, '9999') || id) AS title
            FROM a GROUP BY story
        ),
        ent AS (
            SELECT a.story, 'p' AS kind, p.canonical AS name, count(DISTINCT a.id) AS n
            FROM a JOIN persons p ON p.article_id = a.id GROUP BY ALL
            UNION ALL
            SELECT a.story, 'o', o.canonical, count(DISTINCT a.id)
            FROM a JOIN organizations o ON o.article_id = a.id GROUP BY ALL
            UNION ALL
            SELECT a.story, 'l', l.canonical, count(DISTINCT a.id)
            FROM a JOIN locations l ON l.article_id = a.id GROUP BY ALL
        ),
        tops AS (
            SELECT story, kind, list(name ORDER BY n DESC, name)[1:{int(top)}] AS names
            FROM ent GROUP BY story, kind
        ),
        cnt AS (
            SELECT story, json_group_object(type, number) AS counts FROM (
                SELECT a.story, c.type, max(c.number) AS number
                FROM a JOIN counts c ON c.article_id = a.id
                WHERE a.duplicate_of IS NULL AND c.number IS NOT NULL
                    AND NOT coalesce(c.negated, false)
                GROUP BY ALL
            ) GROUP BY story
        )
        SELECT a.story, any_value(f.title),
            min(coalesce(a.date, strftime(a.ingested_at, '%Y-%m-%d'))),
            max(coalesce(a.date, strftime(a.ingested_at, '%Y-%m-%d'))), count(*),
            count(DISTINCT coalesce(a.source, a.url, a.id)),
            list(DISTINCT a.language ORDER BY a.language),
            any_value(tp.names), any_value(tor.names), any_value(tl.names),
            coalesce(any_value(cnt.counts), '{{}}')
        FROM a
        JOIN firsts f USING (story)
        LEFT JOIN tops tp ON tp.story = a.story AND tp.kind = 'p'
        LEFT JOIN tops tor ON tor.story = a.story AND tor.kind = 'o'
        LEFT JOIN tops tl ON tl.story = a.story AND tl.kind = 'l'
        LEFT JOIN cnt ON cnt.story = a.story
        GROUP BY a.story
        """,
        [list(story_ids)],
    )


@lru_cache(maxsize=64)
def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop-word list for a language (no model needed), or none."""
    try:
        from spacy.util import get_lang_class

        return frozenset(w.lower() for w in get_lang_class(language).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - a language spaCy does not know: no stop words
        return frozenset()
