"""Indirect (reported) speech: the content clause of a saying verb, with its speaker.

Patterns, all driven by the language's lexicon:

* ``X sagte/erklärte (am Freitag), (dass) CLAUSE`` and ``X said (on Monday) (that) CLAUSE``
  - German needs the comma (``complement_needs_comma``), English takes a bare clause
  (``bare_complement``) only for strong saying verbs;
* ``CLAUSE, X said.`` / ``CLAUSE, sagte X.`` - the attribution closes the sentence;
* ``According to X, CLAUSE`` / ``Laut X CLAUSE`` / ``CLAUSE, according to X.``;
* ``Wie X mitteilte, CLAUSE`` / ``As X said, CLAUSE``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .attribution import according_len, speaker_phrase
from .lexicon import QuoteLexicon
from .speakers import (
    Speaker,
    SpeakerLinker,
    backward_np,
    forward_apposition,
    forward_np,
    saying_at,
)
from .words import Word, words

MIN_CONTENT_WORDS = 3
MAX_GAP = 8


@dataclass(frozen=True)
class Reported:
    span: tuple[int, int]
    speaker: Speaker | None
    verb: str


def reported(
    text: str, sent: tuple[int, int], lex: QuoteLexicon, linker: SpeakerLinker
) -> Reported | None:
    """The reported-speech clause of one sentence, if any."""
    ws = words(text, *sent)
    if len(ws) < 4:
        return None
    return (
        _according(text, ws, lex, linker)
        or _as_clause(ws, lex, linker)
        or _by_verb(ws, lex, linker)
    )


def _by_verb(ws: list[Word], lex: QuoteLexicon, linker: SpeakerLinker) -> Reported | None:
    for v in range(len(ws)):
        if not saying_at(ws, v, lex):
            continue
        if v > 0 and ws[v - 1].text == "," and lex.verb_second:  # "CLAUSE, sagte X"
            found = _closing(ws, v, lex, linker) or _complement(ws, v, lex, linker)
        else:
            found = _complement(ws, v, lex, linker) or _closing(ws, v, lex, linker)
        if found:
            return found
    return None


def subjunctive(text: str, sent: tuple[int, int], lex: QuoteLexicon) -> tuple[int, int] | None:
    """The content of a sentence in reported mood ("Man werde ... achten."), if it is one."""
    ws = words(text, *sent)
    if len(ws) < MIN_CONTENT_WORDS + 1 or not any(w.lower in lex.subjunctive for w in ws):
        return None
    return (ws[0].start, _content_end(ws))


def _subject(ws: list[Word], v: int, lex: QuoteLexicon, linker: SpeakerLinker) -> Speaker | None:
    return linker.speaker(speaker_phrase(ws, v, lex))


def _complement(
    ws: list[Word], v: int, lex: QuoteLexicon, linker: SpeakerLinker
) -> Reported | None:
    start = _clause_start(ws, v, lex)
    if start is None or _count(ws[start:]) < MIN_CONTENT_WORDS:
        return None
    end = _content_end(ws)
    if end <= ws[start].start:
        return None
    return Reported((ws[start].start, end), _subject(ws, v, lex, linker), ws[v].text)


def _clause_start(ws: list[Word], v: int, lex: QuoteLexicon) -> int | None:
    """Index of the first word of the verb's content clause."""
    weak = lex.lemma(ws[v].text) in lex.weak
    for k in range(v + 1, min(len(ws), v + MAX_GAP)):
        w = ws[k]
        if w.lower in lex.complementizers:
            return k + 1
        if w.text == ":" and k + 1 < len(ws) and ws[k + 1].is_word:
            return k + 1  # "Ich sage: Die Menschen haben ein Recht ..."
        if w.text == ",":
            if k + 1 < len(ws) and ws[k + 1].lower in lex.complementizers:
                return k + 2
            if lex.needs_comma and not weak and k + 1 < len(ws) and ws[k + 1].text[:1].isalnum():
                return k + 1
            return None
        if w.text in ".!?":
            break
        if not w.is_word and not w.text[:1].isdigit():
            return None
    # '"...," said X' is no report of a clause; 'X, a blogger, said he ...' is
    inverted = v == 0 or (not ws[v - 1].is_word and ws[v - 1].text != ",")
    if lex.bare_complement and not inverted and v + 1 < len(ws) and _starter(ws[v + 1], lex):
        nxt = ws[v + 1]
        subject = nxt.lower in lex.pronouns | lex.personal | lex.determiners or nxt.is_cap
        if not weak or (subject and nxt.lower not in lex.impersonal - lex.personal):
            return v + 1  # weak verbs ("think", "believe") only before a clear clause subject
    return None


