"""Who said a quoted segment: the attribution right after it, or the saying verb before it.

After the closing mark: ``", sagte X"``, ``," said X"``, ``," X said"``, ``", so X"``,
``", according to X"``. Before the opening mark, in the same sentence: ``X sagte: „…“``,
``X said the plan was "…"``. The returned :class:`Attribution` says whether the quote is
the verb's whole complement (``tight``) - a short quoted phrase only counts as a quote then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import QuoteLexicon
from .speakers import (
    Speaker,
    SpeakerLinker,
    backward_np,
    forward_np,
    name_run,
    np_word,
    saying_at,
)
from .words import Word, words

_LINE_END = re.compile(r"\n")
WINDOW = 200
LOOKAHEAD = 14  # words from the closing mark to the verb (appositions included)
NEAR = 3  # a quote this many words after its saying verb is its complement


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker | None
    verb: str | None
    tight: bool
    near: bool = False  # tight only because the quote follows the verb within NEAR words


def after(
    text: str, pos: int, lex: QuoteLexicon, linker: SpeakerLinker, marks: frozenset[str]
) -> Attribution | None:
    """The attribution right after a closing mark at ``pos`` (None when there is none)."""
    m = _LINE_END.search(text, pos, min(len(text), pos + WINDOW))
    ws = _until_mark(words(text, pos, m.start() if m else min(len(text), pos + WINDOW)), marks)
    stop = next((i for i, w in enumerate(ws) if w.text in ".!?" and i), len(ws))
    ws = ws[: stop + 1]
    k = 0
    while k < len(ws) and ws[k].text in ",:–—-":
        k += 1
    if k >= len(ws) or not ws[k].is_word:
        return None
    inner_end = text[:pos].rstrip(" ").rstrip("".join(marks))[-1:]  # last text inside marks
    if inner_end == "." and ws[k].is_cap and k == 0:
        return None  # a quote closed by a full stop; a new sentence starts
    if ws[k].lower in lex.boundaries and ws[k].lower not in lex.determiners | lex.pronouns:
        return None  # a relative or subordinate clause follows (", which ...")
    found = _inverted(ws, k, lex, linker) or _marker(ws, k, lex, linker)
    if found is None and not lex.verb_second:  # German puts the verb first after a quote
        found = _subject_first(ws, k, lex, linker)
    return found


def _until_mark(ws: list[Word], marks: frozenset[str]) -> list[Word]:
    for k, w in enumerate(ws):
        if w.text in marks:
            return ws[:k]
    return ws


def _inverted(
    ws: list[Word], k: int, lex: QuoteLexicon, linker: SpeakerLinker
) -> Attribution | None:
    if not saying_at(ws, k, lex):
        return None
    speaker = linker.speaker(forward_np(ws, k + 1, lex))
    if speaker is None and not _impersonal(ws, k + 1, lex):
        return None
    return Attribution(speaker, ws[k].text, True)


def _impersonal(ws: list[Word], k: int, lex: QuoteLexicon) -> bool:
    return k < len(ws) and ws[k].lower in lex.impersonal


def _marker(ws: list[Word], k: int, lex: QuoteLexicon, linker: SpeakerLinker) -> Attribution | None:
    if ws[k].lower in lex.inverted:
        np = forward_np(ws, k + 1, lex)
        return Attribution(linker.speaker(np), ws[k].text, True) if np else None
    n = according_len(ws, k, lex)
    if n:
        np = forward_np(ws, k + n, lex)
        return (
            Attribution(linker.speaker(np), " ".join(w.text for w in ws[k : k + n]), True)
            if np
            else None
        )
    return None


def according_len(ws: list[Word], k: int, lex: QuoteLexicon) -> int:
    """Length of an "according to"/"laut" phrase starting at ``ws[k]`` (0 when none)."""
    for phrase in lex.according_before:
        if tuple(w.lower for w in ws[k : k + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _subject_first(
    ws: list[Word], k: int, lex: QuoteLexicon, linker: SpeakerLinker
) -> Attribution | None:
    for v in range(k + 1, min(len(ws), k + LOOKAHEAD)):
        if ws[v].text in ".!?;":
            return None
        if saying_at(ws, v, lex):
            np = backward_np(ws, v, lex, floor=k)
            lead = ws[k : _idx(ws, np[0])] if np else [ws[k]]
            if lead and (lead[-1].text != "," or any(not np_word(w, lex) for w in lead[:-1])):
                return None  # only an apposition may stand before the subject
            speaker = linker.speaker(np)
            return Attribution(speaker, ws[v].text, True) if speaker else None
    return None


def _idx(ws: list[Word], w: Word) -> int:
    return next(i for i, x in enumerate(ws) if x.start == w.start)


def before(
    text: str, lo: int, pos: int, lex: QuoteLexicon, linker: SpeakerLinker
) -> Attribution | None:
    """A saying verb between ``lo`` (sentence start) and the opening mark at ``pos``."""
    ws = words(text, lo, pos)
    tail = ws[-1].text if ws else ""
    for v in range(len(ws) - 1, -1, -1):
        if ws[v].text in ".!?" and v < len(ws) - 1:
            break
        if not saying_at(ws, v, lex):
            continue
        speaker = linker.speaker(speaker_phrase(ws, v, lex))
        if speaker is None:
            return None
        gap = ws[v + 1 :]
        introduced = tail in ":," and len(gap) <= 8
        near = len(gap) <= NEAR and not any(w.text in ",;" for w in gap)
        near = near and lex.is_saying(ws[v].text)  # not "went on for \"years\""
        return Attribution(speaker, ws[v].text, introduced or near, near and not introduced)
    for k in range(len(ws)):
        n = according_len(ws, k, lex)
        if n:
            np = forward_np(ws, k + n, lex)
            speaker = linker.speaker(np)
            if speaker:
                return Attribution(speaker, " ".join(w.text for w in ws[k : k + n]), False)
    if tail == ":":
        return _introduced(ws, lex, linker)
    head = _headline(ws, lex)
    speaker = linker.speaker(head) if head and name_run(head, lex) else None
    return Attribution(speaker, None, True) if speaker else None


def speaker_phrase(ws: list[Word], v: int, lex: QuoteLexicon) -> list[Word]:
    """Who says it, for a saying verb before the quote.

    A participle ("saying ...", "calling it") belongs to the sentence subject; an
    inverted verb (`said Sanders: "..."`) is followed by its subject right before the quote.
    """
    verb = ws[v].lower
    participle = any(verb.endswith(p) and len(verb) > len(p) + 2 for p in lex.participles)
    if lex.verb_second and v + 1 < len(ws) and ws[v + 1].lower in lex.pronouns | lex.personal:
        return [ws[v + 1]]  # inverted: "Deshalb sage ich: ...", "Dann sagte er, ..."
    np = [] if participle else backward_np(ws, v, lex)
    if not np:
        after = forward_np(ws, v + 1, lex)
        rest = ws[v + 1 + len(after) :]
        if after and rest and rest[0].text in ",:":
            np = after  # 'said Sanders: "..."' (but 'called the president "weak"' is an object)
    return np or _sentence_subject(ws, lex)


def _headline(ws: list[Word], lex: QuoteLexicon) -> list[Word]:
    """ "Name: ..." at the start of a line or title names the speaker of what follows."""
    np = forward_np(ws, 0, lex)
    return np if np and len(ws) > len(np) and ws[len(np)].text == ":" else []


def _introduced(ws: list[Word], lex: QuoteLexicon, linker: SpeakerLinker) -> Attribution | None:
    """A quote introduced by a colon with no saying verb: "X: '...'", "X ... with a message:"."""
    body = ws[:-1]
    np = forward_np(body, 0, lex)
    if np and np[-1] is body[-1]:
        speaker = linker.speaker(np)  # a headline: the whole lead-in names the speaker
    else:
        speaker = linker.speaker(_sentence_subject(body, lex))
    return Attribution(speaker, None, True) if speaker else None


def _sentence_subject(ws: list[Word], lex: QuoteLexicon) -> list[Word]:
    """The phrase opening the sentence (subject of a participle: "X ..., calling it \"…\"")."""
    np = forward_np(ws, 0, lex)
    return np if np and name_run(np, lex) else []


def sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding ``pos`` (after the last ``.!?``), not before ``floor``."""
    best = floor
    for m in re.finditer(r"(\w*)[.!?][\"“”»«']?\s+", text[floor:pos]):
        before = m.group(1)
        if before[:1].isupper() and len(before) <= 3 and m.group().strip()[-1:] == ".":
            continue  # an initial or a title ("Steve H. Hanke", "Mr. Putin")
        best = floor + m.end()
    return best
