"""Property tests: arbitrary text never crashes ingest or any stage, and every offset is inside
the text and slices to the evidence it claims."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.doc import Doc
from newsgraph.ingest import make_doc, read_inputs
from newsgraph.pipeline import Pipeline
from newsgraph.record import Record

# Text that looks like news some of the time: words, digits, quote marks, newlines, any Unicode.
NEWSY = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Der",
                "Präsident",
                "sagte",
                "said",
                "killed",
                "getötet",
                "3.700",
                "2,500",
                "Berlin",
                "Moskau",
                "Washington",
                "„",
                "“",
                '"',
                "«",
                "»",
                ".",
                ",",
                "\n\n",
                "am Freitag",
                "last Monday",
                "mehr als",
                "Dutzende",
                "Polizei",
                "protesters",
            ]
        ),
        st.text(min_size=0, max_size=12),
    ),
    max_size=60,
).map(" ".join)
TEXT = st.one_of(st.text(max_size=300), NEWSY)


@lru_cache(maxsize=1)
def pipeline() -> Pipeline:
    return Pipeline()


def spans_of(data: Any, path: str = "") -> list[tuple[str, list[int]]]:
    """Every [s, e] offset pair in a record dict, with where it was found."""
    found: list[tuple[str, list[int]]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}"
            if key in ("span", "speaker_span") and value is not None:
                found.append((where, value))
            elif key in ("mentions", "spans"):
                found.extend((where, v) for v in value)
            else:
                found.extend(spans_of(value, where))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.extend(spans_of(value, f"{path}[{i}]"))
    return found


def check_offsets(record: Record) -> None:
    data = record.to_dict()
    n = len(record.text)
    for where, (start, end) in spans_of(data):
        assert 0 <= start <= end <= n, f"{where} = [{start}, {end}) outside text of length {n}"
    for entity in data["persons"] + data["organizations"] + data["locations"]:
        for start, end in entity["mentions"]:
            assert record.text[start:end].strip(), f"empty mention of {entity['name']!r}"
    for quote in data["quotes"]:
        start, end = quote["span"]
        assert (
            quote["text"].strip() in record.text[start:end]
            or record.text[start:end] in quote["text"]
        )
    for mention in data["dates"]:
        start, end = mention["span"]
        assert record.text[start:end] == mention["text"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, lang=st.sampled_from([None, "de", "en", "fr", "xx"]))
def test_stages_never_crash_and_offsets_are_inside(text: str, lang: str | None) -> None:
    doc = make_doc({"text": text, "date": "2022-01-07"}, "<hypothesis>", None)
    if lang:
        doc.language = lang
    [out] = pipeline().run([doc])
    assert out.errors == [], out.errors
    check_offsets(out.to_record())


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_ingest(data: bytes) -> None:
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    for item in items:
        if isinstance(item, Doc):
            assert isinstance(item.text, str)
        else:
            assert item.source.startswith("<stdin>") and item.message.startswith("cannot read")
