"""Tone: the seven GDELT V2Tone values from per-language word lists.

GDELT's definitions (GKG 2.1 codebook, V2Tone):

- Positive / Negative score: percentage of all words that have a positive / negative
  emotional connotation;
- Tone = Positive - Negative (range -100 .. +100);
- Polarity: percentage of words with emotional valence (Positive + Negative);
- Activity Reference Density: percentage of words that are active words;
- Self/Group Reference Density: percentage of words that are self/group pronouns;
- Word count.

Word lists live in ``resources/lexicons/<lang>/tone.json`` (+ the polarity lexicon it names).
A word is looked up by surface form, lemma, compound head (German nouns) and derivational
suffix rules from the data file ("badly" -> "bad"); a multi-word expression of the polarity
files ("under fire") counts as one word. A positive word preceded by a negator within
``negation_window`` words counts as negative; a negated negative word flips or keeps its sign
as ``negated_negative`` says (English news: "did not deny the allegations" stays negative).
With ``skip_capitalized``, capitalised words inside a sentence are names, except on a line in
title case (a headline). A language without a ``tone.json`` gets zeros plus its word count.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

from ...doc import Doc
from ...record import Tone
from ...resources import lexicon_json, resource_path

log = logging.getLogger(__name__)

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
MIN_HEAD = 4  # shortest noun that may head a compound
MIN_MODIFIER = 3  # shortest first part of a compound ("Lehrer" is not L + Ehre + r)
TITLE_CASE_SHARE = 0.8  # share of capitalised longer words that makes a line a headline


@dataclass(frozen=True)
class ToneLexicon:
    """Everything the tone count needs for one language."""

    language: str
    valence: dict[str, float]
    # multi-word expressions ("under fire") by first word, longest first; each counts as one word
    phrases: dict[str, tuple[tuple[tuple[str, ...], float], ...]]
    heads: tuple[str, ...]  # lower-cased nouns that may end a compound, longest first
    activity: frozenset[str]
    pronouns: frozenset[str]
    negators: frozenset[str]
    negation_window: int
    lemmatize: bool
    skip_capitalized: bool = False  # capitalised words inside a sentence are names
    derivations: tuple[tuple[str, str], ...] = ()  # (suffix, replacement) to reach a base word
    negated_negative: str = "flip"  # "flip" (not bad = good), "keep" or "drop" (news: neither)

    @property
    def head_set(self) -> frozenset[str]:
        return _head_set(self.heads)


def _read_polarity(spec: str, folder: Path, min_valence: float) -> dict[str, float]:
    """Read ``word TAB valence`` lines from a packaged file or ``package:<pkg>/<file>``."""
    if spec.startswith("package:"):
        pkg, _, name = spec[len("package:") :].partition("/")
        text = importlib_resources.files(pkg).joinpath(name).read_text(encoding="utf-8")
    else:
        text = (folder / spec).read_text(encoding="utf-8")
    valence: dict[str, float] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not all(WORD.fullmatch(w) for w in parts[0].split(" ")):
            continue
        value = float(parts[1])
        if abs(value) >= min_valence:
            valence[parts[0]] = value
    return valence


@lru_cache(maxsize=64)
def load_lexicon(language: str) -> ToneLexicon | None:
    """The tone lexicon of ``language``, or None when the language has none."""
    config = lexicon_json(language, "tone.json")
    if config is None:
        log.info("no tone lexicon for language %r: tone is zero, word count only", language)
        return None
    folder = resource_path("lexicons", language)
    raw = _read_polarity(config["polarity"], folder, float(config.get("min_valence", 0.0)))
    if config.get("polarity_extra"):
        raw.update(_read_polarity(config["polarity_extra"], folder, 0.0))
    for word in config.get("ignore", []):
        raw[word] = 0.0  # zero, not absent: an inflected form must not reach it via its lemma
    heads: tuple[str, ...] = ()
    if config.get("compound_heads"):
        heads = tuple(
            sorted(
                (w.lower() for w, v in raw.items() if v and w[:1].isupper() and len(w) >= MIN_HEAD),
                key=len,
            )[::-1]
        )
    return ToneLexicon(
        language=language,
        valence={w.lower(): v for w, v in raw.items() if " " not in w},
        phrases=_index_phrases({w.lower(): v for w, v in raw.items() if " " in w}),
        heads=heads,
        activity=frozenset(w.lower() for w in config.get("activity", [])),
        pronouns=frozenset(w.lower() for w in config.get("pronouns", [])),
        negators=frozenset(w.lower() for w in config.get("negators", [])),
        negation_window=int(config.get("negation_window", 3)),
        lemmatize=bool(config.get("lemmatize", False)),
        skip_capitalized=bool(config.get("skip_capitalized", False)),
        negated_negative=str(config.get("negated_negative", "flip")),
        derivations=tuple((str(a), str(b)) for a, b in config.get("derivations", [])),
    )


def _index_phrases(
    phrases: dict[str, float],
) -> dict[str, tuple[tuple[tuple[str, ...], float], ...]]:
    by_first: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for phrase, value in phrases.items():
        words = tuple(phrase.split(" "))
        by_first.setdefault(words[0], []).append((words, value))
    return {w: tuple(sorted(ps, key=lambda p: -len(p[0]))) for w, ps in by_first.items()}


@lru_cache(maxsize=64)
def _head_set(heads: tuple[str, ...]) -> frozenset[str]:
    return frozenset(heads)


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=language)).lower()
    except ValueError:  # simplemma has no data for this language
        return word.lower()


def _compound_head(word: str, lexicon: ToneLexicon) -> str | None:
    """The longest lexicon noun ending the compound ``word`` ("Kampfhandlungen" -> "kampfhandlung").

    Up to two inflection letters may follow the head ("-en", "-s").
    """
    lower = word.lower()
    heads = lexicon.head_set
    for strip in (0, 1, 2):
        stem = lower[: len(lower) - strip]
        for k in range(MIN_MODIFIER, len(stem) - MIN_HEAD + 1):
            if stem[k:] in heads:
                return stem[k:]
    return None


def word_valence(word: str, lexicon: ToneLexicon) -> float:
    """Valence of one word: surface form, then lemma, then compound head (nouns)."""
    lower = word.lower()
    if lower in lexicon.valence:
        return lexicon.valence[lower]
    if lexicon.lemmatize:
        lemma = _lemma(word, lexicon.language)
        if lemma in lexicon.valence:
            return lexicon.valence[lemma]
    if lexicon.heads and word[:1].isupper():
        head = _compound_head(word, lexicon)
        if head is not None:
            return lexicon.valence[head]
    return _derived_valence(lower, lexicon)


def _derived_valence(lower: str, lexicon: ToneLexicon) -> float:
    """Valence through a derivational suffix of the lexicon ("badly" -> "bad")."""
    for suffix, replacement in lexicon.derivations:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= MIN_HEAD - 1:
            base = lower[: len(lower) - len(suffix)] + replacement
            if lexicon.valence.get(base):
                return lexicon.valence[base]
    return 0.0


def _is_in(word: str, words: frozenset[str], lexicon: ToneLexicon) -> bool:
    lower = word.lower()
    if lower in words:
        return True
    return lexicon.lemmatize and _lemma(word, lexicon.language) in words


def score_words(
    words: Sequence[str], lexicon: ToneLexicon | None, initial: Sequence[bool] = ()
) -> Tone:
    """The seven V2Tone values for a list of words (``initial``: word starts a sentence)."""
    total = len(words)
    if lexicon is None or total == 0:
        return Tone(word_count=total)
    pos = neg = active = pronouns = 0
    last_negator = inside_phrase = -100
    for i, word in enumerate(words):
        lower = word.lower()
        if lower in lexicon.negators:
            last_negator = i
            continue
        length, value = _phrase_at(words, i, lexicon)
        if length:
            inside_phrase = i + length - 1
        elif i > inside_phrase:
            value = _valence_in_context(word, lexicon, bool(initial and initial[i]))
        if value and i - last_negator <= lexicon.negation_window:
            value = _negate(value, lexicon.negated_negative)
        pos += value > 0
        neg += value < 0
        active += _is_in(word, lexicon.activity, lexicon)
        pronouns += lower in lexicon.pronouns
    return _tone(pos, neg, active, pronouns, total)


def _phrase_at(words: Sequence[str], i: int, lexicon: ToneLexicon) -> tuple[int, float]:
    """(length, valence) of the longest lexicon phrase starting at word ``i``, else (0, 0)."""
    candidates = lexicon.phrases.get(words[i].lower())
    if candidates is None and lexicon.lemmatize and lexicon.phrases:
        candidates = lexicon.phrases.get(_lemma(words[i], lexicon.language))
    for phrase, value in candidates or ():
        n = len(phrase)
        if i + n <= len(words) and all(
            _matches(words[i + k], phrase[k], lexicon) for k in range(1, n)
        ):
            return n, value
    return 0, 0.0


def _matches(word: str, target: str, lexicon: ToneLexicon) -> bool:
    lower = word.lower()
    return lower == target or (lexicon.lemmatize and _lemma(word, lexicon.language) == target)


def _negate(value: float, negated_negative: str) -> float:
    """The valence of a negated word: positive words flip; negative ones as configured."""
    if value > 0 or negated_negative == "flip":
        return -value
    return value if negated_negative == "keep" else 0.0


def _valence_in_context(word: str, lexicon: ToneLexicon, initial: bool) -> float:
    if lexicon.skip_capitalized and word[:1].isupper() and not initial:
        return 0.0
    if len(word) < 2:
        return 0.0
    return word_valence(word, lexicon)


def _tone(pos: int, neg: int, active: int, pronouns: int, total: int) -> Tone:
    def pct(n: int) -> float:
        return round(100.0 * n / total, 4)

    return Tone(
        tone=round(pct(pos) - pct(neg), 4),
        positive=pct(pos),
        negative=pct(neg),
        polarity=round(pct(pos) + pct(neg), 4),
        activity_density=pct(active),
        self_group_density=pct(pronouns),
        word_count=total,
    )


def score_text(text: str, language: str) -> Tone:
    """GDELT V2Tone of ``text`` in ``language``."""
    words: list[str] = []
    initial: list[bool] = []
    for line in text.split("\n"):
        matches = list(WORD.finditer(line))
        headline = _is_title_case([m.group() for m in matches])
        for match in matches:
            words.append(match.group())
            before = line[max(0, match.start() - 8) : match.start()].rstrip(" \t\"'“”‘’«»„(")
            initial.append(headline or not before or before[-1] in ".!?:")
    return score_words(words, load_lexicon(_base_language(language)), initial)


def _is_title_case(words: Sequence[str]) -> bool:
    """A headline in title case: capitals there do not mark names."""
    long_words = [w for w in words if len(w) > 3]
    if len(long_words) < 3:
        return False
    return sum(w[:1].isupper() for w in long_words) >= TITLE_CASE_SHARE * len(long_words)


def _base_language(language: str | None) -> str:
    return (language or "und").split("-")[0].split("_")[0].lower()


class ToneStage:
    """Fill ``doc.tone`` with the seven GDELT V2Tone values."""

    name = "tone"
    requires = ("text", "language")
    produces = ("tone",)

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            doc.tone = score_text(doc.text, doc.language)
