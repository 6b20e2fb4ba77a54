"""Number expressions read the way a person reads them (helpers for the counts stage, not a stage).

Works on token windows: digits with the language's separators ("4.250" in German, "4,250" in
English), scale words ("1,5 Millionen"), number words via text2num, vague quantities
("Dutzende", "scores of"), qualifiers ("mehr als", "at least") and ranges ("20 bis 30").
All language knowledge comes from ``resources/lexicons/<lang>/counts.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...doc import Doc
from ...resources import lexicon_json

QUOTES = frozenset("\"'„“”‚‘’«»‹›")


lexicon_data = lexicon_json  # the packaged JSON lexicon, or None for an unsupported language


@dataclass(frozen=True)
class Tok:
    """A token of one sentence with its character offsets into the article text."""

    text: str
    lower: str
    lemma: str
    start: int
    end: int


@dataclass(frozen=True)
class Phrase:
    """A noun phrase over tokens ``[first, last)`` (empty when first == last)."""

    first: int
    last: int
    head: str


@dataclass(frozen=True)
class Quantity:
    """A number expression over tokens ``[first, last)``; ``core`` is where the number starts."""

    first: int
    last: int
    core: int
    value: float | None
    value_max: float | None
    approximate: bool
    qualifier: str | None
    kind: str  # digit | word | vague | article


def phrase_table(phrases: Any) -> dict[str, list[tuple[tuple[str, ...], Any]]]:
    """Index phrases (list, or dict phrase -> value) by their first word, longest first."""
    items = phrases.items() if isinstance(phrases, dict) else ((p, p) for p in phrases)
    table: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
    for phrase, value in items:
        words = tuple(_split_phrase(phrase))
        table.setdefault(words[0], []).append((words, value))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


def _split_phrase(phrase: str) -> list[str]:
    return [w for w in re.split(r"\s+|(?<=\w)(?=-)|(?<=-)(?=\w)", phrase.lower()) if w]


def match_phrase(
    table: dict[str, list[tuple[tuple[str, ...], Any]]], toks: list[Tok], i: int
) -> tuple[int, Any] | None:
    """The longest phrase of ``table`` starting at token ``i``: (token count, value)."""
    for words, value in table.get(toks[i].lower, ()):
        end = i + len(words)
        if end <= len(toks) and all(toks[i + k].lower == w for k, w in enumerate(words)):
            return len(words), value
    return None


@lru_cache(maxsize=65536)
def _word_number(text: str, lang: str) -> float | None:
    from text_to_num import text2num

    try:
        return float(text2num(text, lang))
    except (ValueError, IndexError, KeyError, AssertionError):
        return None


class NumberReader:
    """Find :class:`Quantity` expressions in a token list, for one language."""

    def __init__(self, spec: dict[str, Any], lang: str) -> None:
        self.lang = lang
        thousands = "".join(re.escape(s) for s in spec["thousands_sep"])
        dec = re.escape(spec["decimal_sep"])
        self._digits = re.compile(rf"(\d{{1,3}}(?:[{thousands}]\d{{3}})+|\d+)(?:{dec}(\d+))?")
        self._thousands = re.compile(f"[{thousands}]")
        self.scales = {k.lower(): float(v) for k, v in spec["scales"].items()}
        suffixes = spec["scale_suffixes"]
        self.suffixes = {k.lower(): float(v) for k, v in suffixes.items()}
        alternation = "|".join(re.escape(k) for k in sorted(suffixes, key=len, reverse=True))
        self._suffixed = re.compile(rf"(.+?)({alternation})", re.I) if suffixes else None
        self.articles = frozenset(spec["articles_one"])
        self.vague = phrase_table(spec["vague"])
        self.qualifiers = phrase_table(spec["qualifiers"])
        self.approx_qualifiers = frozenset(spec["approximate_qualifiers"])
        self.range_prefix = frozenset(spec["range_prefix"])
        self.joiners = frozenset(spec["range_joiners"])
        self.prefix_joiners = frozenset(spec["range_prefix_joiners"])
        self.of_words = frozenset(spec["of"])

    def scan(self, toks: list[Tok]) -> list[Quantity]:
        """All quantities, left to right, non-overlapping."""
        out, i = [], 0
        while i < len(toks):
            q = self.read(toks, i)
            if q is None:
                i += 1
                continue
            out.append(q)
            i = q.last
        return out

    def read(self, toks: list[Tok], i: int) -> Quantity | None:
        qualifier, core = None, i
        hit = match_phrase(self.qualifiers, toks, i)
        if hit and i + hit[0] < len(toks) and self._number(toks, i + hit[0]):
            qualifier, core = hit[1], i + hit[0]
        elif toks[i].lower in self.range_prefix and self._number(toks, i + 1):
            return self._prefixed_range(toks, i)
        vague = self._vague(toks, i) if qualifier is None else None
        if vague is not None:  # before number words: text2num reads "hundreds" as 100
            return vague
        number = self._number(toks, core)
        if number is not None:
            value, end, kind = number
            value_max, end = self._range_end(toks, end, value, self.joiners)
            approx = qualifier in self.approx_qualifiers or value_max is not None
            return Quantity(i, end, core, value, value_max, approx, qualifier, kind)
        return None

    def _vague(self, toks: list[Tok], i: int) -> Quantity | None:
        hit = match_phrase(self.vague, toks, i)
        if hit is None:
            return None
        end = i + hit[0]
        number = self._number(toks, end)
        if number is not None and number[2] != "article":  # "einige hundert", "several thousand"
            end = number[1]
        if end < len(toks) and toks[end].lower in self.of_words:
            end += 1
        return Quantity(i, end, i, None, None, True, None, "vague")

    def _prefixed_range(self, toks: list[Tok], i: int) -> Quantity | None:
        number = self._number(toks, i + 1)
        if number is None:
            return None
        value, end, kind = number
        value_max, end = self._range_end(toks, end, value, self.joiners | self.prefix_joiners)
        return Quantity(i, end, i + 1, value, value_max, True, None, kind)

    def _range_end(
        self, toks: list[Tok], end: int, value: float, joiners: frozenset[str]
    ) -> tuple[float | None, int]:
        if end + 1 < len(toks) and toks[end].lower in joiners:
            upper = self._number(toks, end + 1)
            if upper is not None and upper[2] != "article" and upper[0] > value:
                return upper[0], upper[1]
        return None, end

    def _number(self, toks: list[Tok], i: int) -> tuple[float, int, str] | None:
        """(value, end token, kind) of a number starting at token ``i``."""
        if i >= len(toks):
            return None
        tok = toks[i]
        if tok.lower in self.articles:
            return 1.0, i + 1, "article"
        value = self._digit_value(tok.text, last=i + 1 == len(toks))
        if value is not None:
            return self._scaled(toks, i + 1, value, "digit")
        return self._words(toks, i)

    def _digit_value(self, text: str, last: bool) -> float | None:
        if last and text.endswith(".") and text[:-1].isdigit():
            text = text[:-1]  # "insgesamt 26." at the end of a sentence
        m = self._digits.fullmatch(text)
        if m is None:
            return self._suffixed_value(text)
        whole = self._thousands.sub("", m.group(1))
        return float(f"{whole}.{m.group(2)}" if m.group(2) else whole)

    def _suffixed_value(self, text: str) -> float | None:
        """ "15bn", "2,5Mrd": digits with a glued scale suffix."""
        m = self._suffixed.fullmatch(text) if self._suffixed else None
        if m is None or self._digits.fullmatch(m.group(1)) is None:
            return None
        value = self._digit_value(m.group(1), last=False)
        return value * self.suffixes[m.group(2).lower()] if value is not None else None

    def _scaled(self, toks: list[Tok], j: int, value: float, kind: str) -> tuple[float, int, str]:
        if j < len(toks) and toks[j].lower in self.scales:
            return value * self.scales[toks[j].lower], j + 1, kind
        return value, j, kind

    def _words(self, toks: list[Tok], i: int) -> tuple[float, int, str] | None:
        text = toks[i].text
        if len(text) < 2 or not text.isalpha() or _word_number(toks[i].lower, self.lang) is None:
            return None
        j = i + 1
        while j < len(toks) and j - i < 8 and (toks[j].text.isalpha() or toks[j].text == "-"):
            j += 1
        for end in range(j, i, -1):
            if toks[end - 1].text == "-":
                continue
            phrase = " ".join(t.lower for t in toks[i:end]).replace(" - ", "-")
            value = _word_number(phrase, self.lang)
            if value is not None:
                return self._scaled(toks, end, value, "word")
        return None


def phrase_text(doc: Doc, toks: list[Tok], phrase: Phrase) -> str:
    """The phrase as written, quotes dropped and spaces collapsed ("" when empty)."""
    if phrase.last <= phrase.first:
        return ""
    text = doc.text[toks[phrase.first].start : toks[phrase.last - 1].end]
    return " ".join("".join(c for c in text if c not in QUOTES).split())
