"""GDELT GKG 2.1 rows: write records as GDELT's 27 tab-separated columns, and parse such rows.

Field by field this follows the GKG 2.1 codebook and GDELT's own files (checked against real
2017 rows in tests). Mapping choices, where GDELT and newsgraph differ:

* GKGRECORDID is ``<date>-<n>`` (``-T<n>`` for non-English articles, as GDELT Translingual);
  the newsgraph record id travels in V2EXTRASXML as ``<NEWSGRAPH_ID>``, the title as
  ``<PAGE_TITLE>``. DATE is the publication date (``0`` if unknown, as the codebook allows).
* Offsets are character offsets (Python ``str`` indices) into the article text as analysed -
  for a German article the German text, since newsgraph does not translate.
* Persons/organisations use the canonical (English where known) name; V1 lists are the
  lower-cased unique names like GDELT's. AllNames lists every person, organisation and place
  mention with its surface form.
* Locations: FeatureID is the GeoNames id for cities (GDELT uses GNS/GNIS ids), the FIPS code
  for countries, the ADM1 code for states; places without a country are not written (GDELT
  only lists resolved places). Counts without a number ("dozens") are not written either:
  GDELT counts are integers. Both stay in the JSON record.
* GDELT has no escape syntax. A delimiter inside a value (tab, line breaks, ``;`` ``#`` ``,``
  ``|`` as the field requires) is replaced by a space, so a row is always one line of 27
  columns and every block splits as GDELT tools expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from ..record import Count, DateMention, Entity, Location, Record
from ..version import __version__
from .codes import country_name, fips_code, language_code3

GKG_COLUMNS: tuple[str, ...] = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES",
    "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)

# Every character Python's str.splitlines() breaks on, plus the column separator.
_LINE_BREAKS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TONE_KEYS = (
    "tone", "positive", "negative", "polarity", "activity_density", "self_group_density",
    "word_count",
)
_US_TYPES = {"country": 1, "adm1": 2, "city": 3, "other": 3}
_WORLD_TYPES = {"country": 1, "adm1": 5, "city": 4, "other": 4}


# -- writing ---------------------------------------------------------------------------------
def format_gkg(records: Iterable[Record]) -> Iterator[str]:
    """One GKG 2.1 row (27 tab-separated columns, no newline) per record."""
    for seq, record in enumerate(records):
        yield gkg_row(record, seq)


def gkg_row(record: Record, seq: int = 0) -> str:
    """The GKG 2.1 row of one record; ``seq`` numbers the rows of one export."""
    fields = gkg_fields(record, seq)
    return "\t".join(fields[name] for name in GKG_COLUMNS)


def gkg_fields(record: Record, seq: int = 0) -> dict[str, str]:
    """The 27 GKG column values of a record, by column name."""
    places = _resolved(record.locations)
    stamp = _stamp(record.date)
    translingual = "T" if record.language not in ("en", "und", "") else ""
    counts = [c for c in record.counts if c.number is not None]
    return {
        "GKGRECORDID": f"{stamp if stamp != '0' else '0' * 14}-{translingual}{seq}",
        "V2.1DATE": stamp,
        "V2SOURCECOLLECTIONIDENTIFIER": "1" if record.url else "2",
        "V2SOURCECOMMONNAME": _clean(_source_name(record)),
        "V2DOCUMENTIDENTIFIER": _clean(record.url or record.title or record.id),
        "V1COUNTS": _listed(_count_block(c, places) for c in _unique_counts(counts)),
        "V2.1COUNTS": _listed(_count_block(c, places, True) for c in counts),
        "V1THEMES": _listed(_clean(t.theme, ";,") for t in _unique_themes(record)),
        "V2ENHANCEDTHEMES": _listed(
            f"{_clean(t.theme, ';,')},{start}" for t in record.themes for start, _ in t.spans
        ),
        "V1LOCATIONS": _joined(_location_block(p) for p in _unique_places(places)),
        "V2ENHANCEDLOCATIONS": _joined(
            _location_block(p, s) for p in places for s, _ in p.mentions
        ),
        "V1PERSONS": _names_v1(record.persons),
        "V2ENHANCEDPERSONS": _names_v2(record.persons),
        "V1ORGANIZATIONS": _names_v1(record.organizations),
        "V2ENHANCEDORGANIZATIONS": _names_v2(record.organizations),
        "V1.5TONE": ",".join(_num(getattr(record.tone, k)) for k in _TONE_KEYS),
        "V2.1ENHANCEDDATES": _joined(_date_block(d) for d in record.dates),
        "V2GCAM": f"wc:{record.tone.word_count}" if record.tone.word_count else "",
        "V2.1SHARINGIMAGE": "",
        "V2.1RELATEDIMAGES": "",
        "V2.1SOCIALIMAGEEMBEDS": "",
        "V2.1SOCIALVIDEOEMBEDS": "",
        "V2.1QUOTATIONS": "#".join(
            f"{q.span[0]}|{q.span[1] - q.span[0]}|{_clean(q.verb, '#|')}|{_clean(q.text, '#|')}"
            for q in record.quotes
        ),
        "V2.1ALLNAMES": _all_names(record),
        "V2.1AMOUNTS": _listed(
            f"{_num(a.number)},{_clean(a.object, ',;')},{a.span[0]}" for a in record.amounts
        ),
        "V2.1TRANSLATIONINFO": _translation_info(record.language) if translingual else "",
        "V2EXTRASXML": _extras(record),
    }


def _clean(value: object, delimiters: str = "") -> str:
    """``value`` as text with line breaks, tabs and the given delimiters replaced by spaces."""
    if value is None:
        return ""
    text = str(value)
    for char in _LINE_BREAKS + delimiters:
        if char in text:
            text = text.replace(char, " ")
    return text


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    return _clean(value, ",#;|")  # not a number (a stage bug): at least keep the row intact


def _joined(blocks: Iterable[str]) -> str:
    return ";".join(blocks)


def _listed(blocks: Iterable[str]) -> str:
    """GDELT ends the count, theme and amount lists with a ``;`` (when not empty)."""
    return "".join(block + ";" for block in blocks)


def _stamp(date: str | None) -> str:
    """``YYYYMMDDHHMMSS`` (UTC if the date has a zone) of an ISO date; ``0`` when unknown."""
    if not date:
        return "0"
    try:
        parsed = datetime.fromisoformat(date.strip().replace("Z", "+00:00"))
    except ValueError:
        digits = re.sub(r"\D", "", date)[:14]
        return digits.ljust(14, "0") if len(digits) >= 8 else "0"
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.strftime("%Y%m%d%H%M%S")


def _source_name(record: Record) -> str:
    """GDELT's SourceCommonName: the URL's domain, else the record's source."""
    host = urlsplit(record.url).hostname if record.url else None
    if host:
        return host.removeprefix("www.")
    return record.source or "newsgraph"


