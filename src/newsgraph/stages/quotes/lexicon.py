"""Per-language quote lexicons (``resources/lexicons/<lang>/quotes.json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ...resources import lexicon_json


@dataclass(frozen=True)
class QuoteLexicon:
    """Saying verbs, quote marks, attribution markers, role nouns and pronouns of one language."""

    language: str
    pairs: tuple[tuple[str, str], ...]
    saying: frozenset[str]
    forms: frozenset[str]
    separable: dict[str, tuple[str, ...]]
    weak: frozenset[str]
    inverted: frozenset[str]
    according_before: tuple[tuple[str, ...], ...]
    according_after: frozenset[str]
    as_markers: frozenset[str]
    complementizers: frozenset[str]
    needs_comma: bool
    bare_complement: bool
    determiners: frozenset[str]
    connectors: frozenset[str]
    particles: frozenset[str]
    pronouns: frozenset[str]
    impersonal: frozenset[str]
    between: frozenset[str]
    stop: frozenset[str]
    boundaries: frozenset[str]
    roles: tuple[str, ...]
    titles: frozenset[str]
    aliases: dict[str, str] = field(default_factory=dict)
    idioms: frozenset[str] = frozenset()
    personal: frozenset[str] = frozenset()
    participles: tuple[str, ...] = ()
    capitalised_nouns: bool = False
    verb_second: bool = False
    adjective_endings: tuple[str, ...] = ()
    subjunctive: frozenset[str] = frozenset()
    min_words: int = 4
    _cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def openers(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for o, c in self.pairs:
            out.setdefault(o, []).append(c)
        return {o: tuple(cs) for o, cs in out.items()}

    @property
    def marks(self) -> frozenset[str]:
        return frozenset(ch for pair in self.pairs for ch in pair)

    def lemma(self, word: str) -> str:
        low = word.lower()
        if low not in self._cache:
            import simplemma

            try:
                self._cache[low] = simplemma.lemmatize(low, lang=self.language).lower()
            except Exception:  # noqa: BLE001 - simplemma lacks the language
                self._cache[low] = low
        return self._cache[low]

    def is_saying(self, word: str) -> bool:
        """A saying verb in any inflection ("sagte", "said", "erklärten")."""
        low = word.lower()
        if not word[:1].isalpha() or low in self.stop or low in self.determiners:
            return False
        return low in self.forms or self.lemma(low) in self.saying

    def known(self, word: str) -> bool:
        """Is ``word`` in the language's dictionary (simplemma)?"""
        import simplemma

        try:
            return bool(simplemma.is_known(word, lang=self.language))
        except Exception:  # noqa: BLE001 - simplemma lacks the language
            return False

    def is_role(self, word: str) -> bool:
        """A role noun, compounds included ("Außenminister" ends in "minister")."""
        low = word.lower().rstrip(".")
        key = "role:" + low
        if key not in self._cache:
            found = low in self.roles or any(low.endswith(r) for r in self.roles if len(r) >= 5)
            self._cache[key] = "1" if found else ""
        return bool(self._cache[key])


@lru_cache(maxsize=16)
def load_lexicon(language: str) -> QuoteLexicon | None:
    """The quote lexicon of ``language``, or None when newsgraph has none for it."""
    data = lexicon_json(language, "quotes.json")
    if data is None:
        return None

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key, []))

    return QuoteLexicon(
        language=language,
        pairs=tuple((o, c) for o, c in data["quote_pairs"]),
        saying=words("saying_verbs"),
        forms=words("saying_forms"),
        separable={k: tuple(v) for k, v in data.get("separable_verbs", {}).items()},
        weak=words("weak_verbs"),
        inverted=words("inverted_markers"),
        according_before=tuple(tuple(p.lower().split()) for p in data.get("according_before", [])),
        according_after=words("according_after"),
        as_markers=words("as_markers"),
        complementizers=words("complementizers"),
        needs_comma=bool(data.get("complement_needs_comma", False)),
        bare_complement=bool(data.get("bare_complement", False)),
        determiners=words("determiners"),
        connectors=words("connectors"),
        particles=words("name_particles"),
        pronouns=words("pronouns"),
        impersonal=words("impersonal"),
        between=words("between"),
        stop=words("stop_words"),
        boundaries=words("clause_boundaries"),
        roles=tuple(sorted(words("role_nouns"))),
        titles=frozenset(data.get("titles", [])),
        aliases=dict(data.get("mark_aliases", {})),
        idioms=words("saying_idioms"),
        personal=words("personal_pronouns"),
        participles=tuple(data.get("participle_suffixes", [])),
        capitalised_nouns=bool(data.get("capitalised_nouns", False)),
        verb_second=bool(data.get("verb_second", False)),
        adjective_endings=tuple(data.get("adjective_endings", [])),
        subjunctive=words("subjunctive_forms"),
        min_words=int(data.get("min_quote_words", 4)),
    )
