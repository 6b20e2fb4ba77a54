"""Build ``lexicons/<lang>/org_names.tsv``: organisation names in a language -> English.

The entities stage uses it for the ``canonical`` form of organisations ("Europäische Union" →
"European Union"). Sources: SupraVerden international organisations (``Name_<lang>`` →
``Name_en``, CC BY-SA 4.0, so the TSV is CC BY-SA 4.0 too) and Party Facts parties of the
countries where the language is official (native name → English name, MIT).

    python -m newsgraph.training.org_names de
"""

from __future__ import annotations

import csv
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from newsgraph.resources import resource_path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve()
GAZ = HERE.parents[3].parent / "shared" / "data" / "gazetteers"
LEXICONS = resource_path("lexicons")
#: countries whose parties have native names in the language (ISO 3166-1 alpha-3)
PARTY_COUNTRIES = {"de": {"DEU", "AUT", "CHE", "LIE", "LUX"}, "fr": {"FRA", "BEL", "CHE", "LUX"}}


def supraverden(lang: str) -> Iterator[tuple[str, str]]:
    import yaml

    data = yaml.safe_load((GAZ / "supraverden-intl-orgs" / "general_list.yaml").read_text("utf-8"))
    for key, entry in data.items():
        english = str(entry.get("Name_en") or key)
        native = entry.get(f"Name_{lang}")
        if native:
            yield str(native), english


def partyfacts(lang: str) -> Iterator[tuple[str, str]]:
    countries = PARTY_COUNTRIES.get(lang, set())
    with open(GAZ / "partyfacts" / "wikipedia_wikidata.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["country"] in countries and row["name_native"] and row["name"]:
                yield row["name_native"], row["name"]


def build(lang: str) -> Path:
    pairs: dict[str, str] = {}
    for native, english in [*supraverden(lang), *partyfacts(lang)]:
        native, english = (re.sub(r"\s*\([^)]*\)", "", n) for n in (native, english))
        native, english = " ".join(native.split()), " ".join(english.split())
        if re.search(r"[\[\]'\t]{2}|[\[\]\t]|&\w+;", native + english):
            continue  # wiki markup or tabs
        if native != english:
            pairs.setdefault(native, english)
    path = LEXICONS / lang / "org_names.tsv"
    lines = ["# name\tenglish  (SupraVerden CC BY-SA 4.0; Party Facts MIT) - built by org_names.py"]
    lines += [f"{k}\t{v}" for k, v in sorted(pairs.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for language in sys.argv[1:] or ["de"]:
        log.info(build(language))