# -- locations -------------------------------------------------------------------------------
def _resolved(locations: Iterable[Location]) -> list[Location]:
    return [p for p in locations if p.country or p.fips]


def _location_type(place: Location) -> int:
    if place.gdelt_type:
        return place.gdelt_type
    table = _US_TYPES if (place.country or "").upper() == "US" else _WORLD_TYPES
    return table.get(place.feature, 4)


def _location_fields(place: Location) -> tuple[str, ...]:
    """type, full name, FIPS country, ADM1, lat, lon, feature id of a resolved place."""
    kind = _location_type(place)
    fips = place.fips or fips_code(place.country) or ""
    adm1 = fips if kind == 1 else _adm1_code(place.adm1, fips)
    if kind == 1:
        feature_id = fips
    elif place.geonameid is not None and kind not in (2,):
        feature_id = str(place.geonameid)
    else:
        feature_id = adm1[len(fips):] if kind == 2 and adm1.startswith(fips) else adm1
    name = _clean(_full_name(place, kind), "#;")
    return (str(kind), name, fips, adm1, _num(place.lat), _num(place.lon), feature_id)


def _adm1_code(adm1: str | None, fips: str) -> str:
    """GDELT's ADM1Code: FIPS country + division code ("US" + "IA"); the country if none."""
    if not adm1:
        return fips
    code = adm1.split(".", 1)[1] if "." in adm1 else adm1
    if code == fips or len(code) > 3:  # already GDELT-style ("USIA", "NO46")
        return _clean(code, "#;")
    return _clean(fips + code, "#;")


def _full_name(place: Location, kind: int) -> str:
    country = country_name(place.country)
    if kind == 1:
        return country or place.canonical
    if country and place.canonical != country:
        return f"{place.canonical}, {country}"
    return place.canonical


def _location_block(place: Location, offset: int | None = None) -> str:
    kind, name, fips, adm1, lat, lon, feature_id = _location_fields(place)
    if offset is None:
        return "#".join((kind, name, fips, adm1, lat, lon, feature_id))
    return "#".join((kind, name, fips, adm1, "", lat, lon, feature_id, str(offset)))


def _unique_places(places: list[Location]) -> list[Location]:
    seen: dict[str, Location] = {}
    for place in places:
        seen.setdefault(_location_fields(place)[1], place)
    return list(seen.values())


def _place_of(name: str | None, places: list[Location]) -> Location | None:
    if not name:
        return None
    for place in places:
        if name in (place.name, place.canonical):
            return place
    return None


