"""HTML input: main text and metadata (title, date, url, author, site name) through trafilatura."""

from __future__ import annotations

from typing import Any

from ..errors import InputError


def extract(html: str, source: str, url: str | None = None) -> dict[str, Any]:
    """Main text plus metadata of an HTML page; raises InputError when no text is found."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if result is None:
        raise InputError(source, "no main text found in the HTML")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(source, "no main text found in the HTML")
    return {
        "text": text,
        "title": data.get("title"),
        "date": data.get("date"),
        "url": data.get("url") or url,
        "lang": data.get("language"),
        "author": data.get("author"),
        "sitename": data.get("sitename"),
    }
