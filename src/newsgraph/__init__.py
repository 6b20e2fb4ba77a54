"""newsgraph: news articles in, a queryable knowledge graph out (GDELT GKG compatible)."""

from __future__ import annotations

__version__ = "0.1.0"