# -- counts, themes, names, dates ------------------------------------------------------------
def _count_block(count: Count, places: list[Location], v2: bool = False) -> str:
    place = _place_of(count.location, places)
    where = _location_fields(place) if place else ("0", "", "", "", "", "", "")
    fields = [_clean(count.type, "#;"), _num(count.number), _clean(count.object, "#;"), *where]
    if v2:
        fields.append(str(count.span[0]))
    return "#".join(fields)


def _unique_counts(counts: list[Count]) -> list[Count]:
    seen: dict[tuple[object, ...], Count] = {}
    for count in counts:
        seen.setdefault((count.type, count.number, count.object, count.location), count)
    return list(seen.values())


def _unique_themes(record: Record) -> list[Any]:
    seen: dict[str, Any] = {}
    for theme in record.themes:
        seen.setdefault(theme.theme, theme)
    return list(seen.values())


def _names_v1(entities: Iterable[Entity]) -> str:
    names = dict.fromkeys(_clean(e.canonical or e.name, ";").lower() for e in entities)
    return _joined(names)


def _names_v2(entities: Iterable[Entity]) -> str:
    mentions = sorted(
        (start, _clean(e.canonical or e.name, ";,")) for e in entities for start, _ in e.mentions
    )
    return _joined(f"{name},{start}" for start, name in mentions)


def _all_names(record: Record) -> str:
    found = sorted(
        (start, _clean(record.text[start:end], ";,"))
        for group in (record.persons, record.organizations, record.locations)
        for entity in group
        for start, end in entity.mentions
        if 0 <= start < end <= len(record.text)
    )
    return _joined(f"{name},{start}" for start, name in found if name.strip())


def _date_block(date: DateMention) -> str:
    year, month, day, resolution = _date_parts(date)
    return f"{resolution}#{month}#{day}#{year}#{date.span[0]}"


def _date_parts(date: DateMention) -> tuple[int, int, int, int]:
    """(year, month, day, resolution) in GDELT's terms; missing parts are 0."""
    match = re.match(r"^(\d{4}|-{1,2}|X{4})?-?(\d{2})?-?(\d{2})?", (date.date or "").strip())
    parts = match.groups() if match else (None, None, None)
    year = int(parts[0]) if parts[0] and parts[0].isdigit() else 0
    month = int(parts[1]) if parts[1] else 0
    day = int(parts[2]) if parts[2] else 0
    resolution = date.resolution or (4 if not year and day else 3 if day else 2 if month else 1)
    if resolution == 4:
        year = 0
    return year, month, day, resolution


def _translation_info(language: str) -> str:
    return f"srclc:{language_code3(language)};eng:newsgraph {__version__} (native analysis)"


def _extras(record: Record) -> str:
    parts = []
    if record.title:
        parts.append(f"<PAGE_TITLE>{escape(_clean(record.title))}</PAGE_TITLE>")
    parts.append(f"<NEWSGRAPH_ID>{escape(_clean(record.id))}</NEWSGRAPH_ID>")
    return "".join(parts)


# -- parsing ---------------------------------------------------------------------------------
class GKGParseError(ValueError):
    """A line is not a GKG 2.1 row (wrong column count or a malformed block)."""


_QUOTE_START = re.compile(r"#(?=\d+\|\d+\|)")
_LOCATION_KEYS = ("type", "fullname", "country", "adm1", "lat", "lon", "featureid")


def parse_gkg_row(line: str) -> dict[str, Any]:
    """Parse one GKG 2.1 row into a dict keyed by :data:`GKG_COLUMNS`.

    Simple columns stay strings; list columns become lists of dicts (or strings), tone a
    dict of the seven values, GCAM a dict. Raises :class:`GKGParseError` on malformed input.
    """
    columns = line.rstrip("\r\n").split("\t")
    if len(columns) != len(GKG_COLUMNS):
        raise GKGParseError(f"a GKG 2.1 row has 27 tab-separated columns, this one {len(columns)}")
    raw = dict(zip(GKG_COLUMNS, columns, strict=True))
    parsed: dict[str, Any] = dict(raw)
    try:
        for name, parse in _PARSERS.items():
            parsed[name] = parse(raw[name])
    except (ValueError, IndexError) as exc:
        raise GKGParseError(f"malformed GKG row {raw['GKGRECORDID']!r}: {exc}") from exc
    return parsed


def _blocks(value: str, sep: str = ";") -> list[str]:
    return [block for block in value.split(sep) if block]


def _float(value: str) -> float | None:
    return float(value) if value else None


