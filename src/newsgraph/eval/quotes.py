"""Score the quotes stage: PolNeAR (English news, BRAT) and SpkAtt-2023 (German Bundestag).

Run: ``newsgraph eval quotes --format polnear ../shared/data/quotes/polnear/dev``
or ``--format spkatt ../shared/data/quotes/spkatt-de/train``.

PolNeAR protocol (the corpus does not mark direct vs indirect speech, so we derive it):

* Gold attributions are the ``E`` lines: Content (possibly discontinuous), Source, Cue.
* A gold attribution is *direct* when at least half of its content characters lie inside
  quotation marks (“…”, "…" or ''…'', found by a plain regex, independent of the stage); it *has a
  quote* when any of its content is inside marks (a partial quote in reported speech); it is
  *indirect* when none is.
* Several annotators per document (``<doc>_<annotator>.ann``): attributions are clustered
  across annotators by overlapping content, and a cluster is gold when at least half of the
  document's annotators have it (majority vote); its first annotator's spans represent it.
* A predicted quote matches a gold attribution when their content spans overlap; the speaker
  is right when the predicted speaker span overlaps a gold Source span, or the last word of
  the predicted speaker (or its entity) equals the last word of the gold Source.
* Direct quotes: recall over *direct* gold; precision over gold that *has a quote* (a
  predicted partial quote inside reported speech is a correct quote). ``strict`` variants
  count precision against direct gold only. Indirect: recall over *indirect* gold,
  precision over all gold attributions.

SpkAtt: speeches are rebuilt by joining tokens with spaces (sentences with newlines); gold
units are annotations with a Message; a predicted quote (direct or not) matches by overlap of
the message tokens, the speaker by overlap with Source tokens. SpkAtt annotates every speech,
thought and attitude event (wissen, fordern, befürchten ...); the comparable part is the
``message_saying_cue`` recall: gold units whose cue is one of our saying verbs (precision
there is still counted against all gold units).
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..doc import Doc
from ..errors import NewsgraphError
from ..record import Quote
from .splits import take_limited

Spans = list[tuple[int, int]]
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|''(?:[^'\n]|'(?!'))*''")  # NYT types ''...


@dataclass
class Gold:
    content: Spans
    source: Spans
    source_text: str
    kind: str = "indirect"  # direct | partial | indirect
    cue: str = ""
    annotators: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- pipeline


def make_stages(names: Iterable[str]) -> list[Any]:
    """The stages to run: sentences, ner and entities when present, quotes."""
    from ..pipeline import available_stages, load_stage

    have = set(available_stages())
    return [load_stage(n) for n in names if n in have]


def analyse(docs: list[Doc], stages: list[Any]) -> dict[str, str]:
    """Run the stages; an optional stage that cannot run here (no NER model for the language)
    is skipped and reported, the quotes stage then falls back to its name heuristic."""
    skipped: dict[str, str] = {}
    for stage in stages:
        try:
            stage(docs)
        except NewsgraphError as exc:
            if stage.name == "quotes":
                raise
            skipped[stage.name] = str(exc).splitlines()[0]
    return skipped


# ---------------------------------------------------------------- PolNeAR


def read_ann(path: Path) -> list[Gold]:
    spans: dict[str, tuple[str, Spans, str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, ranges = parts[1].partition(" ")
            pieces = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            spans[parts[0]] = (
                label,
                [(p[0], p[1]) for p in pieces],
                parts[2] if len(parts) > 2 else "",
            )
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    out = []
    for ev in events:
        content = [
            s
            for k, v in ev.items()
            if k.startswith("Content")
            for s in spans.get(v, ("", [], ""))[1]
        ]
        source = [
            s
            for k, v in ev.items()
            if k.startswith("Source")
            for s in spans.get(v, ("", [], ""))[1]
        ]
        stext = " ".join(
            spans[v][2] for k, v in ev.items() if k.startswith("Source") and v in spans
        )
        if content:
            out.append(Gold(sorted(content), sorted(source), stext))
    return out


def classify(gold: Gold, text: str) -> str:
    quoted = [(m.start() + 1, m.end() - 1) for m in _QUOTED.finditer(text)]
    total = inside = 0
    for s, e in gold.content:
        for i in range(s, e):
            if text[i].isspace() or text[i] in '“”"':
                continue
            total += 1
            inside += any(a <= i < b for a, b in quoted)
    if total and inside / total >= 0.5:
        return "direct"
    return "partial" if inside else "indirect"


def merge_annotators(per_annotator: dict[str, list[Gold]]) -> list[Gold]:
    """Majority vote over annotators: keep clusters of overlapping content found by >= half."""
    clusters: list[Gold] = []
    for annotator in sorted(per_annotator):
        for g in per_annotator[annotator]:
            home = next((c for c in clusters if _overlap(c.content, g.content)), None)
            if home is None:
                g.annotators = {annotator}
                clusters.append(g)
            else:
                home.annotators.add(annotator)
    need = len(per_annotator) / 2
    return [c for c in clusters if len(c.annotators) >= need]


def _overlap(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def load_polnear(
    root: Path, limit: int | None, split: str = "all"
) -> list[tuple[str, str, list[Gold]]]:
    files: dict[str, dict[str, Path]] = defaultdict(dict)
    for ann in sorted((root / "attributions").glob("*.ann")):
        doc, _, annotator = ann.stem.rpartition("_")
        files[doc][annotator] = ann
    out = []
    for doc in take_limited(sorted(files), split, limit):
        text = (root / "text" / f"{doc}.txt").read_text(encoding="utf-8")
        gold = merge_annotators({a: read_ann(p) for a, p in files[doc].items()})
        for g in gold:
            g.kind = classify(g, text)
        out.append((doc, text, gold))
    return out


def speaker_ok(q: Quote, g: Gold, text: str) -> bool:
    if not g.source:
        return q.speaker is None
    if q.speaker_span and _overlap([q.speaker_span], g.source):
        return True
    gold_last = _last_word(g.source_text)
    return bool(gold_last) and gold_last in {_last_word(q.speaker), _last_word(q.speaker_entity)}


def _last_word(name: str | None) -> str:
    words = re.findall(r"\w+", name or "")
    return words[-1].lower() if words else ""


class Tally:
    """Precision/recall counts of one metric."""

    def __init__(self) -> None:
        self.tp_pred = self.n_pred = self.tp_gold = self.n_gold = 0

    def add(self, preds: list[Quote], p_gold: list[Gold], r_gold: list[Gold], ok: Any) -> None:
        self.n_pred += len(preds)
        self.n_gold += len(r_gold)
        self.tp_pred += sum(any(ok(q, g) for g in p_gold) for q in preds)
        self.tp_gold += sum(any(ok(q, g) for q in preds) for g in r_gold)

    def scores(self) -> dict[str, float | int]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "predicted": self.n_pred,
            "gold": self.n_gold,
        }


def score_polnear(
    path: str, limit: int | None, stages: list[Any], split: str = "all"
) -> dict[str, Any]:
    data = load_polnear(Path(path), limit, split)
    docs = [Doc(id=d, text=t, language="en") for d, t, _ in data]
    start = time.perf_counter()
    skipped = analyse(docs, stages)
    seconds = time.perf_counter() - start
    tallies: defaultdict[str, Tally] = defaultdict(Tally)
    for doc, (_, text, gold) in zip(docs, data, strict=True):
        _tally_doc(doc, text, gold, tallies)
    metrics = {name: t.scores() for name, t in tallies.items()}
    words = sum(len(d.text.split()) for d in docs)
    return _result("polnear", metrics, len(docs), words, seconds, stages, skipped)


def _tally_doc(doc: Doc, text: str, gold: list[Gold], tallies: dict[str, Tally]) -> None:
    direct = [q for q in doc.quotes if q.direct]
    indirect = [q for q in doc.quotes if not q.direct]
    strict = [g for g in gold if g.kind == "direct"]
    quoted = [g for g in gold if g.kind != "indirect"]
    reported = [g for g in gold if g.kind == "indirect"]

    def found(q: Quote, g: Gold) -> bool:
        return _overlap([q.span], g.content)

    def said(q: Quote, g: Gold) -> bool:
        return found(q, g) and speaker_ok(q, g, text)

    tallies["direct_with_speaker"].add(direct, quoted, strict, said)
    tallies["direct"].add(direct, quoted, strict, found)
    tallies["direct_with_speaker_strict"].add(direct, strict, strict, said)
    tallies["indirect"].add(indirect, gold, reported, found)
    tallies["indirect_with_speaker"].add(indirect, gold, reported, said)
    tallies["all_with_speaker"].add(doc.quotes, gold, gold, said)


def _result(
    fmt: str,
    metrics: dict[str, Any],
    n: int,
    words: int,
    seconds: float,
    stages: list[Any],
    skipped: dict[str, str],
) -> dict[str, Any]:
    keys = (
        "direct_with_speaker",
        "direct",
        "indirect",
        "message",
        "message_with_speaker",
        "message_saying_cue",
        "message_saying_cue_with_speaker",
    )
    summary = {f"{k}_f1": metrics[k]["f1"] for k in keys if k in metrics}
    summary["words_per_second"] = round(words / seconds) if seconds else 0
    return {
        "format": fmt,
        "documents": n,
        "stages": [s.name for s in stages if s.name not in skipped],
        "skipped_stages": skipped,
        "seconds": round(seconds, 2),
        "summary": summary,
        "metrics": metrics,
    }


# ---------------------------------------------------------------- SpkAtt


def load_spkatt(root: Path, limit: int | None, split: str = "all") -> list[tuple[Doc, list[Gold]]]:
    out = []
    for path in take_limited(sorted(Path(root).rglob("*.json")), split, limit):
        data = json.loads(path.read_text(encoding="utf-8"))
        text, offsets, sentences = _rebuild(data["Sentences"])
        doc = Doc(id=path.stem, text=text, language="de")
        doc.sentences = sentences
        gold = []
        for ann in data.get("Annotations", []):
            message = _token_spans(ann.get("Message", []), offsets)
            if message:
                source = _token_spans(ann.get("Source", []), offsets)
                cue = " ".join(text[s:e] for s, e in _token_spans(ann.get("Cue", []), offsets))
                stext = " ".join(text[s:e] for s, e in source)
                gold.append(Gold(message, source, stext, cue=cue))
        out.append((doc, gold))
    return out


def _rebuild(sentences: list[dict[str, Any]]) -> tuple[str, dict[str, tuple[int, int]], Spans]:
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    spans: Spans = []
    pos = 0
    for sent in sentences:
        start = pos
        for k, tok in enumerate(sent["Tokens"]):
            offsets[f"{sent['SentenceId']}:{k}"] = (pos, pos + len(tok))
            parts.append(tok + " ")
            pos += len(tok) + 1
        spans.append((start, pos - 1))
        parts[-1] = parts[-1][:-1] + "\n" if sent["Tokens"] else parts[-1]
    return "".join(parts), offsets, spans


def _token_spans(ids: list[str], offsets: dict[str, tuple[int, int]]) -> Spans:
    return sorted(offsets[i] for i in ids if i in offsets)


def score_spkatt(
    path: str, limit: int | None, stages: list[Any], split: str = "all"
) -> dict[str, Any]:
    data = load_spkatt(Path(path), limit, split)
    docs = [d for d, _ in data]
    stages = [s for s in stages if s.name != "sentences"]  # gold sentence boundaries
    start = time.perf_counter()
    skipped = analyse(docs, stages)
    seconds = time.perf_counter() - start
    tallies: dict[str, Tally] = defaultdict(Tally)
    for doc, gold in data:

        def found(q: Quote, g: Gold) -> bool:
            return _overlap([q.span], g.content)

        def said(q: Quote, g: Gold, text: str = doc.text) -> bool:
            return found(q, g) and speaker_ok(q, g, text)

        speech = [g for g in gold if _saying_cue(g.cue)]
        tallies["message"].add(doc.quotes, gold, gold, found)
        tallies["message_with_speaker"].add(doc.quotes, gold, gold, said)
        tallies["message_saying_cue"].add(doc.quotes, gold, speech, found)
        tallies["message_saying_cue_with_speaker"].add(doc.quotes, gold, speech, said)
        direct = [q for q in doc.quotes if q.direct]
        tallies["direct_message"].add(direct, gold, gold, found)
    metrics = {name: t.scores() for name, t in tallies.items()}
    words = sum(len(d.text.split()) for d in docs)
    return _result("spkatt", metrics, len(docs), words, seconds, stages, skipped)


def _saying_cue(cue: str) -> bool:
    """Is a SpkAtt cue a verb of saying (the part comparable with news quotes)?"""
    from ..stages.quotes.lexicon import load_lexicon

    lex = load_lexicon("de")
    return lex is not None and any(lex.is_saying(w) for w in cue.split())


# ---------------------------------------------------------------- entry points

DEFAULT_STAGES = ("sentences", "ner", "entities", "quotes")


def run(
    path: str,
    fmt: str,
    lang: str | None = None,
    limit: int | None = None,
    stages: Iterable[str] = DEFAULT_STAGES,
    split: str = "all",
) -> dict[str, Any]:
    """Score the quotes stage on ``path`` in format ``polnear`` or ``spkatt``."""
    loaded = make_stages(stages)
    if fmt == "polnear":
        return score_polnear(path, limit, loaded, split)
    if fmt == "spkatt":
        return score_spkatt(path, limit, loaded, split)
    raise ValueError(f"unknown quotes format {fmt!r}; use 'polnear' or 'spkatt'")
