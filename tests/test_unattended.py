"""Issue 15: one bad input never costs another, long articles are analysed, metadata never
costs the text, HTML falls back to the body, compressed inputs, per-article time budget."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import config
from newsgraph.cli import cli
from newsgraph.doc import Doc, Mention
from newsgraph.ingest import InputFailure, read_inputs
from newsgraph.pipeline import Pipeline
from newsgraph.stages.ner.stage import FakeBackend, NerStage, predict_chunked
from newsgraph.stages.sentences.stage import tokenize
from newsgraph.store import open_store
from newsgraph.testing import example_record
from newsgraph.textutils import CHUNK, chunk_spans

ENGLISH = "Police arrested 30 protesters in London on Friday, a spokesman said."


def _one(path: Path, **kwargs: object) -> Doc | InputFailure:
    [item] = list(read_inputs([str(path)], **kwargs))  # type: ignore[arg-type]
    return item


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "Hallo \\ud800 Welt. ' + ENGLISH + '"}\n', encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Doc)
    assert doc.text.startswith("Hallo \ufffd Welt.")
    assert doc.warnings == ["replaced 1 lone surrogate code point(s) with U+FFFD"]


def test_any_input_type_may_be_gzipped_and_a_corrupt_one_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ENGLISH.encode()))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(f"<html><body><p>{ENGLISH}</p>".encode()))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b"\x1f\x8b-not-gzip-inside"))
    (tmp_path / "d.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    items = list(read_inputs([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Doc", "Doc", "InputFailure", "InputFailure"]
    assert items[0].text == ENGLISH  # type: ignore[union-attr]
    bad = items[3]
    assert isinstance(bad, InputFailure) and bad.reason == "gzip"
    assert bad.message.startswith(f"cannot read '{tmp_path / 'd.txt.gz'}': not valid gzip (")
    assert "\n" not in bad.message


def test_deeply_nested_html_falls_back_to_the_body_text(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    nested = "<div>" * 20_000 + f"<p>{ENGLISH}</p>" + "</div>" * 20_000
    path.write_text(f"<html><head><script>var secret = 1;</script></head><body>{nested}</body>")
    doc = _one(path)
    assert isinstance(doc, Doc)
    assert doc.text == ENGLISH
    assert doc.warnings == ["no main text found in the HTML; the whole body was read as text"]


def test_script_only_html_is_rejected_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "script.html"
    path.write_text("<html><body><script>document.write('hi')</script><style>p{}</style></body>")
    fail = _one(path)
    assert isinstance(fail, InputFailure) and fail.reason == "html"
    assert fail.message == (
        f"cannot read '{path}': no text found in the HTML (none outside scripts and styles)"
    )


def test_a_crashing_reader_costs_only_its_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgraph.ingest as ingest

    def explode(text: str) -> tuple[str, float]:
        if "explode" in text:
            raise TypeError("predict(): incompatible function arguments\nsecond line")
        return "en", 1.0

    monkeypatch.setattr(ingest, "identify", explode)
    path = tmp_path / "a.jsonl"
    lines = [{"text": ENGLISH}, {"text": "explode " + ENGLISH}, {"text": ENGLISH + " Again."}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Doc", "InputFailure", "Doc"]
    assert items[1].message == (  # type: ignore[union-attr]
        f"cannot read '{path}:2': TypeError: predict(): incompatible function arguments"
    )


def test_a_text_over_the_cap_is_cut_at_a_break_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    text = "\n\n".join([ENGLISH] * 100)
    path.write_text(text, encoding="utf-8")
    config.override("max_chars", 1000)
    try:
        doc = _one(path)
    finally:
        config.override("max_chars", None)
    assert isinstance(doc, Doc)
    assert len(doc.text) <= 1000 and doc.text.endswith("said.\n\n")
    cut = f"text cut at character {len(doc.text)} of {len(text):,} (setting max_chars 1,000)"
    assert doc.warnings == [cut]


def test_chunks_tile_the_text_and_end_at_breaks() -> None:
    text = ("Ein Satz. " * 3000 + "\n\n") * 5 + "x" * 250
    spans = chunk_spans(text, 10_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(e - s <= 10_000 for s, e in spans)
    assert all(text[e - 1] in ".\n" for _, e in spans[:-1])


def test_a_long_article_is_tokenised_and_tagged_with_its_own_offsets() -> None:
    part = "Die Polizei nahm in Berlin dreißig Menschen fest. " * 100 + "\n\n"
    text = part * (CHUNK // len(part) + 2) + "Am Ende sprach Anna Beispiel."
    tokens = tokenize(text, "de")
    assert tokens.text == text and len(text) > CHUNK

    def tag(t: str) -> list[Mention]:
        at = t.find("Anna Beispiel")
        return [Mention(at, at + 13, "PER", t[at : at + 13])] if at >= 0 else []

    [found] = predict_chunked(FakeBackend(tag), [text])
    assert [(m.start, m.text) for m in found] == [(text.index("Anna"), "Anna Beispiel")]
    docs = [Doc(id="a", text=text, language="de")]
    Pipeline(["sentences", NerStage(backend=FakeBackend(tag))]).run(docs)
    assert docs[0].errors == [] and docs[0].mentions[0].text == "Anna Beispiel"
    start, end = docs[0].sentences[-1]
    assert text[start:end] == "Am Ende sprach Anna Beispiel."


class Slow:
    name = "slow"
    requires = ("text",)
    produces = ("slow",)

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            if "slow" in doc.text:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:  # a pathological input
                    pass
            doc.extras["slow"] = True


class After:
    name = "after"
    requires = ("text",)
    produces = ("after",)

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            doc.extras["after"] = True


def test_the_time_budget_stops_one_article_and_the_batch_goes_on() -> None:
    docs = [Doc(id=str(i), text=t, language="en") for i, t in enumerate(["fine", "slow", "ok"])]
    started = time.monotonic()
    Pipeline([Slow(), After()], time_budget=0.3).run(docs)
    assert time.monotonic() - started < 5
    assert docs[1].errors == ["slow: stopped after 0.3 s (setting time_budget)"]
    assert [d.extras.get("after") for d in docs] == [True, None, True]
    assert docs[0].errors == docs[2].errors == []


def test_a_record_the_store_cannot_take_costs_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "s.duckdb")
    good = example_record()
    bad = replace(good, id="bad", text="another text")
    other = replace(good, id="other", text="a third text")
    insert = type(store)._insert_batch

    def refuse_bad(self: object, records: Sequence[object]) -> None:
        if any(r.id == "bad" for r in records):  # type: ignore[attr-defined]
            raise ValueError("the store cannot take this record")
        insert(self, records)  # type: ignore[arg-type]

    monkeypatch.setattr(type(store), "_insert_batch", refuse_bad)
    result, failed = store.add_each([good, bad, other])
    assert result.added == 2 and [r.id for r, _ in failed] == ["bad"]
    assert sorted(r.id for r in store.records()) == sorted([good.id, "other"])
    store.close()


def test_warnings_are_stored_and_read_back(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.duckdb")
    record = replace(example_record(), warnings=("dropped the date 'x': not a date",))
    store.add([record])
    assert store.get(record.id).warnings == record.warnings
    store.close()


def test_ingest_of_bad_inputs_ends_with_a_summary_and_exit_1(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (inputs / "meta.jsonl").write_text(json.dumps({"text": ENGLISH + " 2", "date": "x"}) + "\n")
    db = tmp_path / "s.duckdb"
    out = CliRunner().invoke(
        cli, ["ingest", str(inputs), "--db", str(db), "--no-summary", "--stages", "sentences"]
    )
    assert out.exit_code == 1, out.output
    assert "Traceback" not in out.output
    assert (
        "summary: 4 read, 2 stored, 0 already stored, 2 rejected (empty 1, gzip 1); "
        "0 analysed with a stage error, 1 with input warnings"
    ) in out.output
