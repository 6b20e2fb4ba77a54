"""Themes: GDELT-named themes with the spans that evidence them.

The taxonomy (GDELT GKG theme names: PROTEST, ARMEDCONFLICT, ECON_OILPRICE ...) is documented
in ``resources/lexicons/THEMES.md``; each language has word patterns per theme in
``resources/lexicons/<lang>/themes.json`` (syntax: :mod:`.wordpatterns`). A language without
a file gets no themes (logged).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ...doc import Doc
from ...record import Span, Theme
from ...resources import lexicon_json
from ...textutils import PatternIndex, compile_pattern, is_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ThemeLexicon:
    themes: tuple[tuple[str, re.Pattern[str]], ...]  # (theme, regex) per pattern
    index: PatternIndex  # over the patterns, same order
    skip_capitalized: bool  # capitalised words inside a sentence are names ("Bush")


@lru_cache(maxsize=32)
def load_theme_lexicon(language: str) -> ThemeLexicon | None:
    data = lexicon_json(language, "themes.json")
    if data is None:
        log.info("no theme lexicon for language %r: no themes", language)
        return None
    flat = [(theme, p) for theme, patterns in data["themes"].items() for p in patterns if p]
    return ThemeLexicon(
        themes=tuple((theme, compile_pattern(p)) for theme, p in flat),
        index=PatternIndex(p for _, p in flat),
        skip_capitalized=bool(data.get("skip_capitalized", False)),
    )


def theme_spans(text: str, lexicon: ThemeLexicon) -> dict[str, list[Span]]:
    """Theme -> evidence spans in ``text``."""
    found: dict[str, set[Span]] = {}
    for i in lexicon.index.candidates(text):
        theme, regex = lexicon.themes[i]
        for m in regex.finditer(text):
            if not (lexicon.skip_capitalized and is_name(text, max(0, m.start() - 4), m.start())):
                found.setdefault(theme, set()).add((m.start(), m.end()))
    return {theme: _outermost(spans) for theme, spans in found.items()}


def _outermost(spans: set[Span]) -> list[Span]:
    """Spans in text order without those nested in a longer one."""
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    kept: list[Span] = []
    for span in ordered:
        if kept and span[1] <= kept[-1][1]:
            continue
        kept.append(span)
    return kept


def find_themes(text: str, language: str) -> list[Theme]:
    """Themes of ``text``, most evidenced first."""
    lexicon = load_theme_lexicon((language or "und").split("-")[0].lower())
    if lexicon is None:
        return []
    found = theme_spans(text, lexicon)
    ordered = sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
    return [Theme(theme, tuple(spans)) for theme, spans in ordered]


class ThemesStage:
    """Fill ``doc.themes`` with GDELT-named themes and their evidence spans."""

    name = "themes"
    requires = ("text", "language")
    produces = ("themes",)

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            doc.themes = find_themes(doc.text, doc.language)
