"""Events: PLOVER-coded events with CAMEO, QuadClass and Goldstein for GDELT users.

The default path is rule-based and offline, PETRARCH-style: trigger word patterns per language
(``resources/lexicons/<lang>/events.json``) map to CAMEO codes; ``plover_cameo.json`` (derived
from the PLOVER CAMEO2PLOVER-2021 table and GDELT's CAMEO table) gives each code its PLOVER
type, mode, QuadClass and Goldstein value. Actors (source, target) are found in the trigger's
clause (see :mod:`.event_actors`); negated and hypothetical/future events are marked, not
dropped (exports exclude them from counts).

An optional model backend (:mod:`.event_backends`) may add events for sentences the rules
leave empty; its answers are kept only when grounded in a span of the sentence.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...doc import Doc
from ...record import Event, Span
from ...resources import lexicon_json, resource_path
from ...textutils import PatternIndex, compile_pattern, compile_union, is_name
from .actors import Actor, place_mentions, sentence_actors
from .backends import EventBackend, backend_from_env

log = logging.getLogger(__name__)

CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]|\s-\s")
NEGATION_WORDS = 3
HYPOTHETICAL_BEFORE = 4
HYPOTHETICAL_AFTER = 3


@dataclass(frozen=True)
class Trigger:
    regex: re.Pattern[str]
    pattern: str
    cameo: str
    type: str
    mode: str | None
    source: str | None  # default source label when none is named ("protesters")


@dataclass(frozen=True)
class EventLexicon:
    triggers: tuple[Trigger, ...]
    index: PatternIndex  # over the triggers' patterns, same order
    negators: re.Pattern[str] | None
    hypothetical_before: re.Pattern[str] | None
    hypothetical_after: re.Pattern[str] | None
    intent_types: frozenset[str]  # verbal intent already (AGREE, THREATEN ...): never recoded
    intent_before: re.Pattern[str] | None
    intent_after: re.Pattern[str] | None
    skip_capitalized: bool  # a capitalised trigger inside a sentence is a name ("March", "Bank")
    after_words: int  # how far after the trigger a modal may stand (German: clause end)
    passive_words: int  # auxiliary at most this many words before the trigger; 0: whole clause
    passive_markers: re.Pattern[str] | None
    agent_markers: re.Pattern[str] | None
    clause_openers: re.Pattern[str] | None
    relative_pronouns: re.Pattern[str] | None
    quantity_words: re.Pattern[str] | None
    target_markers: re.Pattern[str] | None  # "gegen die Regierung": a target, never a source


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    trigger: Trigger


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, dict[str, Any]]:
    """CAMEO code -> PLOVER type, mode, context, description, Goldstein, QuadClass."""
    path = resource_path("lexicons", "plover_cameo.json")
    return dict(json.loads(path.read_text(encoding="utf-8"))["cameo"])


def _trigger(entry: dict[str, Any], pattern: str) -> Trigger:
    info = cameo_table().get(entry["cameo"], {})
    return Trigger(
        regex=compile_pattern(pattern),
        pattern=pattern,
        cameo=entry["cameo"],
        type=entry.get("type") or info.get("type", "UNKNOWN"),
        mode=entry.get("mode", info.get("mode")),
        source=entry.get("source"),
    )


@lru_cache(maxsize=32)
def load_event_lexicon(language: str) -> EventLexicon | None:
    data = lexicon_json(language, "events.json")
    if data is None:
        log.info("no event lexicon for language %r: no events", language)
        return None
    triggers = tuple(_trigger(e, p) for e in data["triggers"] for p in e["patterns"])
    union = compile_union
    return EventLexicon(
        triggers=triggers,
        index=PatternIndex(t.pattern for t in triggers),
        negators=union(data.get("negators", [])),
        hypothetical_before=union(data.get("hypothetical_before", [])),
        hypothetical_after=union(data.get("hypothetical_after", [])),
        intent_types=frozenset(data.get("intent_types", [])),
        intent_before=union(data.get("intent_before", [])),
        intent_after=union(data.get("intent_after", [])),
        skip_capitalized=bool(data.get("skip_capitalized", False)),
        after_words=int(data.get("hypothetical_after_words", HYPOTHETICAL_AFTER)),
        passive_words=int(data.get("passive_words_before", 0)),
        passive_markers=union(data.get("passive_markers", [])),
        agent_markers=union(data.get("passive_agent", [])),
        clause_openers=union(data.get("clause_openers", [])),
        relative_pronouns=union(data.get("relative_pronouns", [])),
        quantity_words=union(data.get("quantity_words", [])),
        target_markers=union(data.get("target_markers", [])),
    )


def find_hits(text: str, start: int, end: int, lexicon: EventLexicon) -> list[Hit]:
    """Trigger matches in ``text[start:end]``: longest first, no overlaps, in text order."""
    candidates = [lexicon.triggers[i] for i in lexicon.index.candidates(text[start:end])]
    hits = [
        Hit(m.start(), m.end(), t)
        for t in candidates
        for m in t.regex.finditer(text, start, end)
        if not (lexicon.skip_capitalized and is_name(text, start, m.start()))
    ]
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    kept: list[Hit] = []
    for hit in hits:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w\-’']+", text)


def _near(regex: re.Pattern[str] | None, text: str) -> bool:
    return bool(regex and regex.search(text))


def _window_before(text: str, clause_start: int, pos: int, words: int) -> str:
    return " ".join(_words(text[clause_start:pos])[-words:])


def _window_after(text: str, pos: int, clause_end: int, words: int) -> str:
    return " ".join(_words(text[pos:clause_end])[:words])


def clause_bounds(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause around ``pos`` inside the sentence ``[start, end)``: cut at punctuation."""
    left, right = start, end
    for m in CLAUSE_BREAK.finditer(text, start, end):
        if m.end() <= pos:
            left = m.end()
        elif m.start() >= pos:
            right = m.start()
            break
    return left, right


