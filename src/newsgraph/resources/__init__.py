"""Packaged data: lexicons per language, the gazetteer, trained models, and their build scripts."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a packaged resource, e.g. ``resource_path("lexicons", "de", "counts.json")``."""
    return ROOT.joinpath(*parts)
