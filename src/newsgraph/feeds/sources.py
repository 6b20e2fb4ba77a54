"""Feed sources: a feed URL, a file listing feed URLs (one a line, ``#`` comments), or OPML."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError

OPML_SUFFIXES = {".opml", ".xml"}


def read_sources(items: Iterable[str]) -> list[str]:
    """The feed URLs named by ``items``, in order, each once; raises InputError on a bad one."""
    urls: list[str] = []
    for item in items:
        urls += _urls_of(item)
    if not urls:
        raise InputError(", ".join(items) or "<none>", "no feed URLs found", "name at least one")
    return list(dict.fromkeys(urls))


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def _urls_of(item: str) -> list[str]:
    if is_url(item):
        return [item]
    path = Path(item)
    if not path.is_file():
        raise InputError(
            item,
            "not a feed URL, a file of feed URLs or an OPML file",
            "give an http(s):// URL or an existing file",
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(item, f"cannot read the file ({exc})") from exc
    if path.suffix.lower() in OPML_SUFFIXES or text.lstrip().startswith("<"):
        return opml_urls(text, item)
    return url_list(text, item)


def url_list(text: str, source: str) -> list[str]:
    """Feed URLs of a plain list: one a line; blank lines and ``#`` comments ignored."""
    urls: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not is_url(entry):
            raise InputError(f"{source}:{number}", f"{entry!r} is not an http(s) URL")
        urls.append(entry)
    return urls


def opml_urls(text: str, source: str) -> list[str]:
    """The ``xmlUrl`` of every outline of an OPML subscription list."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise InputError(source, f"not valid OPML/XML ({exc})") from exc
    urls = []
    for outline in root.iter("outline"):
        url = next((v for k, v in outline.attrib.items() if k.lower() == "xmlurl"), None)
        if url and is_url(url.strip()):
            urls.append(url.strip())
    if not urls:
        raise InputError(source, "the OPML file has no outline with an http(s) xmlUrl")
    return urls
