"""Tokens and sentences per language, with spaCy's permissive rule-based tokenizers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...doc import Doc
from ...textutils import CHUNK, blank_pipeline, chunk_spans, split_keep


class SentencesStage:
    """Split every article into tokens and sentences (offsets into ``text``)."""

    name = "sentences"
    requires = ("text", "language")
    produces = ("tokens", "sentences")

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            tokens = tokenize(doc.text, doc.language or "xx")
            doc.tokens = tokens
            doc.sentences = _sentence_spans(tokens)


def tokenize(text: str, language: str) -> Any:
    """A spaCy Doc over ``text``; a long text is read in chunks cut at breaks, then joined."""
    nlp = blank_pipeline(language)
    if len(text) <= CHUNK:
        return nlp(text)
    from spacy.tokens import Doc as SpacyDoc

    parts = list(nlp.pipe(text[s:e] for s, e in chunk_spans(text)))
    return SpacyDoc.from_docs(parts, ensure_whitespace=False)


def _sentence_spans(tokens: Any) -> list[tuple[int, int]]:
    """Sentence spans with surrounding whitespace trimmed; a blank line always ends one."""
    spans = []
    for sent in tokens.sents:
        offset = sent.start_char
        for match_text in split_keep(sent.text):
            start = offset + match_text[0]
            piece = sent.text[match_text[0] : match_text[1]]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                spans.append((start + lead, start + trail))
    return spans
