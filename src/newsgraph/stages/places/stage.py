"""Places: find toponyms, resolve them against the embedded gazetteer, pick the focus.

Toponyms come from NER LOC mentions (every one kept; names the gazetteer lacks get null
coordinates), NER MISC demonyms, PER mentions that are exactly a place name, and the
gazetteer's own matches (countries, subdivisions, big cities, country adjectives, place names
inside organisation names, upper-case datelines) so the stage works when NER is absent or
misses; every further occurrence of a found name counts, and, when NER ran, towns named near
the places already found are added (local news).

Resolution scores every candidate by feature type (country > admin-1 > big city),
population, and the article's context: countries and subdivisions co-mentioned, the
"City, State" pattern, nearness to the other places, "X state" words. One sense per name
per article. The focus is the place the article is about (GDELT's ActionGeo idea): mentions
weighted by position and event words, places used as speakers ("Paris warnte") count
less, and a country gains from every place inside it.

``adm1`` is GDELT style: FIPS 10-4 country code + GeoNames admin-1 code ("KZ02", "USTX").
Subdivisions below admin-1 (US counties) have ``feature="other"`` with coordinates and the
``gdelt_type`` of their admin-1 level; continents have ``feature="other"``, no ``gdelt_type``.
Language knowledge (inflection suffixes, actor verbs, event words) is in
``resources/lexicons/<lang>/places.json``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...doc import Doc
from ...record import Location
from ...resources.gazetteer import Candidate, Gazetteer, Place, get_gazetteer, normalize
from ..entities.names import base_name
from .toponyms import Toponym, all_toponyms, iter_tokens_after, lexicon, local_toponyms, words

#: a town the NER missed is taken when it lies this close to a place already found
LOCAL_KM = 60.0
FEATURE_OUT = {"country": "country", "adm1": "adm1", "city": "city"}


@dataclass
class Group:
    """All mentions of one name in one article (one sense per name per article)."""

    key: str
    toponyms: list[Toponym] = field(default_factory=list)
    candidates: dict[int, Candidate] = field(default_factory=dict)
    best: Candidate | None = None

    def add(self, top: Toponym) -> None:
        self.toponyms.append(top)
        for c in top.candidates:
            old = self.candidates.get(c.place.id)
            if old is None or c.kind == "name":
                self.candidates[c.place.id] = c


class PlacesStage:
    """Geocode the places of every article and choose the one it is about."""

    name = "places"
    requires = ("text", "language")
    produces = ("locations", "focus")

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer()
        return self._gazetteer

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            toponyms, groups = self.find(doc)
            mark_actors(doc, toponyms)
            doc.locations = self._locations(doc, groups)
            actors = {(t.start, t.end) for t in toponyms if t.actor}
            doc.focus = choose_focus(doc, doc.locations, actors)

    def find(self, doc: Doc) -> tuple[list[Toponym], list[Group]]:
        """Toponyms and their resolution; a second pass adds towns near the places found."""
        toponyms = all_toponyms(doc, self.gazetteer)
        groups = resolve(doc, toponyms)
        anchors = [
            (g.best.place.lat, g.best.place.lon) for g in groups
            if g.best and g.best.place.feature in ("city", "adm2") and g.best.place.lat is not None
        ]
        if anchors and doc.mentions:  # only with NER: its person names keep surnames out

            def near(p: Place) -> bool:
                return p.lat is not None and any(
                    km(p.lat, p.lon, lat, lon) <= LOCAL_KM for lat, lon in anchors  # type: ignore[arg-type]
                )

            extra = local_toponyms(doc, self.gazetteer, toponyms, near)
            if extra:
                toponyms = sorted(toponyms + extra, key=lambda t: t.start)
                groups = resolve(doc, toponyms)
        return toponyms, groups

    def _locations(self, doc: Doc, groups: list[Group]) -> list[Location]:
        merged: dict[object, list[Group]] = defaultdict(list)
        for g in groups:
            merged[g.best.place.id if g.best else ("?", g.key)].append(g)
        out = []
        for same in merged.values():
            try:
                out.append(make_location(doc, same, self.gazetteer))
            except Exception as exc:  # noqa: BLE001 - one bad name never empties the others
                doc.errors.append(f"places: {same[0].key!r}: {type(exc).__name__}: {exc}")
        return sorted(out, key=lambda loc: loc.mentions[0])


# --- resolution ------------------------------------------------------------------------


def group_toponyms(toponyms: list[Toponym]) -> list[Group]:
    groups: dict[str, Group] = {}
    for top in toponyms:
        key = normalize(top.key)
        groups.setdefault(key, Group(key)).add(top)
    for g in groups.values():
        _drop_old_names(g)
    return list(groups.values())


def _drop_old_names(g: Group) -> None:
    """When towns bear the name today, forget towns that merely had it ("Paris" = Swainsboro
    in the 19th century), unless the old-name town is ten times bigger (Bombay = Mumbai)."""
    named = [c.place.population for c in g.candidates.values()
             if c.kind == "name" and c.place.feature == "city"]
    if not named:
        return
    limit = 10 * max(named)
    g.candidates = {
        pid: c for pid, c in g.candidates.items()
        if not (c.kind == "alt" and c.place.feature == "city" and c.place.population < limit)
    }


def resolve(doc: Doc, toponyms: list[Toponym]) -> list[Group]:
    """Pick one candidate per group: prior first, then two rounds with document context."""
    groups = group_toponyms(toponyms)
    lang = doc.language
    for g in groups:
        g.best = _argmax(g, lambda c, g=g: prior(c, lang) - city_state(g, c))
    for _ in range(2):
        ctx = Context.of(doc, groups)
        for g in groups:
            g.best = _argmax(
                g, lambda c, g=g, ctx=ctx: prior(c, lang) - city_state(g, c) + ctx.bonus(g, c)
            )
    return groups


def _argmax(g: Group, score: object) -> Candidate | None:
    if not g.candidates:
        return None
    return max(g.candidates.values(), key=lambda c: (score(c), -c.place.id))  # type: ignore[operator]


def prior(c: Candidate, lang: str) -> float:
    """Context-free preference: feature type, population, capital, how the name matched.

    Country > admin-1 > big city (a national capital outranks a subdivision of its name);
    a name in the article's language (or English, or language-neutral) beats an alternate.
    """
    p = c.place
    pop = math.log10(p.population + 10)
    base = {
        "country": 5.5,
        "continent": 4.5,
        "adm1": 4.0 + pop / 10,
        "city": 1.0 + pop / 2 + (1.0 if p.capital else 0.0),
        "adm2": 0.5 + pop / 3,
    }.get(p.feature, 0.0)
    if c.kind == "short":
        base += 0.5
    elif c.kind == "name":
        langs = c.lang.split(",") if c.lang else []
        base += 0.5 if not langs or lang in langs or "en" in langs else -1.0
    elif c.kind == "alt":
        base -= 0.5  # historical and foreign names of small places mislead
    if p.lat is None:
        base -= 1.0  # a subdivision without any city: nothing to put on a map
    return base


def city_state(g: Group, c: Candidate) -> float:
    """Demote a subdivision that is really a city of the same name (Vienna, Singapore), or
    whose alias is the main name of a city in it (the oblast named after its capital)."""
    p = c.place
    if p.feature != "adm1":
        return 0.0
    for other in g.candidates.values():
        q = other.place
        if q.feature != "city" or q.country != p.country:
            continue
        if 2 * q.population >= p.population or (c.kind == "alt" and other.kind == "name"):
            return 2.0
    return 0.0


@dataclass
class Context:
    """What the rest of the article says: countries, subdivisions, coordinates, patterns."""

    countries: dict[str, float]
    admin1: dict[tuple[str, str], list[tuple[str, int, float]]]  # -> (group, place, weight)
    points: list[tuple[str, int, float, float]]  # (group, place, lat, lon)
    total: float
    follows: dict[str, list[Group]]
    state_word: set[str]

    @classmethod
    def of(cls, doc: Doc, groups: list[Group]) -> Context:
        countries: dict[str, float] = defaultdict(float)
        admin1: dict[tuple[str, str], list[tuple[str, int, float]]] = defaultdict(list)
        points = []
        for g in groups:
            if g.best is None:
                continue
            p, n = g.best.place, float(len(g.toponyms))
            if p.country:
                countries[p.country] += n
            if p.country and p.admin1 and p.feature in ("adm1", "adm2", "city"):
                weight = n if p.feature == "adm1" else n / 2
                admin1[(p.country, p.admin1)].append((g.key, p.id, weight))
            if p.lat is not None and p.lon is not None:
                points.append((g.key, p.id, p.lat, p.lon))
        follows, state_word = _patterns(doc, groups)
        total = sum(countries.values())
        return cls(countries, admin1, points, total, follows, state_word)

    def bonus(self, g: Group, c: Candidate) -> float:
        p, own = c.place, float(len(g.toponyms))
        mine = g.best.place if g.best else None
        score = 0.0
        rest = self.total - (own if mine and mine.country else 0.0)
        if p.country and rest > 0:
            same = self.countries.get(p.country, 0.0) - (
                own if mine and mine.country == p.country else 0.0
            )
            score += 3.0 * max(same, 0.0) / rest
        score += self._admin_bonus(g, c)
        score += self._pattern_bonus(g, c)
        score += self._near_bonus(g, p)
        return score

    def _admin_bonus(self, g: Group, c: Candidate) -> float:
        """Other names resolved inside the same subdivision (never the candidate itself)."""
        p = c.place
        if not (p.country and p.admin1):
            return 0.0
        others = self.admin1.get((p.country, p.admin1), [])
        if not any(key != g.key and pid != p.id for key, pid, _ in others):
            return 0.0
        return 2.5 if p.feature == "adm1" else 2.0

    def _pattern_bonus(self, g: Group, c: Candidate) -> float:
        p, score = c.place, 0.0
        for h in self.follows.get(g.key, []):
            for other in h.candidates.values():
                q = other.place
                if q.feature == "adm1" and (q.country, q.admin1) == (p.country, p.admin1):
                    score = max(score, 4.0)
                elif q.feature == "country" and q.country == p.country and p.feature != "country":
                    score = max(score, 2.0)
        if g.key in self.state_word and p.feature in ("adm1", "adm2"):
            score += 3.0
        return score

    def _near_bonus(self, g: Group, p: Place) -> float:
        if p.lat is None or p.lon is None or p.feature == "country":
            return 0.0
        near = sum(
            1 for key, pid, lat, lon in self.points
            if key != g.key and pid != p.id and km(p.lat, p.lon, lat, lon) < 150
        )
        return min(near, 2) * 0.5


def _patterns(doc: Doc, groups: list[Group]) -> tuple[dict[str, list[Group]], set[str]]:
    """ "X, Y" pairs (Y may contain X) and names followed by a container word ("X state")."""
    by_start = {t.start: g for g in groups for t in g.toponyms}
    containers = set(lexicon(doc.language).get("container_words", []))
    follows: dict[str, list[Group]] = defaultdict(list)
    state_word = set()
    for g in groups:
        for t in g.toponyms:
            nxt = by_start.get(t.end + 2)
            if nxt is not None and doc.text[t.end : t.end + 2] == ", " and nxt is not g:
                follows[g.key].append(nxt)
            after = next(iter_tokens_after(doc.text, t.end, 1), "")
            if after in containers and doc.text[t.end : t.end + 1] == " ":
                state_word.add(g.key)
    return follows, state_word


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


# --- records -------------------------------------------------------------------------------


def make_location(doc: Doc, groups: list[Group], gaz: Gazetteer) -> Location:
    """One :class:`Location` for every group resolved to the same place (or one unknown name)."""
    tops = sorted((t for g in groups for t in g.toponyms), key=lambda t: t.start)
    best = groups[0].best
    names = [t.key if t.text.startswith(t.key) else t.text for t in tops if not t.demonym]
    demonym = not names
    place = best.place if best else None
    name = _display_name(doc, names, place)
    actor = any(t.actor for t in tops)
    spans = tuple((t.start, t.end) for t in tops)
    if place is None:
        # unknown to the gazetteer: the name in its dictionary form ("Weißes Haus")
        named = [t for t in tops if not t.demonym]
        base = name
        if named:
            found = base_name(doc.text, named[0].start, named[0].end, doc.language)
            base = found or name
        return Location(name=name, canonical=base, mentions=spans, actor=actor, demonym=demonym)
    fips = gaz.fips(place.country)
    return Location(
        name=name,
        canonical=place.name,
        mentions=spans,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
        feature=FEATURE_OUT.get(place.feature, "other"),
        gdelt_type=gdelt_type(place),
        fips=fips,
        adm1=f"{fips}{place.admin1}" if fips and place.admin1 else None,
        actor=actor,
        demonym=demonym,
    )


def _display_name(doc: Doc, names: list[str], place: Place | None) -> str:
    """The fullest (then most frequent) surface form; a country's local name for demonyms."""
    if names:
        counts = Counter(names)  # names.count / names.index per name are quadratic
        first: dict[str, int] = {}
        for i, name in enumerate(names):
            first.setdefault(name, i)
        return max(names, key=lambda n: (len(n.split()), len(n), counts[n], -first[n]))
    if place is not None and place.country:
        return _local_country_name(doc.language, place.country) or place.name
    return ""


