"""Tone stage: GDELT V2Tone definitions, negation, German lexicon, unknown languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.doc import Doc
from newsgraph.stages.tone.stage import ToneStage, load_lexicon, score_text, word_valence

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def tone(text: str, lang: str):
    doc = Doc(id="t", text=text, language=lang)
    ToneStage()([doc])
    assert doc.tone is not None
    return doc.tone


def test_definitions_hold() -> None:
    t = tone("Die Polizei hat friedliche Demonstranten brutal angegriffen und verletzt.", "de")
    assert t.word_count == 9
    assert t.tone == pytest.approx(t.positive - t.negative)
    assert t.polarity == pytest.approx(t.positive + t.negative)
    assert t.negative > t.positive > 0


@pytest.mark.parametrize(
    ("text", "lang", "sign"),
    [
        ("Bei dem Anschlag wurden zwölf Menschen getötet und viele schwer verletzt.", "de", -1),
        ("Die Regierung feiert den Erfolg der Friedensgespräche mit großer Freude.", "de", 1),
        ("Nach dem Erdbeben herrschen Chaos, Hunger und Verzweiflung.", "de", -1),
        ("Rebels killed three soldiers in a brutal attack on the border post.", "en", -1),
        ("The two leaders praised the successful agreement and celebrated peace.", "en", 1),
    ],
)
def test_sign(text: str, lang: str, sign: int) -> None:
    value = tone(text, lang).tone
    assert (value > 0) - (value < 0) == sign


def test_negation_flips_polarity() -> None:
    assert tone("The talks were not a success.", "en").tone < 0
    assert tone("Die Gespräche waren kein Erfolg.", "de").tone < 0


def test_german_inflections_and_compounds() -> None:
    lexicon = load_lexicon("de")
    assert lexicon is not None
    assert word_valence("getötet", lexicon) < 0  # lemma töten
    assert word_valence("Bombenangriffen", lexicon) < 0  # compound head Angriff
    assert word_valence("Friedensabkommen", lexicon) > 0  # compound head Abkommen


def test_activity_and_pronouns() -> None:
    t = tone("We will fight, and our troops attack.", "en")
    assert t.self_group_density > 0 and t.activity_density > 0


def test_unknown_language_counts_words_only() -> None:
    t = tone("Questo è un testo italiano di prova.", "xx")
    assert (t.word_count, t.tone, t.polarity) == (7, 0.0, 0.0)


def test_seed_article_is_negative() -> None:
    path = SHARED / "samples" / "seed-de.txt"
    if not path.exists():
        pytest.skip("seed sample not present")
    assert score_text(path.read_text(encoding="utf-8"), "de").tone < 0


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["de", "en", "fr", "und"]))
def test_any_text_any_language(text: str, lang: str) -> None:
    t = tone(text, lang)
    assert -100.0 <= t.tone <= 100.0 and t.word_count >= 0


def test_title_case_headline_words_count() -> None:
    # inside a sentence capitalised words are names; in a title-case headline they are not
    assert tone("Senator Blasts Governor Over Corruption Scandal", "en").tone < 0
    assert tone("The senator met Anna Scandal in the morning.", "en").tone == 0


def test_negated_negative_stays_negative_in_english_news() -> None:
    assert tone("The minister did not deny the fraud allegations.", "en").tone < 0


def test_ignored_word_blocks_its_inflections() -> None:
    lexicon = load_lexicon("en")
    assert lexicon is not None
    assert word_valence("according", lexicon) == 0  # not the lemma 'accord'
    assert word_valence("accord", lexicon) > 0


def test_adverb_reaches_its_adjective() -> None:
    lexicon = load_lexicon("en")
    assert lexicon is not None
    assert "phenomenally" not in lexicon.valence and word_valence("phenomenally", lexicon) > 0
    assert word_valence("sleazily", lexicon) < 0 and word_valence("inexplicably", lexicon) < 0


def test_german_false_compounds_and_lemmas() -> None:
    lexicon = load_lexicon("de")
    assert lexicon is not None
    assert word_valence("Lehrer", lexicon) == 0  # not L + Ehre + r
    assert word_valence("Verkehrsehre", lexicon) > 0  # a real compound still is
    assert word_valence("gelangen", lexicon) == 0  # simplemma: gelangen -> gelingen
    assert word_valence("Steuerbetrüger", lexicon) < 0  # third-pass head


def test_multi_word_expressions_count_once() -> None:
    t = tone("The governor came under fire over the budget.", "en")
    assert t.negative == pytest.approx(100 / 8)  # "under fire" is one negative word
    assert tone("He came to the defense of the minister.", "en").tone > 0
    assert tone("The minister will step down.", "en").tone < 0  # lemma: will step -> step
    assert tone("She took a step and sat down.", "en").tone == 0  # words apart: no phrase
    assert tone("He is within striking distance.", "en").tone == 0  # a neutral idiom
