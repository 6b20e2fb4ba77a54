"""Score the dates stage on MEANTIME (English Wikinews, TimeML TIMEX3 of type DATE).

Usage: ``newsgraph eval dates --format meantime DIR`` (a folder of MEANTIME CAT XML
files, searched recursively, or one file).

The text is rebuilt from MEANTIME's tokens (no space before closing punctuation); the
publication date is the document's ``CREATION_TIME`` TIMEX3 (its dateline). Gold mentions are
TIMEX3 of type DATE; MEANTIME annotates only the first sentences of an article, so predictions
after the last annotated sentence are not scored. Reported:

* detection precision / recall / F1: a predicted mention counts when it overlaps a gold DATE
  span (each gold used once);
* value accuracy: of the overlapping pairs whose gold value is a plain ISO date ("2008",
  "2008-03", "2008-03-01"), the share where the stage's ``date`` is exactly that value;
* value recall: gold DATE timexes with a plain ISO value that a mention resolves exactly.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..doc import Doc
from ..stages.dates.stage import DatesStage
from ..stages.sentences.stage import SentencesStage
from .splits import take_limited

_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_NO_SPACE_BEFORE = frozenset(",.;:!?)'%")
_NO_SPACE_AFTER = frozenset("($")

Gold = tuple[int, int, str]  # start, end, TimeML value


@dataclass
class MeantimeDoc:
    """One MEANTIME article: rebuilt text, creation date, gold spans, end of annotated part."""

    text: str
    creation: str | None
    dates: list[Gold]  # TIMEX3 of type DATE with their TimeML value
    values: list[Gold]  # VALUE markables (QUANTITY, MONEY, PERCENT) with their type
    end: int


def read_meantime(path: Path) -> MeantimeDoc:
    """Read one MEANTIME CAT XML file.

    MEANTIME annotates only the first sentences of each article: the annotated part ends with
    the last sentence that holds any markable.
    """
    root = ET.parse(path).getroot()
    text, spans, previous = "", {}, ""
    sentence_end: dict[str, int] = {}
    sentence_of: dict[str, str] = {}
    for token in root.iter("token"):
        word = token.text or ""
        if text and word[:1] not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            text += " "
        spans[token.get("t_id")] = (len(text), len(text) + len(word))
        text += word
        previous = word
        sentence_of[token.get("t_id") or ""] = token.get("sentence") or ""
        sentence_end[token.get("sentence") or ""] = len(text)
    creation = next(
        (
            t.get("value")
            for t in root.iter("TIMEX3")
            if t.get("functionInDocument") == "CREATION_TIME"
        ),
        None,
    )
    dates = _markables(root, "TIMEX3", spans, lambda m: m.get("type") == "DATE", "value")
    values = _markables(root, "VALUE", spans, lambda m: True, "type")
    anchored = [sentence_of.get(a.get("t_id") or "", "") for a in root.iter("token_anchor")]
    last = max((int(s) for s in anchored if s.isdigit()), default=-1)
    return MeantimeDoc(text, creation, dates, values, sentence_end.get(str(last), len(text)))


def _markables(
    root: ET.Element, tag: str, spans: dict[Any, tuple[int, int]], keep: Any, attribute: str
) -> list[Gold]:
    out = []
    for markable in root.iter(tag):
        anchors = [
            spans[a.get("t_id")] for a in markable.iter("token_anchor") if a.get("t_id") in spans
        ]
        if anchors and keep(markable):
            out.append((anchors[0][0], anchors[-1][1], markable.get(attribute) or ""))
    return out


def overlaps(span: tuple[int, int], gold: list[Gold], used: set[int]) -> int | None:
    """Index of the first unused gold span overlapping ``span``."""
    return next(
        (i for i, (s, e, _v) in enumerate(gold) if i not in used and s < span[1] and span[0] < e),
        None,
    )


def meantime_files(path: str) -> list[Path]:
    p = Path(path)
    return [p] if p.is_file() else sorted(p.rglob("*.xml"))


def _score(docs: list[Doc], golds: list[list[Gold]], ends: list[int]) -> dict[str, Any]:
    predicted = matched = iso_pairs = iso_right = iso_gold = 0
    gold_total = sum(len(g) for g in golds)
    for doc, gold, end in zip(docs, golds, ends, strict=True):
        used: set[int] = set()
        mentions = [m for m in doc.dates if m.span[1] <= end]
        predicted += len(mentions)
        iso_gold += sum(bool(_ISO.fullmatch(v)) for _s, _e, v in gold)
        for mention in mentions:
            hit = overlaps(mention.span, gold, used)
            if hit is None:
                continue
            used.add(hit)
            matched += 1
            if _ISO.fullmatch(gold[hit][2]):
                iso_pairs += 1
                iso_right += mention.date == gold[hit][2]
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "predicted": predicted,
        "gold": gold_total,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "value_accuracy": round(iso_right / iso_pairs, 4) if iso_pairs else 0.0,
        "value_recall": round(iso_right / iso_gold, 4) if iso_gold else 0.0,
    }


def run(
    path: str,
    fmt: str = "meantime",
    lang: str | None = None,
    limit: int | None = None,
    split: str = "all",
) -> dict:
    if fmt != "meantime":
        raise ValueError(f"unknown dates format {fmt!r}; supported: meantime")
    files = take_limited(meantime_files(path), split, limit)
    docs, golds, ends = [], [], []
    for file in files:
        article = read_meantime(file)
        docs.append(
            Doc(id=file.stem, text=article.text, language=lang or "en", date=article.creation)
        )
        golds.append(article.dates)
        ends.append(article.end)
    SentencesStage()(docs)
    started = time.perf_counter()
    DatesStage()(docs)
    seconds = time.perf_counter() - started
    scores = _score(docs, golds, ends)
    return {
        "summary": {
            "f1": scores["f1"],
            "value_accuracy": scores["value_accuracy"],
            "value_recall": scores["value_recall"],
            "documents": len(docs),
        },
        "scores": scores,
        "speed": {"seconds": round(seconds, 3)},
    }
