"""Speaker phrases around a saying verb, and their link to a person or organisation.

``forward_np`` reads the noun phrase after an inverted verb ("sagte Präsident X",
"said the minister"); ``backward_np`` the subject before it, appositions included
("Der Sprecher der Stadtverwaltung, X, sagte", "X, the spokesman for Y, said").
:class:`SpeakerLinker` turns a phrase into a speaker: the entity mention inside it
(entities stage), else a raw NER mention, else a capitalised-name run; pronouns and bare
role nouns ("er", "the minister") resolve to the nearest fitting person before them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import QuoteLexicon
from .words import Word

MAX_NP = 10


@dataclass(frozen=True)
class Speaker:
    text: str
    span: tuple[int, int]
    entity: str | None = None


def saying_at(ws: list[Word], k: int, lex: QuoteLexicon) -> bool:
    """Is ``ws[k]`` a saying verb (a separable one needs its particle later in the clause)?"""
    w = ws[k]
    if not w.is_word or (w.is_cap and k > 0 and ws[k - 1].text not in '.!?:"“„«»'):
        return False
    if k > 0 and ws[k - 1].lower in lex.determiners:
        return False  # a noun ("the report", "die Erklärung")
    if lex.is_saying(w.text):
        return not _in_idiom(ws, k, lex)  # "ehrlich gesagt", "needless to say"
    particles = lex.separable.get(lex.lemma(w.text))
    if not particles:
        return False
    for nxt in ws[k + 1 : k + 12]:
        if not nxt.is_word:
            return False
        if nxt.lower in particles:
            return True
    return False


def _in_idiom(ws: list[Word], k: int, lex: QuoteLexicon) -> bool:
    for idiom in lex.idioms:
        n = idiom.count(" ") + 1
        for start in range(max(0, k - n + 1), k + 1):
            if " ".join(w.lower for w in ws[start : start + n]) == idiom:
                return True
    return False


def np_word(w: Word, lex: QuoteLexicon) -> bool:
    low = w.lower
    if not w.is_word:
        return w.text in "-–'’"  # hyphens and possessive marks ("Sanders’ campaign manager")
    if low in lex.connectors or low in lex.determiners or low in lex.particles:
        return True
    if low in lex.stop or low in lex.boundaries or low in lex.impersonal:
        return False
    return True


def forward_np(ws: list[Word], i: int, lex: QuoteLexicon) -> list[Word]:
    """The speaker phrase starting at ``ws[i]`` (after an inverted saying verb or marker)."""
    if i < len(ws) and ws[i].lower in lex.pronouns | lex.impersonal:
        return [ws[i]]
    if i + 1 < len(ws) and ws[i].lower in lex.connectors - lex.determiners and not ws[i + 1].is_cap:
        return []  # "sprach von einer Mehrbelastung": an object, no speaker
    out: list[Word] = []
    window = ws[i : i + MAX_NP]
    for k, w in enumerate(window):
        if not np_word(w, lex) or (out and lex.is_saying(w.text) and not w.is_cap):
            break
        if lex.capitalised_nouns and any(x.is_cap for x in out) and _adverb_like(w, lex):
            nxt = window[k + 1] if k + 1 < len(window) else None
            attribute = w.lower.endswith(lex.adjective_endings) and nxt is not None and nxt.is_cap
            if w.lower not in lex.particles and not attribute:
                break  # after its noun a German phrase goes on with "des", "von", adjectives
        out.append(w)
    return _trim(out, lex)


def forward_apposition(ws: list[Word], i: int, lex: QuoteLexicon) -> list[Word]:
    """Like :func:`forward_np`, but "der Minister für Umwelt, Dr. X, ..." gives the named part."""
    first = forward_np(ws, i, lex)
    k = i + len(first)
    if first and not name_run(first, lex) and k + 1 < len(ws) and ws[k].text == ",":
        second = forward_np(ws, k + 1, lex)
        if second and name_run(second, lex):
            return second
    return first


def _trim(np: list[Word], lex: QuoteLexicon, lower_head: bool = False) -> list[Word]:
    """Drop trailing connectors, and lowercase words unless they head a phrase.

    A lowercase head is kept after a determiner or in subject position ("the editorial
    board wrote"); after an inverted verb a bare lowercase word is an object ("told reporters").
    """
    lower_head = lower_head or bool(np and np[0].lower in lex.determiners)

    def weak(w: Word) -> bool:
        if not w.is_word or w.lower in lex.connectors or w.lower in lex.determiners:
            return True
        return not w.is_cap and not lex.is_role(w.text) and not lower_head

    while np and weak(np[-1]):
        np = np[:-1]
    while np and not np[0].is_word:
        np = np[1:]
    return np


def backward_np(ws: list[Word], v: int, lex: QuoteLexicon, floor: int = 0) -> list[Word]:
    """The subject phrase ending before the verb ``ws[v]``; for appositions the named part."""
    j = _skip_adverbs(ws, v - 1, lex, floor)
    if j >= floor and ws[j].lower in lex.pronouns | lex.impersonal:
        return [ws[j]]
    parts: list[list[Word]] = []
    apposition = j >= floor and ws[j].text == ","
    if apposition:
        j -= 1
    while j >= floor and len(parts) < 3:
        part: list[Word] = []
        while j >= floor and np_word(ws[j], lex) and len(part) < MAX_NP:
            part.insert(0, ws[j])
            j -= 1
        if part:
            parts.insert(0, part)
        if not (apposition and j >= floor and ws[j].text == "," and part):
            break
        j -= 1
    if j >= floor and ws[j].lower in lex.stop and ws[j].lower not in lex.boundaries:
        return []  # an adverbial ("Am Freitag erklärte ..."): the subject follows the verb
    return _choose_part(parts, lex)


def _skip_adverbs(ws: list[Word], j: int, lex: QuoteLexicon, floor: int) -> int:
    """Step left over auxiliaries and adverbs before a verb. Where nouns are capitalised, any
    lowercase word that is no determiner or pronoun is one ("ich will sehr deutlich sagen")."""
    start = j
    while j >= floor and ws[j].lower in lex.between:
        j -= 1
    while lex.capitalised_nouns and j >= floor and start - j < 6 and _adverb_like(ws[j], lex):
        j -= 1
    return j


def _adverb_like(w: Word, lex: QuoteLexicon) -> bool:
    low = w.lower
    return (
        w.is_word
        and not w.is_cap
        and low not in lex.determiners | lex.pronouns | lex.impersonal | lex.boundaries
        and low not in lex.connectors
    )


def _choose_part(parts: list[list[Word]], lex: QuoteLexicon) -> list[Word]:
    parts = [_trim(p, lex, lower_head=True) for p in parts]
    parts = [p for p in parts if p]
    if not parts:
        return []
    if len(parts) == 1:
        return parts[0]
    named = [p for p in parts if name_run(p, lex)]
    plain = [p for p in named if p[0].lower not in lex.determiners]
    return (plain or named or parts[-1:])[0]


def name_run(np: list[Word], lex: QuoteLexicon) -> tuple[int, int] | None:
    """Offsets of the name in ``np``: the last run of capitalised name words before any
    "of"/"von" modifier ("Steve Hanke von der Johns Hopkins University" -> "Steve Hanke");
    words after a determiner start no name ("die Sprecherin", "the White House")."""
    runs: list[list[Word]] = []
    cur: list[Word] = []
    for k, w in enumerate(np):
        prev = np[k - 1].lower if k else ""
        if _name_word(w, lex) and not (
            not cur and (prev in lex.determiners or _lower_mod(np, k, lex))
        ):
            cur.append(w)
        elif cur and w.lower in lex.particles and k + 1 < len(np) and np[k + 1].is_cap:
            cur.append(w)
        else:
            if cur:
                runs.append(cur)
            cur = []
            if w.lower in lex.connectors and (runs or (k and lex.capitalised_nouns)):
                break  # "X von der Y-Universität", "der Minister für Umwelt": a modifier
    if cur:
        runs.append(cur)
    runs = [r for r in runs if not (r[-1].text.endswith(("'s", "’s")) and r[-1] is not np[-1])]
    if not runs:
        return None
    return (runs[-1][0].start, runs[-1][-1].end)


def _lower_mod(np: list[Word], k: int, lex: QuoteLexicon) -> bool:
    """Lowercase modifiers after a determiner before ``np[k]`` ("der stellvertretende X")."""
    j = k - 1
    while j >= 0 and np[j].is_word and not np[j].is_cap and np[j].lower not in lex.determiners:
        j -= 1
    return j < k - 1 and j >= 0 and np[j].lower in lex.determiners


def _name_word(w: Word, lex: QuoteLexicon) -> bool:
    low = w.lower
    return (
        w.is_cap
        and w.is_word
        and not lex.is_role(w.text)
        and low not in lex.determiners
        and low not in lex.pronouns
        and low not in lex.impersonal
        and w.text not in lex.titles
        and low not in lex.stop
    )


@dataclass(frozen=True)
class _Ref:
    start: int
    end: int
    name: str
    canonical: str
    person: bool


class SpeakerLinker:
    """Links speaker phrases of one document to its entities (or raw mentions, or names)."""

    def __init__(self, doc: Any, lex: QuoteLexicon) -> None:
        self.text: str = doc.text
        self.lex = lex
        self.refs = _entity_refs(doc) or _mention_refs(doc)
        self.heuristic = not self.refs
        self.named: list[_Ref] = _name_refs(doc.text, lex) if self.heuristic else []
        self.quoted: list[tuple[int, int]] = []  # quoted stretches: no antecedents inside

    def speaker(self, np: list[Word]) -> Speaker | None:
        """The speaker named by the phrase ``np``, pronouns and role nouns resolved."""
        if not np:
            return None
        s, e = np[0].start, np[-1].end
        if len(np) == 1 and np[0].lower in self.lex.impersonal:
            # "ich", "we", "they" speak but name nobody: kept as written; "es", "it": no speaker
            return Speaker(np[0].text, (s, e)) if np[0].lower in self.lex.personal else None
        ref = self._ref_inside(s, e)
        run = name_run(np, self.lex)
        if ref is not None:
            span = (ref.start, ref.end)
            if run is not None and run[0] <= ref.start and ref.end <= run[1]:
                span = run  # the fuller name written here ("Anna Maria Beispiel")
            return Speaker(self.text[span[0] : span[1]], span, ref.canonical)
        if run is not None and self._plausible(run, np):
            return self._named(run)
        if self._resolvable(np):
            found = self._resolve(s, np)
            if found is not None:
                return found
        return Speaker(self.text[s:e], (s, e), None)

    def _plausible(self, run: tuple[int, int], np: list[Word]) -> bool:
        """In languages that capitalise nouns, one known word ("Mitarbeiter") is a name only
        when the text also uses it in a longer name or after a role noun or title."""
        word = self.text[run[0] : run[1]]
        if not self.lex.capitalised_nouns or " " in word or not self.lex.known(word):
            return True
        if any(r.name.split()[-1:] == [word] and " " in r.name for r in self.named + self.refs):
            return True
        before = [w for w in np if w.end <= run[0]]
        return bool(before) and (
            self.lex.is_role(before[-1].text) or before[-1].text in self.lex.titles
        )

    def _named(self, run: tuple[int, int]) -> Speaker:
        name = self.text[run[0] : run[1]]
        canonical = self._canonical(name)
        self.named.append(_Ref(run[0], run[1], name, canonical, True))
        return Speaker(name, run, canonical if not self.heuristic or canonical != name else name)

    def _canonical(self, name: str) -> str:
        """The fullest earlier name sharing the last word ("Beispiel" -> "Anna Maria Beispiel")."""
        last = name.split()[-1].rstrip("s'’") if name.split() else name
        best = name
        for ref in self.named + [r for r in self.refs if r.person]:
            if ref.canonical.split()[-1:] == [last] and len(ref.canonical) > len(best):
                best = ref.canonical
        return best

    def _ref_inside(self, s: int, e: int) -> _Ref | None:
        inside = [r for r in self.refs if r.start >= s and r.end <= e]
        if not inside:
            inside = [r for r in self.refs if r.start < e and r.end > s]
        if not inside:
            return None
        persons = [r for r in inside if r.person]
        return (persons or inside)[-1]

    def _resolvable(self, np: list[Word]) -> bool:
        """A pronoun, or determiner + modifiers + a role noun ("der Präsident", "the minister")."""
        if len(np) == 1 and np[0].lower in self.lex.pronouns:
            return True
        body = [w for w in np if w.lower not in self.lex.determiners]
        return (
            0 < len(body) <= 3
            and self.lex.is_role(body[-1].text)
            and all(not w.is_cap or self.lex.is_role(w.text) for w in body)
        )

    def _resolve(self, offset: int, np: list[Word]) -> Speaker | None:
        pool = [
            r
            for r in (self.refs + self.named)
            if r.person and r.end <= offset and not any(s <= r.start < e for s, e in self.quoted)
        ]
        if not pool:
            return None
        role = np[-1].lower if self.lex.is_role(np[-1].text) else None
        fitting = [r for r in pool if role and self._has_role_before(r, role)]
        ref = max(fitting or pool, key=lambda r: r.end)
        return Speaker(self.text[ref.start : ref.end], (np[0].start, np[-1].end), ref.canonical)

    def _has_role_before(self, ref: _Ref, role: str) -> bool:
        before = self.text[max(0, ref.start - 60) : ref.start].lower()
        stem = self.lex.lemma(role)
        return stem in before or role in before


def _entity_refs(doc: Any) -> list[_Ref]:
    refs = []
    for kind, entities in (
        ("PER", getattr(doc, "persons", [])),
        ("ORG", getattr(doc, "organizations", [])),
    ):
        for ent in entities or []:
            for s, e in ent.mentions:
                refs.append(_Ref(s, e, ent.name, ent.canonical or ent.name, kind == "PER"))
    return sorted(refs, key=lambda r: r.start)


def _mention_refs(doc: Any) -> list[_Ref]:
    refs = []
    for m in getattr(doc, "mentions", []) or []:
        if m.label in ("PER", "ORG"):
            refs.append(_Ref(m.start, m.end, m.text, m.text, m.label == "PER"))
    persons = [r for r in refs if r.person]
    out = []
    for r in refs:  # a surname mention takes the fullest name that ends with it
        full = [
            p.name
            for p in persons
            if p.person and r.person and p.name.split()[-1:] == r.name.split()[-1:]
        ]
        out.append(_Ref(r.start, r.end, r.name, max(full, key=len) if full else r.name, r.person))
    return sorted(out, key=lambda r: r.start)


def _name_refs(text: str, lex: QuoteLexicon) -> list[_Ref]:
    """Without NER: runs of two or more capitalised name words, taken as persons."""
    from .words import words

    ws = words(text)
    refs, k = [], 0
    while k < len(ws):
        j = k
        while j < len(ws) and _name_word(ws[j], lex) and ws[j].is_word:
            j += 1
        if j - k >= 2 and not (k and ws[k - 1].lower in lex.determiners):
            name = text[ws[k].start : ws[j - 1].end]
            refs.append(_Ref(ws[k].start, ws[j - 1].end, name, name, True))
        k = max(j, k + 1)
    return refs
