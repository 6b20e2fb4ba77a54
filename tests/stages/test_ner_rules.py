"""Post-NER organisation rules: teams named by their place, corporate designators."""

from __future__ import annotations

from newsgraph.doc import Doc, Mention
from newsgraph.stages.ner import rules as ner_rules
from newsgraph.stages.ner.stage import FakeBackend, NerStage


def _labels(text: str, names: dict[str, str], language: str = "en") -> dict[str, str]:
    docs = [Doc(id="t", text=text, language=language)]
    NerStage(backend=FakeBackend(names))(docs)
    return {m.text: m.label for m in docs[0].mentions}


def test_place_that_beat_another_in_a_sports_sentence_is_a_team() -> None:
    got = _labels("Millbrook beat Eastfield by two wickets on Sunday.",
                  {"Millbrook": "LOC", "Eastfield": "LOC"})  # fmt: skip
    assert got == {"Millbrook": "ORG", "Eastfield": "ORG"}


def test_place_in_a_score_line_is_a_team() -> None:
    got = _labels("Northvale 3 Southport 1", {"Northvale": "LOC", "Southport": "LOC"})
    assert got == {"Northvale": "ORG", "Southport": "ORG"}


def test_table_row_makes_a_sports_context() -> None:
    assert _labels("RIVERTON 70 55 .560 -", {"RIVERTON": "LOC"}) == {"RIVERTON": "ORG"}


def test_untagged_name_before_a_score_in_a_score_line_is_added() -> None:
    got = _labels("Northvale 3 , Southport 1", {"Northvale": "LOC"})
    assert got == {"Northvale": "ORG", "Southport": "ORG"}


def test_place_outside_sports_stays_a_place() -> None:
    got = _labels("Millbrook voted against the plan, officials in Eastfield said.",
                  {"Millbrook": "LOC", "Eastfield": "LOC"})  # fmt: skip
    assert got == {"Millbrook": "LOC", "Eastfield": "LOC"}


def test_dateline_number_is_not_a_score() -> None:
    assert _labels("Millbrook 1996-08-30 the match was cancelled", {"Millbrook": "LOC"}) == {
        "Millbrook": "LOC"
    }


def test_country_stays_a_place_even_as_a_national_team() -> None:
    got = _labels("France beat Millbrook in the cup final.", {"France": "LOC", "Millbrook": "LOC"})
    assert got == {"France": "LOC", "Millbrook": "ORG"}


def test_name_ending_in_a_designator_is_an_organisation() -> None:
    got = _labels("Shares in Brightwater Tools Corp rose after the Finance Ministry spoke.", {})
    assert got == {"Brightwater Tools Corp": "ORG", "Finance Ministry": "ORG"}


def test_mention_followed_by_a_designator_grows_into_it() -> None:
    got = _labels("Analysts at Kestrel plc expect more.", {"Kestrel": "PER"})
    assert got == {"Kestrel plc": "ORG"}


def test_mislabelled_mention_ending_in_a_designator_becomes_org() -> None:
    assert _labels("He joined Halden Bank in May.", {"Halden Bank": "PER"}) == {
        "Halden Bank": "ORG"
    }


def test_a_place_ending_in_a_designator_word_stays_a_place() -> None:
    assert _labels("Farms on the North Bank flooded.", {"North Bank": "LOC"}) == {
        "North Bank": "LOC"
    }


def test_run_absorbs_a_mention_inside_it_but_not_a_possessive() -> None:
    got = _labels("Talks at Corlan Medical Industries Inc ended.", {"Corlan": "PER"})
    assert got == {"Corlan Medical Industries Inc": "ORG"}
    got = _labels("Ask Mayor Edda Vole's Finance Ministry.", {"Edda Vole": "PER"})
    assert got == {"Edda Vole": "PER", "Finance Ministry": "ORG"}


def test_language_without_rule_data_is_untouched() -> None:
    mentions = [Mention(0, 9, "LOC", "Northvale")]
    assert ner_rules.apply("Northvale 3 Southport 1", mentions, "xx") == mentions


def test_sentences_limit_the_sports_context() -> None:
    text = "Northvale beat Southport. Talks in Eastfield ended."
    docs = [Doc(id="t", text=text, language="en", sentences=[(0, 25), (26, len(text))])]
    names = {"Northvale": "LOC", "Southport": "LOC", "Eastfield": "LOC"}
    NerStage(backend=FakeBackend(names))(docs)
    got = {m.text: m.label for m in docs[0].mentions}
    assert got == {"Northvale": "ORG", "Southport": "ORG", "Eastfield": "LOC"}


def test_lone_surname_is_a_team_only_before_a_plain_score() -> None:
    got = _labels("Brandvik 2 Holmestad 0", {"Brandvik": "PER", "Holmestad": "PER"})
    assert got == {"Brandvik": "ORG", "Holmestad": "ORG"}
    got = _labels("Ivo Kessler beat Mardell 6-3 6-4 in the final.",
                  {"Ivo Kessler": "PER", "Mardell": "PER"})  # fmt: skip
    assert got == {"Ivo Kessler": "PER", "Mardell": "PER"}
