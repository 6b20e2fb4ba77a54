"""Engines that drive the pipeline over a stream of inputs into a store.

``watch``: the feed monitor behind `newsgraph watch`. (The local and Ray batch engines will
live here too.)
"""

from __future__ import annotations
