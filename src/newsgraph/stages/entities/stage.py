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
from dataclasses import dataclass

from ...doc import Doc
from ...record import Entity
from .names import (
    Lexicon,
    Name,
    canonical,
    known_words,
    lexicon,
    normalise_name,
    reduce_mention,
)


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
    from ...resources.gazetteer import get_gazetteer

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
        known = known_words(doc.text)
        persons: list[Name] = []
        orgs: list[Name] = []
        for mention in doc.mentions:
            if mention.label not in ("PER", "ORG"):
                continue
            name = reduce_mention(doc.text, mention, lex)
            if name is None or not _plausible(name):
                continue
            name.words = normalise_name(name, known, lex)
            if name.label == "ORG" and self.place_filter and is_place_name(name.text):
                continue
            (persons if name.label == "PER" else orgs).append(name)
        return (
            [_entity(c, "PER", lex) for c in cluster_names(persons) if not _common_noun(c)],
            [_entity(c, "ORG", lex) for c in merge_abbreviations(cluster_names(orgs), doc.text)],
        )


def _common_noun(cluster: Cluster) -> bool:
    """A one-word "person" only ever seen after a determiner ("der Bürger") is a common noun."""
    return all(len(n.words) == 1 and n.determined for n in cluster.names)


def _plausible(name: Name) -> bool:
    """A name has a word that starts upper-case (or is an acronym/number-led brand)."""
    return any(w[:1].isupper() for w in name.words)
