"""Plain-text input: UTF-8, or an encoding detected with charset-normalizer."""

from __future__ import annotations

from ..errors import InputError


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode ``data``: the given encoding, else UTF-8 (BOM tolerated), else detected."""
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(source, f"cannot decode as {encoding}: {exc}", kind="decode") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "not UTF-8 and no charset found", "pass --encoding", "decode")
    return str(best)
