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


def assert_golden(path: Path, got: object) -> None:
    """Compare ``got`` with a reviewed golden JSON file.

    ``NEWSGRAPH_REGEN_GOLDEN=1`` rewrites the file (review the diff like code); a missing file
    fails rather than being written silently, so a golden test can never pass vacuously.
    """
    import difflib
    import json
    import os

    text = json.dumps(got, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("NEWSGRAPH_REGEN_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing: NEWSGRAPH_REGEN_GOLDEN=1 writes it for review")
    expected = path.read_text(encoding="utf-8")
    if json.loads(expected) != json.loads(text):
        diff = difflib.unified_diff(
            json.dumps(json.loads(expected), ensure_ascii=False, indent=1).splitlines(),
            text.splitlines(), "golden", "now", lineterm="", n=1,
        )
        shown = "\n".join(list(diff)[:60])
        pytest.fail(f"output differs from {path} (NEWSGRAPH_REGEN_GOLDEN=1 to accept):\n{shown}")
