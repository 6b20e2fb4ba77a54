"""Shared fixtures: paths to the repository, the shared data (optional) and the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
SEED_DE = SHARED / "data" / "samples" / "seed-de.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test when it is absent."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture
def seed_de_text() -> str:
    if not SEED_DE.exists():
        pytest.skip("seed sample not present")
    return SEED_DE.read_text(encoding="utf-8")