def _starter(w: Word, lex: QuoteLexicon) -> bool:
    low = w.lower
    if low in lex.pronouns | lex.impersonal | lex.determiners:
        return True  # "said it will help", "said the plan ..."
    if low in lex.stop or low in lex.complementizers or not w.is_word:
        return False
    return not low.endswith("ly") and low not in lex.connectors and low not in lex.between


def _closing(ws: list[Word], v: int, lex: QuoteLexicon, linker: SpeakerLinker) -> Reported | None:
    """``CLAUSE, X said.`` or ``CLAUSE, said X.``: a comma shortly before, the end shortly after."""
    comma = next((k for k in range(v - 1, max(-1, v - 6), -1) if ws[k].text == ","), None)
    if comma is None or comma < MIN_CONTENT_WORDS:
        return None
    short = len(ws) - v <= MAX_GAP and all(w.is_word for w in ws[v + 1 : -1])
    if comma == v - 1 and (short or lex.verb_second):
        np = forward_apposition(ws, v + 1, lex)  # "..., sagte der Minister, Dr. X, gestern"
    elif not short:
        return None
    else:
        np = backward_np(ws, v, lex, floor=comma + 1)
    speaker = linker.speaker(np)
    if speaker is None:
        return None
    return Reported((ws[0].start, ws[comma].start), speaker, ws[v].text)


def _according(
    text: str, ws: list[Word], lex: QuoteLexicon, linker: SpeakerLinker
) -> Reported | None:
    n = according_len(ws, 0, lex)
    if n:
        np = forward_np(ws, n, lex)
        k = n + len(np)
        if np and k < len(ws):
            k += ws[k].text == ","
            if _count(ws[k:]) >= MIN_CONTENT_WORDS:
                return Reported(
                    (ws[k].start, _content_end(ws)), linker.speaker(np), _phrase(ws, 0, n)
                )
    for c in range(len(ws) - 2, 2, -1):
        if ws[c].text == "," and according_len(ws, c + 1, lex):
            n = according_len(ws, c + 1, lex)
            np = forward_np(ws, c + 1 + n, lex)
            if np and _count(ws[:c]) >= MIN_CONTENT_WORDS:
                return Reported(
                    (ws[0].start, ws[c].start), linker.speaker(np), _phrase(ws, c + 1, n)
                )
    return None


def _as_clause(ws: list[Word], lex: QuoteLexicon, linker: SpeakerLinker) -> Reported | None:
    if ws[0].lower not in lex.as_markers:
        return None
    for v in range(1, min(len(ws), MAX_GAP + 2)):
        if ws[v].text == ",":
            return None
        if saying_at(ws, v, lex):
            comma = next((k for k in range(v + 1, min(len(ws), v + 4)) if ws[k].text == ","), None)
            if comma is None or _count(ws[comma + 1 :]) < MIN_CONTENT_WORDS:
                return None
            np = backward_np(ws, v, lex, floor=1)
            return Reported((ws[comma + 1].start, _content_end(ws)), linker.speaker(np), ws[v].text)
    return None


def _phrase(ws: list[Word], k: int, n: int) -> str:
    return " ".join(w.text for w in ws[k : k + n])


def _count(ws: list[Word]) -> int:
    return sum(1 for w in ws if w.is_word)


def _content_end(ws: list[Word]) -> int:
    """End of the sentence content, without the final punctuation."""
    k = len(ws) - 1
    while (
        k > 0
        and not ws[k].is_word
        and not ws[k].text[:1].isdigit()
        and ws[k].text not in "\"“”»«'’"
    ):
        k -= 1
    return ws[k].end
