"""The working document that stages fill in, and the stage protocol.

A :class:`Doc` is mutable while the pipeline runs; :meth:`Doc.to_record` freezes it into the
contract's :class:`~newsgraph.record.Record`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from .record import (
    Amount,
    Count,
    DateMention,
    Entity,
    Event,
    Location,
    Quote,
    Record,
    Span,
    Theme,
    Tone,
    Total,
)

#: Fields that ingest fills before any stage runs.
INGEST_FIELDS = ("id", "text", "language", "date", "url", "title")


@dataclass
class Mention:
    """A raw named-entity mention from the NER stage, before merging or geocoding."""

    start: int
    end: int
    label: str  # PER | ORG | LOC | MISC
    text: str
    score: float | None = None


@dataclass
class Doc:
    """One article travelling through the stages."""

    id: str
    text: str
    language: str = "und"
    date: str | None = None
    url: str | None = None
    title: str | None = None
    language_confidence: float | None = None
    source: str | None = None
    sentences: list[Span] = field(default_factory=list)
    tokens: Any = None  # a spaCy Doc over ``text`` (stage "sentences")
    mentions: list[Mention] = field(default_factory=list)
    persons: list[Entity] = field(default_factory=list)
    organizations: list[Entity] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    tone: Tone | None = None
    focus: Location | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # input oddities, not stage failures
    extras: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> Record:
        return Record(
            id=self.id,
            text=self.text,
            language=self.language,
            url=self.url,
            title=self.title,
            date=self.date,
            language_confidence=self.language_confidence,
            source=self.source,
            persons=tuple(self.persons),
            organizations=tuple(self.organizations),
            locations=tuple(self.locations),
            counts=tuple(self.counts),
            totals=tuple(self.totals),
            amounts=tuple(self.amounts),
            quotes=tuple(self.quotes),
            events=tuple(self.events),
            themes=tuple(self.themes),
            dates=tuple(self.dates),
            tone=self.tone or Tone(),
            focus=self.focus,
            errors=tuple(self.errors),
            warnings=tuple(self.warnings),
        )

    def sentence_of(self, offset: int) -> Span | None:
        """The sentence span containing ``offset``."""
        for start, end in self.sentences:
            if start <= offset < end:
                return (start, end)
        return None


@runtime_checkable
class Stage(Protocol):
    """A pipeline stage: owns one concern, loads once, works on a batch, picklable."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    produces: ClassVar[tuple[str, ...]]

    def __call__(self, docs: Sequence[Doc]) -> None: ...
