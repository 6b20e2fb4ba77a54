"""Gazetteer patterns for the English NER pipeline: an ``entity_ruler`` after ``ner``.

The ruler only fills gaps (``overwrite_ents = false``): where the statistical NER found
nothing, a known organisation, country or demonym is added. Sources (licences in the report /
NOTICE): SupraVerden international organisations (CC BY-SA 4.0), Party Facts parties (MIT),
UCDP actors (CC BY 4.0), CLDR English country names via babel (Unicode licence), English
demonyms via countryinfo (MIT). Matching is case-sensitive on token text; one-word names
are kept only when simplemma does not know them as English words.

    python -m newsgraph.training.ruler_ner_en   # adds the ruler to ner-en
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.resources import resource_path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve()
GAZ = HERE.parents[3].parent / "shared" / "data" / "gazetteers"
OUT = resource_path("models", "ner-en")


def supraverden() -> Iterator[str]:
    import yaml

    data = yaml.safe_load((GAZ / "supraverden-intl-orgs" / "general_list.yaml").read_text("utf-8"))
    for key, entry in data.items():
        yield str(entry.get("Name_en") or key)
        if entry.get("Abbreviation_en"):
            yield str(entry["Abbreviation_en"])


def partyfacts() -> Iterator[str]:
    with open(GAZ / "partyfacts" / "wikipedia_wikidata.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield row["name"]
            if row.get("name_short"):
                yield row["name_short"]


def ucdp() -> Iterator[str]:
    with open(GAZ / "ucdp-actors" / "ucdp-actor-221.csv", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            yield row["NameData"]


def countries() -> Iterator[str]:
    from babel import Locale

    for code, name in Locale("en").territories.items():
        if code.isalpha() and len(code) == 2 and not name.startswith("Pseudo"):
            yield name


def demonyms() -> Iterator[str]:
    import countryinfo

    for country in countryinfo.all_countries():
        try:
            demonym = country.demonym()
        except Exception:  # noqa: BLE001 - some entries have no demonym
            continue
        yield from re.split(r"[,/]", str(demonym or ""))


def usable(name: str, single: str) -> bool:
    """Multi-word names with capitalised ends; one-word names as ``single`` allows them:
    "any", "unknown" (not an English word for simplemma) or "none"."""
    import simplemma

    words = name.split()
    if len(name) < 3 or "(" in name or not words[0][:1].isupper():
        return False
    if len(words) > 1:
        return words[-1][:1].isupper()
    if single == "any":
        return True
    return single == "unknown" and not simplemma.is_known(name.lower(), lang="en")


def patterns() -> list[dict[str, str]]:
    sources: list[tuple[str, str, Iterable[str]]] = [
        ("GPE", "any", countries()),
        ("NORP", "any", demonyms()),
        ("ORG", "unknown", supraverden()),
        ("ORG", "unknown", ucdp()),
        ("ORG", "none", partyfacts()),  # party short names are ambiguous across countries
    ]
    seen: set[str] = set()
    out = []
    for label, single, names in sources:
        for name in names:
            name = " ".join(name.split())
            if name and name not in seen and usable(name, single):
                seen.add(name)
                out.append({"label": label, "pattern": name})
    return out


def add_ruler(path: Path = OUT) -> int:
    """Add (or replace) the gazetteer ruler after ``ner`` in the pipeline at ``path``."""
    import spacy

    nlp = spacy.load(path)
    if "entity_ruler" in nlp.pipe_names:
        nlp.remove_pipe("entity_ruler")
    ruler = nlp.add_pipe(
        "entity_ruler",
        after="ner",
        config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"},
    )
    found = patterns()
    ruler.add_patterns(found)  # type: ignore[attr-defined]
    nlp.to_disk(path)
    return len(found)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.info(json.dumps({"patterns": add_ruler()}))
