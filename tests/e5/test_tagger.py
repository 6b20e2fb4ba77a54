"""The e5 tagger: word splitting, windows, training adapters on a tiny model, the NER tier."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from newsgraph.doc import Doc  # noqa: E402
from newsgraph.e5 import weights as W  # noqa: E402
from newsgraph.e5.ner import E5Tagger, chunks, repair, split_words  # noqa: E402
from newsgraph.e5.tiny import tiny_file  # noqa: E402
from newsgraph.stages.ner import stage as ner  # noqa: E402
from newsgraph.training import ner_de_e5 as train  # noqa: E402
from newsgraph.training.corpora_de import Sent  # noqa: E402

PEOPLE, PLACES = ["Xavo", "Lirm"], ["Bexa", "Tund"]


def test_split_words_peels_edge_punctuation() -> None:
    text = '„Xavo", sagte er (Bexa-Nord). U.S.-Firma Tund e.V., J. Lirm.'
    assert [text[s:e] for s, e in split_words(text)] == [
        "„", "Xavo", '"', ",", "sagte", "er", "(", "Bexa-Nord", ")", ".", "U.S.-Firma",
        "Tund", "e.V.", ",", "J.", "Lirm", ".",
    ]  # fmt: skip


def test_chunks_cut_after_sentence_ends_and_cover_every_word() -> None:
    words = ["a", "b", ".", "C", "d", "e", ".", "F"]
    pieces = [(1,)] * len(words)
    got = chunks(words, pieces, limit=4)
    assert [list(r) for r in got] == [[0, 1, 2], [3, 4, 5, 6], [7]]
    assert [list(r) for r in chunks(words, pieces, limit=20, breaks=frozenset({4}))] == [
        [0, 1, 2], [3], [4, 5, 6], [7],
    ]  # fmt: skip
    title = ["Dr", ".", "Xavo", "kam", ".", "EU", ".", "Ja", "usw", ".", "und", "?"]
    assert [list(r) for r in chunks(title, [(1,)] * 12, limit=20)] == [
        [0, 1, 2, 3, 4], [5, 6], [7, 8, 9, 10, 11],
    ]  # fmt: skip
    long = ["w"] * 10
    assert sum(len(r) for r in chunks(long, [(1, 2)] * 10, limit=6)) == 10
    assert all(len(r) <= 3 for r in chunks(long, [(1, 2)] * 10, limit=6))


def test_repair_reads_bio_and_opens_stray_inside_tags() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]
    assert repair(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]


def _sentences(n: int, seed: int = 0) -> list[Sent]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        who, where = rng.choice(PEOPLE), rng.choice(PLACES)
        if rng.random() < 0.5:
            out.append(Sent([who, "ging", "nach", where, "."], [(0, 1, "PER"), (3, 4, "LOC")]))
        else:
            out.append(Sent(["heute", "sah", who, "in", where], [(2, 3, "PER"), (4, 5, "LOC")]))
    return out


@pytest.fixture(scope="module")
def tagger_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tagger")
    base = tiny_file(folder)
    model, steps = train.fit(_sentences(200), W.read(base), epochs=12, rank=4, alpha=8,
                             lr=3e-3, budget=200, log=False)  # fmt: skip
    train.save(model, folder, {"base_file": base.name, "steps": steps})
    return folder


def test_training_writes_only_what_it_changed(tagger_folder: Path) -> None:
    meta = json.loads((tagger_folder / "tagger.json").read_text())
    assert meta["rank"] == 4 and meta["labels"][0] == "O"
    state = torch.load(tagger_folder / "adapters.pt", weights_only=True)
    assert state and all("lora_" in k or "norm" in k or k.startswith("head.") for k in state)
    assert not any(k.endswith(".weight") and ".lin." in k and "lora" not in k for k in state)


def test_tagger_learns_the_tiny_task(tagger_folder: Path) -> None:
    tagger = E5Tagger(tagger_folder)
    assert tagger.tag([["Lirm", "ging", "nach", "Tund", "."], ["heute", "sah", "Xavo"]]) == [
        ["B-PER", "O", "O", "B-LOC", "O"],
        ["O", "O", "B-PER"],
    ]
    assert tagger.spans(["Heute sah Xavo in Bexa."]) == [[(10, 14, "PER"), (18, 22, "LOC")]]
    two = tagger.spans(["heute sah Xavo\nLirm ging nach Tund."])[0]
    assert [k for *_, k in two] == ["PER", "PER", "LOC"]


def test_missing_adapters_are_an_error(tagger_folder: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("tagger.json", "tiny-q4.bin"):
        (broken / name).write_bytes((tagger_folder / name).read_bytes())
    state = torch.load(tagger_folder / "adapters.pt", weights_only=True)
    torch.save({k: v for k, v in state.items() if not k.startswith("head.")},
               broken / "adapters.pt")  # fmt: skip
    with pytest.raises(W.WeightsError, match="lacks"):
        E5Tagger(broken)


def test_ner_stage_runs_an_e5_override(tagger_folder: Path) -> None:
    stage = ner.NerStage(models={"de": f"e5:{tagger_folder}"})
    doc = Doc(id="a", text="Lirm ging nach Bexa.", language="de")
    stage([doc])
    assert [(m.text, m.label) for m in doc.mentions] == [("Lirm", "PER"), ("Bexa", "LOC")]


def test_accurate_tier_is_chosen_per_language() -> None:
    de = ner.model_spec("de", tier="accurate")
    assert (de.backend, de.model) == ("e5", "ner-de-e5")
    assert ner.model_spec("en", tier="accurate").backend == "spacy"  # no accurate English tier
    assert ner.model_spec("de").backend == "spacy"
    with pytest.raises(Exception, match="tier 'best'"):
        ner.model_spec("de", tier="best")


def test_ner_tier_setting_and_override(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph import config

    monkeypatch.setenv("NEWSGRAPH_NER_TIER", "accurate")
    assert ner.NerStage(models={}).tier == "accurate"
    config.override("ner_tier", "fast")
    try:
        assert ner.NerStage(models={}).tier == "fast"
    finally:
        config.override("ner_tier", None)


def test_a_missing_e5_folder_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ner.ModelNotFound, match="no tagger.json"):
        ner.E5Backend(str(tmp_path / "nowhere"))
    ner.load_backend.cache_clear()
    with pytest.raises(ner.ModelNotFound, match="no NER model for language .de."):
        ner.load_backend("de", (("de", f"e5:{tmp_path}"),))
