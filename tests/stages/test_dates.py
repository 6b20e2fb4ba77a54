"""Date mentions: sentences written for these tests, resolved against a publication date."""

from __future__ import annotations

import pytest

from newsgraph.doc import Doc
from newsgraph.stages.dates.stage import DatesStage, calendar_words
from newsgraph.stages.sentences.stage import SentencesStage

PUB = "2023-03-10"  # a Friday


def dates(text: str, lang: str, date: str | None = PUB) -> list[tuple[str, str | None, int]]:
    doc = Doc(id="t", text=text, language=lang, date=date)
    SentencesStage()([doc])
    DatesStage()([doc])
    for mention in doc.dates:
        assert doc.text[mention.span[0] : mention.span[1]] == mention.text
    return [(d.text, d.date, d.resolution) for d in doc.dates]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Die Wahl fand am Mittwoch statt.", "de", [("Mittwoch", "2023-03-08", 3)]),
        ("Am Freitag sprach der Minister.", "de", [("Freitag", "2023-03-10", 3)]),
        ("Am Samstagabend kam es zu Protesten.", "de", [("Samstagabend", "2023-03-04", 3)]),
        (
            "Der Vertrag wurde am 3. Januar 2022 unterzeichnet.",
            "de",
            [("3. Januar 2022", "2022-01-03", 3)],
        ),
        ("Seit Dienstag ist die Straße gesperrt.", "de", [("Dienstag", "2023-03-07", 3)]),
        ("Gestern trat er zurück.", "de", [("Gestern", "2023-03-09", 3)]),
        ("Er kam am Vortag an.", "de", [("am Vortag", "2023-03-09", 3)]),
        ("Sie zog vor zwei Jahren nach Köln.", "de", [("vor zwei Jahren", "2021", 1)]),
        ("Die Firma wurde 1998 gegründet.", "de", [("1998", "1998", 1)]),
        ("Sie trafen sich am 14. Februar.", "de", [("14. Februar", "2023-02-14", 4)]),
        ("Im Oktober 2020 begann der Bau.", "de", [("Oktober 2020", "2020-10", 2)]),
        ("Im Oktober begann der Bau.", "de", [("Oktober", "2022-10", 2)]),
        ("Der Bau soll im Oktober beginnen.", "de", [("Oktober", "2023-10", 2)]),
        ("Die Frist endete am 7.3.23 um Mitternacht.", "de", [("7.3.23", "2023-03-07", 3)]),
        ("The vote was held last Thursday.", "en", [("last Thursday", "2023-03-09", 3)]),
        ("Talks resumed on Monday.", "en", [("Monday", "2023-03-06", 3)]),
        ("The minister resigned yesterday.", "en", [("yesterday", "2023-03-09", 3)]),
        ("The law took effect on January 3, 2022.", "en", [("January 3, 2022", "2022-01-03", 3)]),
        ("Elections were held in 2021.", "en", [("2021", "2021", 1)]),
        ("The plant closed three months ago.", "en", [("three months ago", "2022-12", 2)]),
        ("The summit opens next Friday.", "en", [("next Friday", "2023-03-17", 3)]),
    ],
)
def test_resolution(text: str, lang: str, expected: list) -> None:
    assert dates(text, lang) == expected


def test_relative_dates_need_a_publication_date() -> None:
    assert dates("Am Freitag und am 3. Januar 2022.", "de", None) == [
        ("Freitag", None, 3),
        ("3. Januar 2022", "2022-01-03", 3),
    ]


def test_day_month_without_year_takes_the_previous_year_when_far_ahead() -> None:
    assert dates("Sie trafen sich am 20. Dezember.", "de") == [("20. Dezember", "2022-12-20", 4)]


def test_numbers_that_are_not_years_and_urls_are_ignored() -> None:
    assert dates("Rund 2000 Menschen kamen.", "de") == []
    assert dates("See https://example.org/news-2021-05-04 for details.", "en") == []
    assert dates("May we ask?", "en") == []


def test_calendar_words_come_from_cldr() -> None:
    words = calendar_words("de")
    assert words["months"]["märz"] == 3 and words["weekdays"]["freitag"] == 4
    assert calendar_words("xx-not-a-language") == {"months": {}, "weekdays": {}, "wide_months": {}}


def test_unknown_language_gives_nothing() -> None:
    assert dates("El lunes.", "zz") == []


def test_seed_acceptance(seed_de_text: str) -> None:
    doc = Doc(id="seed", text=seed_de_text, language="de", date="2022-01-07")
    SentencesStage()([doc])
    DatesStage()([doc])
    resolved = {(d.text, d.date) for d in doc.dates}
    assert ("Freitag", "2022-01-07") in resolved
    assert ("Donnerstag", "2022-01-06") in resolved


def test_weekday_next_to_an_explicit_date_takes_that_date() -> None:
    found = dates("Die Abstimmung ist für Mittwoch, 15. März geplant.", "de")
    assert found == [("Mittwoch", "2023-03-15", 3), ("15. März", "2023-03-15", 4)]


def test_day_and_month_with_a_relative_year_become_one_date() -> None:
    assert dates("The ban began on June 2 last year.", "en") == [
        ("June 2 last year", "2022-06-02", 3)
    ]
    assert dates("Am 5. Mai letzten Jahres begann es.", "de") == [
        ("5. Mai letzten Jahres", "2022-05-05", 3)
    ]


def test_weekday_in_a_sentence_about_the_future_looks_ahead() -> None:
    assert dates("The summit will open on Tuesday.", "en") == [("Tuesday", "2023-03-14", 3)]
    assert dates("Der Gipfel wird am Dienstag eröffnet.", "de") == [("Dienstag", "2023-03-14", 3)]
    assert dates("The summit was opened on Tuesday.", "en") == [("Tuesday", "2023-03-07", 3)]
