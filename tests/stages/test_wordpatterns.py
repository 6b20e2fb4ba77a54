"""Word patterns of the events/themes lexicons, and the index that preselects them."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.resources import resource_path
from newsgraph.textutils import PatternIndex, compile_pattern, find


def test_pattern_forms() -> None:
    text = "Die Polizei nahm am Freitag 20 Personen fest, nach einer Treibstoffpreiserhöhung."
    assert [m.group() for m in find("nahm* ... fest", text)] == ["nahm am Freitag 20 Personen fest"]
    assert [m.group() for m in find("*preiserhöhung", text)] == ["Treibstoffpreiserhöhung"]
    assert list(find("fest", "festgenommen")) == []
    assert [m.group() for m in find("call* for", "They called for calm")] == ["called for"]


def test_gap_never_crosses_a_comma() -> None:
    assert list(find("einsatz ... truppen", "im Einsatz, um Truppen zu bringen")) == []


ALL_PATTERNS = sorted(
    {
        p
        for lang in ("de", "en")
        for name in ("events.json", "themes.json")
        for p in (
            [q for t in json.loads(resource_path("lexicons", lang, name).read_text("utf-8")).get(
                "triggers", []) for q in t["patterns"]]
            + [q for qs in json.loads(resource_path("lexicons", lang, name).read_text("utf-8")).get(
                "themes", {}).values() for q in qs]
        )
    }
)  # fmt: skip
INDEX = PatternIndex(ALL_PATTERNS)
WORDS = st.sampled_from(
    ["Proteste", "cease-fire", "nahm", "fest", "Bitcoin-Netzwerk", "war", "warfare", "called",
     "for", "Festnahmen", "Ölpreise", "sit-in", ",", "und", "the", "killed", "Ausgangssperre"]
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(WORDS, max_size=12))
def test_index_never_drops_a_matching_pattern(words: list[str]) -> None:
    text = " ".join(words)
    candidates = set(INDEX.candidates(text))
    for i, pattern in enumerate(ALL_PATTERNS):
        if compile_pattern(pattern).search(text):
            assert i in candidates, pattern
