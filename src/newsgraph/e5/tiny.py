"""A tiny e5-format model (random weights, a small vocabulary): tests and smoke runs build it
themselves instead of needing the real weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import weights as W

WORDS = ["Xavo", "Lirm", "Bexa", "Tund", "ging", "nach", "und", "sah", "heute", "in"]


def tiny_weights(
    hidden: int = 64, layers: int = 2, heads: int = 2, ffn: int = 128, seed: int = 0
) -> W.E5Weights:
    rng = np.random.RandomState(seed)
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    letters += [c.upper() for c in letters] + list(".,:!?-\"'")
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "\u2581"] + letters
    pieces += [f"\u2581{c}" for c in letters] + [f"\u2581{w}" for w in WORDS] + ["fi"]
    scores = np.array(
        [0.0] * 4 + [-len(p) if len(p) < 3 else -1.0 for p in pieces[4:]], dtype=np.float32
    )
    vocab = W.Vocabulary(pieces, scores, bos=0, eos=2, pad=1, unk=3, normalise={"\ufb01": "fi"})
    n_vocab = len(pieces) + 3  # the real file pads its table, too
    t: dict[str, np.ndarray] = {
        "emb.word": rng.randn(n_vocab, hidden).astype(np.float32) * 0.5,
        "emb.pos": rng.randn(64 * hidden).astype(np.float32) * 0.1,
        "emb.type": rng.randn(2 * hidden).astype(np.float32) * 0.1,
        "emb.ln.w": np.ones(hidden, np.float32),
        "emb.ln.b": np.zeros(hidden, np.float32),
    }
    for i in range(layers):
        for name, rows, cols in (("q", hidden, hidden), ("k", hidden, hidden),
                                 ("v", hidden, hidden), ("ao", hidden, hidden),
                                 ("fi", ffn, hidden), ("fo", hidden, ffn)):  # fmt: skip
            t[f"l{i}.{name}.w"] = rng.randn(rows, cols).astype(np.float32) / np.sqrt(cols)
            t[f"l{i}.{name}.b"] = rng.randn(rows).astype(np.float32) * 0.02
        for norm in ("aln", "oln"):
            t[f"l{i}.{norm}.w"] = np.ones(hidden, np.float32)
            t[f"l{i}.{norm}.b"] = np.zeros(hidden, np.float32)
    header = W.Header(hidden, layers, heads, ffn, n_vocab, 64, 2, 1e-12)
    return W.E5Weights(header, vocab, t)


def tiny_file(folder: Path, **kwargs: int) -> Path:
    path = folder / "tiny-q4.bin"
    W.write(path, tiny_weights(**kwargs))
    return path