def _clause_start(text: str, left: int, pos: int, lexicon: EventLexicon) -> int:
    """Move the clause start past a subordinating word ("that", "nachdem") before ``pos``."""
    if lexicon.clause_openers is None:
        return left
    last = left
    for m in lexicon.clause_openers.finditer(text, left, pos):
        last = m.end()
    return last


@dataclass
class Roles:
    source: Actor | None = None
    target: Actor | None = None


def _is_passive(text: str, hit: Hit, bounds: tuple[int, int], lexicon: EventLexicon) -> bool:
    left, right = bounds
    if lexicon.passive_words:
        return _near(
            lexicon.passive_markers, _window_before(text, left, hit.start, lexicon.passive_words)
        )
    return _near(lexicon.passive_markers, text[left:right])


def _agent(text: str, actors: list[Actor], lexicon: EventLexicon, left: int) -> Actor | None:
    """The actor right after an agent marker ("von den Demonstranten", "by police").

    "Dutzende von Menschen" is a quantity, not an agent: a marker after a number or a
    quantity word does not count.
    """
    if lexicon.agent_markers is None:
        return None
    for actor in actors:
        words = _words(text[left : actor.start])[-3:]
        for i in (len(words) - 1, len(words) - 2):
            if i < 0 or not lexicon.agent_markers.fullmatch(words[i]):
                continue
            previous = words[i - 1] if i > 0 else ""
            if previous[:1].isdigit() or _full(lexicon.quantity_words, previous):
                continue
            return actor
    return None


def _full(regex: re.Pattern[str] | None, word: str) -> bool:
    return bool(regex and word and regex.fullmatch(word))


def assign_roles(
    text: str, hit: Hit, actors: list[Actor], bounds: tuple[int, int], lexicon: EventLexicon
) -> Roles:
    """Source and target of the event at ``hit`` among the sentence's ``actors``."""
    left, right = bounds
    before = [a for a in actors if left <= a.start and a.end <= hit.start]
    after = [a for a in actors if a.start >= hit.end and a.end <= right]
    outside = [a for a in actors if a.end <= left]
    if _is_passive(text, hit, bounds, lexicon):
        agent = _agent(text, before + after, lexicon, left)
        patients = [a for a in before if a is not agent]
        target = patients[0] if patients else next((a for a in after if a is not agent), None)
        return Roles(agent, target)
    if before:
        source = before[0]
        target = next((a for a in before[1:] + after if a.country or not a.generic), None)
        rest = [a for a in after if a is not source]
        return Roles(source, (rest[0] if rest else target) if target is not source else None)
    if outside and _opens_relative(text, left, lexicon):
        return Roles(outside[-1], after[0] if after else None)
    if after:
        if hit.trigger.source or _marked_target(text, left, after[0], lexicon):
            return Roles(None, after[0])  # "protests against X": the default source acts on X
        return Roles(after[0], after[1] if len(after) > 1 else None)
    return Roles()


