"""One language's counts knowledge (``resources/lexicons/<lang>/counts.json``), compiled once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .quantities import NumberReader, lexicon_data, phrase_table
from .totals import TotalsLexicon


class CountsLexicon:
    """One language's counts knowledge, compiled once."""

    def __init__(self, lang: str, data: dict[str, Any]) -> None:
        self.lang = lang
        self.numbers = NumberReader(data["numbers"], lang)
        np_spec = data["noun_phrase"]
        self.capitalized = bool(np_spec["nouns_capitalized"])
        self.links = frozenset(np_spec["links"])
        self.coordinators = frozenset(np_spec["coordinators"])
        self.joiners = frozenset(np_spec["group_joiners"]) | self.coordinators
        self.joiners_strong = frozenset(np_spec["strong_joiners"]) | self.coordinators
        self.determiners = frozenset(np_spec["determiners"])
        self.relative_pronouns = frozenset(np_spec["relative_pronouns"])
        self.stop = frozenset(np_spec["stop"])
        self.stop_suffixes = tuple(np_spec.get("stop_suffixes", ()))
        self.trim_suffixes = tuple(np_spec["trailing_trim_suffixes"])
        self.units = frozenset(np_spec["units"])
        self.invariable = frozenset(np_spec["invariable_plurals"])
        self.definite = frozenset(np_spec["definite_singular_objects"])
        self.durations = frozenset(np_spec["duration_units"])
        self.singular_name = bool(np_spec["singular_after_number_is_a_name"])
        cues = data["cues"]
        self.negation = frozenset(cues["negation"])
        self.hypothetical = frozenset(cues["hypothetical"])
        self.passive_aux = frozenset(cues["passive_aux"])
        self.purpose = frozenset(cues.get("purpose_before_trigger", ()))
        self.gerund_preps = frozenset(cues["gerund_prepositions"])
        self.aux_after = int(cues["passive_aux_window_after"])
        self.subject_first = bool(cues["number_before_active_verb_is_subject"])
        self.object_window = int(cues["verb_object_window"])
        self.triggers = phrase_table(_trigger_entries(data["triggers"]))
        self.separable: dict[str, list[tuple[str, Any]]] = {}
        for count_type, forms, particle in data.get("separable_verbs", ()):
            for form in forms:
                self.separable.setdefault(form, []).append((count_type, phrase_table([particle])))
        amounts = data["amounts"]
        self.currency = amounts["currency_symbols"]
        self.percent = amounts["percent_signs"]
        self.age_before = phrase_table(amounts["age_before"])
        self.age_after = phrase_table(amounts["age_after"])
        self.time_after = frozenset(amounts["time_after"])
        self.year_before = frozenset(amounts["year_before"])
        self.totals = TotalsLexicon.from_data(data.get("totals", {}), self.definite)


def _trigger_entries(triggers: dict[str, dict[str, list[str]]]) -> dict[str, list[tuple[str, str]]]:
    entries: dict[str, list[tuple[str, str]]] = {}
    for count_type, kinds in triggers.items():
        for kind, phrases in kinds.items():
            for phrase in phrases:
                entries.setdefault(phrase.lower(), []).append((count_type, kind))
    return entries


@lru_cache(maxsize=16)
def load_lexicon(lang: str) -> CountsLexicon | None:
    data = lexicon_data(lang, "counts.json")
    return CountsLexicon(lang, data) if data is not None else None
