from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsgraph.doc import Doc
from newsgraph.ingest import InputFailure, article_id, read_inputs

GERMAN = "Die Regierung hat am Montag neue Gesetze beschlossen. Der Bundestag stimmte zu."
ENGLISH = "The government passed new laws on Monday. Parliament agreed after a long debate."


def docs(items: list[object]) -> list[Doc]:
    return [i for i in items if isinstance(i, Doc)]


def failures(items: list[object]) -> list[InputFailure]:
    return [i for i in items if isinstance(i, InputFailure)]


def test_txt_utf8_text_unchanged_and_language_identified(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GERMAN + "\n", encoding="utf-8")
    [doc] = list(read_inputs([str(path)]))
    assert isinstance(doc, Doc)
    assert doc.text == GERMAN + "\n"
    assert doc.language == "de" and doc.language_confidence and doc.language_confidence > 0.5
    assert doc.id == article_id(doc.text)


def test_other_encoding_is_detected(tmp_path: Path) -> None:
    text = "Die Bürger in Köln äußerten große Sorgen über die Straßenbahn und die Größe der Plätze."
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))
    [doc] = list(read_inputs([str(path)]))
    assert isinstance(doc, Doc) and doc.text == text


def test_explicit_wrong_encoding_names_the_input(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes("Größe".encode())
    [fail] = list(read_inputs([str(path)], encoding="ascii"))
    assert isinstance(fail, InputFailure)
    assert fail.message.startswith(f"cannot read '{path}': cannot decode as ascii")


def test_lang_and_date_override(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    [doc] = list(read_inputs([str(path)], lang="fr", date="2022-01-07"))
    assert isinstance(doc, Doc) and doc.language == "fr" and doc.date == "2022-01-07"


def test_jsonl_bad_lines_reported_and_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        json.dumps(
            {"id": "x1", "text": ENGLISH, "date": "2021-03-04T10:00:00Z", "url": "u", "title": "t"}
        ),
        "{not json",
        json.dumps({"id": "x2"}),
        json.dumps({"text": GERMAN, "lang": "de"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)]))
    good = docs(items)
    assert [d.id for d in good] == ["x1", article_id(GERMAN)]
    assert good[0].date == "2021-03-04" and good[0].language == "en" and good[0].title == "t"
    bad = failures(items)
    assert [f.source for f in bad] == [f"{path}:2", f"{path}:3"]
    assert "not valid JSON" in bad[0].message
    assert "has no 'text' or 'html'" in bad[1].message


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    body = " ".join([ENGLISH] * 6)
    html = (
        "<html><head><title>Laws passed</title>"
        '<meta property="article:published_time" content="2021-05-06">'
        '<link rel="canonical" href="https://example.org/laws"></head>'
        f"<body><nav>Home | About</nav><article><h1>Laws passed</h1><p>{body}</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    [doc] = list(read_inputs([str(path)]))
    assert isinstance(doc, Doc)
    assert "Parliament agreed" in doc.text and "Home | About" not in doc.text
    assert doc.title == "Laws passed" and doc.date == "2021-05-06"
    assert doc.url == "https://example.org/laws"


def test_directory_is_read_recursively_and_missing_paths_fail(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "sub" / "ignored.bin").write_bytes(b"\x00\x01")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "nope.txt")]))
    assert sorted(d.language for d in docs(items)) == ["de", "en"]
    messages = [f.message for f in failures(items)]
    assert f"cannot read '{tmp_path / 'empty.txt'}': the file is empty" in messages
    assert f"cannot read '{tmp_path / 'nope.txt'}': no such file or directory" in messages


def test_stdin_text_and_jsonl() -> None:
    [doc] = list(read_inputs(["-"], stdin=io.BytesIO(ENGLISH.encode())))
    assert isinstance(doc, Doc) and doc.source == "<stdin>" and doc.text == ENGLISH
    line = json.dumps({"id": "s", "text": GERMAN}).encode()
    [doc] = list(read_inputs(["-"], stdin=io.BytesIO(line)))
    assert isinstance(doc, Doc) and doc.id == "s" and doc.language == "de"


def test_an_unreadable_date_costs_the_date_not_the_article(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"text": ENGLISH, "date": "not a date at all"}) + "\n", encoding="utf-8"
    )
    [doc] = list(read_inputs([str(path)]))
    assert isinstance(doc, Doc)
    assert doc.text == ENGLISH and doc.date is None
    assert doc.warnings == ["dropped the date 'not a date at all': not a date"]


def test_malformed_optional_fields_are_dropped_with_warnings(tmp_path: Path) -> None:
    article = {"text": ENGLISH, "id": {"a": 1}, "date": "2022-13-45", "lang": 42,
               "url": ["x"], "title": 5}  # fmt: skip
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(article) + "\n", encoding="utf-8")
    [doc] = list(read_inputs([str(path)]))
    assert isinstance(doc, Doc)
    assert (doc.date, doc.url, doc.title, doc.language) == (None, None, "5", "en")
    assert len(doc.id) == 16  # the content id
    assert [w.split(" ")[:3] for w in doc.warnings] == [
        ["dropped", "the", "id"], ["dropped", "the", "date"], ["dropped", "the", "language"],
        ["dropped", "the", "url"], ["title", "5:", "a"],
    ]  # fmt: skip


def test_a_bad_date_option_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    [fail] = list(read_inputs([str(path)], date="someday"))
    assert isinstance(fail, InputFailure)
    assert "unreadable date 'someday'; pass --date YYYY-MM-DD" in fail.message


@pytest.mark.parametrize("text", ["", "1234 5678", "…"])
def test_language_of_letterless_text_is_undetermined(text: str) -> None:
    from newsgraph.ingest.langid import identify

    assert identify(text) == ("und", 0.0)


def test_batches_keep_input_order_and_count_only_docs() -> None:
    from newsgraph.ingest import batches

    fail = InputFailure("x", "cannot read 'x': boom")
    items = [Doc("1", "a"), fail, Doc("2", "b"), Doc("3", "c")]
    assert [[getattr(i, "id", "F") for i in b] for b in batches(items, 2)] == [
        ["1", "F", "2"],
        ["3"],
    ]