def _parse_location(fields: list[str]) -> dict[str, Any]:
    loc: dict[str, Any] = dict(zip(_LOCATION_KEYS, fields, strict=True))
    loc["type"] = int(loc["type"])
    loc["lat"], loc["lon"] = _float(loc["lat"]), _float(loc["lon"])
    return loc


def _parse_counts(value: str, v2: bool) -> list[dict[str, Any]]:
    counts = []
    for block in _blocks(value):
        fields = block.split("#")
        if len(fields) != (11 if v2 else 10):
            raise ValueError(f"count block {block!r} has {len(fields)} fields")
        count: dict[str, Any] = {"type": fields[0], "number": _number(fields[1]),
                                 "object": fields[2], "location": _parse_location(fields[3:10])}
        if v2:
            count["offset"] = int(fields[10])
        counts.append(count)
    return counts


def _number(value: str) -> float | int | None:
    if not value:
        return None
    number = float(value)
    return int(number) if number.is_integer() and "." not in value else number


def _parse_locations(value: str, v2: bool) -> list[dict[str, Any]]:
    locations = []
    for block in _blocks(value):
        fields = block.split("#")
        if len(fields) != (9 if v2 else 7):
            raise ValueError(f"location block {block!r} has {len(fields)} fields")
        if v2:
            adm2, offset = fields.pop(4), int(fields.pop())
        loc = _parse_location(fields)
        if v2:
            loc.update(adm2=adm2, offset=offset)
        locations.append(loc)
    return locations


def _parse_named(value: str, key: str = "name") -> list[dict[str, Any]]:
    named = []
    for block in _blocks(value):
        name, _, offset = block.rpartition(",")
        named.append({key: name, "offset": int(offset)})
    return named


def _parse_tone(value: str) -> dict[str, float | int]:
    if not value:
        return {}
    numbers = value.split(",")
    if len(numbers) != len(_TONE_KEYS):
        raise ValueError(f"tone {value!r} has {len(numbers)} values, not 7")
    tone: dict[str, float | int] = dict(zip(_TONE_KEYS, map(float, numbers), strict=True))
    tone["word_count"] = int(tone["word_count"])
    return tone


def _parse_dates(value: str) -> list[dict[str, int]]:
    keys = ("resolution", "month", "day", "year", "offset")
    dates = []
    for block in _blocks(value):
        fields = block.split("#")
        if len(fields) != len(keys):
            raise ValueError(f"date block {block!r} has {len(fields)} fields")
        dates.append(dict(zip(keys, map(int, fields), strict=True)))
    return dates


def _parse_quotations(value: str) -> list[dict[str, Any]]:
    quotes = []
    for block in _QUOTE_START.split(value) if value else []:
        offset, length, verb, quote = block.split("|", 3)
        quotes.append({"offset": int(offset), "length": int(length), "verb": verb,
                       "quote": quote})
    return quotes


def _parse_amounts(value: str) -> list[dict[str, Any]]:
    amounts = []
    for block in _blocks(value):
        number, rest = block.split(",", 1)
        obj, _, offset = rest.rpartition(",")
        amounts.append({"amount": _number(number), "object": obj, "offset": int(offset)})
    return amounts


def _parse_pairs(value: str, sep: str, kv: str) -> dict[str, str]:
    pairs = (item.split(kv, 1) for item in _blocks(value, sep))
    return {key.strip(): val for key, val in pairs}


_PARSERS: dict[str, Callable[[str], Any]] = {
    "V1COUNTS": lambda v: _parse_counts(v, v2=False),
    "V2.1COUNTS": lambda v: _parse_counts(v, v2=True),
    "V1THEMES": _blocks,
    "V2ENHANCEDTHEMES": lambda v: _parse_named(v, "theme"),
    "V1LOCATIONS": lambda v: _parse_locations(v, v2=False),
    "V2ENHANCEDLOCATIONS": lambda v: _parse_locations(v, v2=True),
    "V1PERSONS": _blocks,
    "V2ENHANCEDPERSONS": _parse_named,
    "V1ORGANIZATIONS": _blocks,
    "V2ENHANCEDORGANIZATIONS": _parse_named,
    "V1.5TONE": _parse_tone,
    "V2.1ENHANCEDDATES": _parse_dates,
    "V2GCAM": lambda v: _parse_pairs(v, ",", ":"),
    "V2.1RELATEDIMAGES": _blocks,
    "V2.1SOCIALIMAGEEMBEDS": _blocks,
    "V2.1SOCIALVIDEOEMBEDS": _blocks,
    "V2.1QUOTATIONS": _parse_quotations,
    "V2.1ALLNAMES": _parse_named,
    "V2.1AMOUNTS": _parse_amounts,
    "V2.1TRANSLATIONINFO": lambda v: _parse_pairs(v, ";", ":"),
}
