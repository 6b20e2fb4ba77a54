"""A light word tokenizer with character offsets, enough for attribution patterns."""

from __future__ import annotations

import re
from typing import NamedTuple

# words (with inner hyphens/apostrophes/periods of abbreviations), numbers, or single punctuation
_WORD = re.compile(
    r"[^\W\d_](?:[\w]|[-'’.](?=\w))*\.?(?<![,;])|\d[\d.,:]*\d|\d|[^\w\s]", re.UNICODE
)


class Word(NamedTuple):
    """A token with its ``[start, end)`` offsets (a tuple: cheap to make by the thousand)."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Words of ``text[start:end]`` with offsets into ``text``.

    A trailing period stays on a word only for short capitalised abbreviations ("Sen.", "Dr.");
    otherwise it becomes its own token so sentence ends stay visible.
    """
    end = len(text) if end is None else end
    out: list[Word] = []
    for m in _WORD.finditer(text, start, end):
        s, e = m.start(), m.end()
        token = m.group()
        if len(token) > 1 and token.endswith(".") and not _is_abbreviation(token, text[e : e + 2]):
            out.append(Word(s, e - 1, token[:-1]))
            out.append(Word(e - 1, e, "."))
        else:
            out.append(Word(s, e, token))
    return out


def _is_abbreviation(token: str, after: str) -> bool:
    """ "U.S.", or a short title before a name ("Sen. Smith", "Dr. Roth")."""
    core = token[:-1]
    if "." in core:
        return True
    title = core[:1].isupper() and len(core) <= 3 and core.isalpha()
    return title and after[:1] == " " and after[1:2].isupper()


def word_count(text: str) -> int:
    return sum(1 for w in words(text) if w.is_word or w.text[:1].isdigit())
