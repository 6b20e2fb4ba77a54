"""Amounts (GDELT V2Amounts): numbers with the thing they count ("40 Busse", "$5 billion").

Helpers of the counts stage, which produces ``amounts`` beside ``counts``; not a stage itself.
Every exact quantity with a noun object becomes an amount, except years, ages, dates, times,
durations ("drei Tage" belongs to the dates stage), phone-like digit strings and model names
("787 Dreamliner"). Money takes its currency as object, a percentage its sign's word.
Numbers used by counts stay amounts too, as in GDELT.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ...doc import Doc
from ...record import Amount
from ...resources.calendar import calendar_words
from .quantities import Phrase, Quantity, Tok, match_phrase, phrase_text

if TYPE_CHECKING:
    from .lexicon import CountsLexicon


def amounts_in(
    doc: Doc,
    toks: list[Tok],
    quantities: list[Quantity],
    phrases: list[Phrase],
    lex: CountsLexicon,
    dates: list[tuple[int, int]],
) -> list[Amount]:
    out = []
    for q, phrase in zip(quantities, phrases, strict=True):
        if q.value is None or q.kind == "article" or not_an_amount(toks, q, phrase, lex):
            continue
        if any(s < toks[q.last - 1].end and toks[q.first].start < e for s, e in dates):
            continue
        amount = _amount(doc, toks, q, phrase, lex)
        if amount is not None:
            out.append(amount)
    return out


def _amount(
    doc: Doc, toks: list[Tok], q: Quantity, phrase: Phrase, lex: CountsLexicon
) -> Amount | None:
    """Money ("$5 billion"), a percentage ("3%") or a number with its noun ("40 Busse")."""
    value, start, end = float(q.value or 0), toks[q.first].start, toks[q.last - 1].end
    currency = lex.currency.get(toks[q.first - 1].text) if q.first > 0 else None
    if currency:
        return Amount(value, currency, (toks[q.first - 1].start, end), q.approximate)
    if q.last < len(toks) and toks[q.last].text in lex.percent:
        sign = toks[q.last]
        return Amount(value, lex.percent[sign.text], (start, sign.end), q.approximate)
    if phrase.head.lower() in lex.durations or _model_name(toks, q, phrase, lex):
        return None  # "drei Tage" belongs to dates; "787 Dreamliner" is a name
    obj = phrase_text(doc, toks, phrase)
    if not obj:
        return None
    return Amount(value, obj, (start, toks[phrase.last - 1].end), q.approximate)


def not_an_amount(toks: list[Tok], q: Quantity, phrase: Phrase, lex: CountsLexicon) -> bool:
    """Years, ages, dates, times, phone-like strings."""
    core = toks[q.core].text
    prev = toks[q.first - 1].lower if q.first > 0 else ""
    nxt = toks[q.last].lower if q.last < len(toks) else ""
    if q.kind == "digit" and core.isdigit() and len(core) == 4 and 1800 <= q.value <= 2100:  # type: ignore[operator]
        return True
    if q.kind == "digit" and core.isdigit() and len(core) >= 7:
        return True
    if (prev == "(" and nxt == ")") or nxt in lex.time_after or _is_month(phrase.head, lex.lang):
        return True
    if _is_month(toks[q.first - 1].text if q.first > 0 else "", lex.lang):
        return True
    if q.last < len(toks) and match_phrase(lex.age_after, toks, q.last) is not None:
        return True
    return any(
        match_phrase(lex.age_before, toks, k) is not None
        for k in range(max(0, q.first - 3), q.first)
    )


def _model_name(toks: list[Tok], q: Quantity, phrase: Phrase, lex: CountsLexicon) -> bool:
    """ "787 Dreamliner", "737 aircraft": a lone singular noun after a number above one, or a
    bare three-digit number before a capitalised name (languages with lower-case nouns)."""
    if not lex.singular_name or q.value is None or q.value <= 1 or phrase.last <= phrase.first:
        return False
    core = toks[q.core].text
    if (
        q.last == q.core + 1
        and len(core) == 3
        and core.isdigit()
        and toks[q.last].text[:1].isupper()
    ):
        return True
    head = toks[phrase.last - 1]
    lone = phrase.last - phrase.first == 1
    return (
        lone
        and head.lemma == head.lower
        and head.lower not in lex.invariable
        and head.text.isalpha()
    )


@lru_cache(maxsize=4096)
def _is_month(word: str, lang: str) -> bool:
    return word.lower().rstrip(".") in calendar_words(lang)["months"]
