"""Feed and feed-item state of `newsgraph watch` in the store (tables of migration 3).

A feed's validators are written in the same transaction as the items it listed (as
``pending``), so a process killed after a 200 answer loses nothing: the next run finds the
items pending even if the feed then answers 304. Articles are added in the same transaction
as the status of the items they came from, so an item is ``stored`` exactly when its article
is in the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..record import Record, content_hash
from .store import AddResult, Store

#: Statuses an item is tried again from on the next poll.
DUE = ("pending", "failed")


@dataclass(frozen=True)
class SeenItem:
    """An entry of a feed as listed by the feed."""

    guid: str
    url: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class DueItem:
    """An item to try on this poll (never tried, or failed fewer than item_attempts times)."""

    feed_url: str
    guid: str
    url: str
    title: str | None
    published: str | None
    attempts: int


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one item on this poll; ``status`` is written as given."""

    feed_url: str
    guid: str
    status: str  # stored | duplicate | skipped | failed | dead
    error: str | None = None
    article_id: str | None = None
    final_url: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    site_name: str | None = None


class FeedState:
    """Reads and writes the ``feeds`` and ``feed_items`` tables of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con

    # -- feeds -----------------------------------------------------------------------------
    def register(self, urls: Sequence[str]) -> None:
        """Add feeds not followed yet (nothing changes for known ones)."""
        self.con.executemany(
            "INSERT INTO feeds (url) VALUES (?) ON CONFLICT DO NOTHING", [[u] for u in urls]
        )

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) stored for a feed."""
        rows = self.con.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", [url]
        ).fetchall()
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def record_fetch(
        self,
        url: str,
        status: int,
        validators: tuple[str | None, str | None],
        title: str | None = None,
        items: Sequence[SeenItem] = (),
    ) -> int:
        """A successful poll (200 or 304): validators, health and new items in one transaction.

        Returns the number of items not seen before (stored as ``pending``).
        """
        fresh = self._unseen(url, items)
        self.con.begin()
        try:
            self.con.execute(
                "UPDATE feeds SET etag = coalesce(?, etag), last_modified = coalesce(?, "
                "last_modified), title = coalesce(?, title), last_poll = current_timestamp, "
                "last_success = current_timestamp, last_status = ?, last_error = NULL, "
                "error_count = 0 WHERE url = ?",
                [validators[0], validators[1], title, status, url],
            )
            if fresh:
                self.con.executemany(
                    "INSERT INTO feed_items (feed_url, guid, url, title, published) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [[url, i.guid, i.url, i.title, i.published] for i in fresh],
                )
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return len(fresh)

    def record_error(self, url: str, reason: str, status: int | None = None) -> None:
        """A failed poll of a feed: counted in its health, validators kept."""
        self.con.execute(
            "UPDATE feeds SET last_poll = current_timestamp, last_status = ?, last_error = ?, "
            "error_count = error_count + 1, errors_total = errors_total + 1 WHERE url = ?",
            [status, reason, url],
        )

    def _unseen(self, url: str, items: Sequence[SeenItem]) -> list[SeenItem]:
        known = {
            row[0]
            for row in self.con.execute(
                "SELECT guid FROM feed_items WHERE feed_url = ? AND list_contains(?, guid)",
                [url, [i.guid for i in items]],
            ).fetchall()
        }
        fresh = []
        for item in items:  # a GUID listed twice: the first entry wins
            if item.guid not in known:
                known.add(item.guid)
                fresh.append(item)
        return fresh

    # -- items -----------------------------------------------------------------------------
    def due(self, feed_urls: Sequence[str], max_attempts: int) -> list[DueItem]:
        """Items of these feeds to try now, oldest first."""
        rows = self.con.execute(
            "SELECT feed_url, guid, url, title, published, attempts FROM feed_items "
            "WHERE list_contains(?, feed_url) AND list_contains(?, status) AND attempts < ? "
            "ORDER BY first_seen, feed_url, rowid",
            [list(feed_urls), list(DUE), max_attempts],
        ).fetchall()
        return [DueItem(*row) for row in rows]

    def known_urls(self, urls: Sequence[str]) -> dict[str, str]:
        """URL -> article id for URLs whose article is stored (by an item, or ingested)."""
        if not urls:
            return {}
        wanted = list(dict.fromkeys(urls))
        rows = self.con.execute(
            "SELECT url, final_url, article_id FROM feed_items WHERE article_id IS NOT NULL "
            "AND status IN ('stored', 'duplicate') "
            "AND (list_contains($1, url) OR list_contains($1, final_url))",
            [wanted],
        ).fetchall()
        found: dict[str, str] = {}
        for url, final_url, article_id in rows:
            for key in (url, final_url):
                if key in wanted:
                    found.setdefault(key, article_id)
        articles = self.con.execute(
            "SELECT url, id FROM articles WHERE list_contains(?, url)", [wanted]
        ).fetchall()
        for url, article_id in articles:
            found.setdefault(url, article_id)
        return found

    def commit(self, records: Sequence[Record], outcomes: Sequence[ItemOutcome]) -> AddResult:
        """Add ``records`` and write ``outcomes`` in one transaction.

        An outcome ``stored`` names its record by ``article_id``; when the store already had
        that text (another URL, feed or input), it becomes ``duplicate`` of the stored id.
        """
        store = self.store
        fresh, skipped, conflicts = store._new_records(records)
        self.con.begin()
        try:
            if fresh:
                store._insert_batch(fresh)
            final = self._resolve(records, fresh, outcomes)
            if final:
                self.con.executemany(_UPDATE_ITEM, [_item_params(o) for o in final])
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return AddResult(len(fresh), skipped, conflicts, tuple(r.id for r in fresh))

    def _resolve(
        self, records: Sequence[Record], fresh: Sequence[Record], outcomes: Sequence[ItemOutcome]
    ) -> list[ItemOutcome]:
        added = {r.id for r in fresh}
        existing = self._ids_by_hash([content_hash(r.text) for r in records if r.id not in added])
        by_id = {r.id: existing.get(content_hash(r.text)) for r in records if r.id not in added}
        final = []
        for outcome in outcomes:
            if outcome.status == "stored" and outcome.article_id not in added:
                stored_id = by_id.get(outcome.article_id or "")
                outcome = _replace(
                    outcome,
                    status="duplicate" if stored_id else "failed",
                    article_id=stored_id,
                    error=None if stored_id else "article id already used by another text",
                )
            final.append(outcome)
        return final

    def _ids_by_hash(self, hashes: list[str]) -> dict[str, str]:
        if not hashes:
            return {}
        rows = self.con.execute(
            "SELECT content_hash, id FROM articles WHERE list_contains(?, content_hash)", [hashes]
        ).fetchall()
        return {digest: article_id for digest, article_id in rows}

    def statuses(self, feed_url: str | None = None) -> dict[str, int]:
        """Number of items per status (of one feed, or of all)."""
        rows = self.con.execute(
            "SELECT status, count(*) FROM feed_items WHERE $1 IS NULL OR feed_url = $1 "
            "GROUP BY status",
            [feed_url],
        ).fetchall()
        return {status: int(n) for status, n in rows}

    def health(self) -> list[dict[str, Any]]:
        """One row per feed: last poll and success, errors, articles stored, items waiting."""
        result = self.con.execute(_HEALTH)
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


