"""The library entry points: analyze a text or a batch of inputs into records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .doc import Doc
from .ingest import InputFailure, Options, batches, make_doc, read_inputs
from .pipeline import Pipeline
from .record import Record

_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The shared default pipeline (built once: stages load their models lazily)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def analyze(
    text: str,
    *,
    lang: str | None = None,
    date: str | None = None,
    url: str | None = None,
    title: str | None = None,
    id: str | None = None,  # noqa: A002 - the record key is called id
    pipeline: Pipeline | None = None,
) -> Record:
    """Analyse one article text and return its record."""
    article: dict[str, Any] = {"text": text, "url": url, "title": title, "id": id}
    doc = make_doc(article, "<text>", Options(lang=lang, date=date))
    return analyze_docs([doc], pipeline)[0]


def analyze_docs(docs: Sequence[Doc], pipeline: Pipeline | None = None) -> list[Record]:
    """Run the pipeline over a batch of docs and freeze them into records."""
    pipe = pipeline or default_pipeline()
    return [d.to_record() for d in pipe.run(docs)]


def analyze_inputs(
    inputs: Iterable[str], *, pipeline: Pipeline | None = None, **read_options: Any
) -> Iterator[Record | InputFailure]:
    """Records (or input failures) for files, directories and "-" (stdin), in input order."""
    pipe = pipeline or default_pipeline()
    for batch in batches(read_inputs(inputs, **read_options), pipe.batch_size):
        records = iter(analyze_docs([i for i in batch if isinstance(i, Doc)], pipe))
        for item in batch:
            yield item if isinstance(item, InputFailure) else next(records)
