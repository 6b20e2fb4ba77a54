"""Article metadata and text made safe: a malformed optional field never costs the text.

Each optional field (id, date, language, URL, title) is kept when it is well formed,
normalised when it can be (a numeric id becomes a string, a title loses its line breaks), and
otherwise dropped with a warning that names the field and the value. The text itself keeps
its offsets: lone UTF-16 surrogates (which JSON can carry, and no encoder accepts) become
U+FFFD one for one, and a text over the character cap is cut at the last break before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..textutils import break_before

_SURROGATE = re.compile("[\ud800-\udfff]")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
_MAX_ID = 200
_MAX_TITLE = 1000
_MAX_URL = 4000


@dataclass
class Cleaned:
    """The usable optional fields of one article, and what was wrong with the rest."""

    id: str | None = None
    date: str | None = None
    lang: str | None = None
    url: str | None = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)


def clean_article(article: dict[str, Any], source: str) -> Cleaned:
    """The optional fields of ``article`` checked one by one (see the module docstring)."""
    out = Cleaned()
    out.id = _field(out, "id", article.get("id"), _clean_id)
    out.date = _field(out, "date", article.get("date"), _clean_date)
    out.lang = _field(out, "language", article.get("lang") or article.get("language"), _lang)
    out.url = _field(out, "url", article.get("url"), _clean_url)
    out.title = _field(out, "title", article.get("title"), _clean_title)
    return out


def _field(out: Cleaned, name: str, value: Any, clean: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        cleaned, note = clean(value)
    except (ValueError, TypeError, OverflowError) as exc:
        out.warnings.append(f"dropped the {name} {_show(value)}: {exc}")
        return None
    if note:
        out.warnings.append(f"{name} {_show(value)}: {note}")
    return cleaned


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _clean_id(value: Any) -> tuple[str, str | None]:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"an id must be a string or an integer, not {type(value).__name__}")
    text = _SURROGATE.sub("\ufffd", str(value)).strip()
    if not text or len(text) > _MAX_ID or any(not ch.isprintable() for ch in text):
        raise ValueError(f"not a usable id (printable, at most {_MAX_ID} characters)")
    return text, ("an integer id was turned into text" if isinstance(value, int) else None)


def _clean_date(value: Any) -> tuple[str, None]:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise TypeError(f"a date must be text, not {type(value).__name__}")
    return parse_date(str(value)), None


def parse_date(value: str) -> str:
    """YYYY-MM-DD of an ISO 8601 or common written date; ValueError when it is not one."""
    from dateutil import parser as date_parser

    try:
        return date_parser.isoparse(value).date().isoformat()
    except (ValueError, OverflowError):
        pass
    try:
        return date_parser.parse(value).date().isoformat()
    except (ValueError, OverflowError, TypeError) as exc:
        raise ValueError("not a date") from exc


def _lang(value: Any) -> tuple[str, str | None]:
    if not isinstance(value, str):
        raise TypeError(f"a language code must be text, not {type(value).__name__}")
    match = _LANG.match(value.strip())
    if not match:
        raise ValueError("not a language code such as 'de' or 'en-GB'; identified from the text")
    code = match.group(1).lower()
    return code, (None if code == value else f"read as {code!r}")


def _clean_url(value: Any) -> tuple[str, None]:
    if not isinstance(value, str):
        raise TypeError(f"a URL must be text, not {type(value).__name__}")
    url = value.strip()
    parts = urlsplit(url)
    if len(url) > _MAX_URL or not parts.scheme or not parts.netloc or _SURROGATE.search(url):
        raise ValueError("not an absolute URL")
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ValueError("a URL holds no spaces or control characters")
    return url, None


def _clean_title(value: Any) -> tuple[str, str | None]:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"a title must be text, not {type(value).__name__}")
    raw = _SURROGATE.sub("\ufffd", str(value))
    title = " ".join("".join(ch if ch.isprintable() else " " for ch in raw).split())
    if not title:
        raise ValueError("nothing printable in it")
    note = None
    if len(title) > _MAX_TITLE:
        title, note = title[:_MAX_TITLE], f"cut to {_MAX_TITLE} characters"
    elif not isinstance(value, str):
        note = "a number was turned into text"
    elif title != value:
        note = "whitespace and control characters normalised"
    return title, note


def clean_text(text: str, max_chars: int) -> tuple[str, list[str]]:
    """``text`` with lone surrogates replaced (offsets kept) and cut to ``max_chars``."""
    warnings = []
    found = len(_SURROGATE.findall(text))
    if found:
        text = _SURROGATE.sub("\ufffd", text)
        warnings.append(f"replaced {found} lone surrogate code point(s) with U+FFFD")
    if max_chars and len(text) > max_chars:
        cut = break_before(text, max_chars)
        warnings.append(
            f"text cut at character {cut:,} of {len(text):,} (setting max_chars {max_chars:,})"
        )
        text = text[:cut]
    return text, warnings
