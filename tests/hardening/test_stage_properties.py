"""Issue 15, item 7: every stage on arbitrary Unicode records no exception, and every offset lies
inside the text and slices to the evidence it claims; the readers survive fuzzing."""

from __future__ import annotations

import io
import json
import random
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.doc import Doc
from newsgraph.ingest import InputFailure, read_inputs
from newsgraph.pipeline import Pipeline, available_stages

from .offsets import check_record

STAGES = available_stages()
WORDS = [
    "Der", "Präsident", "sagte", "said", "killed", "getötet", "3.700", "2,500", "Berlin",
    "Moskau", "Washington", "New York", "„", "“", '"', "«", "»", "‘", "’", ".", ",", "\n\n",
    "am Freitag", "last Monday", "on 3 May 2021", "mehr als", "Dutzende", "Polizei",
    "protesters", "arrested", "Angela Merkel", "Reuters", "UN", "-", "—", "(", ")", "%", "$",
    "€", "100", "1e308", "9" * 40, "NaN", ":", "told reporters", "wurden verletzt",
]  # fmt: skip
NEWSY = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=60).map(" ".join)
TEXT = st.one_of(st.text(max_size=300), NEWSY, st.text(st.characters(), min_size=1, max_size=50))
PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@cache
def pipeline_upto(stage: str) -> Pipeline:
    """The stage with every stage before it in the default order (which covers its requires)."""
    return Pipeline(STAGES[: STAGES.index(stage) + 1])


@pytest.mark.parametrize("stage", STAGES)
def test_stage_on_arbitrary_unicode(stage: str) -> None:
    pipeline = pipeline_upto(stage)

    @PROPERTY
    @given(text=TEXT, lang=st.sampled_from(["en", "de", "fr", "xx"]))
    def check(text: str, lang: str) -> None:
        doc = Doc(id="h", text=text, language=lang, date="2022-01-07", source="<hypothesis>")
        [out] = pipeline.run([doc])
        assert out.errors == [], out.errors
        n = len(text)
        for start, end in out.sentences:
            assert 0 <= start <= end <= n and text[start:end].strip()
        for m in out.mentions:
            assert 0 <= m.start < m.end <= n and text[m.start : m.end] == m.text, m
        check_record(out.to_record())

    check()


# -- readers ----------------------------------------------------------------------------
SEEDS = [
    b'<!DOCTYPE html><html><head><title>T</title><meta charset="utf-8"></head><body><article>'
    b"<p>Police arrested 12 protesters in Berlin on Monday.</p><p>The mayor said so.</p>"
    b"</article></body></html>",
    b'{"id": "a", "text": "Police arrested 12 men.", "date": "2021-05-03", "lang": "en"}\n'
    b'{"text": "Die Polizei nahm 30 Menschen fest.", "title": "T", "url": "http://x"}\n',
    "Die Polizei nahm am Montag in Hamburg 30 Demonstranten fest. „Ja“, sagte er.".encode(),
]
FRAGMENTS = [
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"<div>" * 50, b"</", b"<script>",
    b"&#xD800;", b"\\ud800", b'"', b"{", b"}", b"\n", b"\r\n", b"\xe2\x80\xa8", b"<html>",
    b'"date": "2022-13-45"', b'"id": {}', b'"lang": 42', b"[" * 300, b"1e999", b"NaN",
]  # fmt: skip
SUFFIXES = [".html", ".htm", ".jsonl", ".txt", ".md", ".ndjson", ".xhtml"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        kind = rng.random()
        at = rng.randint(0, len(out))
        if kind < 0.3 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif kind < 0.6:
            out[at:at] = rng.choice(FRAGMENTS)
        elif kind < 0.8:
            del out[at : at + rng.randint(1, 40)]
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 30)))
    return bytes(out)


def assert_items_sound(items: list[Doc | InputFailure], source: str) -> None:
    for item in items:
        if isinstance(item, Doc):
            assert isinstance(item.text, str)  # (an empty JSONL "text" is a Doc today)
            continue
        assert isinstance(item, InputFailure), item
        assert "\n" not in item.message and "\r" not in item.message, item.message
        assert item.source == source or item.source.startswith(source + ":"), item
        assert repr(item.source) in item.message, item.message


def test_fuzzed_files_never_raise_and_failures_name_the_input(tmp_path: Path) -> None:
    """Mutations of HTML, JSONL and text inputs for a fixed time (seeded): only InputFailures."""

    def make(rng: random.Random, trial: int) -> tuple[bytes, str]:
        return mutate(rng, rng.choice(SEEDS)), f"fuzz-{trial}{rng.choice(SUFFIXES)}"

    assert fuzz_readers(tmp_path, seconds=15, make=make) >= 50


