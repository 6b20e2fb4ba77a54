"""The shipped German NER pipeline loads, stays small and finds obvious names."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.resources import resource_path

MODEL = resource_path("models", "ner-de")
pytestmark = pytest.mark.skipif(not (MODEL / "meta.json").exists(), reason="ner-de not built")


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - spaCy Language
    import spacy

    return spacy.load(MODEL)


def ents(nlp, text: str) -> set[tuple[str, str]]:  # noqa: ANN001
    return {(e.text, e.label_) for e in nlp(text).ents}


def test_size_and_components(nlp) -> None:  # noqa: ANN001
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size <= 60 * 1024 * 1024
    assert "ner" in nlp.pipe_names and set(nlp.get_pipe("ner").labels) >= {"PER", "ORG", "LOC"}


def test_finds_persons_and_places(nlp) -> None:  # noqa: ANN001
    found = ents(nlp, "Johann Wolfgang von Goethe wurde 1749 in Frankfurt am Main geboren.")
    assert ("Johann Wolfgang von Goethe", "PER") in found
    assert any(label == "LOC" and "Frankfurt" in text for text, label in found)
    found = ents(nlp, "Am Dienstag reiste die Ministerin Maria Schneider nach Wien und Budapest.")
    assert ("Maria Schneider", "PER") in found
    assert {("Wien", "LOC"), ("Budapest", "LOC")} <= found


def test_plain_sentence_has_no_entities(nlp) -> None:  # noqa: ANN001
    assert ents(nlp, "Das Wetter war gestern kalt und es hat den ganzen Tag geregnet.") == set()


DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ner" / "germeval2014"
FLOOR_F1 = 0.73  # GermEval 2014 dev, strict micro F1 over PER/ORG/LOC (shipped: 0.735)


@pytest.mark.skipif(not (DEV / "NER-de-dev.tsv").exists(), reason="shared data absent")
def test_germeval_dev_floor() -> None:
    from newsgraph.eval import ner

    result = ner.run(str(DEV / "NER-de-dev.tsv"), "germeval", lang="de", model=str(MODEL))
    assert result["summary"]["f1_micro_core"] >= FLOOR_F1
