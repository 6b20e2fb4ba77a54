"""Entities stage: merging, title and case-ending stripping, canonical names, golden files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsgraph.doc import Doc
from newsgraph.pipeline import check_stages
from newsgraph.stages.entities import EntitiesStage
from newsgraph.stages.entities.names import canonical, lexicon, nominative, strip_genitive
from newsgraph.stages.ner.stage import FakeBackend, NerStage

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared" / "data"
GOLDEN = ROOT / "tests" / "golden" / "entities"

TEXT_DE = (
    "Präsident Anna Maria Beispiel traf Vertreter des Weißen Hauses. Beispiel sagte, Frau "
    "Kowalski sei einverstanden. Kowalskis Sprecher widersprach. Moskau erklärte, "
    "Außenminister Boris Petrow reise nach Berlin. Petrows Reise und die Sitzung der "
    "Europäischen Union folgen. Ein Sprecher des Deutschen Bundestages schwieg."
)
NAMES_DE = {
    "Präsident Anna Maria Beispiel": "PER",
    "Weißen Hauses": "ORG",
    "Beispiel": "PER",
    "Frau Kowalski": "PER",
    "Kowalskis": "PER",
    "Moskau": "ORG",
    "Außenminister Boris Petrow": "PER",
    "Petrows": "PER",
    "Berlin": "LOC",
    "Europäischen Union": "ORG",
    "Deutschen Bundestages": "ORG",
}


def analyse(text: str, names: dict[str, str], language: str = "de", **kw: bool) -> Doc:
    doc = Doc(id="t", text=text, language=language)
    NerStage(backend=FakeBackend(names))([doc])
    EntitiesStage(**kw)([doc])
    return doc


def assert_spans_slice(doc: Doc) -> None:
    for entity in doc.persons + doc.organizations:
        for start, end in entity.mentions:
            assert 0 <= start < end <= len(doc.text)
            assert doc.text[start:end].strip() == doc.text[start:end]


def test_stage_declares_its_fields() -> None:
    assert EntitiesStage.requires == ("text", "language", "mentions")
    assert EntitiesStage.produces == ("persons", "organizations")
    check_stages([NerStage(), EntitiesStage()])


def test_merges_full_name_and_surname_with_title_stripped() -> None:
    doc = analyse(TEXT_DE, NAMES_DE, place_filter=False)
    person = doc.persons[0]
    assert person.name == "Anna Maria Beispiel"
    assert [doc.text[s:e] for s, e in person.mentions] == ["Anna Maria Beispiel", "Beispiel"]
    assert_spans_slice(doc)


def test_genitive_s_is_removed_when_the_bare_name_occurs() -> None:
    doc = analyse(TEXT_DE, NAMES_DE, place_filter=False)
    by_name = {p.name: p for p in doc.persons}
    assert set(by_name) == {"Anna Maria Beispiel", "Kowalski", "Boris Petrow"}
    assert [doc.text[s:e] for s, e in by_name["Kowalski"].mentions] == ["Kowalski", "Kowalskis"]
    assert len(by_name["Boris Petrow"].mentions) == 2


def test_genitive_s_stays_when_the_bare_form_is_unknown() -> None:
    lex = lexicon("de")
    assert strip_genitive("Kowalskis", {"Kowalski"}, lex) == "Kowalski"
    assert strip_genitive("Thomas", {"Anna"}, lex) == "Thomas"
    assert strip_genitive("Jones's", {"Jones"}, lexicon("en")) == "Jones"


def test_organisations_put_into_the_nominative() -> None:
    doc = analyse(TEXT_DE, NAMES_DE, place_filter=False)
    names = [o.name for o in doc.organizations]
    assert "Weißes Haus" in names
    assert "Europäische Union" in names
    assert "Deutscher Bundestag" in names
    lex = lexicon("de")
    assert nominative(["Vereinten", "Nationen"], "gen_f", lex) == ["Vereinte", "Nationen"]
    assert nominative(["Weißen", "Haus"], "nom", lex) == ["Weißen", "Haus"]


def test_place_names_used_as_actors_are_left_to_places() -> None:
    doc = analyse(TEXT_DE, NAMES_DE)
    assert "Moskau" not in [o.name for o in doc.organizations]
    assert "Weißes Haus" in [o.name for o in doc.organizations]
    assert not any(e.name == "Berlin" for e in doc.persons + doc.organizations)


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("Boris Petrow", "Boris Petrov"),
        ("Iwan Sacharow", "Ivan Sakharov"),
        ("Olga Medwedewa", "Olga Medvedeva"),
        ("Nikolai Tschernow", "Nikolai Chernov"),
        ("Pawel Schukow", "Pavel Shukov"),
        ("Arkadi Gaidajew", "Arkadi Gaidayev"),
        ("Sergej Iwanowitsch Lasarew", "Sergey Ivanovich Lazarev"),
        ("Angela Winter", "Angela Winter"),  # no Russian ending: untouched
        ("Jens Schwarz", "Jens Schwarz"),
    ],
)
def test_canonical_transliteration(german: str, english: str) -> None:
    assert canonical(german, lexicon("de")) == english


def test_canonical_form_on_the_entity() -> None:
    doc = analyse(TEXT_DE, NAMES_DE, place_filter=False)
    petrow = next(p for p in doc.persons if p.name == "Boris Petrow")
    assert petrow.canonical == "Boris Petrov"


def test_english_possessive_and_titles() -> None:
    text = "President Jane Roe met Mr. Smith. Roe's aides and the Acme Corporation's staff left."
    names = {
        "President Jane Roe": "PER",
        "Mr. Smith": "PER",
        "Roe's": "PER",
        "Acme Corporation": "ORG",
    }
    doc = analyse(text, names, language="en", place_filter=False)
    assert [(p.name, len(p.mentions)) for p in doc.persons] == [("Jane Roe", 2), ("Smith", 1)]
    assert [o.name for o in doc.organizations] == ["Acme Corporation"]
    assert_spans_slice(doc)


def test_ambiguous_surname_joins_the_nearest_preceding_person() -> None:
    text = "Anna Roth und Paul Roth kamen. Paul Roth sprach. Danach sprach Roth."
    names = {"Anna Roth": "PER", "Paul Roth": "PER", "Roth": "PER"}
    doc = analyse(text, names, place_filter=False)
    by_name = {p.name: len(p.mentions) for p in doc.persons}
    assert by_name == {"Anna Roth": 1, "Paul Roth": 3}


def test_lowercase_and_title_only_mentions_are_not_persons() -> None:
    text = "Der Präsident sprach mit dem nachbarn."
    doc = analyse(text, {"Präsident": "PER", "nachbarn": "PER"}, place_filter=False)
    assert doc.persons == []


# --- golden files on real Wikinews articles ------------------------------------------------


def _article(name: str, index: int) -> dict[str, str]:
    path = SHARED / "corpus" / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    with open(path, encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i == index:
                return json.loads(line)  # type: ignore[no-any-return]
    pytest.skip("article not present")


def _entities(case: str, corpus: str, index: int) -> tuple[Doc, dict[str, object]]:
    from newsgraph.stages.ner.stage import ModelNotFound

    art = _article(corpus, index)
    doc = Doc(id=art["id"], text=art["text"], language=art["lang"])
    try:
        NerStage()([doc])
    except ModelNotFound as exc:
        pytest.skip(str(exc))
    EntitiesStage()([doc])
    got = {
        "id": doc.id,
        "persons": [_plain(e, doc.text) for e in doc.persons],
        "organizations": [_plain(e, doc.text) for e in doc.organizations],
    }
    return doc, got


def _dump(data: dict[str, object]) -> str:
    """One entity per line: small diffs when a golden file is regenerated."""
    lines = [f' "id": {json.dumps(data["id"])}']
    for key in ("persons", "organizations"):
        items = [json.dumps(e, ensure_ascii=False) for e in data[key]]  # type: ignore[attr-defined]
        body = ",\n  ".join(items)
        lines.append(f' "{key}": [\n  {body}\n ]' if items else f' "{key}": []')
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _plain(entity: object, text: str) -> dict[str, object]:
    """The entity as JSON, each mention as [start, end, evidence] for review."""
    from dataclasses import asdict

    data = asdict(entity)  # type: ignore[call-overload]
    data["mentions"] = [[s, e, text[s:e]] for s, e in data["mentions"]]
    return data  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("case", "corpus", "index"),
    [("en-wikinews-0", "wikinews-en.jsonl", 0), ("de-wikinews-0", "wikinews-de.jsonl", 0)],
)
def test_golden(case: str, corpus: str, index: int) -> None:
    doc, got = _entities(case, corpus, index)
    assert_spans_slice(doc)
    path = GOLDEN / f"{case}.json"
    if os.environ.get("NEWSGRAPH_REGEN_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(got), encoding="utf-8")
        if os.environ.get("NEWSGRAPH_REGEN_GOLDEN") != "1":
            pytest.fail(f"golden file {path} was missing and has been written; review and rerun")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_one_word_person_always_after_a_determiner_is_a_common_noun() -> None:
    text = "Der Bürger protestierte. Die Bürger und Anna Roth blieben. Roth sprach."
    doc = analyse(text, {"Bürger": "PER", "Anna Roth": "PER", "Roth": "PER"}, place_filter=False)
    assert [p.name for p in doc.persons] == ["Anna Roth"]


def test_bracketed_abbreviation_joins_the_full_organisation_name() -> None:
    text = "The Federal Security Service (FSB) said the FSB and the Acme Group (AG) met."
    names = {"Federal Security Service": "ORG", "FSB": "ORG", "Acme Group": "ORG", "AG": "ORG"}
    doc = analyse(text, names, language="en", place_filter=False)
    got = {o.name: [doc.text[s:e] for s, e in o.mentions] for o in doc.organizations}
    assert got == {"Federal Security Service": ["Federal Security Service", "FSB", "FSB"],
                   "Acme Group": ["Acme Group", "AG"]}  # fmt: skip


def test_organisation_canonical_name_in_english_when_known() -> None:
    doc = analyse(TEXT_DE, NAMES_DE, place_filter=False)
    union = next(o for o in doc.organizations if o.name == "Europäische Union")
    assert union.canonical == "European Union"
    haus = next(o for o in doc.organizations if o.name == "Weißes Haus")
    assert haus.canonical == "Weißes Haus"  # not in the table: the name itself


def test_lone_first_name_joins_the_only_person_with_that_first_name() -> None:
    text = "Sean Miller and Anna Roth and Anna Berg met. Sean said Anna left."
    names = {
        "Sean Miller": "PER",
        "Anna Roth": "PER",
        "Anna Berg": "PER",
        "Sean": "PER",
        "Anna": "PER",
    }
    doc = analyse(text, names, language="en", place_filter=False)
    got = {p.name: len(p.mentions) for p in doc.persons}
    assert got == {"Sean Miller": 2, "Anna Roth": 1, "Anna Berg": 1, "Anna": 1}  # Anna: ambiguous


def test_base_name_undoes_articles_and_german_case_endings() -> None:
    from newsgraph.stages.entities.names import base_name

    text = "Ein Sprecher des Weißen Hauses sagte, die Lage im Roten Meer sei ernst."
    start = text.index("des")
    assert base_name(text, start, text.index(" sagte"), "de") == "Weißes Haus"
    start = text.index("Roten")
    assert base_name(text, start, start + len("Roten Meer"), "de") == "Rotes Meer"
