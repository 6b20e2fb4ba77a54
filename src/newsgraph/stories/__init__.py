"""Stories: which articles are near copies of each other, and which tell the same story.

``assign(store, records)`` runs after records are stored (ingest, watch, merge); see
:mod:`.index` for what it does, :mod:`.cluster` for the clustering, :mod:`.dedup` for the
near-duplicates and :mod:`.profile` for what is compared.
"""

from .cluster import Settings
from .index import assign, refresh_stories

__all__ = ["Settings", "assign", "refresh_stories"]
