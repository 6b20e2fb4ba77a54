"""Name normalisation: titles and articles stripped, inflection undone, canonical English forms.

Shared by the entities stage (persons, organisations) and the places stage (dictionary forms of
places the gazetteer does not know). Language knowledge: ``resources/lexicons/<lang>/entities.json``
and ``resources/lexicons/<lang>/transliteration.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...doc import Mention
from ...record import Span
from ...resources import lexicon_json, resource_path

_WORD = re.compile(r"\S+")
_EDGE_PUNCT = "\"'„“”‚‘’«»()[]{},;:!?"


@dataclass(frozen=True)
class Lexicon:
    """The per-language data the stage needs (see ``lexicons/<lang>/entities.json``)."""

    strip_leading: frozenset[str] = frozenset()
    title_suffixes: tuple[str, ...] = ()
    genitive_suffixes: tuple[str, ...] = ()
    articles: dict[str, str] = field(default_factory=dict)
    adjective_oblique: str = ""
    adjective_nominative: dict[str, str] = field(default_factory=dict)
    noun_gender: dict[str, str] = field(default_factory=dict)
    default_gender: str = "n"
    noun_genitive: tuple[str, ...] = ()
    genitive_after: tuple[str, ...] = ()
    transliteration: tuple[dict[str, Any], ...] = ()
    not_before_person: frozenset[str] = frozenset()
    org_names: dict[str, str] = field(default_factory=dict)  # casefolded name -> English


@lru_cache(maxsize=32)
def lexicon(language: str) -> Lexicon:
    """The entities lexicon of ``language`` (English's when the language has none)."""
    data = lexicon_json(language, "entities.json")
    if data is None:
        return lexicon("en") if language != "en" else Lexicon()
    rules = (lexicon_json(language, "transliteration.json") or {}).get("rules", [])
    return Lexicon(
        strip_leading=frozenset(w.lower() for w in data["strip_leading"]),
        title_suffixes=tuple(data.get("title_suffixes", ())),
        genitive_suffixes=tuple(data.get("genitive_suffixes", ())),
        articles=dict(data.get("articles", {})),
        adjective_oblique=data.get("adjective_oblique", ""),
        adjective_nominative=dict(data.get("adjective_nominative", {})),
        noun_gender=dict(data.get("noun_gender", {})),
        default_gender=data.get("default_gender", "n"),
        noun_genitive=tuple(data.get("noun_genitive", ())),
        genitive_after=tuple(data.get("genitive_after", ())),
        transliteration=tuple(rules),
        not_before_person=frozenset(w.lower() for w in data.get("not_before_person", ())),
        org_names=_org_names(language),
    )


def _org_names(language: str) -> dict[str, str]:
    """``lexicons/<lang>/org_names.tsv``: organisation name -> English name."""
    path = resource_path("lexicons", language, "org_names.tsv")
    if not path.exists():
        return {}
    rows = (line.split("\t") for line in path.read_text("utf-8").splitlines())
    return {row[0].casefold(): row[1] for row in rows if len(row) == 2 and row[0][:1] != "#"}


# --- names from mentions -------------------------------------------------------------------


@dataclass
class Name:
    """One mention reduced to its name: the words kept and the evidence span."""

    words: list[str]
    span: Span
    label: str
    case: str = "nom"  # grammatical case marked by a stripped or preceding article
    determined: bool = False  # preceded by a determiner ("der Bürger"): a common noun?

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _is_title(word: str, lex: Lexicon) -> bool:
    low = word.lower().strip(_EDGE_PUNCT)
    if low in lex.strip_leading:
        return True
    if "-" in low and low.rsplit("-", 1)[1] in lex.strip_leading:
        return True
    return any(low.endswith(s) and len(low) > len(s) + 2 for s in lex.title_suffixes)


def reduce_mention(text: str, mention: Mention, lex: Lexicon) -> Name | None:
    """The mention without leading articles/titles and edge punctuation, or None if empty."""
    words = [
        (m.start() + mention.start, m.end() + mention.start, m.group())
        for m in _WORD.finditer(text[mention.start : mention.end])
    ]
    case = _case_before(text, mention.start, lex)
    while words and _is_title(words[0][2], lex):
        case = lex.articles.get(words[0][2].lower(), case)
        words.pop(0)
    words = _trim_punctuation(words)
    if not words:
        return None
    span = (words[0][0], words[-1][1])
    determined = _word_before(text, span[0]) in lex.not_before_person
    return Name([w for _, _, w in words], span, mention.label, case, determined)


def _trim_punctuation(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for start, _end, word in words:
        lead = len(word) - len(word.lstrip(_EDGE_PUNCT))
        trail = len(word.rstrip(_EDGE_PUNCT))
        if trail > lead:
            out.append((start + lead, start + trail, word[lead:trail]))
    return out


def _case_before(text: str, start: int, lex: Lexicon) -> str:
    return lex.articles.get(_word_before(text, start), "nom")


def _word_before(text: str, start: int) -> str:
    match = re.search(r"(\w+)\s+$", text[max(0, start - 30) : start])
    return match.group(1).lower() if match else ""


# --- undoing inflection --------------------------------------------------------------------


def strip_genitive(word: str, known: set[str], lex: Lexicon) -> str:
    """``word`` without a genitive ending when the bare form is ``known`` in the text."""
    for suffix in sorted(lex.genitive_suffixes, key=len, reverse=True):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) > 1 and stem in known:
            return stem
    return word


def nominative(words: list[str], case: str, lex: Lexicon) -> list[str]:
    """Adjective + noun after an oblique article, put into the nominative (strong forms)."""
    if case in ("nom", "") or not lex.adjective_nominative or len(words) < 2:
        return words
    noun = words[-1]
    if case == "gen":
        noun = _noun_nominative(noun, lex)
    gender = _gender(noun, lex)
    ending = lex.adjective_nominative.get(gender, "")
    oblique = lex.adjective_oblique
    adjectives = [
        w[: -len(oblique)] + ending if oblique and w.endswith(oblique) and w[:1].isupper() else w
        for w in words[:-1]
    ]
    return [*adjectives, noun]


def _noun_nominative(noun: str, lex: Lexicon) -> str:
    for suffix in lex.noun_genitive:
        stem = noun[: -len(suffix)]
        if noun.endswith(suffix) and len(stem) >= 3:
            if suffix == "es" and not stem.endswith(lex.genitive_after):
                continue
            return stem
    return noun


def _gender(noun: str, lex: Lexicon) -> str:
    low = noun.lower()
    hits = [s for s in lex.noun_gender if low.endswith(s)]
    return lex.noun_gender[max(hits, key=len)] if hits else lex.default_gender


# --- canonical English form ----------------------------------------------------------------


def canonical(name: str, lex: Lexicon) -> str:
    """The English form of a person name by the language's transliteration rules."""
    out = name
    for rule in lex.transliteration:
        when = rule.get("when")
        if when and not re.search(when, out):
            continue
        for pattern, repl in rule["replace"]:
            out = re.sub(pattern, repl, out)
    return out


# --- merging mentions into entities --------------------------------------------------------


def base_name(text: str, start: int, end: int, language: str) -> str | None:
    """A non-person name in its dictionary form: leading articles and titles stripped, German
    case endings undone ("des Weißen Hauses" -> "Weißes Haus"); None if nothing is left."""
    lex = lexicon(language or "en")
    name = reduce_mention(text, Mention(start, end, "ORG", text[start:end]), lex)
    if name is None:
        return None
    known = known_words(text)
    return " ".join(normalise_name(name, known, lex))


def normalise_name(name: Name, known: set[str], lex: Lexicon) -> list[str]:
    words = list(name.words)
    words[-1] = strip_genitive(words[-1], known, lex)
    if name.label == "ORG":
        words = nominative(words, name.case, lex)
    return words


def known_words(text: str) -> set[str]:
    """Every word of ``text``, bare and with edge punctuation stripped (genitive checks)."""
    return set(_WORD.findall(text)) | {w.strip(_EDGE_PUNCT) for w in text.split()}
