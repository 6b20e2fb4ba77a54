"""Read token-per-line NER files (GermEval TSV, CoNLL-2003, plain BIO) and turn tags into spans.

A sentence is a list of ``(token, tag)`` pairs; spans are ``(start, end, label)`` over token
indices, ``end`` exclusive. Span extraction follows conlleval: a chunk starts at ``B-``, at an
``I-`` whose type differs from the previous tag's, or at an ``I-`` after ``O`` (which makes
IOB1 and IOB2 read the same way).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

Sentence = list[tuple[str, str]]
TokenSpan = tuple[int, int, str]


def tags_to_spans(tags: list[str]) -> list[TokenSpan]:
    """Chunks of an IOB1/IOB2 (or BIOES) tag sequence, conlleval-style."""
    spans: list[TokenSpan] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if prefix in ("B", "S") or prefix == "O" or kind != label or start < 0:
            if start >= 0:
                spans.append((start, i, label))
            start, label = (-1, "") if prefix == "O" else (i, kind)
        if prefix in ("E", "S") and start >= 0:
            spans.append((start, i + 1, label))
            start, label = -1, ""
    return spans


def _lines(path: str | Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\r\n")


def read_germeval(path: str | Path) -> Iterator[Sentence]:
    """GermEval 2014: ``idx token outer inner`` with ``#`` comments, or 2 columns ``token tag``."""
    sentence: Sentence = []
    for line in _lines(path):
        cols = line.split("\t")
        if line.startswith("#") and not _is_hash_token(cols):  # "#\tURL [date]" comment
            continue
        if not line.strip():
            if sentence:
                yield sentence
            sentence = []
            continue
        if len(cols) >= 4:
            sentence.append((cols[1], cols[2]))
        elif len(cols) >= 2:
            sentence.append((cols[0], cols[-1]))
    if sentence:
        yield sentence


def _is_hash_token(cols: list[str]) -> bool:
    """``#\tO`` in the 2-column form is the token "#", not a comment."""
    return len(cols) == 2 and cols[0] == "#" and (cols[1] == "O" or cols[1][:2] in ("B-", "I-"))


def read_conll(path: str | Path) -> Iterator[Sentence]:
    """CoNLL-2003 (``token POS chunk tag``, ``-DOCSTART-`` lines) or any ``token ... tag`` file."""
    sentence: Sentence = []
    for line in _lines(path):
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if sentence:
                yield sentence
            sentence = []
            continue
        sentence.append((cols[0], cols[-1]))
    if sentence:
        yield sentence


def conll_documents(path: str | Path) -> list[list[Sentence]]:
    """The sentences of a CoNLL file grouped by ``-DOCSTART-`` (one group if it has none)."""
    docs: list[list[Sentence]] = [[]]
    sentence: Sentence = []
    for line in _lines(path):
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if sentence:
                docs[-1].append(sentence)
            sentence = []
            if cols and docs[-1]:
                docs.append([])
            continue
        sentence.append((cols[0], cols[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [d for d in docs if d]


READERS = {"germeval": read_germeval, "conll": read_conll}


def read(path: str | Path, fmt: str) -> Iterator[Sentence]:
    """Sentences of ``path`` in format ``fmt`` (one of :data:`READERS`)."""
    if fmt not in READERS:
        raise ValueError(f"unknown NER format {fmt!r}; use one of {sorted(READERS)}")
    return READERS[fmt](path)


def read_units(path: str | Path, fmt: str) -> list[list[Sentence]]:
    """The split units of a NER file (see :mod:`.splits`): CoNLL documents, GermEval sentences."""
    if fmt == "conll":
        return conll_documents(path)
    return [[s] for s in read(path, fmt)]
