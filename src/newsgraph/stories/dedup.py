"""Near-duplicates: MinHash LSH over word shingles (datasketch).

An article whose text nearly copies a stored one (estimated Jaccard similarity of their word
5-shingle sets at least ``threshold``) is a near-duplicate: syndicated wire copy, a re-published
page with another header. Signatures are kept in the store (``story_minhash``) and the LSH
index is rebuilt from them when a store is opened for ingest (see bench/bench_stories.py for
the cost). Texts with fewer than :data:`MIN_SHINGLES` shingles are never called duplicates:
MinHash estimates on a handful of shingles are noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

SHINGLE = 5
NUM_PERM = 64
MIN_SHINGLES = 30
#: default Jaccard threshold (see the README's stories section for how it was chosen)
THRESHOLD = 0.7

_WORD = re.compile(r"\w+", re.UNICODE)
_SCHEME = "affine32"  # datasketch 2's default hashing scheme: stored signatures use it


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word ``size``-grams of the lower-cased text, as UTF-8 bytes."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class NearDuplicates:
    """A MinHash LSH index of article signatures."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, object] = {}

    def signature(self, text: str) -> object | None:
        """The MinHash of a text, or None when it is too short to compare."""
        from datasketch import MinHash

        grams = shingles(text)
        if len(grams) < MIN_SHINGLES:
            return None
        m = MinHash(num_perm=self.num_perm, seed=1, scheme=_SCHEME)
        m.update_batch(list(grams))
        return m

    def add(self, article_id: str, signature: object) -> None:
        if article_id in self._signatures:
            return
        self.lsh.insert(article_id, signature)
        self._signatures[article_id] = signature

    def original(self, signature: object, order: dict[str, int]) -> str | None:
        """The earliest indexed article (by ``order``) this signature nearly copies."""
        found = [
            key
            for key in self.lsh.query(signature)
            if self._signatures[key].jaccard(signature) >= self.threshold  # type: ignore[attr-defined]
        ]
        return min(found, key=lambda k: (order.get(k, 0), k)) if found else None

    def load(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Index stored signatures (``to_bytes`` output)."""
        from datasketch import LeanMinHash

        for article_id, blob in rows:
            values = np.frombuffer(blob, dtype=np.uint64)
            self.add(article_id, LeanMinHash(seed=1, hashvalues=values, scheme=_SCHEME))

    @staticmethod
    def to_bytes(signature: object) -> bytes:
        return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()  # type: ignore[attr-defined]
