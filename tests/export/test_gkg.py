"""GDELT GKG 2.1 rows: real GDELT rows parse; our rows have GDELT's shape and round-trip."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.export import GKG_COLUMNS, export_records, format_gkg, parse_gkg_row
from newsgraph.export.gkg import GKGParseError, gkg_row
from newsgraph.record import (
    Amount,
    Count,
    DateMention,
    Entity,
    Location,
    Quote,
    Record,
    Theme,
    Tone,
)
from newsgraph.testing import example_record

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SAMPLES = SHARED / "data" / "gdelt" / "sample_rows_2017"
SAMPLE_FILES = ("gkg21_english_50rows.tsv", "gkg21_translingual_50rows.tsv")


def _gdelt_rows(name: str) -> list[str]:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"GDELT sample rows not available ({path})")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0].lower().startswith("gkgrecordid\t")  # the stored header row
    return [line for line in lines[1:] if line]


# -- real GDELT rows ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_real_gdelt_row_parses(name: str) -> None:
    rows = _gdelt_rows(name)
    assert len(rows) == 50
    translingual = name.startswith("gkg21_translingual")
    for line in rows:
        row = parse_gkg_row(line)
        assert re.fullmatch(r"\d{14}-T?\d+", row["GKGRECORDID"])
        assert ("-T" in row["GKGRECORDID"]) == translingual
        assert set(row["V1.5TONE"]) == {"tone", "positive", "negative", "polarity",
                                        "activity_density", "self_group_density", "word_count"}
        assert row["V1.5TONE"]["word_count"] == int(row["V2GCAM"]["wc"])
        for count in row["V2.1COUNTS"]:
            assert isinstance(count["offset"], int) and count["location"]["type"] in range(6)
        for loc in row["V2ENHANCEDLOCATIONS"]:
            assert loc["type"] in (1, 2, 3, 4, 5) and isinstance(loc["offset"], int)
        for quote in row["V2.1QUOTATIONS"]:
            assert quote["length"] > 0 and quote["quote"]
        if translingual:
            assert row["V2.1TRANSLATIONINFO"]["srclc"].isalpha()
            assert "eng" in row["V2.1TRANSLATIONINFO"]


def test_real_rows_give_the_values_gdelt_wrote() -> None:
    rows = {parse_gkg_row(line)["GKGRECORDID"]: parse_gkg_row(line)
            for line in _gdelt_rows(SAMPLE_FILES[0])}
    with_counts = [r for r in rows.values() if r["V2.1COUNTS"]]
    assert with_counts, "the sample has counts"
    count = with_counts[0]["V2.1COUNTS"][0]
    assert isinstance(count["number"], int) and count["type"].isupper()
    quotes = [q for r in rows.values() for q in r["V2.1QUOTATIONS"]]
    assert len(quotes) >= 3  # several rows quote, one row several times
    assert all("|" not in q["verb"] for q in quotes)


def test_v1_locations_and_counts_of_real_rows_are_consistent() -> None:
    for line in _gdelt_rows(SAMPLE_FILES[1]):
        row = parse_gkg_row(line)
        v1 = {loc["featureid"] for loc in row["V1LOCATIONS"]}
        v2 = {loc["featureid"] for loc in row["V2ENHANCEDLOCATIONS"]}
        assert v2 <= v1 or not v1
        assert len(row["V1COUNTS"]) <= len(row["V2.1COUNTS"]) or not row["V2.1COUNTS"]


def test_wrong_column_count_is_rejected() -> None:
    with pytest.raises(GKGParseError, match="27 tab-separated columns, this one 3"):
        parse_gkg_row("a\tb\tc")
    bad = gkg_row(example_record()).split("\t")
    bad[GKG_COLUMNS.index("V1.5TONE")] = "1,2,3"
    with pytest.raises(GKGParseError, match="not 7"):
        parse_gkg_row("\t".join(bad))


# -- our rows ----------------------------------------------------------------------------------
def _ours(record: Record) -> dict:
    row = gkg_row(record)
    assert "\n" not in row and len(row.split("\t")) == 27
    return parse_gkg_row(row)


def test_our_row_round_trips_through_the_parser() -> None:
    record = example_record()
    row = _ours(record)
    text = record.text
    assert row["GKGRECORDID"] == "20240304103000-0"
    assert row["V2.1DATE"] == "20240304103000"
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "1"
    assert row["V2DOCUMENTIDENTIFIER"] == record.url
    counts = row["V2.1COUNTS"]
    assert [(c["type"], c["number"], c["object"], c["offset"]) for c in counts] == [
        (c.type, int(c.number), c.object, c.span[0]) for c in record.counts]
    assert counts[0]["location"] == {
        "type": 4, "fullname": "Bergen, Norway", "country": "NO", "adm1": "NO46",
        "lat": 60.39299, "lon": 5.32415, "featureid": "3161732"}
    assert counts[1]["location"]["type"] == 1 and counts[1]["location"]["featureid"] == "NO"
    assert [(t["theme"], t["offset"]) for t in row["V2ENHANCEDTHEMES"]] == [
        (t.theme, s) for t in record.themes for s, _ in t.spans]
    assert row["V1THEMES"] == ["ARREST", "PROTEST"]
    locations = row["V2ENHANCEDLOCATIONS"]
    assert [loc["offset"] for loc in locations] == [84, 162]
    assert [text[o:o + 6] for o in (84, 162)] == ["Bergen", "Norway"]
    assert [(p["name"], p["offset"]) for p in row["V2ENHANCEDPERSONS"]] == [
        ("Hanna Vestergaard", 0), ("Hanna Vestergaard", text.index("Vestergaard added"))]
    assert row["V1PERSONS"] == ["hanna vestergaard"]
    assert row["V1.5TONE"] == {
        "tone": -2.5, "positive": 1.25, "negative": 3.75, "polarity": 5.0,
        "activity_density": 20.5, "self_group_density": 1.5, "word_count": 48}
    assert row["V2.1ENHANCEDDATES"] == [
        {"resolution": 3, "month": 3, "day": 3, "year": 2024, "offset": text.index("3 March")},
        {"resolution": 2, "month": 4, "day": 0, "year": 2024, "offset": text.index("April")}]
    amounts = row["V2.1AMOUNTS"]
    assert [(a["amount"], a["object"], a["offset"]) for a in amounts] == [
        (12, "workers", text.index("12 workers")), (2500, "euros", text.index("2,500"))]
    for name in row["V2.1ALLNAMES"]:
        assert text[name["offset"]:].startswith(name["name"])
    assert row["V2.1TRANSLATIONINFO"] == {}
    assert "<NEWSGRAPH_ID>example-1</NEWSGRAPH_ID>" in row["V2EXTRASXML"]


def test_quotations_keep_offset_length_and_verb() -> None:
    record = example_record()
    quotes = _ours(record)["V2.1QUOTATIONS"]
    assert [(q["offset"], q["length"], q["verb"]) for q in quotes] == [
        (q.span[0], q.span[1] - q.span[0], q.verb) for q in record.quotes]
    second = quotes[1]
    assert record.text[second["offset"]:second["offset"] + second["length"]] == second["quote"]
    # the '#' inside the first quote would split GDELT's quote list: it became a space
    assert quotes[0]["quote"] == record.quotes[0].text.replace("#", " ")


def test_non_english_rows_carry_translation_info_and_a_t_id() -> None:
    row = _ours(example_record(language="de"))
    assert row["GKGRECORDID"].endswith("-T0")
    assert row["V2.1TRANSLATIONINFO"]["srclc"] == "deu"
    assert row["V2.1TRANSLATIONINFO"]["eng"].startswith("newsgraph")


def test_rows_are_numbered_within_one_export() -> None:
    records = [example_record(), example_record("b", suffix="b", date=None)]
    ids = [parse_gkg_row(r)["GKGRECORDID"] for r in format_gkg(records)]
    assert ids == ["20240304103000-0", "00000000000000-1"]


def test_numberless_counts_and_unresolved_places_are_left_out() -> None:
    record = Record(
        "x", "Dozens were hurt in Atlantis.", "en",
        counts=(Count("WOUND", None, True, "people", (0, 6)),),
        locations=(Location("Atlantis", "Atlantis", ((20, 28),)),),
    )
    row = _ours(record)
    assert row["V2.1COUNTS"] == [] and row["V2ENHANCEDLOCATIONS"] == []
    assert row["V2.1ALLNAMES"] == [{"name": "Atlantis", "offset": 20}]


def test_location_codes_follow_gdelt_conventions() -> None:
    text = "Iowa and Berlin"
    record = Record("l", text, "en", locations=(
        Location("Iowa", "Iowa", ((0, 4),), country="US", lat=42.0, lon=-93.2,
                 feature="adm1", adm1="IA"),
        Location("Berlin", "Berlin", ((9, 15),), country="DE", lat=52.52, lon=13.4,
                 geonameid=2950159, feature="city", adm1="DE.16"),
    ))
    iowa, berlin = _ours(record)["V2ENHANCEDLOCATIONS"]
    assert (iowa["type"], iowa["fullname"], iowa["country"], iowa["adm1"], iowa["featureid"]) == (
        2, "Iowa, United States", "US", "USIA", "IA")
    assert (berlin["type"], berlin["fullname"], berlin["country"], berlin["adm1"]) == (
        4, "Berlin, Germany", "GM", "GM16")
    assert berlin["featureid"] == "2950159" and berlin["offset"] == 9


def test_dates_without_year_and_year_only() -> None:
    record = Record("d", "on 1 July, in 2019", "en", dates=(
        DateMention("1 July", "--07-01", (3, 9), 4),
        DateMention("2019", "2019", (14, 18)),
    ))
    assert _ours(record)["V2.1ENHANCEDDATES"] == [
        {"resolution": 4, "month": 7, "day": 1, "year": 0, "offset": 3},
        {"resolution": 1, "month": 0, "day": 0, "year": 2019, "offset": 14}]


def test_zoned_dates_become_utc_stamps() -> None:
    row = _ours(Record("z", "t", "en", date="2024-03-04T01:30:00+02:00"))
    assert row["V2.1DATE"] == "20240303233000"


def test_delimiters_inside_values_cannot_break_blocks() -> None:
    nasty = "A\tB\nC;D#E,F|G\r\u2028H"
    text = nasty + " x"
    span = (0, len(nasty))
    record = Record(
        "n\tid", text, "en", url="http://x.org/a\tb", title=nasty,
        persons=(Entity(nasty, nasty, (span, span)),),
        organizations=(Entity(nasty, nasty, (span,)),),
        locations=(Location(nasty, nasty, (span,), country="DE", lat=1.5, lon=2.0),),
        counts=(Count(nasty, 3.0, False, nasty, span, location=nasty),),
        amounts=(Amount(7.0, nasty, span),),
        quotes=(Quote(nasty, span, nasty, span, nasty),),
        themes=(Theme(nasty, (span,)),),
        tone=Tone(1.0, 2.0, 1.0, 3.0, 4.0, 0.0, 2),
    )
    row = _ours(record)
    assert len(row["V2ENHANCEDPERSONS"]) == 2 and len(row["V1PERSONS"]) == 1
    assert len(row["V2ENHANCEDORGANIZATIONS"]) == 1
    assert len(row["V2.1COUNTS"]) == 1 and row["V2.1COUNTS"][0]["location"]["country"] == "GM"
    assert len(row["V2ENHANCEDLOCATIONS"]) == 1
    assert len(row["V2.1QUOTATIONS"]) == 1 and row["V2.1QUOTATIONS"][0]["length"] == len(nasty)
    assert len(row["V2ENHANCEDTHEMES"]) == 1 and len(row["V2.1AMOUNTS"]) == 1
    assert len(row["V2.1ALLNAMES"]) == 4
    assert row["V2.1COUNTS"][0]["object"] == "A B C D E,F|G  H"


def test_export_records_writes_gkg_to_a_path_and_a_stream(tmp_path: Path) -> None:
    records = [example_record(), example_record("b", suffix="!")]
    assert export_records(records, "gkg", tmp_path / "out.tsv") == 2
    lines = (tmp_path / "out.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 3
    stream = io.StringIO()
    export_records(records, "gkg", stream)
    assert stream.getvalue() == (tmp_path / "out.tsv").read_text(encoding="utf-8")


# -- property: no text can break the row structure ---------------------------------------------
_free = st.text(max_size=20)


@st.composite
def _records(draw: st.DrawFn) -> Record:
    text = draw(st.text(max_size=60))
    n = len(text)

    def spans() -> tuple[int, int]:
        start = draw(st.integers(0, n))
        return (start, draw(st.integers(start, n)))

    entity = Entity(draw(_free), draw(_free), (spans(), spans()))
    place = Location(draw(_free), draw(_free), (spans(),), country=draw(st.sampled_from(
        [None, "DE", "US", "ZZ"])), lat=draw(st.floats(-90, 90)), lon=0.5,
        feature=draw(st.sampled_from(["country", "adm1", "city", "other"])),
        adm1=draw(st.one_of(st.none(), _free)))
    return Record(
        draw(_free), text, draw(st.sampled_from(["en", "de", "und"])),
        url=draw(st.one_of(st.none(), _free)), title=draw(st.one_of(st.none(), _free)),
        date=draw(st.one_of(st.none(), _free)), source=draw(st.one_of(st.none(), _free)),
        persons=(entity,), organizations=(entity,), locations=(place,),
        counts=(Count(draw(_free), draw(st.floats(0, 1e6)), False, draw(_free), spans(),
                      draw(st.one_of(st.none(), st.just(place.name)))),),
        amounts=(Amount(draw(st.floats(0, 1e9)), draw(_free), spans()),),
        quotes=(Quote(draw(_free), spans(), None, None, draw(st.one_of(st.none(), _free))),),
        themes=(Theme(draw(_free), (spans(),)),),
        dates=(DateMention(draw(_free), draw(st.one_of(st.none(), _free)), spans()),),
    )


@settings(max_examples=150, deadline=None)
@given(record=_records())
def test_arbitrary_text_never_breaks_the_row(record: Record) -> None:
    line = gkg_row(record)
    assert line.splitlines() == [line] or line == ""
    assert len(line.split("\t")) == 27
    row = parse_gkg_row(line)
    mentions = sum(len(e.mentions) for e in record.persons)
    assert len(row["V2ENHANCEDPERSONS"]) == mentions
    assert len(row["V2.1QUOTATIONS"]) == 1
    assert len(row["V2.1AMOUNTS"]) == 1 and len(row["V2ENHANCEDTHEMES"]) == 1
    assert len(row["V2ENHANCEDLOCATIONS"]) == (1 if record.locations[0].country else 0)
    assert row["V2.1COUNTS"][0]["offset"] == record.counts[0].span[0]



# -- golden rows: a reviewed GKG rendering of the example records ------------------------------
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "gkg" / "example.tsv"


def test_rows_match_the_reviewed_golden_file() -> None:
    records = [example_record(), example_record("de-1", suffix=" (de)", language="de",
                                                 url=None, date="2024-03-05")]
    rows = "".join(row + "\n" for row in format_gkg(records))
    if os.environ.get("NEWSGRAPH_REGEN_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(rows, encoding="utf-8")
    assert rows == GOLDEN.read_text(encoding="utf-8"), (
        "GKG output changed: review it, then regenerate with NEWSGRAPH_REGEN_GOLDEN=1")
