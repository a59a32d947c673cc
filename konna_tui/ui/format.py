"""Words for codes: source types, sides, dates, qualifiers. No data, only how to say it."""

from __future__ import annotations

import re
from datetime import date, datetime

from konna_tui.queries.models import Attribution, Event, Figure

SOURCE_TYPES = {
    "article": "the article's own voice",
    "belligerent": "belligerent",
    "armed_group": "armed group",
    "ngo": "NGO",
    "news_media": "news media",
    "journalist_historian": "journalist/historian",
    "witness_resident": "witness/resident",
    "local_official": "local official",
    "intelligence_service": "intelligence service",
    "unknown": "unknown",
}

ENTITY_TYPES = {
    "person": "person",
    "armed_group": "armed group",
    "state_force": "state force",
    "unit": "unit",
    "equipment": "equipment",
    "place": "place",
    "organisation": "organisation",
    "media": "media",
}

QUALIFIERS = {
    "exact": "exact",
    "about": "approximate",
    "at_least": "at least",
    "at_most": "at most",
    "range": "range",
    "vague": "vague",
}

PARTS_OF_DAY = ("morning", "afternoon", "evening", "night", "dawn", "midnight", "noon")


def source_type(code: str | None) -> str:
    return SOURCE_TYPES.get(code or "unknown", (code or "unknown").replace("_", " "))


def entity_type(code: str | None) -> str:
    return ENTITY_TYPES.get(code or "", (code or "").replace("_", " "))


def side(code: str | None) -> str:
    return (code or "").replace("_", " ").title()


def qualifier(code: str | None) -> str:
    return QUALIFIERS.get(code or "exact", (code or "").replace("_", " "))


def named_sources(attributions: list[Attribution]) -> list[Attribution]:
    """Attributions to someone other than the article itself, one per source."""
    seen: set[int] = set()
    out = []
    for a in attributions:
        if a.source.type != "article" and a.source.id not in seen:
            seen.add(a.source.id)
            out.append(a)
    return out


def who(attributions: list[Attribution], *, types: bool = False) -> str:
    """Who gives a claim, in a few words: 'RFI and Al Jazeera', 'Malian army via AFP'."""
    named = named_sources(attributions)
    if not named:
        # The article speaks for itself: say so, and whether it is the infobox speaking.
        own = next((a for a in attributions if a.source.type == "article"), None)
        if own is None:
            return "no source named"
        return f"{own.source.name}, infobox" if own.cue == "infobox" else own.source.name
    parts = []
    for a in named:
        text = a.source.name
        if types:
            text += f" ({source_type(a.source.type)})"
        if a.via is not None:
            text += f" via {a.via.name}"
        parts.append(text)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def said_on(attributions: list[Attribution]) -> str | None:
    days = sorted({a.said_on for a in attributions if a.said_on})
    return ", ".join(day_label(d) for d in days) if days else None


def _parse(iso: str) -> datetime | date | None:
    try:
        return datetime.fromisoformat(iso) if "T" in iso else date.fromisoformat(iso[:10])
    except ValueError:
        return None


def day_label(iso: str | None, *, year: bool = True) -> str:
    """'2013-01-10' -> '10 Jan 2013'; '2013-01' -> 'Jan 2013'; keeps what it cannot read."""
    if not iso:
        return ""
    if re.fullmatch(r"\d{4}", iso):
        return iso
    if re.fullmatch(r"\d{4}-\d{2}", iso):
        parsed = _parse(iso + "-01")
        return parsed.strftime("%b %Y") if parsed else iso
    parsed = _parse(iso)
    if parsed is None:
        return iso
    text = f"{parsed.day} {parsed.strftime('%b')}"
    if year:
        text += f" {parsed.year}"
    if isinstance(parsed, datetime) and (parsed.hour or parsed.minute):
        text += f" {parsed.strftime('%H:%M')}"
    return text


def event_label(event: Event, *, year: bool = False) -> str:
    """A timeline gutter: '10 Jan 08:30', '9–10 Jan night', '11 Jan morning', 'Jan 2013'."""
    if event.precision == "month":
        return day_label(event.start[:7])
    if event.precision == "year":
        return event.start[:4]
    start = day_label(event.start if event.precision == "time" else event.start[:10], year=year)
    if event.precision in ("day_range", "night") and event.end and event.end[:10] != event.start[:10]:
        first, last = _parse(event.start[:10]), _parse(event.end[:10])
        if first and last and (first.year, first.month) == (last.year, last.month):
            start = f"{first.day}–{day_label(event.end[:10], year=year)}"
        else:
            start = f"{start} – {day_label(event.end[:10], year=year)}"
    if event.precision == "night":
        return f"{start} night"
    if event.precision == "part_of_day":
        words = event.raw.lower()
        part = next((p for p in PARTS_OF_DAY if p in words), "")
        return f"{start} {part}".strip()
    return start


def span_label(first: str | None, last: str | None) -> str:
    if not first:
        return "undated"
    a, b = day_label(first[:10]), day_label((last or first)[:10])
    return a if a == b else f"{a} – {b}"


def number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def figure_range(figure: Figure) -> str:
    """The values a figure allows: '1,500–3,000', '≥ 46', '≈ 60', '58'."""
    if figure.qualifier == "range" or (
        figure.low is not None and figure.high is not None and figure.low != figure.high
    ):
        return f"{number(figure.low)}–{number(figure.high)}"
    if figure.qualifier == "at_least" or (figure.high is None and figure.low is not None):
        return f"≥ {number(figure.low)}"
    if figure.qualifier == "at_most":
        return f"≤ {number(figure.high)}"
    if figure.qualifier in ("about", "vague"):
        return f"≈ {number(figure.best)}"
    return number(figure.best)
