"""Helpers for tests of record consumers (store, exports, API): a fully populated record.

The article is invented; every span is computed from the text, so each slices to its evidence.
"""

from __future__ import annotations

from .record import (
    Amount,
    Count,
    DateMention,
    Entity,
    Event,
    Location,
    Quote,
    Record,
    Span,
    Theme,
    Tone,
    Total,
)

EXAMPLE_TEXT = (
    "Hanna Vestergaard, spokeswoman of the Nordic Harbour Union, said on 3 March 2024 in "
    "Bergen: \"At least 12 workers were arrested; we want #justice, now.\"\n"
    "Police in Norway detained about 40 protesters\tand seized 2,500 euros.\n"
    "Vestergaard added that the union would strike again in April."
)


def span(text: str, needle: str, nth: int = 0) -> Span:
    """``[start, end)`` of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return (start, start + len(needle))


def example_record(record_id: str = "example-1", suffix: str = "", **changes: object) -> Record:
    """A record with every list filled and every optional field set.

    ``suffix`` is appended to the text (to make distinct articles; spans stay valid);
    ``changes`` replace fields of the record.
    """
    t = EXAMPLE_TEXT
    bergen = Location(
        "Bergen", "Bergen", (span(t, "Bergen"),), country="NO", lat=60.39299, lon=5.32415,
        geonameid=3161732, feature="city", gdelt_type=4, fips="NO", adm1="NO46",
    )
    norway = Location(
        "Norway", "Norway", (span(t, "Norway"),), country="NO", lat=62.0, lon=10.0,
        geonameid=3144096, feature="country", gdelt_type=1, fips="NO", adm1="NO",
        actor=True,
    )
    record = Record(
        id=record_id,
        text=t + suffix,
        language="en",
        url="https://example.org/news/harbour-union",
        title="Harbour union: arrests; #strike",
        date="2024-03-04T10:30:00",
        language_confidence=0.98,
        source="example.org",
        persons=(
            Entity(
                "Hanna Vestergaard", "Hanna Vestergaard",
                (span(t, "Hanna Vestergaard"), span(t, "Vestergaard", 1)), "PER", "Q1",
            ),
        ),
        organizations=(
            Entity("Nordic Harbour Union", "Nordic Harbour Union",
                   (span(t, "Nordic Harbour Union"),), "ORG", None),
            Entity("Police", "police", (span(t, "Police"),), "ORG", "Q35535"),
        ),
        locations=(bergen, norway),
        counts=(
            Count("ARREST", 12.0, False, "workers", span(t, "At least 12 workers were arrested"),
                  "Bergen", "at least", None, False, "arrested"),
            Count("ARREST", 40.0, True, "protesters", span(t, "detained about 40 protesters"),
                  "Norway", "about", 45.0, True, "detained"),
        ),
        totals=(Total("ARREST", 12.0, False, (0,)),),  # the second count is negated
        amounts=(
            Amount(12.0, "workers", span(t, "12 workers")),
            Amount(2500.0, "euros", span(t, "2,500 euros"), approximate=True),
        ),
        quotes=(
            Quote("At least 12 workers were arrested; we want #justice, now.",
                  span(t, "At least 12 workers were arrested; we want #justice, now."),
                  "Hanna Vestergaard", span(t, "Hanna Vestergaard"), "said", True,
                  "Hanna Vestergaard"),
            Quote("the union would strike again in April",
                  span(t, "the union would strike again in April"), "Vestergaard",
                  span(t, "Vestergaard", 1), "added", False, None),
        ),
        events=(
            Event("ARREST", None, "Police", "protesters", "Norway", "2024-03-03",
                  span(t, "Police in Norway detained"), False, False, "detained", "173", 4,
                  -5.0, "NO", None),
            Event("PROTEST", "strike", "Nordic Harbour Union", None, None, "2024-04",
                  span(t, "would strike again"), False, True, "strike", "143", 3, -6.5,
                  None, None),
        ),
        themes=(
            Theme("ARREST", (span(t, "arrested"), span(t, "detained"))),
            Theme("PROTEST", (span(t, "protesters"),)),
        ),
        dates=(
            DateMention("3 March 2024", "2024-03-03", span(t, "3 March 2024"), 3),
            DateMention("April", "2024-04", span(t, "April"), 2),
        ),
        tone=Tone(-2.5, 1.25, 3.75, 5.0, 20.5, 1.5, 48),
        focus=norway,
        errors=("tone: lexicon partly missing",),
    )
    if changes:
        from dataclasses import replace

        record = replace(record, **changes)  # type: ignore[arg-type]
    return record
