"""The NER scorer: conlleval-style chunks, strict span P/R/F1, both file formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.doc import Mention
from newsgraph.eval import ner
from newsgraph.eval.iob import read_conll, read_germeval, tags_to_spans


def test_iob2_chunks() -> None:
    tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "I-ORG"]
    assert tags_to_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC"), (6, 7, "ORG")]


def test_iob1_chunks_start_at_i_after_o_or_type_change() -> None:
    # IOB1 (CoNLL-2003): I- opens a chunk; B- only separates two adjacent chunks of one type
    tags = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG", "I-MISC", "I-MISC"]
    assert tags_to_spans(tags) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
        (5, 6, "ORG"),
        (6, 8, "MISC"),
    ]


def test_bioes_chunks() -> None:
    assert tags_to_spans(["S-PER", "B-ORG", "E-ORG", "S-ORG"]) == [
        (0, 1, "PER"),
        (1, 3, "ORG"),
        (3, 4, "ORG"),
    ]


def test_strict_scores_by_hand() -> None:
    gold = [{(0, 2, "PER"), (3, 4, "LOC")}, {(1, 2, "ORG"), (4, 5, "MISC")}]
    pred = [{(0, 2, "PER"), (3, 5, "LOC")}, {(1, 2, "LOC"), (4, 5, "MISC")}]
    result = ner.score(gold, pred)
    # PER right; LOC boundary wrong; ORG typed as LOC; MISC right but outside the micro average
    assert result["per_type"]["PER"] == {
        "p": 1.0,
        "r": 1.0,
        "f1": 1.0,
        "tp": 1,
        "pred": 1,
        "gold": 1,
    }
    assert result["per_type"]["LOC"]["tp"] == 0 and result["per_type"]["LOC"]["pred"] == 2
    assert result["per_type"]["ORG"]["r"] == 0.0
    assert result["per_type"]["MISC"]["f1"] == 1.0
    micro = result["micro"]
    assert (micro["tp"], micro["pred"], micro["gold"]) == (1, 3, 3)
    assert micro["f1"] == pytest.approx(1 / 3, abs=1e-4)


def test_germeval_reader_both_forms(tmp_path: Path) -> None:
    four = tmp_path / "four.tsv"
    four.write_text(
        "#\thttp://example.org/a [2010-01-01]\n"
        "1\tDie\tO\tO\n2\tdeutsche\tB-LOCderiv\tO\n3\tFirma\tO\tO\n"
        "4\tMüller\tB-ORG\tB-PER\n5\tGmbH\tI-ORG\tO\n6\tin\tO\tO\n7\tUlm\tB-LOC\tO\n\n"
        "#\thttp://example.org/b [2010-01-02]\n"
        "1\t#\tO\tO\n2\tEcce\tB-OTH\tO\n3\thomo\tI-OTH\tO\n\n",
        encoding="utf-8",
    )
    two = tmp_path / "two.bio.tsv"
    two.write_text("Müller\tB-PER\nkam\tO\n\n#\tO\nUlm\tB-LOC\n", encoding="utf-8")
    sentences = list(read_germeval(four))
    assert [w for w, _ in sentences[0]] == [
        "Die",
        "deutsche",
        "Firma",
        "Müller",
        "GmbH",
        "in",
        "Ulm",
    ]
    assert [w for w, _ in sentences[1]] == ["#", "Ecce", "homo"]
    gold = ner.normalise(tags_to_spans([t for _, t in sentences[0]]))
    assert gold == {(3, 5, "ORG"), (6, 7, "LOC")}  # LOCderiv dropped
    assert ner.normalise(tags_to_spans([t for _, t in sentences[1]])) == {(1, 3, "MISC")}
    assert [[w for w, _ in s] for s in read_germeval(two)] == [["Müller", "kam"], ["#", "Ulm"]]


CONLL = """-DOCSTART- -X- -X- O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
in IN I-PP O
Paris NNP I-NP I-LOC
B-Town NNP I-NP B-LOC
"""


def test_conll_run_with_pluggable_predictor(tmp_path: Path) -> None:
    path = tmp_path / "mini.conll"
    path.write_text(CONLL, encoding="utf-8")
    assert [len(s) for s in read_conll(path)] == [5, 5]

    def predictor(sentences: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        assert sentences[1] == ["Peter", "Blackburn", "in", "Paris", "B-Town"]
        # ORG right, MISC right, PER too short, both LOCs right, one spurious PERSON
        return [[(0, 1, "ORG"), (2, 3, "MISC")], [(0, 1, "PERSON"), (3, 4, "GPE"), (4, 5, "LOC")]]

    result = ner.run(str(path), "conll", predictor=predictor)
    assert (
        result["micro"]["tp"] == 3 and result["micro"]["pred"] == 4 and result["micro"]["gold"] == 4
    )
    assert result["summary"]["f1_micro_core"] == 0.75
    assert result["per_type"]["MISC"]["f1"] == 1.0
    assert result["words"] == 10 and result["sentences"] == 2
    assert ner.run(str(path), "conll", limit=1, predictor=lambda s: [[]])["micro"]["gold"] == 1


def test_stage_predictor_maps_character_mentions_to_tokens() -> None:
    class CapitalisedPersons:
        def __call__(self, docs: list) -> None:
            for doc in docs:
                doc.mentions = [
                    Mention(t.idx, t.idx + len(t), "PER", t.text) for t in doc.tokens if t.is_title
                ] + [Mention(0, 2, "LOC", doc.text[:2])]  # not token-aligned: ignored

    predict = ner.stage_predictor(CapitalisedPersons(), "de")
    assert predict([["heute", "kam", "Anna", "Schmidt", "."]]) == [[(2, 3, "PER"), (3, 4, "PER")]]


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown NER format"):
        ner.run("x", "brat", predictor=lambda s: [])
