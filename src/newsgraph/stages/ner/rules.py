"""Cheap post-NER rules that turn mentions into organisations, driven by per-language data.

Both rules read ``lexicons/<lang>/ner.json``; a language without the keys gets no rule.

* **Teams named by their place** (``sports``): in a sports sentence — a score line
  ("Name 2 Name 1") or one with a sports word ("beat", "league", "innings", ...) — a LOC mention
  that is directly followed by a score or a result verb, or directly preceded by a word such as
  "against" or "beat", is the team (ORG), as news-NER conventions tag a club named by its city.
  Country names stay LOC when ``keep_countries`` is set (national teams still locate the story).
  In score lines a one-word PER mention before a plain score, and a capitalised name the model
  missed before a score, are teams too; a mention that swallowed scores is cut into its names.
* **Corporate designators** (``org_designators``): a run of capitalised words ending in a
  designator ("Corp", "plc", "AG", "Bank", "Ministry", ...) is an ORG; a mention directly
  followed by one grows to include it. A span the model called a place keeps its label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...doc import Mention
from ...resources import lexicon_json

_NAME = r"[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|of|de|del|van|von))*"
#: "Name 2 Name 1", "Name 2-1 Name", "Name 3 , Name 0": two names each followed by a small number
SCORE_LINE = re.compile(rf"{_NAME}\s+\d{{1,3}}(?:-\d{{1,3}})?\s*[,;]?\s+{_NAME}(?:\s+\d{{1,3}})?")
#: a results-table row: a name followed by at least two numbers ("Name 74 59 .556")
TABLE_ROW = re.compile(rf"^\s*{_NAME}(?:\s+[\d.]+){{2,}}")
#: a capitalised run (no initials) at a line start, after , : ; or a score, directly before a score
_UNTAGGED_TEAM = re.compile(
    r"(?:^|(?<=[,:;]\s)|(?<=\d\s))((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){0,3})(?=\s+\d{1,3}(?:-\d{1,3})?\b)"
)
#: a capitalised word of a company name; hyphen and apostrophe parts capitalised too ("O'Hare")
_RUN_WORD = r"[A-Z][\w&]*(?:['-][A-Z][\w&]*)*"
_NUMBER = re.compile(r"(?<!\S)\d{1,3}(?:-\d{1,3})?(?!\S)")
_NAME_PART = re.compile(r"[^\W\d][\w&'.-]*(?:\s+[^\W\d][\w&'.-]*)*")
_TEAM_SCORE_AFTER = re.compile(r"\s+\d{1,3}(?![\d/:.-])")
_SCORE_AFTER = re.compile(r"\s+\d{1,3}(?:-\d{1,3})?(?![\d/:.-]?\d)")
_WORD_BEFORE = re.compile(r"(\w+)\.?\s+$")
_WORD_AFTER = re.compile(r"^\s+(\w+)")


@dataclass(frozen=True)
class OrgRules:
    """The data behind the rules (``lexicons/<lang>/ner.json``)."""

    sports_words: frozenset[str] = frozenset()
    team_before: frozenset[str] = frozenset()  # words directly before a team ("against X")
    team_after: frozenset[str] = frozenset()  # words directly after a team ("X beat")
    keep_countries: bool = False
    also_countries: frozenset[str] = frozenset()  # sides CLDR has no territory for
    designators: re.Pattern[str] | None = None
    designator_run: re.Pattern[str] | None = None


@lru_cache(maxsize=32)
def lexicon(language: str) -> dict[str, Any]:
    """``lexicons/<language>/ner.json``, or {} when the language has none."""
    return lexicon_json(language, "ner.json") or {}


@lru_cache(maxsize=32)
def org_rules(language: str) -> OrgRules:
    data = lexicon(language)
    if not data:
        return OrgRules()
    sports = data.get("sports", {})
    words = sorted(data.get("org_designators", ()), key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return OrgRules(
        frozenset(w.lower() for w in sports.get("context_words", ())),
        frozenset(w.lower() for w in sports.get("team_before", ())),
        frozenset(w.lower() for w in sports.get("team_after", ())),
        bool(sports.get("keep_countries", False)),
        frozenset(w.lower() for w in sports.get("also_countries", ())),
        re.compile(rf"\s+(?:{alt})(?!\w)") if alt else None,
        re.compile(rf"(?<![\w&'.-])(?:{_RUN_WORD}\s+(?:(?:&|and)\s+)?){{1,4}}(?:{alt})(?!\w)")
        if alt
        else None,
    )


@lru_cache(maxsize=32)
def country_names(language: str) -> frozenset[str]:
    """Country and region names in ``language`` (CLDR via babel), lower-cased."""
    try:
        from babel import Locale

        territories = Locale.parse(language).territories
    except Exception:  # unknown locale or babel missing: no names
        return frozenset()
    return frozenset(name.lower() for name in territories.values())


def apply(
    text: str,
    mentions: list[Mention],
    language: str,
    sentences: Sequence[tuple[int, int]] = (),
) -> list[Mention]:
    """Both rules over one document's mentions (sorted by start)."""
    rules = org_rules(language)
    if rules.sports_words:
        mentions = teams(text, mentions, rules, sentences, language)
    if rules.designators is not None:
        mentions = designated(text, mentions, rules)
    return mentions


