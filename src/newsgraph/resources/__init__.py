"""Packaged data: lexicons per language, the gazetteer, trained models, and their build scripts."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a packaged resource, e.g. ``resource_path("lexicons", "de", "counts.json")``."""
    return ROOT.joinpath(*parts)


@lru_cache(maxsize=256)
def lexicon_json(language: str, name: str) -> dict[str, Any] | None:
    """The packaged lexicon ``lexicons/<language>/<name>`` (JSON), or None if the language has none.

    Read once per process; callers must not mutate the returned dict.
    """
    path = ROOT / "lexicons" / language / name
    if not language or not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