def fuzz_readers(
    tmp_path: Path, seconds: float, make: Callable[[random.Random, int], tuple[bytes, str]]
) -> int:
    """Write what `make` mutates for `seconds` (seeded) and read it: only sound items, never an
    exception. Returns the number of trials."""
    rng = random.Random(15)
    deadline = time.monotonic() + seconds
    trial = 0
    while time.monotonic() < deadline:
        data, name = make(rng, trial)
        path = tmp_path / name
        path.write_bytes(data)
        try:
            items = list(read_inputs([str(path)]))
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{type(exc).__name__}: {exc} escaped read_inputs on {data[:200]!r}")
        assert_items_sound(items, str(path))
        path.unlink()
        trial += 1
    return trial


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=12,
)
FIELDS = ["id", "text", "html", "date", "lang", "language", "url", "title"]


@PROPERTY
@given(
    article=st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6),
    text=st.one_of(st.none(), TEXT),
)
def test_jsonl_lines_of_arbitrary_values_are_a_doc_or_one_failure(
    article: dict[str, object], text: str | None
) -> None:
    """Arbitrary JSON values in every field through the JSONL reader: a Doc or an InputFailure
    naming the line, never an exception."""
    if text is not None:
        article["text"] = text
    line = json.dumps(article, allow_nan=True) + "\n"
    items = list(read_inputs(["-"], stdin=io.BytesIO(line.encode())))
    if not line.lstrip().startswith("{"):
        return
    assert len(items) == 1, items
    assert_items_sound(items, "<stdin>")


@PROPERTY
@given(article=st.dictionaries(st.sampled_from(FIELDS[3:]), JSON, max_size=5))
def test_malformed_metadata_never_costs_the_text(article: dict[str, object]) -> None:
    article["text"] = "Police arrested 12 protesters in Berlin on Monday."
    line = json.dumps(article, allow_nan=True) + "\n"
    [item] = list(read_inputs(["-"], stdin=io.BytesIO(line.encode())))
    assert isinstance(item, Doc), item
    assert item.title is None or isinstance(item.title, str)
    assert item.url is None or isinstance(item.url, str)
    assert item.date is None or (isinstance(item.date, str) and len(item.date) == 10)
    assert isinstance(item.language, str) and item.language.isalpha()


@PROPERTY
@given(text=st.text(max_size=200))
def test_jsonl_text_with_lone_surrogate_escapes(text: str) -> None:
    """JSON text holding lone surrogate escapes ("\\ud800"): a Doc with valid UTF-8 text, or a
    failure naming the line."""
    line = '{"text": ' + json.dumps(text)[:-1] + '\\ud800 \\udfff"}\n'
    items = list(read_inputs(["-"], stdin=io.BytesIO(line.encode())))
    assert_items_sound(items, "<stdin>")
    for item in items:
        if isinstance(item, Doc):
            item.text.encode("utf-8")  # the surrogates were replaced


def _warc_seed(gz: bool) -> bytes:
    """A small WARC (two HTML responses, a request, an image) written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    pages = [
        ("text/html; charset=utf-8", SEEDS[0]),
        ("image/png", b"\x89PNG\r\n"),
        ("text/html", b"<html><body><p>Die Polizei nahm 30 Menschen fest.</p></body></html>"),
    ]
    for n, (ctype, body) in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        url = f"http://fuzz.example/{n}"
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    request = writer.create_warc_record(
        "http://fuzz.example/0", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
    )
    writer.write_record(request)
    return out.getvalue()


@pytest.mark.parametrize("name", ["fuzz.warc", "fuzz.warc.gz"])
def test_fuzzed_warc_files_never_raise_and_failures_name_the_input(
    tmp_path: Path, name: str
) -> None:
    """Byte mutations of a WARC and a gzipped WARC for a fixed time (seeded): the reader yields
    Docs and InputFailures naming the file (or a record offset in it), never an exception."""
    import gzip

    seed = _warc_seed(gz=False)

    def make(rng: random.Random, trial: int) -> tuple[bytes, str]:
        data = mutate(rng, seed)
        if name.endswith(".gz"):  # corrupt the archive itself half the time, its content else
            data = gzip.compress(data) if rng.random() < 0.5 else mutate(rng, gzip.compress(seed))
        return data, f"{trial}-{name}"

    assert fuzz_readers(tmp_path, seconds=8, make=make) >= 20
