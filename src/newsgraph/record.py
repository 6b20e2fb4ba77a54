"""The article record: frozen dataclasses of the record contract.

Every consumer (CLI output, store, exports, HTTP API) reads these keys, so they follow
``shared/docs/record-contract.md`` exactly. Keys may be added; none may be renamed or dropped.
Offsets are ``[start, end)`` Python ``str`` indices into :attr:`Record.text`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

Span = tuple[int, int]

T = TypeVar("T")


@dataclass(frozen=True)
class Entity:
    """A person or organisation, merged over all its mentions in one article."""

    name: str
    canonical: str
    mentions: tuple[Span, ...] = ()
    type: str = "PER"  # PER | ORG
    wikidata: str | None = None


@dataclass(frozen=True)
class Location:
    """A place mention resolved (when possible) against the gazetteer.

    ``gdelt_type`` is GDELT's location type: 1 country, 2 US state, 3 US city,
    4 world city, 5 world state (ADM1). ``actor`` marks place names used as actors
    ("Paris warnte ...", "Beijing said ...") so the events stage can use them.
    """

    name: str
    canonical: str
    mentions: tuple[Span, ...] = ()
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str = "other"  # country | adm1 | city | other
    gdelt_type: int | None = None
    fips: str | None = None
    adm1: str | None = None
    actor: bool = False
    demonym: bool = False


@dataclass(frozen=True)
class Count:
    """A GDELT V2Count: how many were killed, arrested ... with its evidence."""

    type: str
    number: float | None
    approximate: bool
    object: str
    span: Span
    location: str | None = None
    qualifier: str | None = None  # "more than", "at least", "about", "up to"
    number_max: float | None = None  # upper end of a range
    negated: bool = False
    trigger: str | None = None


@dataclass(frozen=True)
class Total:
    """How many distinct people (or things) of one count type the whole article reports.

    A lower bound built from the article's counts (see ``stages/counts/totals.py``): repeats
    counted once, distinct groups added, subsets not added to their whole, vague quantities at
    their lexicon's lower bound. ``counts`` are indices into the record's ``counts``.
    """

    type: str
    number: float
    approximate: bool = False
    counts: tuple[int, ...] = ()


@dataclass(frozen=True)
class Amount:
    """A GDELT V2Amount: a number and the thing it counts ("2.500 Mann")."""

    number: float
    object: str
    span: Span
    approximate: bool = False


@dataclass(frozen=True)
class Quote:
    """A direct or indirect quote and its speaker."""

    text: str
    span: Span
    speaker: str | None
    speaker_span: Span | None
    verb: str | None
    direct: bool = True
    speaker_entity: str | None = None  # canonical name of the linked entity


@dataclass(frozen=True)
class Event:
    """A PLOVER-coded event with CAMEO/QuadClass/Goldstein for GDELT users."""

    type: str
    mode: str | None
    source: str | None
    target: str | None
    location: str | None
    date: str | None
    span: Span
    negated: bool = False
    hypothetical: bool = False
    trigger: str | None = None
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    source_country: str | None = None
    target_country: str | None = None


@dataclass(frozen=True)
class Theme:
    """A GDELT theme with every span that evidences it."""

    theme: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class DateMention:
    """A date expression resolved against the publication date."""

    text: str
    date: str | None
    span: Span
    resolution: int = 0  # GDELT: 1 year, 2 month, 3 day, 4 no year


@dataclass(frozen=True)
class Tone:
    """The seven GDELT V2Tone values, same definitions."""

    tone: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    polarity: float = 0.0
    activity_density: float = 0.0
    self_group_density: float = 0.0
    word_count: int = 0


@dataclass(frozen=True)
class Record:
    """One analysed article."""

    id: str
    text: str
    language: str
    url: str | None = None
    title: str | None = None
    date: str | None = None
    language_confidence: float | None = None
    source: str | None = None
    persons: tuple[Entity, ...] = ()
    organizations: tuple[Entity, ...] = ()
    locations: tuple[Location, ...] = ()
    counts: tuple[Count, ...] = ()
    totals: tuple[Total, ...] = ()
    amounts: tuple[Amount, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    themes: tuple[Theme, ...] = ()
    dates: tuple[DateMention, ...] = ()
    tone: Tone = field(default_factory=Tone)
    focus: Location | None = None
    errors: tuple[str, ...] = ()  # stage failures
    warnings: tuple[str, ...] = ()  # input oddities: dropped metadata, cut text ...
    story: str | None = None  # the story (cluster of articles on one event) it belongs to
    duplicate_of: str | None = None  # the earlier stored article it is a near copy of

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        """The record as plain JSON-ready data (tuples become lists)."""
        data = _plain(dataclasses.asdict(self))
        if not include_text:
            data.pop("text", None)
        return data

    def to_json(self, include_text: bool = True, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(include_text), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Inverse of :meth:`to_dict`; unknown keys are ignored (forward compatibility)."""
        return _build(cls, data)

    @classmethod
    def from_json(cls, text: str) -> Record:
        return cls.from_dict(json.loads(text))


def content_hash(text: str) -> str:
    """SHA-256 (hex) of an article text as UTF-8: the store's duplicate key, the default id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_NESTED: dict[str, type] = {
    "persons": Entity,
    "organizations": Entity,
    "locations": Location,
    "counts": Count,
    "totals": Total,
    "amounts": Amount,
    "quotes": Quote,
    "events": Event,
    "themes": Theme,
    "dates": DateMention,
}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _span(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (value[0], value[1])
    return value


def _convert(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in ("span", "speaker_span"):
        return _span(value)
    if name in ("mentions", "spans"):
        return tuple(_span(v) for v in value)
    if name in ("errors", "warnings", "counts"):  # "counts" here: a total's count indices
        return tuple(value)
    return value


def _build(cls: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        if cls is Record and key in _NESTED and isinstance(value, list):
            kwargs[key] = tuple(_build(_NESTED[key], v) for v in value)
        elif key == "tone" and isinstance(value, dict):
            kwargs[key] = _build(Tone, value)
        elif key == "focus" and isinstance(value, dict):
            kwargs[key] = _build(Location, value)
        else:
            kwargs[key] = _convert(key, value)
    return cls(**kwargs)
