"""Offset checks shared by the hardening tests: every span lies inside the text and slices to
the evidence it claims."""

from __future__ import annotations

from typing import Any

from newsgraph.record import Record


def _inside(span: Any, n: int, where: str) -> tuple[int, int]:
    start, end = span
    assert isinstance(start, int) and isinstance(end, int), f"{where}: {span!r} not integers"
    assert 0 <= start <= end <= n, f"{where} = [{start}, {end}) outside text of length {n}"
    return start, end


def check_record(record: Record) -> None:
    """Assert every offset of ``record`` is inside its text and slices to its evidence."""
    text, n = record.text, len(record.text)
    for kind in ("persons", "organizations", "locations"):
        for entity in getattr(record, kind):
            for span in entity.mentions:
                start, end = _inside(span, n, f"{kind} {entity.name!r}")
                assert text[start:end].strip(), f"{kind} {entity.name!r}: empty mention {span}"
    for quote in record.quotes:
        start, end = _inside(quote.span, n, "quote")
        piece = text[start:end]
        assert quote.text.strip() in piece or piece in quote.text, (quote.text, piece)
        if quote.speaker_span is not None:
            s, e = _inside(quote.speaker_span, n, "quote speaker")
            # the speaker may be resolved ("He" -> "Ardern"): the span holds the words quoted
            assert text[s:e].strip(), f"empty speaker span {quote.speaker_span}"
    for mention in record.dates:
        start, end = _inside(mention.span, n, "date")
        assert text[start:end] == mention.text, (mention.text, text[start:end])
    for count in record.counts:
        start, end = _inside(count.span, n, f"count {count.type}")
        _claims(text[start:end], (count.trigger, count.object), f"count {count.type}")
    for amount in record.amounts:
        start, end = _inside(amount.span, n, "amount")
        _claims(text[start:end], (), "amount")  # the object is normalised ("%" -> "percent")
    for event in record.events:
        start, end = _inside(event.span, n, f"event {event.type}")
        _claims(text[start:end], (event.trigger,), f"event {event.type}")
    for theme in record.themes:
        for span in theme.spans:
            start, end = _inside(span, n, f"theme {theme.theme}")
            assert text[start:end].strip(), f"theme {theme.theme}: empty span {span}"


def _claims(piece: str, evidence: tuple[str | None, ...], where: str) -> None:
    """The sliced span is not blank and holds every word of evidence the item names."""
    assert piece.strip(), f"{where}: empty span"
    for words in evidence:
        if words:
            assert words.casefold() in piece.casefold(), f"{where}: {words!r} not in {piece!r}"