def _local_country_name(lang: str, iso: str) -> str | None:
    try:
        from babel import Locale

        return Locale.parse(lang).territories.get(iso)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - unknown locale: fall back to the English name
        return None


def gdelt_type(p: Place) -> int | None:
    """GDELT location type: 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1."""
    if p.feature == "country":
        return 1
    if p.feature not in ("adm1", "adm2", "city"):
        return None
    us = p.country == "US"
    if p.feature == "city":
        return 3 if us else 4
    return 2 if us else 5


def actor_verbs(lang: str) -> frozenset[str]:
    lex = lexicon(lang)
    endings = lex.get("actor_verb_endings", [])
    stems = {s + e for s in lex.get("actor_verb_stems", []) for e in endings}
    return frozenset(lex.get("actor_verbs", [])) | stems


def mark_actors(doc: Doc, toponyms: list[Toponym]) -> None:
    for t in toponyms:
        t.actor = not t.demonym and is_actor(doc, t)


def is_actor(doc: Doc, t: Toponym) -> bool:
    """The name is the subject of a saying/acting verb ("Paris warnte", "Beijing warned")."""
    lex = lexicon(doc.language)
    verbs = actor_verbs(doc.language)
    after = list(iter_tokens_after(doc.text, t.end, 2))
    if after and doc.text[t.end : t.end + 1] == " " and after[0] in verbs:
        return True
    before = [doc.text[s:e] for s, e in words(doc.text[max(0, t.start - 40) : t.start])]
    if before and before[-1] in verbs and before[-1] not in lex.get("auxiliaries", []):
        tail = doc.text[t.end : t.end + 2]
        return tail[:1] in (",", ".", ":") or (len(after) > 0 and after[0][:1].islower())
    return False


