"""Read the German NER training sets and map their label sets to PER / ORG / LOC / MISC.

Every reader yields :class:`Sent` objects: tokens, entity spans and *missing* spans. A missing
span is a stretch whose annotation does not fit our scheme (a bus route, a law citation): the
model is told neither "entity" nor "not an entity" there, instead of a wrong ``O``.
Licences are listed in ``SOURCES`` and in ``resources/models/README.md``.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.eval.iob import read_conll, read_germeval, tags_to_spans

MISSING = "-"  # label value meaning "annotation unknown here"


@dataclass
class Sent:
    words: list[str]
    ents: list[tuple[int, int, str]] = field(default_factory=list)
    missing: list[tuple[int, int]] = field(default_factory=list)


# GermEval 2014: *deriv / *part are adjectives and compounds ("deutsche", "EU-weit") -> O.
GERMEVAL = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}

MOBIE = {
    "person": "PER",
    "organization": "ORG",
    "organization-company": "ORG",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "location-stop": MISSING,  # "Hauptbahnhof", "S Westkreuz": GermEval tags some, not all
    "location-route": MISSING,  # "A9", "U2": usually untagged in GermEval
}

SMARTDATA = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "ORGANIZATION_COMPANY": "ORG",
    "LOCATION": "LOC",
    "LOCATION_CITY": "LOC",
    "LOCATION_STREET": "LOC",
    "LOCATION_STOP": MISSING,
    "LOCATION_ROUTE": MISSING,
}

LER = {
    **{k: "PER" for k in ("PER", "RR", "AN")},
    **{k: "LOC" for k in ("LD", "ST", "STR", "LDS")},
    **{k: "ORG" for k in ("ORG", "UN", "INN", "GRT", "MRK")},
    # laws, ordinances, regulations, contracts, court decisions, literature: no equivalent
    **{k: MISSING for k in ("GS", "VO", "EUN", "VS", "VT", "RS", "LIT")},
}

ENP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
WIKIANN = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


def _from_tags(words: list[str], tags: list[str], mapping: dict[str, str]) -> Sent:
    sent = Sent(words)
    for start, end, label in tags_to_spans(tags):
        mapped = mapping.get(label)
        if mapped == MISSING:
            sent.missing.append((start, end))
        elif mapped:
            sent.ents.append((start, end, mapped))
    return sent


def germeval(path: Path) -> Iterator[Sent]:
    for pairs in read_germeval(path):
        words, tags = [w for w, _ in pairs], [t for _, t in pairs]
        yield _from_tags(words, tags, GERMEVAL)


def mobie(path: Path) -> Iterator[Sent]:
    for pairs in read_conll(path):
        yield _from_tags([w for w, _ in pairs], [t for _, t in pairs], MOBIE)


def ler(path: Path, keep_plain: float = 0.1, seed: int = 0) -> Iterator[Sent]:
    """Legal sentences with a person/place/organisation, plus a sample of the others."""
    rng = random.Random(seed)
    for pairs in read_conll(path):
        sent = _from_tags([w for w, _ in pairs], [t for _, t in pairs], LER)
        if sent.ents or rng.random() < keep_plain:
            yield sent


def europeana(folder: Path, chunk: int = 40) -> Iterator[Sent]:
    """Historical OCR newspapers without sentence breaks: cut at a stop near ``chunk`` words."""
    for path in sorted(folder.glob("enp_DE.*.bio/enp_DE.*.bio")):
        pairs = [p for s in read_conll(path) for p in s]
        start = 0
        for i, (word, _) in enumerate(pairs):
            if (word in {".", "!", "?"} and i - start >= chunk // 2) or i - start >= chunk * 2:
                yield _europeana_piece(pairs[start : i + 1])
                start = i + 1
        if start < len(pairs):
            yield _europeana_piece(pairs[start:])


def _europeana_piece(pairs: list[tuple[str, str]]) -> Sent:
    return _from_tags([w for w, _ in pairs], [t for _, t in pairs], ENP)


def wikiann(path: Path) -> Iterator[Sent]:
    """WikiANN ``de:token TAB tag`` (silver labels from Wikipedia links)."""
    for pairs in read_conll(path):
        words = [w.split(":", 1)[1] if w.startswith("de:") else w for w, _ in pairs]
        yield _from_tags(words, [t for _, t in pairs], WIKIANN)


def smartdata(path: Path) -> Iterator[Sent]:
    """SmartData JSON documents: per sentence, tokens and character-span mentions."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield from _smartdata_doc(json.loads(line))


