"""The DuckDB store: ``open_store(path)`` gives a :class:`Store` (numbered migrations applied)."""

from __future__ import annotations

from .store import DEFAULT_PATH, AddResult, Store, content_hash, open_store

__all__ = ["DEFAULT_PATH", "AddResult", "Store", "content_hash", "open_store"]
