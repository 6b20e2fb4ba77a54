"""Counts (GDELT V2Counts: KILL, WOUND, ARREST ...) and amounts (V2Amounts) with their evidence.

Token-window rules over the sentence stage's spaCy tokens; all language knowledge (number
formats, trigger words, cue words) lives in ``resources/lexicons/<lang>/counts.json``, so a new
language is a new data file.

How a count is found, in one sentence:

1. quantities: digits, number words, vague words, qualifiers, ranges (:mod:`.quantities`);
2. triggers: trigger words/phrases of each count type, matched on the lower-cased token or its
   simplemma lemma, with a kind: ``verb`` (the number is the subject before it - passive or
   intransitive - or its object right after it), ``noun`` ("85 Festnahmen", "deaths of 12"),
   ``adj`` ("two people dead");
3. pairs: every (quantity, trigger) pair allowed by the kind gets a cost (token distance; a
   passive auxiliary between a number and a verb makes the pair cheap, "a"/"ein" only counts
   as 1 next to a verb); pairs are taken cheapest first, each quantity and trigger used once,
   so different victim groups in one sentence stay separate counts;
4. the counted object is the noun phrase after the number ("Mitglieder der Feuerwehr"); the
   location is the nearest place of ``doc.locations`` in the same sentence, if any.

Negated, hypothetical and future statements ("no one was killed", "könnten ... getötet werden")
are **not emitted** (a cue word in the clause around the pair drops it), so ``negated`` is
always False in the output.

Amounts (:mod:`.amounts`): every quantity with an exact value and a noun object, except years,
ages, dates, times, durations, ordinals, phone-like digit strings and model names. Numbers used
by counts are kept as amounts too, as GDELT does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...doc import Doc
from ...record import Amount, Count, Total
from .amounts import amounts_in, not_an_amount
from .lexicon import CountsLexicon, load_lexicon
from .quantities import (
    QUOTES,
    Phrase,
    Quantity,
    Tok,
    match_phrase,
    phrase_text,
)
from .totals import article_totals

#: hard clause boundaries a pair never crosses
_BOUNDARY = frozenset(",;:()[]—–")
#: count types whose definite singular object is one person ("killed the commander")
_PERSON_TYPES = frozenset({"KILL", "WOUND", "ARREST", "KIDNAP"})
_BEFORE_WINDOW = {"verb": 14, "intransitive": 14, "noun": 1, "adj": 3, "toll": -1}
_AFTER_WINDOW = {"verb": 2, "intransitive": 2, "noun": 3, "adj": -1, "toll": 6}


@dataclass(frozen=True)
class Trigger:
    first: int
    last: int
    type: str
    kind: str


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=lang)).lower()
    except (ValueError, KeyError):
        return word.lower()


def sentence_tokens(doc: Doc, span: tuple[int, int], lang: str) -> list[Tok]:
    """Tokens of ``doc.tokens`` inside ``span`` (tokenising the sentence if no tokens were kept)."""
    if doc.tokens is not None:
        chars = doc.tokens.char_span(span[0], span[1], alignment_mode="expand")
        words = [(t.text, t.idx) for t in chars] if chars is not None else []
    else:
        from ...textutils import blank_pipeline

        words = [
            (t.text, t.idx + span[0]) for t in blank_pipeline(lang)(doc.text[span[0] : span[1]])
        ]
    return [
        Tok(w, w.lower(), _lemma(w, lang) if w.isalpha() else w.lower(), s, s + len(w))
        for w, s in words
        if not w.isspace()
    ]


class CountsStage:
    """Find counts of people killed, wounded, arrested ... and amounts, with their evidence."""

    name = "counts"
    requires = ("text", "language", "sentences")
    produces = ("counts", "totals", "amounts")

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            lex = _lexicon_for(doc.language)
            if lex is None:
                doc.counts, doc.totals, doc.amounts = [], [], []
                continue
            doc.counts, doc.amounts = analyse(doc, lex)
            doc.totals = totals_with(lex, doc.text, doc.counts)


def _lexicon_for(language: str | None) -> CountsLexicon | None:
    return load_lexicon((language or "").split("-")[0].lower())


def totals_with(lex: CountsLexicon, text: str, counts: Sequence[Count]) -> list[Total]:
    """The article totals of ``counts`` with this language's lexicon and lemmas."""
    return article_totals(text, counts, lex.totals, lambda w: _lemma(w, lex.lang))


