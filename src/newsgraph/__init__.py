"""newsgraph: news articles in, a queryable knowledge graph out (GDELT GKG compatible)."""

from __future__ import annotations

from typing import Any

from .api import analyze, analyze_docs, analyze_inputs
from .pipeline import Pipeline
from .record import Record
from .version import __version__

__all__ = [
    "Pipeline",
    "Record",
    "__version__",
    "analyze",
    "analyze_docs",
    "analyze_inputs",
    "open_store",
]


def open_store(path: str = "newsgraph.duckdb", **kwargs: Any) -> Any:
    """Open (creating and migrating if needed) a DuckDB store; see :mod:`newsgraph.store`."""
    from .store import open_store as _open

    return _open(path, **kwargs)
