"""WARC and WARC.gz input (warcio): each HTTP response with an HTML payload is an article.

The archive is streamed record by record (constant memory): a ``response`` record whose HTTP
Content-Type is HTML becomes a Doc with the record's WARC-Target-URI as url and its
WARC-Date (the capture date) as date; every other record (request, metadata, revisit,
non-HTML or non-200 responses) is skipped and counted in ``counts``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..doc import Doc
from ..errors import InputError
from . import html as html_input
from .text import decode

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_HINT = "is it a WARC 1.0/1.1 file (ARC files are not read)?"


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(
    path: Path, make_doc: Any, options: Any, counts: Counter[str] | None = None
) -> Iterator[Doc | InputError]:
    """Docs (or the InputError of a record) of a WARC file; skipped records go to ``counts``.

    A record is named ``<path>:<n>``, its number in the file counting from 1.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    counts = counts if counts is not None else Counter()
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for number, record in enumerate(records, start=1):
                where = f"{path}:{number}"  # the record's number (offsets need reading past it)
                if record.format != "warc" or not record.rec_headers.get_header("WARC-Type"):
                    raise InputError(str(path), f"not a WARC record at record {number}", _HINT)
                kind = _skip_reason(record)
                if kind:
                    counts[f"warc_skipped_{kind}"] += 1
                    continue
                try:
                    yield _doc(record, where, make_doc, options)
                    counts["warc_articles"] += 1
                except InputError as exc:
                    counts["warc_failed"] += 1
                    yield exc
        except ArchiveLoadFailed as exc:
            raise InputError(str(path), f"not a valid WARC file ({exc})", _HINT) from exc


def _skip_reason(record: Any) -> str | None:
    if record.rec_type != "response":
        return record.rec_type or "unknown"
    if record.http_headers is None:
        return "not_http"
    status = record.http_headers.get_statuscode()
    if status != "200":
        return "status"
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    if content_type.strip().lower() not in HTML_TYPES:
        return "not_html"
    return None


def _doc(record: Any, where: str, make_doc: Any, options: Any) -> Doc:
    url = record.rec_headers.get_header("WARC-Target-URI")
    payload = record.content_stream().read()
    html = decode(payload, where, _charset(record) or options.encoding)
    extracted = html_input.extract(html, where, url)
    article = {
        **extracted,
        "url": url or extracted.get("url"),
        "date": record.rec_headers.get_header("WARC-Date") or extracted.get("date"),
    }
    doc: Doc = make_doc(article, where, options)
    if url:
        doc.source = (urlsplit(url).hostname or url).removeprefix("www.")
    return doc


def _charset(record: Any) -> str | None:
    content_type = record.http_headers.get_header("Content-Type") or ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"')
    return None