def article_totals_for(text: str, counts: Sequence[Count], language: str | None) -> list[Total]:
    """Totals of stored counts (the store's migration of older articles); [] without a lexicon."""
    lex = _lexicon_for(language)
    return totals_with(lex, text, counts) if lex is not None else []


def analyse(doc: Doc, lex: CountsLexicon) -> tuple[list[Count], list[Amount]]:
    counts: list[Count] = []
    amounts: list[Amount] = []
    places = _place_mentions(doc)
    dates = [d.span for d in doc.dates or ()]  # filled when the dates stage ran first
    for span in doc.sentences:
        toks = sentence_tokens(doc, span, lex.lang)
        if not toks:
            continue
        quantities = lex.numbers.scan(toks)
        if not quantities and not lex.definite:
            continue
        quantities, phrases = _outer(
            quantities, [noun_phrase(toks, q.last, lex) for q in quantities]
        )
        triggers = find_triggers(toks, lex)
        pairs = pair_up(toks, quantities, phrases, triggers, lex)
        pairs += _definite_objects(toks, triggers, pairs, lex)
        for q, trig, phrase in pairs:
            counts.append(_count(doc, toks, q, trig, phrase, places, span))
        amounts.extend(amounts_in(doc, toks, quantities, phrases, lex, dates))
    return counts, amounts


def _outer(
    quantities: list[Quantity], phrases: list[Phrase]
) -> tuple[list[Quantity], list[Phrase]]:
    """Drop numbers inside an earlier number's phrase ("40 new 737 jets"); a vague group
    stays ("one of several hostages")."""
    kept: list[tuple[Quantity, Phrase]] = []
    for q, phrase in zip(quantities, phrases, strict=True):
        if kept and q.kind != "vague" and kept[-1][1].first <= q.core < kept[-1][1].last:
            continue
        kept.append((q, phrase))
    return [q for q, _p in kept], [p for _q, p in kept]


def _definite_objects(
    toks: list[Tok],
    triggers: list[Trigger],
    pairs: list[tuple[Quantity, Trigger, Phrase]],
    lex: CountsLexicon,
) -> list[tuple[Quantity, Trigger, Phrase]]:
    """ "killed the rebel commander": one person, the singular object of an unpaired verb."""
    if not lex.definite:
        return []
    paired = {(t.first, t.last) for _q, t, _p in pairs}
    out = []
    for trig in triggers:
        i = trig.last
        if trig.type not in _PERSON_TYPES or trig.kind != "verb" or i >= len(toks):
            continue
        if (trig.first, trig.last) in paired:
            continue
        if toks[i].lower not in lex.definite:
            continue
        phrase = noun_phrase(toks, i + 1, lex)
        head = toks[phrase.last - 1] if phrase.last > phrase.first else None
        if head is None or head.lemma != head.lower or head.lower in lex.invariable:
            continue
        q = Quantity(i, i + 1, i, 1.0, None, False, None, "definite")
        if not _cancelled(toks, q, trig, lex):
            out.append((q, trig, phrase))
    return out


def find_triggers(toks: list[Tok], lex: CountsLexicon) -> list[Trigger]:
    out: list[Trigger] = []
    i = 0
    while i < len(toks):
        hit = match_phrase(lex.triggers, toks, i)
        if hit is None and toks[i].lemma != toks[i].lower:
            hit = _lemma_hit(lex, toks[i].lemma)
        if hit is None:
            i += 1
            continue
        length, entries = hit
        out.extend(Trigger(i, i + length, t, k) for t, k in entries)
        i += length
    return out + _separable(toks, lex)


def _separable(toks: list[Tok], lex: CountsLexicon) -> list[Trigger]:
    """ "Die Polizei nahm 20 Personen fest": the finite verb triggers when its particle follows."""
    out = []
    for i, tok in enumerate(toks):
        for count_type, particle in lex.separable.get(tok.lower, ()):
            j = i + 1
            while j < len(toks) and j - i <= 12 and toks[j].text not in _BOUNDARY | {".", "!", "?"}:
                if match_phrase(particle, toks, j) is not None:
                    out.append(Trigger(i, i + 1, count_type, "verb"))
                    break
                j += 1
    return out


def _lemma_hit(lex: CountsLexicon, lemma: str) -> tuple[int, Any] | None:
    for words, value in lex.triggers.get(lemma, ()):
        if len(words) == 1:
            return 1, value
    return None


