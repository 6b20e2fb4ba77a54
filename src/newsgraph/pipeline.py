"""Run stages over batches of documents (spaCy's ``nlp.pipe`` idea, Ray Data's callable classes).

The pipeline is checked before it runs: every field a stage requires must be filled by ingest
or produced by an earlier stage. A stage that fails on one article records the error on that
article and the rest of the batch goes on.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from . import config
from .doc import INGEST_FIELDS, Doc, Stage
from .errors import PipelineError

log = logging.getLogger(__name__)

#: name -> "module:Class" of every stage newsgraph ships, in default order.
STAGE_REGISTRY: dict[str, str] = {
    "sentences": "newsgraph.stages.sentences:SentencesStage",
    "ner": "newsgraph.stages.ner:NerStage",
    "entities": "newsgraph.stages.entities:EntitiesStage",
    "places": "newsgraph.stages.places:PlacesStage",
    "dates": "newsgraph.stages.dates:DatesStage",
    "counts": "newsgraph.stages.counts:CountsStage",
    "quotes": "newsgraph.stages.quotes:QuotesStage",
    "events": "newsgraph.stages.events:EventsStage",
    "themes": "newsgraph.stages.themes:ThemesStage",
    "tone": "newsgraph.stages.tone:ToneStage",
}


def default_stages() -> list[str]:
    """The default stage list: every registered stage present in this build, in order.

    A stage whose module does not exist yet is absent from the list, never stubbed.
    """
    return available_stages()


def available_stages() -> list[str]:
    """Registered stages whose module can be imported (i.e. that exist in this build)."""
    names = []
    for name, target in STAGE_REGISTRY.items():
        module = target.split(":")[0]
        if importlib.util.find_spec(module) is not None:
            names.append(name)
    return names


def load_stage(name: str, **options: Any) -> Stage:
    """Instantiate a registered stage by name."""
    if name not in STAGE_REGISTRY:
        known = ", ".join(STAGE_REGISTRY)
        raise PipelineError(f"unknown stage {name!r}; known stages: {known}")
    module_name, cls_name = STAGE_REGISTRY[name].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise PipelineError(f"stage {name!r} is not available in this build ({exc})") from exc
    return getattr(module, cls_name)(**options)  # type: ignore[no-any-return]


def check_stages(stages: Sequence[Stage]) -> None:
    """Raise if a stage requires a field that nothing before it provides."""
    have = set(INGEST_FIELDS)
    for stage in stages:
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage "
                f"produces; put the stage that produces it before {stage.name!r}"
            )
        have.update(stage.produces)


class Pipeline:
    """An ordered, checked list of stages."""

    def __init__(
        self,
        stages: Sequence[Stage | str] | None = None,
        batch_size: int = 32,
        time_budget: float | None = None,
    ) -> None:
        names_or_stages = list(stages) if stages is not None else default_stages()
        self.stages: list[Stage] = [
            load_stage(s) if isinstance(s, str) else s for s in names_or_stages
        ]
        check_stages(self.stages)
        self.batch_size = batch_size
        #: seconds one stage may spend on one article (the ``time_budget`` setting; 0 = none)
        self.time_budget = float(config.get("time_budget") if time_budget is None else time_budget)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run(self, docs: Sequence[Doc]) -> list[Doc]:
        """Run every stage over one batch, isolating failures per article."""
        docs = list(docs)
        for stage in self.stages:
            _run_stage(stage, [d for d in docs if not _fatal(d)], self.time_budget)
        return docs

    def pipe(
        self, docs: Iterable[Doc], on_batch: Callable[[list[Doc]], None] | None = None
    ) -> Iterator[Doc]:
        """Stream documents through the pipeline in batches."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._flush(batch, on_batch)
                batch = []
        if batch:
            yield from self._flush(batch, on_batch)

    def _flush(self, batch: list[Doc], on_batch: Callable[[list[Doc]], None] | None) -> list[Doc]:
        out = self.run(batch)
        if on_batch is not None:
            on_batch(out)
        return out


def _fatal(doc: Doc) -> bool:
    return bool(doc.extras.get("fatal"))


class StageTimeout(Exception):
    """A stage ran past the time budget on an article."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`StageTimeout` in the block after ``seconds`` (main thread, POSIX only;
    elsewhere, or for 0, no limit). Code that never returns to the interpreter is not
    interrupted until it does."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds <= 0 or not usable:
        yield
        return

    def fire(signum: int, frame: Any) -> None:
        raise StageTimeout(f"stopped after {seconds:g} s (setting time_budget)")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_stage(stage: Stage, docs: list[Doc], budget: float = 0.0) -> None:
    if not docs:
        return
    try:
        with _deadline(budget * len(docs)):
            stage(docs)
        return
    except Exception:  # noqa: BLE001 - isolate the failing article below
        log.debug("stage %s failed on a batch; retrying one article at a time", stage.name)
    for doc in docs:
        try:
            with _deadline(budget):
                stage([doc])
        except StageTimeout as exc:  # the rest of the pipeline is skipped for this article
            doc.errors.append(f"{stage.name}: {exc}")
            doc.extras["fatal"] = True
        except Exception as exc:  # noqa: BLE001 - recorded on the article, batch goes on
            doc.errors.append(f"{stage.name}: {type(exc).__name__}: {exc}")
            if stage.name == "sentences":
                doc.extras["fatal"] = True
