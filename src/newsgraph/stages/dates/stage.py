"""Date mentions resolved against the publication date (GDELT V2EnhancedDates).

Candidate phrases come from per-language patterns: month and weekday names from babel (CLDR),
relative words, units and modifiers from ``resources/lexicons/<lang>/dates.json``. Each
candidate is resolved here, never by scanning the whole text with a date parser.

Resolution (GDELT): 1 year only, 2 month, 3 day, 4 month + day without a year in the text.

Rules for relative phrases (``doc.date`` is the publication date):

* a bare weekday ("am Freitag", "Freitagmorgen", "on Monday", "seit Mittwoch") is the most
  recent such day **on or before** the publication date - news reports the past, so a Friday
  article's "Freitag" is that same day and its "Donnerstag" the day before - unless its
  sentence speaks of the future (a future cue such as "will"/"wird" and no past-tense cue
  such as "was"/"wurde", from ``dates.json``): then the first such day on or after it;
* "letzten Freitag" / "last Friday" is the most recent one strictly before the publication
  date; "nächsten Freitag" / "next Friday" the first one strictly after it;
* "gestern", "am Vortag", "yesterday": publication date minus one day (and so on);
* "vor drei Jahren" / "three years ago": the year (resolution 1), month (2) or day (3) shifted
  back from the publication date;
* a month alone ("im Oktober") is the latest such month up to the publication month (the
  next one from it in a sentence about the future);
* a day and month without a year ("3. Januar", "January 3") takes the publication year, or the
  year before when that would put it more than 180 days after publication.

Without ``doc.date`` absolute dates still resolve; relative ones get ``date`` null.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from ...doc import Doc
from ...record import DateMention
from ...resources import lexicon_json as lexicon_data
from ...resources.calendar import calendar_words

Resolved = tuple[str | None, int]


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _capitalised(words: Any) -> str:
    return _alternation({w[:1].upper() + w[1:] for w in words})


class DatePatterns:
    """One language's compiled date patterns and the resolvers behind them."""

    def __init__(self, lang: str, spec: dict[str, Any]) -> None:
        cal = calendar_words(lang)
        self.months, self.weekdays = cal["months"], cal["weekdays"]
        ambiguous = set(spec["ambiguous_bare_months"])  # "May we ...", "march on"
        self.wide_months = {k: v for k, v in cal["wide_months"].items() if k not in ambiguous}
        self.spec = spec
        self.relative_days = {k.lower(): int(v) for k, v in spec["relative_days"].items()}
        self.relative_units = {
            k.lower(): (v[0], int(v[1])) for k, v in spec["relative_units"].items()
        }
        self.units = spec["units"]
        self.past = {m.lower() for m in spec["past_modifiers"]}
        self.future_cues = frozenset(spec["future_cues"])
        self.past_cues = frozenset(spec["past_cues"])
        self.rules = self._compile(spec)

    def _compile(
        self, spec: dict[str, Any]
    ) -> list[tuple[re.Pattern[str], Callable[..., Resolved]]]:
        month = rf"(?P<month>{_capitalised(self.months)})\b(?:\.(?=\s*\d))?"
        day = spec["ordinal_day"]
        nodigit = r"(?<![\d.])"
        rules: list[tuple[str, Callable[..., Resolved]]] = [
            (rf"{nodigit}{day}\s+(?:of\s+)?{month}\s+(?P<year>\d{{4}})\b", self._absolute),
            (
                rf"\b{month},?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
                self._absolute,
            ),
            (r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b", self._absolute),
            (
                rf"{nodigit}(?P<a>\d{{1,2}})([./])(?P<b>\d{{1,2}})\2(?P<year>\d{{4}}|\d{{2}})\b(?![./]\d)",
                self._numeric,
            ),
            (rf"{nodigit}{day}\s+(?:of\s+)?{month}", self._day_month),
        ]
        if spec["day_after_month"]:
            rules.append(
                (rf"\b{month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?![.,]?\d)", self._day_month)
            )
        mods = _alternation(spec["past_modifiers"] + spec["future_modifiers"])
        suffixes = _alternation(spec["weekday_suffixes"]) or "(?!)"
        rules += [
            (rf"\b{month}\s+(?P<year>\d{{4}})\b", self._month_year),
            (rf"\b(?P<month>{_capitalised(self.wide_months)})\b", self._month_only),
            (
                rf"(?i:\b(?P<mod>{mods})\s+)?(?P<wd>{_capitalised(self.weekdays)})(?:{suffixes})?\b",
                self._weekday,
            ),
            (rf"(?i)\b(?P<rel>{_alternation(self.relative_units)})\b", self._relative_unit),
            (rf"(?i)\b(?P<rel>{_alternation(self.relative_days)})\b", self._relative_day),
            *self._ago_rules(spec),
            (r"(?<![\w.,/])(?<!\d-)(?P<year>1[89]\d\d|20\d\d)(?![\w/-]|[.,]\d)", self._bare_year),
        ]
        return [(re.compile(p), f) for p, f in rules]

    def _ago_rules(self, spec: dict[str, Any]) -> list[tuple[str, Callable[..., Resolved]]]:
        units = _alternation(self.units)
        number = r"(?P<n>\d+|[^\W\d]+)"
        rules = []
        if spec["ago"]["before"]:
            before = _alternation(spec["ago"]["before"])
            rules.append((rf"(?i)\b(?:{before})\s+{number}\s+(?P<unit>{units})\b", self._ago))
        if spec["ago"]["after"]:
            after = _alternation(spec["ago"]["after"])
            rules.append((rf"(?i)\b{number}\s+(?P<unit>{units})\s+(?:{after})\b", self._ago))
        return rules

    # --- resolvers: (match, text, publication date, lang) -> (ISO date | None, resolution)

    def _absolute(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        mon = int(m["mon"]) if "mon" in m.groupdict() and m["mon"] else self._month(m)
        return _iso(int(m["year"]), mon, int(m["day"])), 3

    def _numeric(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        a, b = int(m["a"]), int(m["b"])
        day, mon = (a, b) if self.spec["day_month_order"] == "dmy" else (b, a)
        year = int(m["year"])
        if year < 100:  # "7/8/07"
            year += 2000 if year < 70 else 1900
        return _iso(year, mon, day), 3

    def _day_month(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        if pub is None:
            return None, 4
        mon, day = self._month(m), int(m["day"])
        iso = _iso(pub.year, mon, day)
        if iso and dt.date.fromisoformat(iso) > pub + dt.timedelta(days=180):
            iso = _iso(pub.year - 1, mon, day)
        return iso, 4

    def _month_year(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        return f"{int(m['year']):04d}-{self._month(m):02d}", 2

    def _month_only(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        """ "im Oktober": the latest such month up to the publication month."""
        if pub is None:
            return None, 2
        month = self._month(m)
        year = pub.year if month <= pub.month else pub.year - 1
        return f"{year:04d}-{month:02d}", 2

    def upcoming_month(self, name: str, pub: dt.date) -> str:
        """The next such month from the publication month on (sentences about the future)."""
        month = self.months[name.rstrip(".").lower()]
        return f"{pub.year if month >= pub.month else pub.year + 1:04d}-{month:02d}"

    def _weekday(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        if pub is None:
            return None, 3
        target = self.weekdays[m["wd"].lower()]
        mod = (m["mod"] or "").lower()
        if mod and mod not in self.past:
            ahead = (target - pub.weekday()) % 7 or 7
            return (pub + dt.timedelta(days=ahead)).isoformat(), 3
        back = (pub.weekday() - target) % 7
        if mod and back == 0:
            back = 7
        return (pub - dt.timedelta(days=back)).isoformat(), 3

    def upcoming(self, weekday: str, pub: dt.date) -> str:
        """The first such weekday on or after ``pub`` (for sentences about the future)."""
        ahead = (self.weekdays[weekday.lower()] - pub.weekday()) % 7
        return (pub + dt.timedelta(days=ahead)).isoformat()

    def _relative_day(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        offset = self.relative_days[" ".join(m["rel"].lower().split())]
        return (pub + dt.timedelta(days=offset)).isoformat() if pub else None, 3

    def _relative_unit(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        unit, delta = self.relative_units[" ".join(m["rel"].lower().split())]
        return _shift(pub, unit, delta)

    def _ago(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        n = _count_word(m["n"], lang)
        if n is None:
            return "", 0  # not a date phrase after all
        return _shift(pub, self.units[m["unit"].lower()], -n)

    def _bare_year(self, m: re.Match[str], pub: dt.date | None, lang: str) -> Resolved:
        return m["year"], 1

    def _month(self, m: re.Match[str]) -> int:
        return self.months[m["month"].rstrip(".").lower()]


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _shift(pub: dt.date | None, unit: str, delta: int) -> Resolved:
    resolution = {"year": 1, "month": 2}.get(unit, 3)
    if pub is None:
        return None, resolution
    if unit == "year":
        return f"{pub.year + delta:04d}", 1
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + delta
        return f"{index // 12:04d}-{index % 12 + 1:02d}", 2
    days = delta * (7 if unit == "week" else 1)
    return (pub + dt.timedelta(days=days)).isoformat(), 3


@lru_cache(maxsize=4096)
def _count_word(word: str, lang: str) -> int | None:
    if word.isdigit():
        return int(word)
    from text_to_num import text2num

    for candidate in (word.lower(), word.lower().rstrip("nmrs")):
        try:
            return int(text2num(candidate, lang))
        except (ValueError, IndexError, KeyError, AssertionError):
            continue
    return 1 if word.lower() in _one_words(lang) else None


@lru_cache(maxsize=16)
def _one_words(lang: str) -> frozenset[str]:
    data = lexicon_data(lang, "counts.json")
    return frozenset(data["numbers"]["articles_one"]) if data else frozenset()


@lru_cache(maxsize=16)
def load_patterns(lang: str) -> DatePatterns | None:
    data = lexicon_data(lang, "dates.json")
    return DatePatterns(lang, data) if data is not None else None


def publication_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def find_dates(
    text: str, lang: str, pub: dt.date | None, sentences: Sequence[tuple[int, int]] = ()
) -> list[DateMention]:
    """All date mentions of ``text``, earlier patterns winning overlaps."""
    patterns = load_patterns(lang)
    if patterns is None:
        return []
    taken: list[tuple[int, int]] = [m.span() for m in _URL.finditer(text)]
    found = []
    for regex, resolve in patterns.rules:
        for m in regex.finditer(text):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            if resolve == patterns._bare_year and not _year_context(text, start, end, patterns):
                continue
            date, resolution = resolve(m, pub, lang)
            if date == "" and resolution == 0:
                continue
            forward = resolve == patterns._month_only or (
                resolve == patterns._weekday and not m["mod"]
            )
            if forward and pub is not None:
                if _future(text, _sentence(sentences, start, len(text)), patterns):
                    date = _upcoming(patterns, m, pub)
            taken.append((start, end))
            found.append((DateMention(m.group(0), date, (start, end), resolution), resolve))
    found.sort(key=lambda item: item[0].span)
    return _combine(text, found, patterns)


def _upcoming(patterns: DatePatterns, m: re.Match[str], pub: dt.date) -> str:
    if "wd" in m.groupdict() and m["wd"]:
        return patterns.upcoming(m["wd"], pub)
    return patterns.upcoming_month(m["month"], pub)


def _sentence(sentences: Sequence[tuple[int, int]], offset: int, size: int) -> tuple[int, int]:
    for start, end in sentences:
        if start <= offset < end:
            return start, end
    return 0, size


def _future(text: str, sentence: tuple[int, int], patterns: DatePatterns) -> bool:
    """A sentence about what will happen: a future cue and no past-tense cue."""
    words = {w.lower() for w in _TOKEN.findall(text[sentence[0] : sentence[1]])}
    return bool(words & patterns.future_cues) and not words & patterns.past_cues


_TOKEN = re.compile(r"[^\W\d]+(?:'[^\W\d]+)?|'[^\W\d]+")
_JOIN = re.compile(r"[\s,(]{0,3}(?:dem\s+|the\s+)?")


def _combine(
    text: str, found: list[tuple[DateMention, Callable[..., Resolved]]], patterns: DatePatterns
) -> list[DateMention]:
    """ "Mittwoch, 13. Januar" - the weekday takes the date; "March 20 last year" - one date."""
    out: list[DateMention] = []
    for i, (mention, resolve) in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is None or not _JOIN.fullmatch(text[mention.span[1] : nxt[0].span[0]]):
            out.append(mention)
            continue
        other, other_resolve = nxt
        if resolve == patterns._weekday and other.date and other.resolution in (3, 4):
            weekday = patterns.weekdays.get(_WORD.findall(mention.text)[-1].lower())
            if weekday == dt.date.fromisoformat(other.date).weekday():
                mention = dataclasses.replace(mention, date=other.date)
        elif resolve == patterns._day_month and other_resolve == patterns._relative_unit:
            if other.resolution == 1 and other.date and mention.date:
                mention = _with_year(text, mention, other)
                found[i + 1] = (mention, resolve)
                continue
        out.append(mention)
    return out


_WORD = re.compile(r"[^\W\d]+")


def _with_year(text: str, day_month: DateMention, year: DateMention) -> DateMention:
    start, end = day_month.span[0], year.span[1]
    date = _iso(int(year.date or 0), int(day_month.date[5:7]), int(day_month.date[8:10]))  # type: ignore[index]
    return DateMention(text[start:end], date, (start, end), 3)


_URL = re.compile(r"(?:https?://|www\.)\S+")
_PREV_WORD = re.compile(r"([^\W\d]+)\s+$")
_NEXT_WORD = re.compile(r"^\s+([^\W\d]+)")


def _year_context(text: str, start: int, end: int, patterns: DatePatterns) -> bool:
    """A bare four-digit number is a year after a year word, before punctuation or a non-noun."""
    prev = _PREV_WORD.search(text[max(0, start - 30) : start])
    if prev and prev.group(1).lower() in patterns.spec["year_prefixes"]:
        return True
    nxt = _NEXT_WORD.match(text[end : end + 30])
    if nxt is None:
        return True
    return bool(patterns.spec.get("year_before_lowercase")) and nxt.group(1).islower()


class DatesStage:
    """Find date mentions and resolve them against the publication date."""

    name = "dates"
    requires = ("text", "language", "sentences")
    produces = ("dates",)

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            lang = (doc.language or "").split("-")[0].lower()
            doc.dates = find_dates(doc.text, lang, publication_date(doc.date), doc.sentences)