def noun_phrase(toks: list[Tok], start: int, lex: CountsLexicon) -> Phrase:
    """The counted noun phrase right after a number: head words plus linked genitives."""
    i = start
    if i < len(toks) and toks[i].lower in lex.numbers.of_words:
        i += 1
    first = i
    last = _content_run(toks, i, lex, allow_trigger_first=True)
    while last > first and lex.trim_suffixes and toks[last - 1].lower.endswith(lex.trim_suffixes):
        last -= 1  # "workers based (in)", "people associated (with)"
    if last == first:
        return Phrase(first, first, "")
    head = toks[last - 1].text
    linked = False
    while True:
        nxt = _linked_run(toks, last, lex, allow_coordination=linked)
        if nxt is None:
            return Phrase(first, last, head)
        last, linked = nxt, True


def _content_run(toks: list[Tok], i: int, lex: CountsLexicon, allow_trigger_first: bool) -> int:
    """End of up to four content words from ``i`` (quotes skipped), trimmed to a noun."""
    j, end, words = i, i, 0
    while j < len(toks) and words < 4:
        tok = toks[j]
        if tok.text in QUOTES:
            j += 1
            continue
        if not _content_word(tok, lex) and not (words and tok.text.isdigit()):
            break  # a number inside the phrase is fine: "five new 737 aircraft"
        if words and _is_trigger_word(toks, j, lex):
            if _head_trigger(toks, j, lex) and (not lex.capitalized or tok.text[0].isupper()):
                return j + 1  # "50.000 äthiopische Flüchtlinge", "three civilian bodies"
            break
        words += 1
        j += 1
        if not lex.capitalized:
            end = j
        elif tok.text[0].isupper():
            return j  # the noun closes a German-style phrase: adjectives come before it
        if allow_trigger_first and words == 1 and _is_trigger_word(toks, j - 1, lex):
            if not _noun_trigger(toks, j - 1, lex):
                return i  # "Dozens died": no counted phrase, the trigger follows
            break
    return end


def _content_word(tok: Tok, lex: CountsLexicon) -> bool:
    text = tok.text.replace("-", "")
    if not (text.isalpha() or (text.isalnum() and not text.isdigit())) or tok.lower in lex.stop:
        return False
    return not (lex.stop_suffixes and tok.lower.endswith(lex.stop_suffixes))


def _is_trigger_word(toks: list[Tok], j: int, lex: CountsLexicon) -> bool:
    return (
        match_phrase(lex.triggers, toks, j) is not None
        or _lemma_hit(lex, toks[j].lemma) is not None
    )


def _noun_trigger(toks: list[Tok], j: int, lex: CountsLexicon) -> bool:
    hit = match_phrase(lex.triggers, toks, j) or _lemma_hit(lex, toks[j].lemma)
    return hit is not None and any(kind in ("noun", "adj") for _t, kind in hit[1])


def _head_trigger(toks: list[Tok], j: int, lex: CountsLexicon) -> bool:
    """A trigger that is only a noun ("deaths", "Flüchtlinge"), never "dead" after "people"."""
    hit = match_phrase(lex.triggers, toks, j) or _lemma_hit(lex, toks[j].lemma)
    return hit is not None and all(kind == "noun" for _t, kind in hit[1])


def _linked_run(
    toks: list[Tok], i: int, lex: CountsLexicon, allow_coordination: bool
) -> int | None:
    """``der Feuerwehr`` / ``und der Polizei`` / ``of the army`` after a phrase, if any."""
    j = i
    if allow_coordination and j < len(toks) and toks[j].lower in lex.coordinators:
        j += 1
        if j >= len(toks) or toks[j].lower not in lex.determiners | lex.links:
            return None
    if j >= len(toks) or toks[j].lower not in lex.links | lex.determiners:
        return None
    j += 1
    if j < len(toks) and toks[j].lower in lex.determiners:
        j += 1
    end = _content_run(toks, j, lex, allow_trigger_first=False)
    return end if end > j else None


