"""The embedded gazetteer: names in many languages, demonyms, subdivisions, FIPS, determinism."""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path

import pytest

from newsgraph.resources.gazetteer import Gazetteer, cache_dir, get_gazetteer, normalize
from newsgraph.resources.gazetteer_build import build


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The real index (built into the user cache on first use, then reused)."""
    gazetteer = get_gazetteer()
    gazetteer.con  # noqa: B018 - build or open now, once
    return gazetteer


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index over GeoNames cities15000 (quicker to build; same code path as cities500)."""
    return build(tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite", min_city_population=15000)


def best(gaz: Gazetteer, name: str, feature: str | None = None):  # noqa: ANN201
    cands = [c for c in gaz.lookup(name) if feature is None or c.place.feature == feature]
    assert cands, f"{name!r} not found"
    return max(cands, key=lambda c: c.place.population)


def test_country_names_in_many_languages(gaz: Gazetteer) -> None:
    for name in ("Kasachstan", "Kazakhstan", "Казахстан", "Kazajistán"):
        assert best(gaz, name, "country").place.country == "KZ"
    assert best(gaz, "Deutschland", "country").place.country == "DE"


def test_short_forms_are_data(gaz: Gazetteer) -> None:
    assert best(gaz, "USA", "country").place.country == "US"
    assert best(gaz, "U.K.", "country").place.country == "GB"


def test_german_adjectives_with_inflection(gaz: Gazetteer) -> None:
    for form, iso in [("kasachische", "KZ"), ("russischen", "RU"), ("französischer", "FR"),
                      ("US-amerikanische", "US"), ("chinesisches", "CN")]:
        cand = best(gaz, form)
        assert cand.kind == "demonym" and cand.place.country == iso, form
        assert "de" in cand.lang.split(",")


def test_english_demonyms(gaz: Gazetteer) -> None:
    assert best(gaz, "Russian").place.country == "RU"
    assert best(gaz, "Georgian").place.feature == "country"


def test_ambiguous_adjective_goes_to_the_populous_country_or_nobody(gaz: Gazetteer) -> None:
    assert best(gaz, "französisch").place.country == "FR"  # not French Guiana


def test_city_alternate_names_and_coordinates(gaz: Gazetteer) -> None:
    moscow = best(gaz, "Moskau", "city").place
    assert moscow.country == "RU" and abs(moscow.lat - 55.75) < 0.1
    astana = best(gaz, "Nur-Sultan", "city").place
    assert astana.country == "KZ" and astana.capital


def test_subdivisions_have_centroids_and_codes(gaz: Gazetteer) -> None:
    texas = best(gaz, "Texas", "adm1").place
    assert (texas.country, texas.admin1, texas.iso) == ("US", "TX", "US-TX")
    assert 28 < texas.lat < 34 and -103 < texas.lon < -95
    assert best(gaz, "Bavaria", "adm1").place.name == "Bayern"
    assert best(gaz, "Calif.", "adm1").place.admin1 == "CA"


def test_fips_table(gaz: Gazetteer) -> None:
    assert gaz.fips("DE") == "GM"
    assert gaz.fips("KZ") == "KZ"
    assert gaz.fips("XX") is None


def test_lookup_is_case_insensitive_and_normalised(gaz: Gazetteer) -> None:
    assert normalize("  Nur\u2010Sultan ") == "nur-sultan"
    assert gaz.lookup("MOSKAU") == gaz.lookup("moskau")
    assert gaz.lookup("no such place anywhere") == ()


def test_gazetteer_pickles_without_its_connection(gaz: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.lookup("Almaty") == gaz.lookup("Almaty")


def test_cache_dir_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path))
    assert cache_dir() == tmp_path


def test_first_use_builds_once_and_drops_stale_indexes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from newsgraph.resources import gazetteer as module

    built: list[Path] = []
    monkeypatch.setattr(module, "build", lambda path: built.append(path) or path.touch())
    stale = tmp_path / "gazetteer-v1.sqlite"
    stale.touch()
    target = tmp_path / "gazetteer-v9-abc.sqlite"
    assert module.ensure_index(target) == target
    assert module.ensure_index(target) == target
    assert built == [target] and not stale.exists()


def _content_hash(path: Path) -> str:
    con = sqlite3.connect(path)
    h = hashlib.sha256()
    for table in ("places", "names", "countries"):
        for row in con.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):  # noqa: S608
            h.update(repr(row).encode())
    return h.hexdigest()


@pytest.mark.slow
def test_build_is_deterministic(small_index: Path, tmp_path: Path) -> None:  # ~1-2 min
    again = build(tmp_path / "again.sqlite", min_city_population=15000)
    assert _content_hash(again) == _content_hash(small_index)
