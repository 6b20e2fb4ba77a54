"""Find toponym spans in a text: NER LOC/MISC mentions plus the gazetteer's own matches.

Language knowledge (inflection suffixes, name connectors) comes from
``resources/lexicons/<lang>/places.json``; the gazetteer supplies names in every language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...doc import Doc
from ...resources import lexicon_json
from ...resources.gazetteer import Candidate, Gazetteer, Place, normalize

#: a word: letters/digits with inner hyphens or apostrophes, or a dotted abbreviation (U.S.)
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[-'’]\w+)*")
MAX_WORDS = 5
#: a self-found single-word city needs this population (NER-found names need none)
BIG_CITY = 100_000
#: a city name NER labelled as a person is taken as the place from this population on
PERSON_OVERRIDE = 20_000


@dataclass
class Toponym:
    """One mention of a (possible) place: its span, lookup form and candidates."""

    start: int
    end: int
    text: str
    key: str  # the uninflected form looked up
    candidates: tuple[Candidate, ...]
    source: str  # ner | gazetteer
    demonym: bool = False
    actor: bool = False


@lru_cache(maxsize=16)
def lexicon(lang: str) -> dict[str, Any]:
    """``places.json`` for ``lang`` (English when the language has none)."""
    found = lexicon_json(lang, "places.json") or lexicon_json("en", "places.json")
    assert found is not None, "the English places lexicon ships with newsgraph"
    return found


@lru_cache(maxsize=16)
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang`` (capitalised stop words are never places)."""
    try:
        from spacy.util import get_lang_class

        return frozenset(get_lang_class(lang).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - no spaCy rules for this language
        return frozenset()


def words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def resolve_form(gaz: Gazetteer, form: str, lang: str) -> tuple[str, tuple[Candidate, ...]]:
    """Candidates for a surface form, trying inflection suffixes when the form itself fails.

    An acronym ("EU", "UN") only names a country or subdivision through a known short form.
    """
    if form.isupper() and len(form) <= 3:
        found = tuple(
            c
            for c in gaz.lookup(form)
            if c.kind == "short" or c.kind == "name" and c.place.feature == "country"
        )
        return form, found
    found = gaz.lookup(form)
    if _strong(found):
        return form, found
    for suffix in lexicon(lang).get("name_suffixes", []):
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            base = form[: len(form) - len(suffix)]
            hits = gaz.lookup(base)
            if _strong(hits):
                return base, hits
    return form, found


def _strong(cands: tuple[Candidate, ...]) -> bool:
    """Whether a lookup found more than a tiny village's alternate name."""
    return any(
        c.place.feature != "city" or c.kind == "name" or c.place.population >= 10_000 for c in cands
    )


def ner_toponyms(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """LOC mentions (every one kept, resolvable or not) and MISC mentions that are demonyms."""
    out = []
    for m in doc.mentions:
        if m.label == "PER":
            top = _place_not_person(doc, gaz, m.start, m.end)
            if top is not None:
                out.append(top)
            continue
        if m.label not in ("LOC", "MISC"):
            continue
        start, end, text = _trim(doc.text, m.start, m.end, doc.language)
        if end <= start:
            continue
        key, cands = resolve_form(gaz, text, doc.language)
        if not cands and doc.text[end : end + 1] == ".":  # "W.Va" + sentence-final period
            key, cands = resolve_form(gaz, text + ".", doc.language)
            end, text = (end + 1, text + ".") if cands else (end, text)
        demonyms = tuple(c for c in cands if c.kind == "demonym")
        if m.label == "MISC":
            if demonyms:
                out.append(Toponym(start, end, text, key, demonyms, "ner", True))
            continue
        places = tuple(c for c in cands if c.kind != "demonym") or cands
        out.append(
            Toponym(start, end, text, key, places, "ner", bool(places) and places == demonyms)
        )
    return out


def _place_not_person(doc: Doc, gaz: Gazetteer, start: int, end: int) -> Toponym | None:
    """A PER mention that is exactly a country, subdivision or sizeable city name.

    NER often labels a lone place name as a person ("Sri Lanka", "Alexandria"); a full
    person name ("George Washington") is not a place name and stays a person.
    """
    start, end, text = _trim(doc.text, start, end, doc.language)
    key, cands = resolve_form(gaz, text, doc.language)
    good = tuple(
        c
        for c in cands
        if c.kind != "demonym"
        and (c.place.feature in ("country", "adm1") or c.place.population >= PERSON_OVERRIDE)
    )
    if not good:
        return None
    return Toponym(start, end, text, key, tuple(c for c in cands if c.kind != "demonym"), "ner")


def _trim(text: str, start: int, end: int, lang: str) -> tuple[int, int, str]:
    """Strip a leading article and trailing possessive/punctuation from a mention."""
    span = text[start:end]
    for article in lexicon(lang).get("articles", []):
        if span.startswith(article + " "):
            start += len(article) + 1
            span = span[len(article) + 1 :]
    for tail in ("'s", "’s"):
        if span.endswith(tail):
            end -= len(tail)
            span = span[: -len(tail)]
    while span and not span[-1].isalnum() and span[-1] != ".":
        end -= 1
        span = span[:-1]
    return start, end, span


Accept = Callable[[tuple[Candidate, ...], str, int, bool], tuple[Candidate, ...]]


def gazetteer_toponyms(
    doc: Doc,
    gaz: Gazetteer,
    blocked: list[tuple[int, int]],
    sentence_starts: set[int],
    accept: Accept | None = None,
) -> list[Toponym]:
    """Names the gazetteer knows well: countries, subdivisions, big cities, demonyms.

    ``blocked`` spans are skipped; longest match wins; ``accept`` picks the candidates
    reliable enough without NER (default: :func:`_accept`).
    """
    toks = words(doc.text)
    mask = bytearray(len(doc.text) + 1)  # 1 = inside a blocked span
    for start, end in blocked:
        mask[start:end] = b"\x01" * (end - start)
    out: list[Toponym] = []
    i = 0
    while i < len(toks):
        found = None
        if not mask[toks[i][0]]:
            found = _match_at(doc, gaz, toks, i, (sentence_starts, mask), accept or _accept)
        if found is None:
            i += 1
            continue
        top, n = found
        out.append(top)
        i += n
    return out


def _match_at(
    doc: Doc,
    gaz: Gazetteer,
    toks: list[tuple[int, int]],
    i: int,
    where: tuple[set[int], bytearray],
    accept: Accept,
) -> tuple[Toponym, int] | None:
    text, lang = doc.text, doc.language
    sentence_starts, blocked = where
    first = text[toks[i][0] : toks[i][1]]
    if first.lower() in stop_words(lang) or first.isdigit():
        return None
    if not first[0].isupper():
        return _demonym_at(doc, gaz, toks[i])
    if "-" in first:
        found = _compound_head(doc, gaz, toks[i])
        if found is not None:
            return found
    for n in range(min(MAX_WORDS, len(toks) - i), 0, -1):
        start, end = toks[i][0], toks[i + n - 1][1]
        if n > 1 and not _name_like(text, toks[i : i + n], lang):
            continue
        if 1 in blocked[start:end]:
            continue
        form = text[start:end]
        key, cands = resolve_form(gaz, form, lang)
        good = accept(cands, lang, n, start in sentence_starts)
        if n == 1 and good and _followed_by_name(text, end, lang) and not _in_org(doc, start):
            good = tuple(c for c in good if c.place.feature in ("country", "continent"))
        if good:
            demonym = all(c.kind == "demonym" for c in good)
            keep = good if demonym else tuple(c for c in cands if c.kind != "demonym")
            return Toponym(start, end, form, key, keep, "gazetteer", demonym), n
    return None


def _in_org(doc: Doc, offset: int) -> bool:
    """Inside an organisation name ("Mansfield Police Department"): the next word is the org's."""
    return any(m.label == "ORG" and m.start <= offset < m.end for m in doc.mentions)


def _followed_by_name(text: str, end: int, lang: str) -> bool:
    """A capitalised word or an initial right after: "George W. Bush", "Paris Hilton".

    In languages that capitalise every noun (``nouns_capitalised``) only an initial counts.
    """
    if text[end : end + 1] != " ":
        return False
    m = re.compile(r"[^\W\d_]+\.?").match(text, end + 1)
    if not m or not m.group()[0].isupper():
        return False
    initial = len(m.group()) == 2 and m.group().endswith(".")
    return initial or not lexicon(lang).get("nouns_capitalised", False)


def _compound_head(doc: Doc, gaz: Gazetteer, tok: tuple[int, int]) -> tuple[Toponym, int] | None:
    """A country name heading a hyphenated compound ("US-Truppen", "Irak-Krieg")."""
    form = doc.text[tok[0] : tok[1]]
    if gaz.lookup(form):
        return None
    head = form.split("-")[0]
    key, cands = resolve_form(gaz, head, doc.language)
    good = tuple(c for c in cands if c.place.feature == "country" and c.kind in ("name", "short"))
    if not good or not head[:1].isupper():
        return None
    return Toponym(tok[0], tok[0] + len(head), head, key, good, "gazetteer"), 1


def _demonym_at(doc: Doc, gaz: Gazetteer, tok: tuple[int, int]) -> tuple[Toponym, int] | None:
    """A lower-case country adjective of the article's language ("portugiesische")."""
    form = doc.text[tok[0] : tok[1]]
    if len(form) < 4 or normalize(form) not in gaz.demonym_keys(doc.language):
        return None
    cands = tuple(
        c for c in gaz.lookup(form) if c.kind == "demonym" and doc.language in c.lang.split(",")
    )
    if not cands:
        return None
    return Toponym(tok[0], tok[1], form, form, cands, "gazetteer", True), 1


def _name_like(text: str, toks: list[tuple[int, int]], lang: str) -> bool:
    """Every word capitalised, except connectors ("of", "am") inside the name."""
    connectors = set(lexicon(lang).get("name_connectors", []))
    for k, (s, e) in enumerate(toks):
        word = text[s:e]
        if word[0].isupper():
            continue
        if 0 < k < len(toks) - 1 and word in connectors:
            continue
        return False
    gaps = [text[a[1] : b[0]] for a, b in zip(toks, toks[1:], strict=False)]
    return all(g in (" ", "-", ". ") for g in gaps)


def _accept(
    cands: tuple[Candidate, ...], lang: str, n: int, sentence_start: bool
) -> tuple[Candidate, ...]:
    """The candidates reliable enough to take a name without NER support."""
    good = []
    for c in cands:
        p = c.place
        langs = c.lang.split(",") if c.lang else []
        if c.kind == "demonym":
            ok = lang in langs
        elif p.feature in ("country", "continent"):
            ok = c.kind == "short" or lang in langs or "en" in langs or c.kind == "alt" and n > 1
        elif sentence_start and n == 1:
            # a capitalised first word may be a common word ("Reading", "Mobile")
            big = p.population >= 10 * BIG_CITY or p.capital
            ok = (p.feature == "city" and big) or (p.feature == "adm1" and c.kind == "name")
        elif p.feature == "adm1":
            ok = c.kind == "name" or n > 1
        elif p.feature == "city":
            need = BIG_CITY if c.kind == "name" else 5 * BIG_CITY
            if n > 1:  # "Santa Clara" is a name; "Karl Marx" an old alias of a village
                need = BIG_CITY // 10 if c.kind == "name" else BIG_CITY
            ok = p.population >= need
        else:
            ok = n > 1
        if ok:
            good.append(c)
    return tuple(good)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Taken:
    """Spans taken so far, answering "does this span overlap one?" in time proportional to the
    span's length, not to the number of spans (a name repeated 100,000 times stays linear)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans: list[tuple[int, int]] = []
        self.chars: set[int] = set()
        self.odd: list[tuple[int, int]] = []  # empty or reversed spans: checked one by one
        for span in spans:
            self.add(span)

    def add(self, span: tuple[int, int]) -> None:
        self.spans.append(span)
        if span[1] > span[0]:
            self.chars.update(range(span[0], span[1]))
        else:
            self.odd.append(span)

    def overlaps(self, span: tuple[int, int]) -> bool:
        if span[1] <= span[0]:
            return any(_overlaps(span, b) for b in self.spans)
        chars = self.chars
        return any(i in chars for i in range(span[0], span[1])) or any(
            _overlaps(span, b) for b in self.odd
        )


def all_toponyms(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """NER toponyms, gazetteer matches outside person names and NER places, and every
    further occurrence of a name already found (one sense per discourse), in text order.

    Place names inside organisation names ("Minnesota Department of Transportation") count.
    """
    from_ner = ner_toponyms(doc, gaz)
    blocked = [(m.start, m.end) for m in doc.mentions if m.label in ("PER", "LOC")]
    blocked += [(t.start, t.end) for t in from_ner]
    lines = datelines(doc, gaz, [(t.start, t.end) for t in from_ner])
    blocked += [(t.start, t.end) for t in lines]
    own = gazetteer_toponyms(doc, gaz, blocked, _sentence_starts(doc)) + lines
    found = from_ner + own
    found += _repeats(doc, found, blocked + [(t.start, t.end) for t in own])
    return sorted(found, key=lambda t: t.start)


def local_toponyms(
    doc: Doc, gaz: Gazetteer, found: list[Toponym], near: Callable[[Place], bool]
) -> list[Toponym]:
    """Small towns the NER missed, named like a city near the article's other places
    (local news: "Lombard" next to its county and neighbouring towns)."""

    def accept(
        cands: tuple[Candidate, ...], lang: str, n: int, first: bool
    ) -> tuple[Candidate, ...]:
        if first:
            return ()
        return tuple(
            c for c in cands if c.kind == "name" and c.place.feature == "city" and near(c.place)
        )

    taken = [(m.start, m.end) for m in doc.mentions if m.label == "PER"]
    taken += [(t.start, t.end) for t in found]
    own = gazetteer_toponyms(doc, gaz, taken, _sentence_starts(doc), accept)
    return own + _repeats(doc, own, taken + [(t.start, t.end) for t in own])


_DATELINE = re.compile(
    r"([A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+)*)(?:,[^\n—–(-]{1,30})?\s*(?:—|–|--|-|\()"
)


def datelines(doc: Doc, gaz: Gazetteer, taken: list[tuple[int, int]]) -> list[Toponym]:
    """The upper-case place opening a news item: "MANSFIELD — ...", "LISBON (Reuters) - ..."."""
    out = []
    starts = {s for s, _ in doc.sentences} | {0}
    starts |= {m.end() for m in re.finditer(r"[.!?\n]\s+", doc.text)}
    index = _Taken(taken)
    for s in sorted(starts):
        m = _DATELINE.match(doc.text, s)
        if m is None or len(m.group(1)) < 3 or index.overlaps(m.span(1)):
            continue
        key, cands = resolve_form(gaz, m.group(1).title(), doc.language)
        cands = tuple(c for c in cands if c.kind in ("name", "short"))
        if cands:
            out.append(Toponym(m.start(1), m.end(1), m.group(1), key, cands, "dateline"))
            taken.append(m.span(1))
            index.add(m.span(1))
    return out


def _sentence_starts(doc: Doc) -> set[int]:
    return _first_words(doc.text, {s for s, _ in doc.sentences} | {0})


def _repeats(doc: Doc, found: list[Toponym], taken: list[tuple[int, int]]) -> list[Toponym]:
    """Other occurrences of a resolved, capitalised name that no mention covers yet."""
    out = []
    forms = {t.text: t for t in found if t.candidates and t.text[:1].isupper()}
    index = _Taken(taken)
    for form, top in sorted(forms.items()):
        pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
        for m in pattern.finditer(doc.text):
            span = (m.start(), m.end())
            if not index.overlaps(span):
                out.append(Toponym(*span, form, top.key, top.candidates, "repeat", top.demonym))
                taken.append(span)
                index.add(span)
    return out


def _first_words(text: str, starts: set[int]) -> set[int]:
    """Offsets of sentence-initial words (after leading quotes/brackets)."""
    out = set()
    for s in starts:
        m = _WORD.search(text, s)
        if m:
            out.add(m.start())
    return out


def iter_tokens_after(text: str, end: int, limit: int = 3) -> Iterator[str]:
    """The next few words after ``end`` (for actor verbs and "X state")."""
    for k, m in enumerate(_WORD.finditer(text, end)):
        if k >= limit:
            return
        yield m.group()