def pair_up(
    toks: list[Tok],
    quantities: list[Quantity],
    phrases: list[Phrase],
    triggers: list[Trigger],
    lex: CountsLexicon,
) -> list[tuple[Quantity, Trigger, Phrase]]:
    """Cheapest-first pairing: each trigger once; a quantity once with a verb or adjective
    and once more with the noun heading its own phrase ("nahm 20 Demonstranten fest")."""
    candidates = []
    for qi, (q, phrase) in enumerate(zip(quantities, phrases, strict=True)):
        if phrase.head.lower() in lex.units or not_an_amount(toks, q, phrase, lex):
            continue
        for ti, trig in enumerate(triggers):
            cost = _pair_cost(toks, q, phrase, trig, quantities, lex)
            if cost is not None:
                candidates.append((cost, qi, ti))
    used_q: set[int] = set()
    used_t: set[tuple[int, int]] = set()
    pairs = []
    types: dict[int, set[str]] = {}
    heads: set[int] = set()
    for _cost, qi, ti in sorted(candidates):
        trig = triggers[ti]
        head = phrases[qi].first <= trig.first < phrases[qi].last
        if (trig.first, trig.last) in used_t or trig.type in types.get(qi, set()):
            continue
        if (head and qi in heads) or (not head and qi in used_q):
            continue
        (heads if head else used_q).add(qi)
        types.setdefault(qi, set()).add(trig.type)
        used_t.add((trig.first, trig.last))
        q = quantities[qi]
        if not _cancelled(toks, q, trig, lex):
            pairs.append((q, trig, phrases[qi]))
    pairs += _coordinated(toks, quantities, phrases, pairs, used_q, lex)
    return sorted(pairs, key=lambda p: (p[0].first, p[1].first))


def _coordinated(
    toks: list[Tok],
    quantities: list[Quantity],
    phrases: list[Phrase],
    pairs: list[tuple[Quantity, Trigger, Phrase]],
    used_q: set[int],
    lex: CountsLexicon,
) -> list[tuple[Quantity, Trigger, Phrase]]:
    """Groups joined to a paired group ("a leader and two associates were detained")."""
    extra: list[tuple[Quantity, Trigger, Phrase]] = []
    trigger_of = {q.first: t for q, t, _ in pairs}
    chained_q: set[int] = set()
    for _round in range(3):
        added = False
        for qi, q in enumerate(quantities):
            if qi in used_q:
                continue
            for ni in (qi - 1, qi + 1):
                if 0 <= ni < len(quantities) and quantities[ni].first in trigger_of:
                    a, b = (ni, qi) if ni < qi else (qi, ni)
                    chained = quantities[ni].first in chained_q
                    trig = trigger_of[quantities[ni].first]
                    if phrases[ni].first <= trig.first < phrases[ni].last:
                        continue  # "10 million cases and 140,000 deaths": the noun decides
                    if _joined(toks, phrases[a], quantities[b], lex, chained):
                        extra.append((q, trig, phrases[qi]))
                        trigger_of[q.first] = trig
                        chained_q.add(q.first)
                        used_q.add(qi)
                        added = True
                        break
        if not added:
            break
    return extra


def _joined(
    toks: list[Tok], left: Phrase, right: Quantity, lex: CountsLexicon, chained: bool
) -> bool:
    """Two groups joined by "and", "along with" ... (a bare comma inside an "and" list)."""
    gap = toks[left.last : right.first]
    if left.last <= left.first or not 0 < len(gap) <= 3:
        return False
    if not all(t.lower in lex.joiners for t in gap):
        return False
    return chained or any(t.lower in lex.joiners_strong for t in gap)


def _pair_cost(
    toks: list[Tok],
    q: Quantity,
    phrase: Phrase,
    trig: Trigger,
    quantities: list[Quantity],
    lex: CountsLexicon,
) -> float | None:
    lo, hi = (q.last, trig.first) if q.last <= trig.first else (trig.last, q.first)
    blocking = (o for o in quantities if o is not q and o.kind != "article")
    if any(lo <= other.core < hi for other in blocking):
        return None
    if q.last <= trig.first:
        return _before_cost(toks, q, phrase, trig, lex)
    if trig.last <= q.first:
        return _after_cost(toks, q, trig, quantities, lex)
    return None


