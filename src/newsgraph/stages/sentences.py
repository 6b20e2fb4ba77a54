"""Tokens and sentences per language, with spaCy's permissive rule-based tokenizers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..doc import Doc


@lru_cache(maxsize=32)
def blank_pipeline(language: str) -> Any:
    """spaCy's tokenizer for ``language`` (multi-language rules if spaCy has none) + sentencizer."""
    import spacy

    try:
        nlp = spacy.blank(language)
    except Exception:  # noqa: BLE001 - spaCy has no rules for this language
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


class SentencesStage:
    """Split every article into tokens and sentences (offsets into ``text``)."""

    name = "sentences"
    requires = ("text", "language")
    produces = ("tokens", "sentences")

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            nlp = blank_pipeline(doc.language or "xx")
            tokens = nlp(doc.text)
            doc.tokens = tokens
            doc.sentences = _sentence_spans(tokens)


_PARAGRAPH = re.compile(r"\n\s*\n")


def _sentence_spans(tokens: Any) -> list[tuple[int, int]]:
    """Sentence spans with surrounding whitespace trimmed; a blank line always ends one."""
    spans = []
    for sent in tokens.sents:
        offset = sent.start_char
        for match_text in _split_keep(sent.text):
            start = offset + match_text[0]
            piece = sent.text[match_text[0] : match_text[1]]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                spans.append((start + lead, start + trail))
    return spans


def _split_keep(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out
