"""Actors for the events stage: who did what to whom, with their country.

Actors come from three places, all within one sentence:

- entities other stages found (``doc.persons``, ``doc.organizations``, ``doc.locations`` with
  ``actor=True``);
- generic actors from ``resources/lexicons/<lang>/events.json`` ("Demonstranten" -> protesters,
  "troops", "police" ...), with their country taken from a preceding country adjective
  ("russische Truppen" -> RU) or, for domestic institutions (government, police), from the
  article's focus place;
- country names (babel CLDR, in the article's language), inhabitant nouns and metonymic capitals
  ("Paris", "the Élysée") from ``resources/lexicons/<lang>/demonyms.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...doc import Doc
from ...resources import lexicon_json
from ...textutils import PatternIndex, compile_pattern, is_name

ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em", "s")


@dataclass(frozen=True)
class Actor:
    """One actor mention in the text."""

    start: int
    end: int
    name: str
    country: str | None = None
    sector: str | None = None
    generic: bool = False


@dataclass(frozen=True)
class ActorLexicon:
    generic: tuple[tuple[re.Pattern[str], str, bool], ...]  # regex, sector, domestic
    index: PatternIndex  # over the generic patterns, same order
    adjectives: dict[str, str]  # lower-cased adjective (stem) -> ISO2
    place_codes: dict[str, str]  # country names, inhabitant nouns, capitals -> ISO2
    genitive_s: bool  # "Äthiopiens" -> "Äthiopien"
    locative: frozenset[str] = frozenset()  # "in Portugal" is a place, not an actor
    skip_capitalized: bool = False  # "Police Headquarters" inside a sentence is a name


def _country_names(language: str) -> dict[str, str]:
    """Country names in ``language`` from CLDR (babel), lower-cased -> ISO2."""
    try:
        from babel import Locale

        territories = Locale.parse(language).territories
    except Exception:  # noqa: BLE001 - babel has no locale for this language
        return {}
    return {
        name.lower(): code
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "UN", "EZ", "QO")
    }


def _read_json(language: str, name: str) -> dict[str, Any]:
    return dict(lexicon_json(language, name) or {})


@lru_cache(maxsize=32)
def load_actor_lexicon(language: str) -> ActorLexicon:
    events = _read_json(language, "events.json")
    demonyms = _read_json(language, "demonyms.json")
    flat = [
        (pattern, a.get("sector", ""), bool(a.get("domestic")))
        for a in events.get("actors", [])
        for pattern in a.get("patterns", [])
    ]
    generic = tuple((compile_pattern(p), sector, domestic) for p, sector, domestic in flat)
    adjectives = {k.lower(): v for k, v in demonyms.get("adjectives", {}).items()}
    codes = {**_country_names(language), **demonyms.get("nouns", {})}
    codes.update(demonyms.get("capitals", {}))
    return ActorLexicon(
        generic=generic,
        index=PatternIndex(p for p, _, _ in flat),
        adjectives=adjectives,
        place_codes=codes,
        genitive_s=bool(demonyms.get("genitive_s", False)),
        locative=frozenset(w.lower() for w in events.get("locative", [])),
        skip_capitalized=bool(events.get("skip_capitalized", False)),
    )


def adjective_country(word: str, lexicon: ActorLexicon) -> str | None:
    """ISO2 of a country adjective in any inflection ("russischen" -> RU)."""
    lower = word.lower()
    for ending in ADJECTIVE_ENDINGS:
        if ending and not lower.endswith(ending):
            continue
        stem = lower[: len(lower) - len(ending)] if ending else lower
        if stem in lexicon.adjectives:
            return lexicon.adjectives[stem]
    return None


def _country_before(text: str, start: int, lexicon: ActorLexicon) -> tuple[str, int] | None:
    """A country adjective among the two words before ``start``: (ISO2, its start offset)."""
    window_start = max(0, start - 40)
    words = list(re.finditer(r"[\w\-]+", text[window_start:start]))[-2:]
    for word in reversed(words):
        code = adjective_country(word.group(), lexicon)
        if code:
            return code, window_start + word.start()
    return None


def _entity_actors(doc: Doc, start: int, end: int) -> list[Actor]:
    actors = []
    for entity in [*doc.persons, *doc.organizations]:
        for s, e in entity.mentions:
            if start <= s and e <= end:
                actors.append(Actor(s, e, entity.canonical or entity.name))
    for loc in doc.locations:
        if not loc.actor:
            continue
        for s, e in loc.mentions:
            if start <= s and e <= end:
                actors.append(Actor(s, e, loc.canonical or loc.name, country=loc.country))
    return actors


def _generic_actors(doc: Doc, start: int, end: int, lexicon: ActorLexicon) -> list[Actor]:
    actors = []
    for i in lexicon.index.candidates(doc.text[start:end]):
        regex, sector, domestic = lexicon.generic[i]
        for m in regex.finditer(doc.text, start, end):
            if lexicon.skip_capitalized and is_name(doc.text, start, m.start()):
                continue
            start_at, country = m.start(), None
            found = _country_before(doc.text, m.start(), lexicon)
            if found is not None:  # "russische Truppen": the adjective belongs to the name
                country, start_at = found
            elif domestic and doc.focus is not None:
                country = doc.focus.country  # "die Regierung" of the country the article is about
            name = doc.text[start_at : m.end()]
            actors.append(Actor(start_at, m.end(), name, country, sector, generic=True))
    return actors


_NAME_WORD = re.compile(r"[^\W\d_][\w\-]*")
MAX_NAME_WORDS = 3


def place_mentions(doc: Doc, start: int, end: int, language: str) -> list[tuple[Actor, bool]]:
    """Country names and capitals in the span, each with True when used as a place ("in X")."""
    return _place_mentions(doc.text, start, end, language)


@lru_cache(maxsize=4096)
def _place_mentions(text: str, start: int, end: int, language: str) -> list[tuple[Actor, bool]]:
    lexicon = load_actor_lexicon(language)
    words = [(m.start(), m.end()) for m in _NAME_WORD.finditer(text, start, end)]
    out: list[tuple[Actor, bool]] = []
    i = 0
    while i < len(words):
        found = _name_at(text, words, i, lexicon)
        if found is None:
            i += 1
            continue
        n, code = found
        s, e = words[i][0], words[i + n - 1][1]
        locative = i > 0 and text[words[i - 1][0] : words[i - 1][1]].lower() in lexicon.locative
        out.append((Actor(s, e, text[s:e], code), locative))
        i += n
    return out


def _name_at(
    text: str, words: list[tuple[int, int]], i: int, lexicon: ActorLexicon
) -> tuple[int, str] | None:
    """Longest country name / capital starting at word ``i``: (number of words, ISO2)."""
    for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
        name = " ".join(text[s:e] for s, e in words[i : i + n]).lower()
        code = lexicon.place_codes.get(name)
        if code is None and lexicon.genitive_s and name.endswith("s"):
            code = lexicon.place_codes.get(name[:-1])
        if code is not None and text[words[i][0]].isupper():
            return n, code
    return None


def _place_actors(doc: Doc, start: int, end: int, language: str) -> list[Actor]:
    return [a for a, locative in place_mentions(doc, start, end, language) if not locative]


def sentence_actors(doc: Doc, start: int, end: int, language: str) -> list[Actor]:
    """All actor mentions in ``doc.text[start:end]``, leftmost-longest, without overlaps."""
    lexicon = load_actor_lexicon(language)
    found = [
        *_entity_actors(doc, start, end),
        *_place_actors(doc, start, end, language),
        *_generic_actors(doc, start, end, lexicon),
    ]
    found.sort(key=lambda a: (a.start, -(a.end - a.start), a.generic))
    kept: list[Actor] = []
    for actor in found:
        if kept and actor.start < kept[-1].end:
            continue
        kept.append(actor)
    return kept
