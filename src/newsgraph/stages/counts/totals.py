"""Article totals: how many distinct people (or things) of each count type a whole article reports.

A news article names the same victims several times (headline, lead, body) and splits them
into groups ("12 people were killed, including three children"; "two soldiers and four
civilians died"). Summing its counts double counts; taking the largest misses distinct groups.
One :class:`~newsgraph.record.Total` per count type is built from the article's counts:

* **repeats** - two exact counts with the same number and a compatible head noun ("two
  fighters" / "two armed fighters"; an empty head matches anything) are one group;
* **distinct groups** - exact counts left after that are added;
* **partitives** - a count that is a subset of a group ("three of the fighters", "including
  three children", "darunter drei Kinder") is not added to its whole; when only subsets are
  known, the largest subset is the total;
* **definite singular objects** - "killed the commander" is one person who is usually counted
  elsewhere too, so it counts only when the article has no other count of that type;
* **vague quantities** ("several", "Dutzende") count at the lower bound the language's lexicon
  gives them (``totals.vague_lower_bounds`` in ``counts.json``: "several" 3, "dozens" 24 ...),
  once (the largest), and not at all when their head noun is already counted exactly (a vague
  headline over the exact body); a vague count of a generic head ("dozens of people",
  "Dutzende Menschen": ``totals.generic_heads``) may cover every exact group, so it raises the
  total to its lower bound instead of adding to it;
* **qualifiers** - "more than N" is at least N + 1, "at least N" and a range's lower end are N;
  "nearly N", "up to N", "less than N" keep N and make the total approximate.

The total is a lower bound: ``approximate`` is true when any count behind it is approximate
or vague. ``counts`` lists the indices (into the record's ``counts``) of the counts the total
was built from, repeats included, so every number points back to its evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...record import Count, Total


@dataclass(frozen=True)
class TotalsLexicon:
    """The part of a language's counts lexicon the totals use."""

    vague_lower_bounds: dict[str, int]
    partitive_after: tuple[tuple[str, ...], ...]  # "of the", "von den": N + these = a subset
    partitive_before: tuple[str, ...]  # "including", "darunter": a subset follows
    definite: frozenset[str]  # "the" (a definite singular object is one person)
    generic_heads: frozenset[str] = frozenset()  # "people", "Mensch": may cover every group

    @classmethod
    def from_data(cls, data: dict[str, object], definite: frozenset[str]) -> TotalsLexicon:
        bounds = data.get("vague_lower_bounds", {})
        after = data.get("partitive_after", [])
        before = data.get("partitive_before", [])
        generic = data.get("generic_heads", [])
        assert isinstance(bounds, dict) and isinstance(after, list) and isinstance(before, list)
        assert isinstance(generic, list)
        return cls(
            vague_lower_bounds={str(k).lower(): int(v) for k, v in bounds.items()},
            partitive_after=tuple(tuple(str(p).lower().split()) for p in after),
            partitive_before=tuple(str(p).lower() for p in before),
            definite=definite,
            generic_heads=frozenset(str(h).lower() for h in generic),
        )


@dataclass
class _Group:
    value: int
    head: str
    partitive: bool
    approximate: bool
    members: list[int]


def article_totals(
    text: str,
    counts: Sequence[Count],
    lex: TotalsLexicon,
    lemma: Callable[[str], str] = str.lower,
) -> list[Total]:
    """One total per count type found in ``counts`` (in order of first appearance)."""
    types = list(dict.fromkeys(c.type for c in counts if not c.negated))
    return [_total(text, counts, t, lex, lemma) for t in types]


def _total(
    text: str,
    counts: Sequence[Count],
    count_type: str,
    lex: TotalsLexicon,
    lemma: Callable[[str], str],
) -> Total:
    chosen = [i for i, c in enumerate(counts) if c.type == count_type and not c.negated]
    definite = {i for i in chosen if _definite(text, counts[i], lex)}
    if len(definite) < len(chosen):
        chosen = [i for i in chosen if i not in definite]
    exact: list[_Group] = []
    vague: list[_Group] = []
    for i in chosen:
        count = counts[i]
        value = vague_value(text, count, lex)
        if value is None:
            continue
        head = _head(count, lemma)
        if count.number is None:
            vague.append(_Group(value, head, False, True, [i]))
            continue
        if count.qualifier == "more than":
            value += 1  # a lower bound: "more than 30" is at least 31
        same = next((g for g in exact if g.value == value and _same(g.head, head)), None)
        if same is not None:
            same.members.append(i)
            same.head = same.head or head
            continue
        exact.append(_Group(value, head, _partitive(text, count, lex), count.approximate, [i]))
    kept = [g for g in exact if not g.partitive]
    if not kept and exact:  # only subsets are known: the largest of them
        kept = [max(exact, key=lambda g: g.value)]
    others = [g for g in vague if not any(_same(g.head, e.head) for e in exact)]
    number = sum(g.value for g in kept)
    approximate = any(g.approximate for g in kept)
    if others:
        largest = max(others, key=lambda g: g.value)
        if largest.head not in lex.generic_heads:
            number += largest.value
            approximate = True
        elif largest.value > number:  # "dozens of people" over fewer exact victims
            number, approximate = largest.value, True
    members = sorted(i for g in exact + vague for i in g.members)
    return Total(
        type=count_type, number=float(number), approximate=approximate, counts=tuple(members)
    )


def vague_value(text: str, count: Count, lex: TotalsLexicon) -> int | None:
    """The number a count contributes: its number, or its vague word's lower bound, or None."""
    if count.number is not None:
        return int(count.number)
    phrase = f" {text[count.span[0] : count.span[1]].lower()} "
    for word, bound in sorted(lex.vague_lower_bounds.items(), key=lambda kv: -len(kv[0])):
        if f" {word} " in phrase:
            return bound
    return None


def _definite(text: str, count: Count, lex: TotalsLexicon) -> bool:
    """ "detained the leader": one person named elsewhere, counted only when nothing else is."""
    words = text[count.span[0] : count.span[1]].lower().split()
    trigger = (count.trigger or "").lower().split()
    return (
        words[: len(trigger)] == trigger
        and len(words) > len(trigger)
        and words[len(trigger)] in lex.definite
    )


def _head(count: Count, lemma: Callable[[str], str]) -> str:
    """The object's head noun as a lemma ("armed fighters" -> "fighter"); "" if none."""
    words = count.object.split()
    if not words or count.object.lower() == (count.trigger or "").lower():
        return ""
    return lemma(words[-1].strip(".,;:!?\"'()")).lower()


def _same(a: str, b: str) -> bool:
    """Two heads that may name the same group (an empty head matches anything)."""
    return not a or not b or a == b


def _partitive(text: str, count: Count, lex: TotalsLexicon) -> bool:
    """ "three of the fighters", "including three children": a subset of a group."""
    start, end = count.span
    after = text[start : end + 16].lower().split()[1:]
    if any(tuple(after[: len(p)]) == p for p in lex.partitive_after):
        return True
    before = " ".join(text[max(0, start - 24) : start].lower().split())
    return any(before.endswith(p) for p in lex.partitive_before)
