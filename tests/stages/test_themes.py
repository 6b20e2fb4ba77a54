"""Themes stage: GDELT theme names with evidence spans, German compounds, names skipped."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.doc import Doc
from newsgraph.resources import resource_path
from newsgraph.stages.themes.stage import ThemesStage


def themes(text: str, lang: str) -> dict[str, list[str]]:
    doc = Doc(id="t", text=text, language=lang)
    ThemesStage()([doc])
    return {t.theme: [text[s:e] for s, e in t.spans] for t in doc.themes}


def test_german_themes_with_evidence() -> None:
    text = (
        "Tausende Demonstranten protestierten gegen höhere Benzinpreise. Die Polizei nahm "
        "zwanzig Personen fest. Wegen der Unruhen wurde das Internet abgeschaltet."
    )
    found = themes(text, "de")
    assert found["PROTEST"] == ["Demonstranten", "protestierten"]
    assert found["FUEL_PRICES"] == ["Benzinpreise"]
    assert "ARREST" in found and "INTERNET_BLACKOUT" in found
    assert "UNREST_BELLIGERENT" in found


def test_german_compound_heads() -> None:
    found = themes("Die Dieselpreiserhöhung und der Bitcoinkurs bewegten die Märkte.", "de")
    assert "ECON_INFLATION" in found and "CRYPTOCURRENCY" in found


def test_english_themes() -> None:
    text = (
        "Oil prices rose after rebels attacked a refinery, killing four guards. "
        "The army deployed troops and the internet was shut down in the region."
    )
    found = themes(text, "en")
    for theme in ("ECON_OILPRICE", "KILL", "MILITARY", "REBELS", "INTERNET_BLACKOUT"):
        assert theme in found, theme


def test_capitalised_names_are_not_evidence_in_english() -> None:
    assert "PUBLIC_TRANSPORT" not in themes("Former president George Bush spoke.", "en")


def test_taxonomy_size_and_names() -> None:
    for lang in ("de", "en"):
        data = json.loads(resource_path("lexicons", lang, "themes.json").read_text("utf-8"))
        names = set(data["themes"])
        assert len(names) >= 100
        assert {"PROTEST", "ARMEDCONFLICT", "KILL", "ARREST", "TERROR"} <= names
    doc = resource_path("lexicons", "THEMES.md").read_text("utf-8")
    assert all(f"`{name}`" in doc for name in names)


def test_unknown_language_has_no_themes() -> None:
    assert themes("Manifestation contre la guerre.", "fr") == {}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_spans_inside_text(text: str) -> None:
    doc = Doc(id="t", text=text, language="de")
    ThemesStage()([doc])
    for theme in doc.themes:
        for s, e in theme.spans:
            assert 0 <= s < e <= len(text)
