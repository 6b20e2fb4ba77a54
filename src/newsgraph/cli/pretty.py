"""A readable terminal summary of one record (`--format pretty`)."""

from __future__ import annotations

from ..record import Record

WIDTH = 100


def render_pretty(record: Record) -> str:
    """Headline facts, then one short section per non-empty record list."""
    lines = [_header(record)]
    lines += _section(
        "Persons", [_entity(e.name, e.canonical, len(e.mentions)) for e in record.persons]
    )
    lines += _section(
        "Organisations",
        [_entity(e.name, e.canonical, len(e.mentions)) for e in record.organizations],
    )
    lines += _section("Places", [_place(loc) for loc in record.locations])
    if record.focus is not None:
        lines.append(f"Focus: {record.focus.canonical} ({record.focus.country or '?'})")
    lines += _section("Counts", [_count(c) for c in record.counts])
    lines += _section("Totals", [_total(t) for t in record.totals])
    lines += _section("Amounts", [f"{_num(a.number)} {a.object}" for a in record.amounts])
    lines += _section("Quotes", [_quote(q) for q in record.quotes])
    lines += _section("Events", [_event(e) for e in record.events])
    lines += _section("Themes", [f"{t.theme} ×{len(t.spans)}" for t in record.themes], inline=True)
    lines += _section("Dates", [f"{d.text!r} → {d.date or '?'}" for d in record.dates], inline=True)
    lines += _section("Errors", list(record.errors))
    return "\n".join(lines) + "\n"


def _header(r: Record) -> str:
    title = r.title or r.text[:70].replace("\n", " ")
    t = r.tone
    return (
        f"━━ {title}\n"
        f"id {r.id} · {r.language} ({r.language_confidence or 0:.2f}) · date {r.date or '?'} · "
        f"{t.word_count} words · tone {t.tone:+.2f} (pos {t.positive:.2f}, neg {t.negative:.2f})"
    )


def _section(name: str, items: list[str], inline: bool = False) -> list[str]:
    if not items:
        return []
    if inline:
        return [f"{name}: " + ", ".join(items)]
    return [f"{name}:"] + [f"  • {_clip(i)}" for i in items]


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def _num(n: float | None) -> str:
    if n is None:
        return "?"
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _entity(name: str, canonical: str, n: int) -> str:
    alias = f" → {canonical}" if canonical != name else ""
    return f"{name}{alias} ({n}×)"


def _place(loc: object) -> str:
    from ..record import Location

    assert isinstance(loc, Location)
    where = (
        f"{loc.lat:.2f}, {loc.lon:.2f}"
        if loc.lat is not None and loc.lon is not None
        else "no coordinates"
    )
    actor = ", actor" if loc.actor else ""
    return f"{loc.name} → {loc.canonical} [{loc.feature}, {loc.country or '?'}] {where}{actor}"


def _count(c: object) -> str:
    from ..record import Count

    assert isinstance(c, Count)
    approx = "~" if c.approximate else ""
    qual = f"{c.qualifier} " if c.qualifier else ""
    where = f" in {c.location}" if c.location else ""
    return f"{c.type} {qual}{approx}{_num(c.number)} {c.object}{where}"


def _total(t: object) -> str:
    from ..record import Total

    assert isinstance(t, Total)
    approx = "at least ~" if t.approximate else "at least "
    return f"{t.type} {approx}{_num(t.number)} (from {len(t.counts)} count(s))"


def _quote(q: object) -> str:
    from ..record import Quote

    assert isinstance(q, Quote)
    kind = "" if q.direct else "(indirect) "
    return f"{q.speaker or '?'}{' ' + q.verb if q.verb else ''}: {kind}“{q.text}”"


def _event(e: object) -> str:
    from ..record import Event

    assert isinstance(e, Event)
    mode = f"/{e.mode}" if e.mode else ""
    flags = " (negated)" if e.negated else " (hypothetical)" if e.hypothetical else ""
    where = f" @ {e.location}" if e.location else ""
    return f"{e.type}{mode}: {e.source or '?'} → {e.target or '?'}{where}{flags}"
