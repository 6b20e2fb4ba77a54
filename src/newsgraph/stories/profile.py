"""What the story clustering compares: an article's language-neutral keys and its terms.

**Keys** are what newsgraph already extracts in a form that does not depend on the article's
language, so a German and an English report of one event share them:

* ``p:`` persons by canonical name (the entities stage transliterates German spellings of
  Russian names to the English convention, -ow -> -ov, -ew -> -ev, so both spellings meet),
* ``o:`` organisations by canonical (English) name,
* ``l:`` places by GeoNames id (else canonical name), ``c:`` their countries,
* ``e:`` event types (PLOVER), ``n:`` counts as type and number ("KILL:26"),
* ``y:`` years and months of resolved dates ("2022-01").

**Terms** are the article's content words (lower-cased, letters only, at least three
characters, no stop words of the language when the counts/tone lexicons know them), compared by
TF-IDF only within one language.

Each key kind has a weight (:data:`KEY_WEIGHTS`): a shared person says more than a shared
country. An article with fewer than :data:`MIN_WORDS` words (a headline, a stub, an empty body)
is *thin*: it never joins a story by similarity and gets a story of its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..record import Record
from ..textutils import base_language

#: articles shorter than this (words) never join a story by similarity; they open their own
MIN_WORDS = 40

#: weight of each key kind in the key vector
KEY_WEIGHTS = {"p": 3.0, "o": 2.0, "l": 2.0, "c": 0.5, "e": 0.5, "n": 2.0, "y": 0.5}

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass
class Profile:
    """One article as the clustering sees it."""

    article_id: str
    language: str
    day: int | None  # days since 1970-01-01 of the article's date, None when undated
    words: int
    keys: dict[str, float] = field(default_factory=dict)
    terms: dict[str, float] = field(default_factory=dict)  # raw term frequencies

    @property
    def thin(self) -> bool:
        return self.words < MIN_WORDS

    def to_json(self) -> dict[str, object]:
        return {"keys": self.keys, "terms": self.terms}


def profile(record: Record, stop_words: frozenset[str] = frozenset()) -> Profile:
    """The keys and terms of a record (its text, entities, places, events, counts, dates)."""
    keys: Counter[str] = Counter()
    for person in record.persons:
        keys["p:" + _norm(person.canonical or person.name)] += 1
    for org in record.organizations:
        keys["o:" + _norm(org.canonical or org.name)] += 1
    for place in record.locations:
        ident = str(place.geonameid) if place.geonameid else _norm(place.canonical or place.name)
        keys["l:" + ident] += 1
        if place.country:
            keys["c:" + place.country] += 1
    for event in record.events:
        if not (event.negated or event.hypothetical):
            keys["e:" + event.type] += 1
    for count in record.counts:
        if count.number is not None and not count.negated:
            keys[f"n:{count.type}:{count.number:g}"] += 1
    for mention in record.dates:
        if mention.date and len(mention.date) >= 7:
            keys["y:" + mention.date[:7]] += 1
    weighted = {k: KEY_WEIGHTS[k[0]] * (1.0 + math.log(n)) for k, n in keys.items()}
    text = record.text
    if record.title and not text.startswith(record.title):
        text = record.title + "\n" + text
    words = _WORD.findall(text.lower())
    terms = Counter(w for w in words if w not in stop_words)
    return Profile(
        article_id=record.id,
        language=base_language(record.language),
        day=_day(record.date),
        words=len(text.split()),
        keys=weighted,
        terms={t: float(n) for t, n in terms.items()},
    )


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def _day(value: str | None) -> int | None:
    if not value or len(value) < 10:
        return None
    try:
        return (date.fromisoformat(value[:10]) - date(1970, 1, 1)).days
    except ValueError:
        return None
