"""Text utilities shared by the stages: word patterns, paragraph splits, chunks, blank tokenizers.

Word patterns are the small matching language of the events and themes lexicons. A pattern is a
string of words separated by spaces, matched case-insensitively on word boundaries:

- ``protest*`` a word starting with "protest"; ``*preiserhöhung`` a word ending with it (a
  German compound); ``*abschaltung*`` a word containing it;
- ``call* for`` two consecutive words;
- ``nahm* ... fest`` a gap of up to :data:`GAP` words (German separable verbs);
- ``!word`` as the first word marks a pattern that must NOT match at this place (an exception).

Patterns live in data files (``resources/lexicons/<lang>/*.json``); this module only compiles them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

GAP = 8
_LETTER = r"[^\W_]"
_WORD_CHARS = r"(?:[\w’']|-(?=\w))"  # a hyphen only inside a word


def _word_regex(word: str) -> str:
    head = word.startswith("*")
    tail = word.endswith("*")
    core = re.escape(word.strip("*"))
    left = rf"{_WORD_CHARS}*" if head else ""
    right = rf"{_WORD_CHARS}*" if tail else ""
    return rf"(?<!{_LETTER}){left}{core}{right}(?!{_LETTER})"


@lru_cache(maxsize=20_000)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile one word pattern into a case-insensitive regex."""
    parts: list[str] = []
    sep = r"[^\w,;:.!?()]+"  # a gap never crosses clause punctuation
    gap = rf"(?:{sep}{_WORD_CHARS}+){{0,{GAP}}}?{sep}"
    pending_gap = False
    for word in pattern.split():
        if word == "...":
            pending_gap = True
            continue
        if parts:
            parts.append(gap if pending_gap else r"[\s\-]+")
        parts.append(_word_regex(word))
        pending_gap = False
    return re.compile("".join(parts), re.IGNORECASE)


def compile_union(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of ``patterns`` (longest alternatives first)."""
    regexes = [compile_pattern(p).pattern for p in sorted(set(patterns), key=len, reverse=True)]
    if not regexes:
        return None
    return re.compile("|".join(f"(?:{r})" for r in regexes), re.IGNORECASE)


def find(
    pattern: str, text: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """Every match of ``pattern`` in ``text[start:end]`` (offsets into ``text``)."""
    regex = compile_pattern(pattern)
    yield from regex.finditer(text, start, len(text) if end is None else end)


def is_name(text: str, sentence_start: int, pos: int) -> bool:
    """A capitalised word that does not open its sentence, line or quote (English names)."""
    if not text[pos : pos + 1].isupper():
        return False
    before = text[sentence_start:pos].rstrip(" \"'“”‘’«»„(`")
    return bool(before) and before[-1] not in ".!?:\n"


_TOKEN = re.compile(r"\w+(?:[\-'’]\w+)*")


class PatternIndex:
    """Pick the few patterns that can match a text from its words, before running any regex.

    A pattern can only match where a word fits its first word: "protest*" needs a word starting
    with "protest", "*abschaltung*" one containing "abschaltung", "war" the word "war".
    Patterns are bucketed by the first three letters of that literal.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = list(patterns)
        self.tests: list[tuple[str, bool, bool]] = []  # literal, wildcard before, after
        self.loose: list[int] = []  # first word starts with "*"
        self.by_prefix: dict[str, list[int]] = {}
        for i, pattern in enumerate(self.patterns):
            first = (pattern.split() or [""])[0]
            literal = first.strip("*").lower()
            self.tests.append((literal, first.startswith("*"), first.endswith("*")))
            if first.startswith("*") or not literal:
                self.loose.append(i)
            else:
                self.by_prefix.setdefault(literal[:3], []).append(i)

    def _fits(self, i: int, word: str) -> bool:
        literal, before, after = self.tests[i]
        if before and after:
            return literal in word
        if before:
            return word.endswith(literal)
        if after:
            return word.startswith(literal)
        return word == literal

    def candidates(self, text: str) -> list[int]:
        """Indices of patterns that may match ``text``, in pattern order."""
        words = {w.lower() for w in _TOKEN.findall(text)}
        words.update(part for w in list(words) for part in re.split(r"[\-'’]", w) if part)
        found = {i for i in self.loose if any(self._fits(i, w) for w in words)}
        for word in words:
            for n in (1, 2, 3):
                found.update(i for i in self.by_prefix.get(word[:n], ()) if self._fits(i, word))
        return sorted(found)


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


_PARAGRAPH = re.compile(r"\n\s*\n")


def split_keep(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` pieces of ``text`` between blank lines (a blank line ends a paragraph)."""
    out, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


#: Characters a stage with a length limit reads at once (spaCy's models want < 1,000,000).
CHUNK = 100_000


def break_before(text: str, limit: int) -> int:
    """The last paragraph break, else line break, sentence end or space before ``limit``."""
    if limit >= len(text):
        return len(text)
    window = text[max(0, limit - 20_000) : limit]
    base = limit - len(window)
    for pattern in ("\n\n", "\n", ". ", " "):
        at = window.rfind(pattern)
        if at > 0:
            return base + at + len(pattern.rstrip(" "))
    return limit


def chunk_spans(text: str, size: int = CHUNK) -> list[tuple[int, int]]:
    """``[start, end)`` pieces that tile ``text``, each at most ``size`` long, cut at breaks."""
    spans, start = [], 0
    while len(text) - start > size:
        end = start + break_before(text[start:], size)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def base_language(language: str | None, default: str = "und") -> str:
    """The ISO 639 base of a language tag ("de-AT", "en_US" -> "de", "en"); ``default`` if none."""
    return (language or default).split("-")[0].split("_")[0].lower() or default
