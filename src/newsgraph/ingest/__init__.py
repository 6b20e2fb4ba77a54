"""Read articles from .txt, .html, .jsonl, .warc(.gz) files, directories and standard input.

Every input becomes a :class:`~newsgraph.doc.Doc` with id, text, language (+ confidence), date,
url and title. An input that cannot be read yields an :class:`InputFailure` naming it, and the
rest of the batch goes on.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..doc import Doc
from ..errors import InputError
from ..record import content_hash
from . import html as html_input
from .langid import identify
from .text import decode
from .warc import is_warc, read_warc

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

__all__ = ["InputFailure", "article_id", "batches", "iter_articles", "make_doc", "read_inputs"]


@dataclass(frozen=True)
class InputFailure:
    """An input (file, line, stdin) that could not be read, and why."""

    source: str
    message: str


@dataclass(frozen=True)
class Options:
    lang: str | None = None
    date: str | None = None
    encoding: str | None = None


def article_id(text: str) -> str:
    """Stable id of an article: the first 16 hex digits of its content hash."""
    return content_hash(text)[:16]


def make_doc(article: dict[str, Any], source: str, options: Options | None = None) -> Doc:
    """A Doc from an article dict (the .jsonl input shape); --lang/--date override."""
    options = options or Options()
    text = article.get("text")
    if text is None and article.get("html"):
        extracted = html_input.extract(str(article["html"]), source, article.get("url"))
        article = {**extracted, **{k: v for k, v in article.items() if v and k != "html"}}
        text = extracted["text"]
    if not isinstance(text, str):
        raise InputError(source, "the article has no 'text' or 'html' string")
    if options.lang:
        lang, confidence = options.lang, 1.0
    elif article.get("lang") or article.get("language"):
        lang, confidence = str(article.get("lang") or article.get("language")), 1.0
    else:
        lang, confidence = identify(text)
    return Doc(
        id=str(article.get("id") or article_id(text)),
        text=text,
        language=lang,
        language_confidence=confidence,
        date=normalise_date(options.date or article.get("date"), source),
        url=article.get("url"),
        title=article.get("title"),
        source=source,
    )


def normalise_date(value: Any, source: str) -> str | None:
    """ISO 8601 date (YYYY-MM-DD) of a given publication date, or None."""
    if value in (None, ""):
        return None
    from dateutil import parser as date_parser

    try:
        return date_parser.isoparse(str(value)).date().isoformat()
    except (ValueError, OverflowError):
        try:
            return date_parser.parse(str(value)).date().isoformat()
        except (ValueError, OverflowError) as exc:
            raise InputError(
                source, f"unreadable date {value!r}", "pass --date YYYY-MM-DD"
            ) from exc


def read_inputs(
    inputs: Iterable[str],
    *,
    lang: str | None = None,
    date: str | None = None,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    counts: Counter[str] | None = None,
) -> Iterator[Doc | InputFailure]:
    """Docs (or failures) for every input: files, directories (recursive) and "-" for stdin.

    ``counts`` (if given) receives tallies of what was read but is not an article, such as
    the WARC records skipped (``warc_skipped_<kind>``).
    """
    options = Options(lang=lang, date=date, encoding=encoding)
    for item in inputs:
        if item == "-":
            data = (stdin if stdin is not None else sys.stdin.buffer).read()
            yield from _guarded("<stdin>", lambda d=data: _read_bytes(d, "<stdin>", None, options))
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _known(p))
            if not files:
                yield InputFailure(
                    item, f"cannot read {item!r}: no .txt, .html, .jsonl or .warc files in it"
                )
            for file in files:
                yield from _read_file(file, options, counts)
        elif path.is_file():
            yield from _read_file(path, options, counts)
        else:
            yield InputFailure(item, f"cannot read {item!r}: no such file or directory")


def batches(items: Iterable[Doc | InputFailure], size: int) -> Iterator[list[Doc | InputFailure]]:
    """Consecutive runs of items, in input order, each holding at most ``size`` Docs."""
    batch: list[Doc | InputFailure] = []
    docs = 0
    for item in items:
        batch.append(item)
        docs += isinstance(item, Doc)
        if docs >= size:
            yield batch
            batch, docs = [], 0
    if batch:
        yield batch


def iter_articles(inputs: Iterable[str], **kwargs: Any) -> Iterator[Doc]:
    """Only the readable Docs of :func:`read_inputs` (failures dropped)."""
    for item in read_inputs(inputs, **kwargs):
        if isinstance(item, Doc):
            yield item


def _known(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    return bool(suffixes) and (
        suffixes[-1] in KNOWN_SUFFIXES or suffixes[-2:] == [".jsonl", ".gz"] or is_warc(path)
    )


def _read_file(
    path: Path, options: Options, counts: Counter[str] | None = None
) -> Iterator[Doc | InputFailure]:
    source = str(path)
    if is_warc(path):
        yield from _read_warc(path, options, counts)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputFailure(source, f"cannot read {source!r}: {exc.strerror or exc}")
        return
    if path.suffix.lower() == ".gz":
        import gzip

        try:
            data = gzip.decompress(data)
        except OSError as exc:
            yield InputFailure(source, f"cannot read {source!r}: not valid gzip ({exc})")
            return
        yield from _guarded(source, lambda: _read_bytes(data, source, ".jsonl", options))
        return
    yield from _guarded(source, lambda: _read_bytes(data, source, path.suffix.lower(), options))


def _guarded(source: str, produce: Any) -> Iterator[Doc | InputFailure]:
    try:
        yield from produce()
    except InputError as exc:
        yield InputFailure(source, str(exc))


def _read_bytes(
    data: bytes, source: str, suffix: str | None, options: Options
) -> Iterator[Doc | InputFailure]:
    text = decode(data, source, options.encoding)
    kind = _kind(text, suffix)
    if kind == "jsonl":
        yield from _read_jsonl(text, source, options)
    elif kind == "html":
        yield make_doc(html_input.extract(text, source), source, options)
    else:
        if not text.strip():
            raise InputError(source, "the file is empty")
        yield make_doc({"text": text}, source, options)


def _kind(text: str, suffix: str | None) -> str:
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head:
        return "html"
    return "text"


def _read_jsonl(text: str, source: str, options: Options) -> Iterator[Doc | InputFailure]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            article = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(where, f"cannot read {where!r}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(article, dict):
            yield InputFailure(where, f"cannot read {where!r}: a line must be a JSON object")
            continue
        try:
            yield make_doc(article, where, options)
        except InputError as exc:
            yield InputFailure(where, str(exc))


def _read_warc(
    path: Path, options: Options, counts: Counter[str] | None
) -> Iterator[Doc | InputFailure]:
    """Stream a WARC file; a broken record is a failure naming its offset, the rest goes on."""
    try:
        for item in read_warc(path, make_doc, options, counts):
            yield InputFailure(item.source, str(item)) if isinstance(item, InputError) else item
    except InputError as exc:
        yield InputFailure(str(path), str(exc))
    except OSError as exc:
        yield InputFailure(str(path), f"cannot read {str(path)!r}: {exc.strerror or exc}")
