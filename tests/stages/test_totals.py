"""Article totals: distinct groups added, repeats and subsets not, vague words at a lower bound."""

from __future__ import annotations

import pytest

from newsgraph.record import Count
from newsgraph.stages.counts.lexicon import load_lexicon
from newsgraph.stages.counts.stage import totals_with


def _count(
    text: str, phrase: str, number: float | None, obj: str, kind: str = "KILL", **kw: object
) -> Count:
    start = text.index(phrase)
    return Count(kind, number, number is None, obj, (start, start + len(phrase)), **kw)  # type: ignore[arg-type]


def _totals(text: str, counts: list[Count], lang: str = "en") -> dict[str, tuple[float, bool]]:
    lex = load_lexicon(lang)
    assert lex is not None
    return {t.type: (t.number, t.approximate) for t in totals_with(lex, text, counts)}


def test_repeats_once_distinct_groups_added_vague_at_its_bound() -> None:
    text = "Troops killed two militants. Two armed militants were killed. Several fighters died."
    counts = [
        _count(text, "killed two militants", 2, "militants"),
        _count(text, "Two armed militants", 2, "armed militants"),
        _count(text, "Several fighters", None, "fighters"),
    ]
    assert _totals(text, counts) == {"KILL": (2 + 3, True)}


def test_more_than_is_a_lower_bound_plus_one() -> None:
    text = "They killed more than 30 militants."
    count = _count(text, "killed more than 30 militants", 30, "militants", qualifier="more than")
    assert _totals(text, [count]) == {"KILL": (31, False)}


def test_partitive_subsets_are_not_added_to_their_whole() -> None:
    text = "Twelve people were killed, including three children. Four of the dead were police."
    counts = [
        _count(text, "Twelve people", 12, "people"),
        _count(text, "three children", 3, "children"),
        _count(text, "Four of the dead", 4, "dead"),
    ]
    assert _totals(text, counts) == {"KILL": (12, False)}


def test_german_partitive_and_vague_generic_head() -> None:
    text = (
        "Dutzende Menschen wurden getötet. 26 Angreifer wurden getötet, darunter 3 Anführer. "
        "Außerdem starben 18 Polizisten."
    )
    counts = [
        _count(text, "Dutzende Menschen", None, "Menschen"),
        _count(text, "26 Angreifer", 26, "Angreifer"),
        _count(text, "3 Anführer", 3, "Anführer"),
        _count(text, "18 Polizisten", 18, "Polizisten"),
    ]
    # 26 + 18 distinct groups; the subset of 3 is inside the 26; "Dutzende Menschen" (24 or
    # more) may be the same people, so it does not add to 44
    assert _totals(text, counts, "de") == {"KILL": (44, False)}


def test_vague_generic_head_raises_a_smaller_exact_total() -> None:
    text = "Dozens of people were killed. Two police officers died."
    counts = [
        _count(text, "Dozens of people", None, "people"),
        _count(text, "Two police officers", 2, "police officers"),
    ]
    assert _totals(text, counts) == {"KILL": (24, True)}


def test_definite_singular_counts_only_alone() -> None:
    text = "Forces detained the commander. Later they detained four suspects."
    commander = _count(text, "detained the commander", 1, "commander", "ARREST", trigger="detained")
    suspects = _count(text, "detained four suspects", 4, "suspects", "ARREST", trigger="detained")
    assert _totals(text, [commander, suspects]) == {"ARREST": (4, False)}
    assert _totals(text, [commander]) == {"ARREST": (1, False)}


def test_types_apart_and_indices_point_at_the_counts() -> None:
    text = "Five people were killed and 20 were arrested; five people died."
    counts = [
        _count(text, "Five people", 5, "people"),
        _count(text, "20 were arrested", 20, "", "ARREST"),
        _count(text, "five people died", 5, "people"),
    ]
    lex = load_lexicon("en")
    assert lex is not None
    totals = totals_with(lex, text, counts)
    assert [(t.type, t.number, t.counts) for t in totals] == [
        ("KILL", 5, (0, 2)),
        ("ARREST", 20, (1,)),
    ]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_counts_no_totals(lang: str) -> None:
    assert _totals("Nothing happened.", [], lang) == {}


def test_the_stage_fills_totals_on_the_record() -> None:
    import newsgraph

    record = newsgraph.analyze(
        "Police arrested 14 protesters on Monday. Another 6 protesters were detained later.",
        lang="en",
    )
    arrests = [t for t in record.totals if t.type == "ARREST"]
    assert arrests and arrests[0].number == 20
    assert all(0 <= i < len(record.counts) for i in arrests[0].counts)