def _before_cost(
    toks: list[Tok], q: Quantity, phrase: Phrase, trig: Trigger, lex: CountsLexicon
) -> float | None:
    """Number (and its phrase) before the trigger: "40 Soldaten seien getötet worden"."""
    if phrase.first <= trig.first < phrase.last:  # "85 Festnahmen": the trigger heads it
        return 0.0 if q.kind != "article" else None
    gap = toks[max(q.last, phrase.last) : trig.first]
    if len(gap) > _BEFORE_WINDOW[trig.kind]:
        return None
    between = toks[q.last : trig.first]
    if any(t.text in _BOUNDARY and not _relative_comma(toks, q, phrase, t, lex) for t in between):
        return None
    before = toks[trig.first - 1].lower if trig.first > 0 else ""
    after_comma = trig.first > 1 and toks[trig.first - 2].text == ","  # ", die getötet ..."
    if before in lex.gerund_preps or (
        before in lex.determiners and trig.kind != "noun" and not after_comma
    ):
        return None  # "aimed at capturing", "charged with the murder": not about the number
    near = any(t.lower in lex.passive_aux for t in between[-3:])
    after = toks[trig.last : trig.last + lex.aux_after]  # "getötet (oder verletzt) worden"
    passive = near or any(t.lower in lex.passive_aux for t in [*between, *after])
    if q.kind == "article" and not (trig.kind == "verb" and near and len(gap) <= 3):
        return None
    if trig.kind == "verb" and not passive and gap:
        if lex.subject_first:
            return None  # English: the subject of an active verb ("three teams captured ...")
        if any(t.lower in lex.determiners or t.lower in lex.numbers.articles for t in gap):
            return None  # "Drei Männer haben einen Polizisten erschossen": another object
    return len(gap) + (-10.0 if passive else 1.0)


def _relative_comma(
    toks: list[Tok], q: Quantity, phrase: Phrase, tok: Tok, lex: CountsLexicon
) -> bool:
    """The comma that opens a relative clause on the counted phrase ("70 civilians, who ...")."""
    end = max(q.last, phrase.last)
    return (
        tok.text == ","
        and end < len(toks)
        and toks[end] is tok
        and end + 1 < len(toks)
        and toks[end + 1].lower in lex.relative_pronouns
    )


def _after_cost(
    toks: list[Tok], q: Quantity, trig: Trigger, quantities: list[Quantity], lex: CountsLexicon
) -> float | None:
    """Number after the trigger: "killed two soldiers", "deaths of 12 people"."""
    between = toks[trig.last : q.first]
    window = lex.object_window if trig.kind in ("verb", "intransitive") else None
    if len(between) > (window if window is not None else _AFTER_WINDOW[trig.kind]):
        return None
    if any(t.text in _BOUNDARY or t.lower in lex.coordinators for t in between):
        return None
    of_link = any(t.lower in lex.numbers.of_words for t in between)
    if trig.kind == "toll":  # "death toll rose to 30", "Zahl der Toten stieg auf 30"
        return len(between) + 0.5
    if trig.kind == "noun" and not of_link:
        return None
    if q.kind == "article" and between and not of_link:
        return None
    return len(between) + 0.5


def _cancelled(toks: list[Tok], q: Quantity, trig: Trigger, lex: CountsLexicon) -> bool:
    """A negation or hypothetical/future cue in the clause around the pair."""
    lo = min(q.first, trig.first)
    hi = max(q.last, trig.last)
    start = lo
    while start > 0 and lo - start < 4 and toks[start - 1].text not in _BOUNDARY:
        start -= 1
    window = toks[start:hi]
    if trig.first > 0 and toks[trig.first - 1].lower in lex.purpose:
        return True  # "an operation to arrest ...", "um ... zu töten": intended, not done
    return any(t.lower in lex.negation or t.lower in lex.hypothetical for t in window)


def _count(
    doc: Doc,
    toks: list[Tok],
    q: Quantity,
    trig: Trigger,
    phrase: Phrase,
    places: list[tuple[int, int, str]],
    sentence: tuple[int, int],
) -> Count:
    start = toks[min(q.first, trig.first)].start
    end = toks[max(q.last, phrase.last, trig.last) - 1].end
    obj = phrase_text(doc, toks, phrase)
    return Count(
        type=trig.type,
        number=q.value,
        approximate=q.approximate,
        object=obj,
        span=(start, end),
        location=_nearest_place(places, sentence, start, end),
        qualifier=q.qualifier,
        number_max=q.value_max,
        negated=False,
        trigger=doc.text[toks[trig.first].start : toks[trig.last - 1].end],
    )


def _place_mentions(doc: Doc) -> list[tuple[int, int, str]]:
    return [(s, e, loc.name) for loc in doc.locations or () for s, e in loc.mentions]


def _nearest_place(
    places: list[tuple[int, int, str]], sentence: tuple[int, int], start: int, end: int
) -> str | None:
    inside = [p for p in places if sentence[0] <= p[0] and p[1] <= sentence[1]]
    if not inside:
        return None
    return min(inside, key=lambda p: max(p[0] - end, start - p[1], 0))[2]
