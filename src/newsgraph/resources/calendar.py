"""Month and weekday names per language from CLDR (babel), shared by the dates and counts stages."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=32)
def calendar_words(lang: str) -> dict[str, dict[str, int]]:
    """Month (1-12) and weekday (0 = Monday) names of ``lang`` from CLDR, lower-cased."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return {"months": {}, "weekdays": {}, "wide_months": {}}
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                if len(name.rstrip(".")) >= 3:
                    months.setdefault(name.rstrip(".").lower(), number)
    weekdays = {name.lower(): number for number, name in locale.days["format"]["wide"].items()}
    wide = {name.lower(): number for number, name in locale.months["format"]["wide"].items()}
    return {"months": months, "weekdays": weekdays, "wide_months": wide}