def _marked_target_after(
    text: str, hit: Hit, actors: list[Actor], sentence: Span, roles: Roles, lexicon: EventLexicon
) -> Actor | None:
    """A target named later in the sentence ("Proteste ..., die sich gegen die Regierung ...")."""
    for actor in actors:
        if actor.start >= hit.end and actor is not roles.source:
            if _marked_target(text, sentence[0], actor, lexicon):
                return actor
    return None


def _marked_target(text: str, left: int, actor: Actor, lexicon: EventLexicon) -> bool:
    """The actor follows a target marker ("gegen die Regierung", "against the government")."""
    words = _words(text[left : actor.start])[-3:]
    return any(_full(lexicon.target_markers, w) for w in words)


def _opens_relative(text: str, left: int, lexicon: EventLexicon) -> bool:
    first = _words(text[left : left + 30])[:1]
    return bool(
        first and lexicon.relative_pronouns and lexicon.relative_pronouns.fullmatch(first[0])
    )


@dataclass(frozen=True)
class Flags:
    negated: bool
    hypothetical: bool  # conditional: "if", "could", "falls"
    intent: bool  # announced: "will", "would", "plans to", "würden"


def _flags(text: str, hit: Hit, bounds: tuple[int, int], lexicon: EventLexicon) -> Flags:
    left, right = bounds
    before = _window_before(text, left, hit.start, HYPOTHETICAL_BEFORE)
    after = _window_after(text, hit.end, right, lexicon.after_words)
    negated = _near(lexicon.negators, _window_before(text, left, hit.start, NEGATION_WORDS))
    hypothetical = _near(lexicon.hypothetical_before, before) or _near(
        lexicon.hypothetical_after, after
    )
    intent = _near(lexicon.intent_before, before) or _near(lexicon.intent_after, after)
    return Flags(negated, hypothetical, intent and hit.trigger.type not in lexicon.intent_types)


def recode(trigger: Trigger, flags: Flags) -> tuple[str, str | None, str, bool]:
    """PLOVER/CAMEO convention for announced and refused actions.

    An announced cooperative action is an AGREE event, an announced hostile one a THREATEN
    event ("will provide aid", "würden vernichtet"); a refused or negated cooperative action
    is a REJECT event. Returns type, mode, CAMEO code and whether the event stays negated.
    """
    quad = cameo_table().get(trigger.cameo, {}).get("quad_class") or 0
    cooperative = quad in (1, 2)
    if trigger.type in ("AGREE", "THREATEN", "REQUEST", "REJECT"):
        return trigger.type, trigger.mode, trigger.cameo, flags.negated
    if flags.negated and cooperative:
        return "REJECT", None, "120", False
    if flags.intent and not flags.hypothetical:
        if cooperative:
            return "AGREE", None, "030", flags.negated
        return "THREATEN", "violence" if trigger.type == "ASSAULT" else None, "130", False
    return trigger.type, trigger.mode, trigger.cameo, flags.negated


def _event_date(doc: Doc, sentence: Span) -> str | None:
    for mention in doc.dates:
        if sentence[0] <= mention.span[0] and mention.span[1] <= sentence[1] and mention.date:
            return mention.date
    return doc.date


def _event_location(doc: Doc, sentence: Span, language: str) -> str | None:
    """The first geocoded place in the sentence, else a country/capital used as a place."""
    for loc in doc.locations:
        for s, e in loc.mentions:
            if sentence[0] <= s and e <= sentence[1]:
                return loc.canonical or loc.name
    for actor, locative in place_mentions(doc, sentence[0], sentence[1], language):
        if locative:
            return actor.name
    return None


