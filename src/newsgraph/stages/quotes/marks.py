"""Find quoted segments by their marks: pairs per language, straight marks by context.

A segment runs from an opening mark to the first closing mark of its pair in the same
paragraph. A paragraph that opens a quote without closing it continues into the next
paragraph when that one opens with a quote mark (the newspaper convention for
multi-paragraph quotes). A closing mark with no opening mark is reported as an *orphan*:
the caller decides, from the attribution after it, whether a quote started at the
paragraph or sentence start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...textutils import split_keep

_BEFORE_OPEN = set("([{/-–—\u2014:,") | {"\n"}
_AFTER_CLOSE = set(".,;:!?)]}-–—…/")
_APOSTROPHES = {"'", "’", "‘"}


@dataclass(frozen=True)
class Segment:
    """A quoted stretch: ``start``/``end`` include the marks; ``inner`` is the text inside."""

    start: int
    end: int
    inner: tuple[int, int]
    closed: bool = True


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (a blank line separates paragraphs, as in the sentences stage)."""
    return [(s, e) for s, e in split_keep(text) if e > s]


def is_opener(text: str, i: int, marks: frozenset[str]) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace():
        return False
    if text[i] in _APOSTROPHES and not (nxt.isalnum() or nxt in marks or nxt in "…."):
        return False
    return prev.isspace() or prev in _BEFORE_OPEN or prev in marks


def is_closer(text: str, i: int, marks: frozenset[str]) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isspace():
        return False
    return nxt.isspace() or nxt in _AFTER_CLOSE or nxt in marks


def fold_aliases(text: str, aliases: dict[str, str]) -> str:
    """Rewrite two-character marks (two apostrophes for a double quote) as mark plus space.

    The result has the same length, so offsets stay valid: an opening alias becomes space +
    mark, a closing one mark + space. A third apostrophe is a nested single mark.
    """
    for alias, mark in aliases.items():
        if len(alias) != 2 or alias not in text:
            continue
        pattern = re.escape(alias) + "(?:" + re.escape(alias[1]) + ")?"
        out, i = [], 0
        for m in re.finditer(pattern, text):
            prev = text[m.start() - 1] if m.start() else " "
            opening = prev.isspace() or (prev in _BEFORE_OPEN and prev != ",")
            third = alias[1] if len(m.group()) == 3 else ""
            new = " " + mark + third if opening else third + mark + " "
            out.append(text[i : m.start()] + new)
            i = m.end()
        text = "".join(out) + text[i:]
    return text


class MarkScanner:
    """Scan a text for quoted segments with the quote-mark pairs of one language."""

    def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
        self.openers: dict[str, tuple[str, ...]] = {}
        for o, c in pairs:
            self.openers.setdefault(o, ())
            self.openers[o] += (c,)
        self.closers = frozenset(c for _, c in pairs)
        self.marks = frozenset(self.openers) | self.closers

    def scan(self, text: str) -> tuple[list[Segment], list[int]]:
        """Quoted segments and orphan closing marks, in text order."""
        segments: list[Segment] = []
        orphans: list[int] = []
        paras = paragraphs(text)
        k, i = 0, paras[0][0] if paras else 0
        while k < len(paras):
            k, i = self._scan_paragraph(text, paras, k, max(i, paras[k][0]), segments, orphans)
        return segments, orphans

    def _scan_paragraph(
        self,
        text: str,
        paras: list[tuple[int, int]],
        k: int,
        i: int,
        segments: list[Segment],
        orphans: list[int],
    ) -> tuple[int, int]:
        """Scan paragraph ``k`` from ``i``; return where to go on (paragraph, offset)."""
        end = paras[k][1]
        while i < end:
            ch = text[i]
            if ch in self.openers and is_opener(text, i, self.marks):
                j = self._find_closer(text, i + 1, end, self.openers[ch])
                if j is not None:
                    segments.append(Segment(i, j + 1, (i + 1, j)))
                    i = j + 1
                    continue
                if ch not in _APOSTROPHES:
                    seg, nk = self._run_on(text, paras, k, i, self.openers[ch])
                    segments.append(seg)
                    return (nk, seg.end) if seg.closed else (nk + 1, seg.end)
            elif ch in self.closers and is_closer(text, i, self.marks) and ch not in _APOSTROPHES:
                orphans.append(i)
            i += 1
        return k + 1, i

    def _find_closer(self, text: str, i: int, end: int, closers: tuple[str, ...]) -> int | None:
        for j in range(i, end):
            if text[j] in closers and is_closer(text, j, self.marks):
                if text[j] in _APOSTROPHES and j + 1 < len(text) and text[j + 1].isalpha():
                    continue
                return j
        return None

    def _run_on(
        self,
        text: str,
        paras: list[tuple[int, int]],
        k: int,
        opener: int,
        closers: tuple[str, ...],
    ) -> tuple[Segment, int]:
        """A quote left open at the paragraph end: continue while next paragraphs open a quote."""
        end = paras[k][1]
        while k + 1 < len(paras):
            nstart, nend = paras[k + 1]
            if text[nstart] not in self.openers:
                break
            k += 1
            j = self._find_closer(text, nstart + 1, nend, closers)
            if j is not None:
                return Segment(opener, j + 1, (opener + 1, j)), k
            end = nend
        return Segment(opener, end, (opener + 1, end), closed=False), k
