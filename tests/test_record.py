from __future__ import annotations

import json

from newsgraph.record import (
    Amount,
    Count,
    DateMention,
    Entity,
    Event,
    Location,
    Quote,
    Record,
    Theme,
    Tone,
)


def full_record() -> Record:
    text = "Anna Beispiel sagte in Berlin: „Zehn Menschen wurden festgenommen.“"
    berlin = Location(
        "Berlin", "Berlin", ((23, 29),), "DE", 52.52, 13.40, 2950159, "city", 4, "GM", "GM16"
    )
    return Record(
        id="a1",
        text=text,
        language="de",
        url="http://x",
        title="T",
        date="2022-01-07",
        language_confidence=0.98,
        persons=(Entity("Anna Beispiel", "Anna Beispiel", ((0, 13),)),),
        organizations=(Entity("Polizei", "Police", ((40, 47),), type="ORG"),),
        locations=(berlin,),
        counts=(Count("ARREST", 10.0, False, "Menschen", (32, 63), "Berlin", qualifier=None),),
        amounts=(Amount(10.0, "Menschen", (32, 46)),),
        quotes=(
            Quote(
                "Zehn Menschen wurden festgenommen.", (32, 66), "Anna Beispiel", (0, 13), "sagte"
            ),
        ),
        events=(Event("COERCE", "arrest", None, "Menschen", "Berlin", "2022-01-07", (32, 66)),),
        themes=(Theme("ARREST", ((53, 66),)),),
        dates=(DateMention("2022", "2022-01-01", (0, 4), 1),),
        tone=Tone(-2.5, 1.0, 3.5, 4.5, 20.0, 1.0, 10),
        focus=berlin,
        errors=("quotes: boom",),
    )


def test_json_round_trip_is_lossless() -> None:
    record = full_record()
    again = Record.from_json(record.to_json())
    assert again == record


def test_offsets_are_lists_in_json_and_text_optional() -> None:
    data = json.loads(full_record().to_json(include_text=False))
    assert "text" not in data
    assert data["persons"][0]["mentions"] == [[0, 13]]
    assert data["quotes"][0]["speaker_span"] == [0, 13]
    assert data["tone"]["word_count"] == 10


def test_unknown_keys_are_ignored() -> None:
    data = full_record().to_dict()
    data["future_key"] = 1
    data["persons"][0]["future"] = "x"
    assert Record.from_dict(data) == full_record()


def test_contract_keys_present() -> None:
    keys = set(full_record().to_dict())
    contract = {
        "id",
        "url",
        "title",
        "date",
        "language",
        "text",
        "persons",
        "organizations",
        "locations",
        "counts",
        "amounts",
        "quotes",
        "events",
        "themes",
        "dates",
        "tone",
        "focus",
    }
    assert contract <= keys