# --- focus -----------------------------------------------------------------------------


def choose_focus(
    doc: Doc, locations: list[Location], actors: set[tuple[int, int]] | None = None
) -> Location | None:
    """The place the article is about: own score plus the score of its country.

    ``actors`` are mention spans used as speakers/actors; they count less.
    """
    if not locations:
        return None
    actors = actors or set()
    events = event_offsets(doc)
    own = {id(loc): mention_score(doc, loc, actors, events) for loc in locations}
    by_country: dict[str, float] = defaultdict(float)
    for loc in locations:
        if loc.country:
            by_country[loc.country] += own[id(loc)]

    def total(loc: Location) -> tuple[float, float, int]:
        inside = by_country.get(loc.country or "", 0.0)
        return (own[id(loc)] + inside, own[id(loc)], -loc.mentions[0][0])

    best = max(locations, key=total)
    return best if own[id(best)] > 0 else None


def event_offsets(doc: Doc) -> list[int]:
    """Offsets of the language's event words ("protests", "killed") in the text."""
    events = {w.casefold() for w in lexicon(doc.language).get("event_words", [])}
    return [s for s, e in words(doc.text) if doc.text[s:e].casefold() in events]


def mention_score(
    doc: Doc, loc: Location, actors: set[tuple[int, int]], events: list[int] | None = None
) -> float:
    """Mentions weighted: title/lead x2, event words +0.5, speaking-capital mentions x0.3."""
    events = event_offsets(doc) if events is None else events
    lead_end = doc.sentences[0][1] if doc.sentences else min(len(doc.text), 200)
    title = (doc.title or "").casefold()
    score = 0.0
    for start, end in loc.mentions:
        w = 0.3 if (start, end) in actors else 1.0
        if start < lead_end or (title and doc.text[start:end].casefold() in title):
            w *= 2.0
        sent = doc.sentence_of(start) or (max(0, start - 150), min(len(doc.text), end + 150))
        if any(sent[0] <= e < sent[1] for e in events):
            w += 0.5
        score += w
    if loc.country is None:
        score *= 0.5
    return score