def _smartdata_doc(doc: dict) -> Iterator[Sent]:
    tokens = [t["span"] for t in doc["tokens"]["array"]]
    text = doc["text"]["string"]
    mentions = [
        (m["span"]["start"], m["span"]["end"], m["type"]) for m in doc["conceptMentions"]["array"]
    ]
    for sentence in doc["sentences"]["array"]:
        lo, hi = sentence["span"]["start"], sentence["span"]["end"]
        spans = [t for t in tokens if lo <= t["start"] and t["end"] <= hi]
        if spans:
            yield _smartdata_sentence(text, spans, mentions)


def _smartdata_sentence(text: str, spans: list[dict], mentions: list[tuple[int, int, str]]) -> Sent:
    sent = Sent([text[t["start"] : t["end"]] for t in spans])
    starts = {t["start"]: i for i, t in enumerate(spans)}
    ends = {t["end"]: i + 1 for i, t in enumerate(spans)}
    for start, end, kind in mentions:
        mapped = SMARTDATA.get(kind)
        if mapped and start in starts and end in ends:
            span = (starts[start], ends[end])
            if mapped == MISSING:
                sent.missing.append(span)
            else:
                sent.ents.append((*span, mapped))
    return sent


@dataclass(frozen=True)
class Source:
    name: str
    path: str  # relative to the shared data folder (``.../shared/data/ner``)
    reader: object
    licence: str
    attribution: str


SOURCES = {
    s.name: s
    for s in (
        Source(
            "germeval-train",
            "germeval2014/NER-de-train.bio.tsv",
            germeval,
            "CC BY 4.0",
            "GermEval 2014 NER, Benikova, Biemann, Reznicek (LREC 2014)",
        ),
        Source(
            "germeval-dev",
            "germeval2014/NER-de-dev.tsv",
            germeval,
            "CC BY 4.0",
            "GermEval 2014 NER, Benikova, Biemann, Reznicek (LREC 2014)",
        ),
        Source(
            "smartdata",
            "smartdata-de/v3_20200302/dev.jsonl.gz",
            smartdata,
            "CC BY 4.0",
            "DFKI SmartData Corpus v3, Schiersch et al. (LREC 2018)",
        ),
        Source(
            "mobie",
            "mobie-de/train.conll2003",
            mobie,
            "CC BY 4.0",
            "MobIE, Hennig, Truong, Gabryszak (KONVENS 2021)",
        ),
        Source(
            "mobie-dev",
            "mobie-de/dev.conll2003",
            mobie,
            "CC BY 4.0",
            "MobIE, Hennig, Truong, Gabryszak (KONVENS 2021)",
        ),
        Source(
            "ler",
            "ler-german-legal/ler_dev.conll",
            ler,
            "CC BY 4.0",
            "German Legal Entity Recognition, Leitner, Rehm, Moreno-Schneider (2019)",
        ),
        Source(
            "europeana",
            "europeana-newspapers",
            europeana,
            "CC0 1.0",
            "Europeana Newspapers NER corpora (Neudecker, LREC 2016)",
        ),
        Source(
            "wikiann",
            "wikiann/de/train",
            wikiann,
            "none stated (Wikipedia text, silver labels)",
            "WikiANN, Pan et al. (ACL 2017); splits of Rahimi, Li, Cohn (ACL 2019)",
        ),
    )
}


def read_source(name: str, data_dir: Path) -> Iterator[Sent]:
    source = SOURCES[name]
    return source.reader(data_dir / source.path)  # type: ignore[operator]