def _spans(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences when known, else lines (results tables come one per line)."""
    if sentences:
        return list(sentences)
    out, start = [], 0
    for line in text.splitlines(keepends=True):
        out.append((start, start + len(line)))
        start += len(line)
    return out


def sports_context(sentence: str, rules: OrgRules) -> bool:
    """A score line or a sentence with a sports word."""
    words = {w.lower() for w in re.findall(r"\w+", sentence)}
    return bool(words & rules.sports_words) or _score_line(sentence)


def _score_line(sentence: str) -> bool:
    return SCORE_LINE.search(sentence) is not None or TABLE_ROW.match(sentence) is not None


def teams(
    text: str,
    mentions: list[Mention],
    rules: OrgRules,
    sentences: Sequence[tuple[int, int]] = (),
    language: str = "en",
) -> list[Mention]:
    """LOC mentions (and one-word PER mentions before a plain score) playing a team's part in a
    sports sentence become ORG; in score lines, names the model missed before a score are added
    and mentions that swallowed the scores are cut into their names."""
    mentions = _split_at_scores(text, mentions, sentences)
    locs = [m for m in mentions if m.label == "LOC" or _lone_name(m)]
    added: list[Mention] = []
    countries = (
        country_names(language) | rules.also_countries if rules.keep_countries else frozenset()
    )
    flip: set[tuple[int, int]] = set()
    for start, end in _spans(text, sentences):
        inside = [m for m in locs if start <= m.start and m.end <= end]
        if not sports_context(text[start:end], rules):
            continue
        for m in inside:
            if m.text.lower() not in countries and _plays(text, m, start, end, rules):
                flip.add((m.start, m.end))
        if _score_line(text[start:end]):
            added.extend(_untagged_teams(text, start, end, mentions, countries))
    out = [
        Mention(m.start, m.end, "ORG", m.text, m.score) if (m.start, m.end) in flip else m
        for m in mentions
    ]
    return sorted(out + added, key=lambda x: x.start) if added else out


def _lone_name(m: Mention) -> bool:
    """A one-word PER mention: in a score line a team more often than a person."""
    return m.label == "PER" and " " not in m.text and "." not in m.text


def _split_at_scores(
    text: str, mentions: list[Mention], sentences: Sequence[tuple[int, int]]
) -> list[Mention]:
    """In score lines, a mention that swallowed scores ("Name 2 Name 1") is cut into its names."""
    lines = [(s, e) for s, e in _spans(text, sentences) if _score_line(text[s:e])]
    out = []
    for m in mentions:
        if not _NUMBER.search(m.text) or not any(s <= m.start and m.end <= e for s, e in lines):
            out.append(m)
            continue
        for part in _NAME_PART.finditer(m.text):
            start, end = m.start + part.start(), m.start + part.end()
            out.append(Mention(start, end, "ORG", text[start:end], m.score))
    return out


def _untagged_teams(
    text: str, start: int, end: int, mentions: list[Mention], countries: frozenset[str]
) -> list[Mention]:
    """Names the model missed in a score line: a capitalised run directly before a score."""
    found = []
    for run in _UNTAGGED_TEAM.finditer(text[start:end]):
        s, e = start + run.start(1), start + run.end(1)
        if run.group(1).lower() in countries:
            continue
        if not any(o.start < e and s < o.end for o in mentions):
            found.append(Mention(s, e, "ORG", text[s:e]))
    return found


def _plays(text: str, m: Mention, start: int, end: int, rules: OrgRules) -> bool:
    after = text[m.end : end]
    if m.label == "PER":  # a lone surname is a team only before a plain score ("Name 2 Name 1")
        return _TEAM_SCORE_AFTER.match(after) is not None
    if _SCORE_AFTER.match(after):
        return True
    nxt = _WORD_AFTER.match(after)
    if nxt and nxt.group(1).lower() in rules.team_after:
        return True
    prev = _WORD_BEFORE.search(text[start : m.start])
    return bool(prev and prev.group(1).lower() in rules.team_before)


def designated(text: str, mentions: list[Mention], rules: OrgRules) -> list[Mention]:
    """Mentions followed by a designator grow into ORGs; a capitalised run ending in one is an
    ORG and absorbs the mentions inside it ("Jones Medical Industries Inc")."""
    assert rules.designators is not None and rules.designator_run is not None
    out: list[Mention] = []
    for m in mentions:
        tail = rules.designators.match(text, m.end)
        grown = tail and not any(o.start < tail.end() and m.end <= o.start for o in mentions)
        if grown and tail:
            end = tail.end()
            out.append(Mention(m.start, end, "ORG", text[m.start : end], m.score))
        elif m.label in ("PER", "MISC") and _ends_with_designator(m.text, rules):
            out.append(Mention(m.start, m.end, "ORG", m.text, m.score))
        else:
            out.append(m)
    for run in rules.designator_run.finditer(text):
        s, e = run.span()
        inside = [o for o in out if s <= o.start and o.end <= e]
        if any(o.label == "LOC" and (o.start, o.end) == (s, e) for o in inside):
            continue  # the model's place ("the West Bank") wins over a designator
        if not any(o.start < e and s < o.end for o in out if o not in inside):
            out = [o for o in out if o not in inside]
            out.append(Mention(s, e, "ORG", run.group()))
    return sorted(out, key=lambda x: x.start)


def _ends_with_designator(name: str, rules: OrgRules) -> bool:
    assert rules.designators is not None
    head, _, last = name.rpartition(" ")
    return bool(head) and rules.designators.match(" " + last) is not None