_UPDATE_ITEM = (
    "UPDATE feed_items SET status = ?, attempts = attempts + 1, last_error = ?, "
    "article_id = coalesce(?, article_id), final_url = coalesce(?, final_url), "
    "canonical_url = coalesce(?, canonical_url), author = coalesce(?, author), "
    "site_name = coalesce(?, site_name), updated_at = current_timestamp "
    "WHERE feed_url = ? AND guid = ?"
)

_HEALTH = """
SELECT f.url, f.title, f.last_poll, f.last_success, f.last_status, f.error_count,
       f.errors_total, f.last_error,
       count(i.guid) FILTER (WHERE i.status = 'stored') AS articles,
       count(i.guid) FILTER (WHERE i.status = 'duplicate') AS duplicates,
       count(i.guid) FILTER (WHERE i.status IN ('pending', 'failed')) AS waiting,
       count(i.guid) FILTER (WHERE i.status = 'skipped') AS skipped,
       count(i.guid) FILTER (WHERE i.status = 'dead') AS dead,
       count(i.guid) AS items
FROM feeds f LEFT JOIN feed_items i ON i.feed_url = f.url
GROUP BY ALL ORDER BY f.url
"""


def _item_params(o: ItemOutcome) -> list[Any]:
    return [
        o.status,
        o.error,
        o.article_id,
        o.final_url,
        o.canonical_url,
        o.author,
        o.site_name,
        o.feed_url,
        o.guid,
    ]


def _replace(outcome: ItemOutcome, **changes: Any) -> ItemOutcome:
    import dataclasses

    return dataclasses.replace(outcome, **changes)
