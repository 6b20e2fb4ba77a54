"""Persons and organisations: NER mentions merged per article, with clean and canonical names.

* Titles, roles and articles are stripped from the start of a mention ("Präsident Anna Maria
  Beispiel" → "Anna Maria Beispiel"); the evidence span shrinks to the name.
* Inflection is undone with per-language rules: a genitive "-s" goes when the bare form also
  occurs ("Merkels" → "Merkel"); adjective + noun after an article are put into the
  nominative ("der Europäischen Zentralbank" → "Europäische Zentralbank").
* Mentions of one person are merged: a later "Beispiel" joins "Anna Maria Beispiel"; the
  entity's name is its fullest surface form.
* ``canonical`` is the English form: for persons per-language transliteration rules (German
  spellings of Russian names → English convention: -ow → -ov, -ew → -ev, j → y, sch → sh,
  tsch → ch ...); for organisations the English name from ``org_names.tsv`` when known.
* LOC mentions are left to the places stage, and so are ORG mentions that are place names used
  as actors ("Paris warnte ...").

Language knowledge lives in ``resources/lexicons/<lang>/entities.json`` and
``resources/lexicons/<lang>/transliteration.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..doc import Doc, Mention
from ..record import Entity, Span
from ..resources import lexicon_json, resource_path

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


@dataclass
class Cluster:
    """The mentions of one entity."""

    names: list[Name]

    @property
    def words(self) -> set[str]:
        return {w for n in self.names for w in n.words}

    @property
    def best(self) -> Name:
        return max(self.names, key=lambda n: (len(n.words), len(n.text), -n.span[0]))

    def last_before(self, offset: int) -> int:
        return max((n.span[0] for n in self.names if n.span[0] < offset), default=-1)


def _contains(longer: list[str], shorter: list[str]) -> bool:
    """``shorter`` is an in-order subsequence of ``longer`` ending with the same word."""
    if not shorter or shorter[-1] != longer[-1]:
        return False
    it = iter(longer)
    return all(word in it for word in shorter)


def cluster_names(names: list[Name]) -> list[Cluster]:
    """Merge names of one type: a shorter name joins the fuller one it is part of.

    Longer names are placed first; a short name matching several clusters goes to the one
    mentioned most recently before it, and one matching none starts its own cluster.
    """
    clusters: list[Cluster] = []
    for name in sorted(names, key=lambda n: (-len(n.words), n.span[0])):
        matches = [c for c in clusters if _matches(c, name)] or _given_name(clusters, name)
        if not matches:
            clusters.append(Cluster([name]))
            continue
        target = max(matches, key=lambda c: (c.last_before(name.span[0]), -len(c.best.words)))
        target.names.append(name)
    return sorted(clusters, key=lambda c: min(n.span[0] for n in c.names))


def merge_abbreviations(clusters: list[Cluster], text: str) -> list[Cluster]:
    """ "Federal Security Service (FSB)": the bracketed short form joins the full name."""
    starts = {n.span[0]: c for c in clusters for n in c.names if len(n.words) == 1}
    merged: set[int] = set()
    for cluster in clusters:
        for name in list(cluster.names):
            bracket = re.match(r"\s*\(", text[name.span[1] : name.span[1] + 4])
            short = starts.get(name.span[1] + bracket.end()) if bracket else None
            if short is None or short is cluster or id(short) in merged:
                continue
            if len(name.words) > 1 and text[short.best.span[1] : short.best.span[1] + 1] == ")":
                cluster.names.extend(short.names)
                merged.add(id(short))
    return [c for c in clusters if id(c) not in merged]


def _given_name(clusters: list[Cluster], name: Name) -> list[Cluster]:
    """A lone first name ("Sean") joins the one person whose full name starts with it."""
    if name.label != "PER" or len(name.words) != 1:
        return []
    found = [c for c in clusters if len(c.best.words) > 1 and c.best.words[0] == name.words[0]]
    return found if len(found) == 1 else []


def _matches(cluster: Cluster, name: Name) -> bool:
    best = cluster.best
    if [w.casefold() for w in best.words] == [w.casefold() for w in name.words]:
        return True
    return name.label == "PER" and _contains(best.words, name.words)


def _entity(cluster: Cluster, label: str, lex: Lexicon) -> Entity:
    name = cluster.best.text
    spans = tuple(sorted({n.span for n in cluster.names}))
    if label == "PER":
        can = canonical(name, lex)
    else:
        can = lex.org_names.get(name.casefold(), name)
    return Entity(name=name, canonical=can, mentions=spans, type=label)


# --- the stage -----------------------------------------------------------------------------


def is_place_name(name: str, min_population: int = 100_000) -> bool:
    """True when ``name`` is a country, a first-level subdivision or a sizeable city."""
    from ..resources.gazetteer import get_gazetteer

    for cand in get_gazetteer().lookup(name):
        place = cand.place
        if cand.kind == "demonym":
            continue
        if place.feature in ("country", "adm1") or place.population >= min_population:
            return True
    return False


class EntitiesStage:
    """Turn PER/ORG mentions into merged persons and organisations with canonical names."""

    name = "entities"
    requires = ("text", "language", "mentions")
    produces = ("persons", "organizations")

    def __init__(self, place_filter: bool = True) -> None:
        self.place_filter = place_filter

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            doc.persons, doc.organizations = self.entities(doc)

    def entities(self, doc: Doc) -> tuple[list[Entity], list[Entity]]:
        lex = lexicon(doc.language or "en")
        known = set(_WORD.findall(doc.text)) | {w.strip(_EDGE_PUNCT) for w in doc.text.split()}
        persons: list[Name] = []
        orgs: list[Name] = []
        for mention in doc.mentions:
            if mention.label not in ("PER", "ORG"):
                continue
            name = reduce_mention(doc.text, mention, lex)
            if name is None or not _plausible(name):
                continue
            name.words = _normalise(name, known, lex)
            if name.label == "ORG" and self.place_filter and is_place_name(name.text):
                continue
            (persons if name.label == "PER" else orgs).append(name)
        return (
            [_entity(c, "PER", lex) for c in cluster_names(persons) if not _common_noun(c)],
            [_entity(c, "ORG", lex) for c in merge_abbreviations(cluster_names(orgs), doc.text)],
        )


def base_name(text: str, start: int, end: int, language: str) -> str | None:
    """A non-person name in its dictionary form: leading articles and titles stripped, German
    case endings undone ("des Weißen Hauses" -> "Weißes Haus"); None if nothing is left."""
    lex = lexicon(language or "en")
    name = reduce_mention(text, Mention(start, end, "ORG", text[start:end]), lex)
    if name is None:
        return None
    known = set(_WORD.findall(text)) | {w.strip(_EDGE_PUNCT) for w in text.split()}
    return " ".join(_normalise(name, known, lex))


def _normalise(name: Name, known: set[str], lex: Lexicon) -> list[str]:
    words = list(name.words)
    words[-1] = strip_genitive(words[-1], known, lex)
    if name.label == "ORG":
        words = nominative(words, name.case, lex)
    return words


def _common_noun(cluster: Cluster) -> bool:
    """A one-word "person" only ever seen after a determiner ("der Bürger") is a common noun."""
    return all(len(n.words) == 1 and n.determined for n in cluster.names)


def _plausible(name: Name) -> bool:
    """A name has a word that starts upper-case (or is an acronym/number-led brand)."""
    return any(w[:1].isupper() for w in name.words)