def make_event(doc: Doc, hit: Hit, sentence: Span, actors: list[Actor], language: str) -> Event:
    """One Event for a trigger hit, with roles, flags and GDELT codes."""
    lexicon = load_event_lexicon(language)
    assert lexicon is not None
    left, right = clause_bounds(doc.text, sentence[0], sentence[1], hit.start)
    flags = _flags(doc.text, hit, (left, right), lexicon)
    kind, mode, cameo, negated = recode(hit.trigger, flags)
    left = _clause_start(doc.text, left, hit.start, lexicon)
    roles = assign_roles(doc.text, hit, actors, (left, right), lexicon)
    if roles.target is None:
        roles.target = _marked_target_after(doc.text, hit, actors, sentence, roles, lexicon)
    info = cameo_table().get(cameo, {})
    source = roles.source.name if roles.source else hit.trigger.source
    return Event(
        type=kind,
        mode=mode,
        source=source,
        target=roles.target.name if roles.target else None,
        location=_event_location(doc, sentence, language),
        date=_event_date(doc, sentence),
        span=(hit.start, hit.end),
        negated=negated,
        hypothetical=flags.hypothetical,
        trigger=doc.text[hit.start : hit.end],
        cameo=cameo,
        quad_class=info.get("quad_class"),
        goldstein=info.get("goldstein"),
        source_country=roles.source.country if roles.source else None,
        target_country=roles.target.country if roles.target else None,
    )


def sentence_events(doc: Doc, sentence: Span, language: str) -> list[Event]:
    """Events of one sentence: one per (type, mode, source, target), first trigger wins.

    "getötet ... geplündert" with the same actors is one ASSAULT; a second killing with
    other victims in the same sentence is another event.
    """
    lexicon = load_event_lexicon(language)
    if lexicon is None:
        return []
    actors = sentence_actors(doc, sentence[0], sentence[1], language)
    actor_spans = [(a.start, a.end) for a in actors if a.generic]
    events: list[Event] = []
    seen: set[tuple[str | None, ...]] = set()
    for hit in find_hits(doc.text, sentence[0], sentence[1], lexicon):
        if any(s <= hit.start and hit.end <= e for s, e in actor_spans):
            continue  # "Demonstranten" is an actor, not a trigger
        event = make_event(doc, hit, sentence, actors, language)
        key = (event.type, event.mode, event.source, event.target)
        if key not in seen:
            seen.add(key)
            events.append(event)
    return events


def _sentences(doc: Doc) -> list[Span]:
    if doc.sentences:
        return list(doc.sentences)
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", doc.text)]


def _base_language(language: str | None) -> str:
    return (language or "und").split("-")[0].split("_")[0].lower()


class EventsStage:
    """Fill ``doc.events`` with PLOVER events (CAMEO/QuadClass/Goldstein for GDELT)."""

    name = "events"
    requires = ("text", "language", "sentences")
    produces = ("events",)

    def __init__(self, backend: EventBackend | None = None) -> None:
        self.backend = backend if backend is not None else backend_from_env()

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            language = _base_language(doc.language)
            events: list[Event] = []
            for sentence in _sentences(doc):
                found = sentence_events(doc, sentence, language)
                if not found and self.backend is not None:
                    found = self.backend_events(doc, sentence, language)
                events.extend(found)
            doc.events = events

    def backend_events(self, doc: Doc, sentence: Span, language: str) -> list[Event]:
        """Events the model backend names for a sentence, kept only when grounded in it."""
        assert self.backend is not None
        text = doc.text[sentence[0] : sentence[1]]
        events = []
        for answer in self.backend.classify(text, language):
            offset = text.find(answer.evidence) if answer.evidence else -1
            if offset < 0:
                continue  # not grounded in the sentence: drop
            start = sentence[0] + offset
            span = (start, start + len(answer.evidence))
            events.append(_backend_event(doc, answer.type, answer.mode, span, sentence))
        return events


def _backend_event(doc: Doc, plover: str, mode: str | None, span: Span, sentence: Span) -> Event:
    code = next((c for c, i in cameo_table().items() if i["type"] == plover and len(c) == 3), None)
    info = cameo_table().get(code or "", {})
    return Event(
        type=plover,
        mode=mode,
        source=None,
        target=None,
        location=None,
        date=_event_date(doc, sentence),
        span=span,
        trigger=doc.text[span[0] : span[1]],
        cameo=code,
        quad_class=info.get("quad_class"),
        goldstein=info.get("goldstein"),
    )
