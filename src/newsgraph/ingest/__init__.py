"""Read articles from .txt, .html, .jsonl, .warc(.gz) files, directories and standard input.

Every input becomes a :class:`~newsgraph.doc.Doc` with id, text, language (+ confidence), date,
url and title. An input that cannot be read yields an :class:`InputFailure` naming it, and the
rest of the batch goes on.
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .. import config
from ..doc import Doc
from ..errors import InputError, describe
from ..record import content_hash
from . import html as html_input
from .langid import identify
from .metadata import Cleaned, clean_article, clean_text, parse_date
from .text import decode
from .warc import is_warc, read_warc

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

__all__ = ["InputFailure", "article_id", "batches", "iter_articles", "make_doc", "read_inputs"]


@dataclass(frozen=True)
class InputFailure:
    """An input (file, line, stdin) that could not be read, and why (one line)."""

    source: str
    message: str
    reason: str = "unreadable"  # a short class for run summaries: empty, gzip, json, html ...

    def __post_init__(self) -> None:  # a library's message may span lines: the report may not
        lines = self.message.splitlines()
        if len(lines) > 1:
            object.__setattr__(self, "message", " ".join(x.strip() for x in lines if x.strip()))


@dataclass(frozen=True)
class Options:
    lang: str | None = None
    date: str | None = None
    encoding: str | None = None
    max_chars: int | None = None  # None: the max_chars setting, read when the Options is made

    def __post_init__(self) -> None:
        if self.max_chars is None:  # once per run, not once per article (it reads the file)
            object.__setattr__(self, "max_chars", int(config.get("max_chars")))


def article_id(text: str) -> str:
    """Stable id of an article: the first 16 hex digits of its content hash."""
    return content_hash(text)[:16]


def make_doc(article: dict[str, Any], source: str, options: Options | None = None) -> Doc:
    """A Doc from an article dict (the .jsonl input shape); --lang/--date override.

    Only the text is required. A malformed optional field (id, date, language, URL, title of
    the wrong type or form) is dropped or normalised with a warning on the Doc, never the
    reason to lose the article; lone surrogates become U+FFFD; a text longer than the
    ``max_chars`` setting is cut at a break, with a warning.
    """
    options = options or Options()
    warnings: list[str] = []
    if article.get("text") is None and article.get("html"):
        html = article["html"]
        if not isinstance(html, str):
            raise InputError(source, "the article's 'html' is not a string")
        extracted = html_input.extract(html, source, _str_or_none(article.get("url")))
        article = {**extracted, **{k: v for k, v in article.items() if v and k != "html"}}
    if article.get("fallback"):
        warnings.append("no main text found in the HTML; the whole body was read as text")
    text = article.get("text")
    if not isinstance(text, str):
        raise InputError(source, "the article has no 'text' or 'html' string")
    cleaned: Cleaned = clean_article(article, source)
    warnings += cleaned.warnings
    text, cut = clean_text(text, options.max_chars or 0)
    warnings += cut
    if options.lang:
        lang, confidence = options.lang, 1.0
    elif cleaned.lang:
        lang, confidence = cleaned.lang, 1.0
    else:
        lang, confidence = identify(text)
    date = normalise_date(options.date, "--date") if options.date else cleaned.date
    return Doc(
        id=cleaned.id or article_id(text),
        text=text,
        language=lang,
        language_confidence=confidence,
        date=date,
        url=cleaned.url,
        title=cleaned.title,
        source=source,
        warnings=warnings,
    )


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def normalise_date(value: Any, source: str) -> str | None:
    """ISO 8601 date (YYYY-MM-DD) of a given publication date, or None; InputError if unreadable."""
    if value in (None, ""):
        return None
    try:
        return parse_date(str(value))
    except ValueError as exc:
        raise InputError(source, f"unreadable date {value!r}", "pass --date YYYY-MM-DD") from exc


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
    suffix, _ = _suffix(path)
    return suffix in KNOWN_SUFFIXES or is_warc(path)


def _suffix(path: Path) -> tuple[str, bool]:
    """The lower-cased format suffix of ``path`` and whether it is gzip-compressed."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return (suffixes[-2] if len(suffixes) > 1 else ""), True
    return (suffixes[-1] if suffixes else ""), False


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
        yield InputFailure(source, f"cannot read {source!r}: {exc.strerror or exc}", "io")
        return
    suffix, compressed = _suffix(path)
    if compressed:
        try:
            data = _gunzip(data)
        except (OSError, EOFError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            yield InputFailure(source, f"cannot read {source!r}: not valid gzip ({reason})", "gzip")
            return
    yield from _guarded(source, lambda: _read_bytes(data, source, suffix or None, options))


def _gunzip(data: bytes) -> bytes:
    import gzip
    import zlib

    try:
        return gzip.decompress(data)
    except zlib.error as exc:
        raise ValueError(str(exc)) from exc


def _guarded(source: str, produce: Any) -> Iterator[Doc | InputFailure]:
    """Run a reader; any failure becomes one InputFailure naming ``source`` (traceback: -vv)."""
    try:
        yield from produce()
    except InputError as exc:
        yield InputFailure(source, str(exc), exc.kind)
    except Exception as exc:  # noqa: BLE001 - bad input must never end the batch
        log.debug("reading %s failed", source, exc_info=True)
        yield InputFailure(source, f"cannot read {source!r}: {describe(exc)}", "error")


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
            raise InputError(source, "the file is empty", kind="empty")
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
    lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        lines += 1
        where = f"{source}:{number}"
        try:
            article = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield InputFailure(where, f"cannot read {where!r}: not valid JSON ({msg})", "json")
            continue
        if not isinstance(article, dict):
            yield InputFailure(
                where, f"cannot read {where!r}: a line must be a JSON object", "json"
            )
            continue
        yield from _guarded(where, lambda a=article, w=where: iter([make_doc(a, w, options)]))
    if not lines:  # a file of nothing (or only blank lines) is an input that held no article
        raise InputError(source, "the file holds no JSON lines", kind="empty")


def _read_warc(
    path: Path, options: Options, counts: Counter[str] | None
) -> Iterator[Doc | InputFailure]:
    """Stream a WARC file; a broken record is a failure naming its offset, the rest goes on."""
    try:
        for item in read_warc(path, make_doc, options, counts):
            if isinstance(item, InputError):
                yield InputFailure(item.source, str(item), item.kind)
            else:
                yield item
    except InputError as exc:
        yield InputFailure(str(path), str(exc), exc.kind)
    except OSError as exc:
        yield InputFailure(str(path), f"cannot read {str(path)!r}: {exc.strerror or exc}", "io")
    except Exception as exc:  # noqa: BLE001 - a broken archive costs only itself
        log.debug("reading %s failed", path, exc_info=True)
        yield InputFailure(str(path), f"cannot read {str(path)!r}: {describe(exc)}", "warc")
