"""Counts and amounts: hand-written sentences, the seed acceptance check, golden files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assert_golden

from newsgraph.doc import Doc
from newsgraph.record import Count
from newsgraph.stages.counts.stage import CountsStage
from newsgraph.stages.dates.stage import DatesStage
from newsgraph.stages.sentences.stage import SentencesStage

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "counts"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "corpus"


def analyse(text: str, lang: str, date: str | None = "2023-03-10") -> Doc:
    doc = Doc(id="t", text=text, language=lang, date=date)
    SentencesStage()([doc])
    DatesStage()([doc])
    CountsStage()([doc])
    return doc


def counts(text: str, lang: str) -> list[tuple[str, float | None]]:
    return [(c.type, c.number) for c in analyse(text, lang).counts]


def only(text: str, lang: str) -> Count:
    found = analyse(text, lang).counts
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Bei dem Anschlag wurden 1.250 Menschen verletzt.", "de", [("WOUND", 1250)]),
        ("The storm injured 1,250 people.", "en", [("WOUND", 1250)]),
        ("Rund 1,5 Millionen Menschen sind von der Dürre betroffen.", "de", [("AFFECT", 1.5e6)]),
        ("About 2.5 million people were displaced by the floods.", "en", [("DISPLACED", 2.5e6)]),
        ("Vor dem Rathaus protestierten 14.500 Menschen.", "de", [("PROTEST", 14500)]),
        (
            "Vierzehn Demonstranten wurden festgenommen.",
            "de",
            [("PROTEST", 14), ("ARREST", 14)],
        ),
        ("Gunmen kidnapped twenty-three pupils from the school.", "en", [("KIDNAP", 23)]),
        ("Elf Bergleute kamen ums Leben.", "de", [("KILL", 11)]),
    ],
)
def test_separators_and_number_words(text: str, lang: str, expected: list) -> None:
    assert counts(text, lang) == expected


def test_vague_quantities_are_approximate_without_number() -> None:
    de = only("Bei den Kämpfen wurden Hunderte Soldaten getötet.", "de")
    en = only("Scores of villagers were evacuated on Tuesday.", "en")
    for count, kind in ((de, "KILL"), (en, "EVACUATION")):
        assert count.type == kind and count.number is None and count.approximate


def test_qualifiers() -> None:
    de = only("Mindestens 40 Menschen wurden festgenommen.", "de")
    assert (de.type, de.number, de.qualifier, de.approximate) == ("ARREST", 40, "at least", False)
    en = only("Nearly 300 workers fell ill after the meal.", "en")
    assert (en.type, en.number, en.qualifier, en.approximate) == ("SICKENED", 300, "nearly", True)
    more = only("More than 60 protesters marched through the city.", "en")
    assert (more.number, more.qualifier) == (60, "more than")


def test_ranges() -> None:
    de = only("Zwischen 20 und 30 Häftlinge wurden verletzt.", "de")
    assert (de.number, de.number_max, de.approximate) == (20, 30, True)
    en = only("The raids left 15-20 fighters dead.", "en")
    assert (en.type, en.number, en.number_max) == ("KILL", 15, 20)


def test_passive_verbal_and_nominal_forms() -> None:
    assert counts("Nach Angaben der Behörden seien sieben Wachleute getötet worden.", "de") == [
        ("KILL", 7)
    ]
    assert counts("Die Behörden meldeten 85 Festnahmen.", "de") == [("ARREST", 85)]
    assert counts("Officials reported 42 arrests overnight.", "en") == [("ARREST", 42)]
    assert counts("The clashes left nine dead.", "en") == [("KILL", 9)]
    assert counts("Es gab 13 Tote.", "de") == [("KILL", 13)]


def test_tolls_and_relative_clauses() -> None:
    assert counts("Die Zahl der Todesopfer stieg am Abend auf 64.", "de") == [("KILL", 64)]
    assert counts("The death toll has risen to 1,204.", "en") == [("KILL", 1204)]
    assert counts("Sie meldeten 15 Soldaten, die verwundet wurden.", "de") == [("WOUND", 15)]
    assert counts("Police found 8 migrants who had been abducted.", "en") == [("KIDNAP", 8)]


def test_an_article_between_does_not_block() -> None:
    found = counts("Neun Passagiere wurden bei einem Unfall auf einer Brücke verletzt.", "de")
    assert found == [("WOUND", 9)]


def test_german_verb_final_objects() -> None:
    text = "Die Polizei hat am Samstag 20 Personen vorläufig festgenommen."
    assert counts(text, "de") == [("ARREST", 20)]
    assert counts("Die Armee tötete nach eigenen Angaben 35 Kämpfer.", "de") == [("KILL", 35)]
    assert counts("Drei Männer haben einen Wachmann erschossen.", "de") == []


def test_separable_verbs() -> None:
    assert counts("Die Polizei nahm am Abend 35 Personen fest.", "de") == [("ARREST", 35)]
    assert counts("Die Polizei nahm am Abend 35 Personen mit.", "de") == []


def test_definite_singular_object_is_one_person() -> None:
    found = analyse("Soldiers killed the rebel commander near the river.", "en").counts
    assert [(c.type, c.number, c.object) for c in found] == [("KILL", 1, "rebel commander")]
    assert counts("Police arrested the suspects.", "en") == []
    assert counts("Troops evacuated the building.", "en") == []


def test_counted_object_phrase() -> None:
    de = only("Dabei wurden 12 Mitglieder der Feuerwehr verletzt.", "de")
    assert de.object == "Mitglieder der Feuerwehr"
    en = only("Troops killed four armed militants near the border.", "en")
    assert en.object == "armed militants"


def test_negated_hypothetical_and_future_are_not_counted() -> None:
    assert counts("No one was killed in the blast.", "en") == []
    assert counts("The strike could kill 500 people.", "en") == []
    assert counts("Officials fear that 200 residents will be evacuated.", "en") == []
    assert counts("Bei dem Unfall wurde kein Mensch verletzt.", "de") == []
    assert counts("Die Flut könnte 3.000 Menschen obdachlos machen.", "de") == []


def test_groups_in_one_sentence_stay_separate() -> None:
    found = counts("Neun Zivilisten wurden getötet, während 31 Soldaten verletzt wurden.", "de")
    assert found == [("KILL", 9), ("WOUND", 31)]
    found = counts("The attack killed 14 soldiers and wounded 27 civilians.", "en")
    assert found == [("KILL", 14), ("WOUND", 27)]
    found = counts("Police detained a local organiser and six other activists.", "en")
    assert found == [("ARREST", 1), ("ARREST", 6)]


def test_location_from_places_in_the_same_sentence() -> None:
    from newsgraph.record import Location

    doc = Doc(id="t", text="In Ruritania wurden 5 Menschen getötet.", language="de")
    SentencesStage()([doc])
    doc.locations = [Location(name="Ruritania", canonical="Ruritania", mentions=((3, 12),))]
    CountsStage()([doc])
    assert doc.counts[0].location == "Ruritania"


def test_amounts_and_their_exclusions() -> None:
    doc = analyse(
        "Im Jahr 2019 kaufte die Stadt 40 Busse für 12 Millionen Euro. Der 64-jährige "
        "Bürgermeister sprach am 3. Januar um 10 Uhr vor 250 Gästen.",
        "de",
    )
    assert [(a.number, a.object) for a in doc.amounts] == [
        (40, "Busse"),
        (12e6, "Euro"),
        (250, "Gästen"),
    ]
    doc = analyse("The firm paid $5 billion for 70 aircraft in 2021.", "en")
    assert [(a.number, a.object) for a in doc.amounts] == [(5e9, "dollars"), (70, "aircraft")]
    doc = analyse(
        "Sales rose 12% in three weeks; the 747 Jumbo sold $2.5bn, 40 new 737 jets.", "en"
    )
    assert [(a.number, a.object) for a in doc.amounts] == [
        (12, "percent"),
        (2.5e9, "dollars"),
        (40, "new 737 jets"),
    ]


def test_offsets_slice_to_the_evidence() -> None:
    doc = analyse("Mehr als 3.000 Menschen wurden am Freitag festgenommen.", "de")
    (count,) = doc.counts
    assert doc.text[count.span[0] : count.span[1]].startswith("Mehr als 3.000")
    assert count.trigger == "festgenommen"


def test_unknown_language_gives_nothing() -> None:
    doc = analyse("Tres personas murieron.", "es")
    assert doc.counts == [] and doc.amounts == []


def test_seed_acceptance(seed_de_text: str) -> None:
    doc = analyse(seed_de_text, "de", "2022-01-07")
    found = {(c.type, c.number) for c in doc.counts}
    assert {("KILL", 26), ("KILL", 18), ("ARREST", 3700)} <= found
    assert any(c.type == "KILL" and c.number is None and c.approximate for c in doc.counts)
    amounts = {a.number for a in doc.amounts}
    assert {2500, 70} <= amounts


def _golden_case(name: str, lang: str, article_id: str) -> None:
    path = CORPUS / f"wikinews-{lang}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    row = next((r for r in rows if r["id"] == article_id), None)
    if row is None:
        pytest.skip(f"{article_id} not in {path.name}")
    doc = analyse(row["text"], lang, row.get("date"))
    record = doc.to_record().to_dict(include_text=False)
    got = {"id": article_id, "counts": record["counts"], "amounts": record["amounts"]}
    golden = GOLDEN / f"{name}.json"
    assert_golden(golden, got)


def test_golden_german_wikinews() -> None:
    _golden_case("wikinews-de-iraq-attacks", "de", "wn-de-389")


def test_golden_english_wikinews() -> None:
    _golden_case(
        "wikinews-en-wardak-attack",
        "en",
        "wn-en-Car_bomb_ramming_attack_kills_dozens_at_military_base_in_Maidan_Wardak__Afghanis",
    )


_PIECES = list("0123456789.,- ()\"'\n$€%:/xyzÄüß") + [
    "getötet ", "killed ", "Freitag ", "Januar ", "mehr als ", "Dutzende ", "and ", "und ",
    "vor ", "zwei ", "Jahren ", "4.250 ", "6,100 ", "a ", "ein ", "wurden ", "were ",
]  # fmt: skip


def test_arbitrary_text_never_crashes_and_offsets_hold() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)

    @settings(max_examples=150, deadline=None)
    @given(
        text=st.one_of(st.text(max_size=200), words),
        lang=st.sampled_from(["de", "en", "fr"]),
        date=st.sampled_from([None, "2022-01-07", "not a date"]),
    )
    def check(text: str, lang: str, date: str | None) -> None:
        doc = analyse(text, lang, date)
        for item in [*doc.counts, *doc.amounts, *doc.dates]:
            assert 0 <= item.span[0] < item.span[1] <= len(text)
        for mention in doc.dates:
            assert text[mention.span[0] : mention.span[1]] == mention.text

    check()


def test_stages_pickle_and_work_without_kept_tokens() -> None:
    import pickle

    stage = pickle.loads(pickle.dumps(CountsStage()))
    doc = Doc(id="t", text="Es gab 13 Tote.", language="de", sentences=[(0, 15)])
    stage([doc])  # no doc.tokens: the sentence is tokenised on the fly
    assert [(c.type, c.number) for c in doc.counts] == [("KILL", 13)]
    assert pickle.loads(pickle.dumps(DatesStage())).name == "dates"
