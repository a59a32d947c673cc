"""Which figures estimate the same thing, and which infobox figures the body backs.

A quantity key ("mali_soldiers_killed") is shared by every competing estimate of
one thing, so that a reader sees 11, 20, 25, 36, 47, 58 and 60 side by side with
who said each. Keys come from rules (side + what is counted + what happened to
it), so an article nobody curated still gets them, and from the reviewed file
``data/<article stem>.quantities.csv`` where rules cannot know: that "his losses
were 20 dead" are Malian soldiers, that a count only covers one night's clash
and so is not an estimate of the battle's toll, or that "one sixty soldiers" is
a literal translation of the French "une soixantaine" (about sixty).

Curated rows name the exact words they annotate (``text``) and the figure
within them (``figure``); a row that no longer matches stops the build with the
file, the line and the text it expected.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from konna_tui.ingest.article import Article
from konna_tui.ingest.curation import CuratedRow, Curation
from konna_tui.ingest.numbers import MEASURE_UNITS, PERSONNEL_UNITS, VEHICLE_UNITS
from konna_tui.ingest.records import Figure, Quantity, Support

KIND = "quantities"
CASUALTY_OUTCOMES = ("killed", "wounded", "executed", "disappeared", "captured")
# Key prefixes for people, by side and by what happened to them.
PEOPLE_PREFIX = {
    "mali": "mali_soldiers",
    "france": "french",
    "islamists": "islamists",
    "civilians": "civilians",
}
ENGAGED_PREFIX = {"mali": "mali_soldiers", "france": "french_soldiers", "islamists": "islamist_fighters"}
VEHICLE_PREFIX = {"mali": "mali_vehicles", "france": "french_vehicles", "islamists": "islamist_vehicles"}
SIDE_ADJECTIVE = {"mali": "mali", "france": "french", "islamists": "islamist"}
ADJECTIVE_LABELS = {
    "mali": "Malian",
    "french": "French",
    "islamist": "Islamist",
    "islamists": "Islamists",
    "civilians": "Civilians",
    "aqim": "AQIM",
    "mujao": "MUJAO",
    "chad": "Chadian",
}
OUTCOME_ORDER = ("killed", "wounded", "executed", "disappeared", "captured", "destroyed", "engaged")
SIDE_ORDER = ("mali", "france", "islamists", "civilians")
# A figure that restates or is part of another count gets no key by rule.
NOT_AN_ESTIMATE_RE = re.compile(
    r"(?i)\b(?:including|among\s+them|of\s+whom|of\s+which|these|those|the|its|their|his|her)\s+$"
)
TOTAL_RE = re.compile(r"(?i)\btotal\b[^,;()]{0,14}$")
SLUG_RE = re.compile(r"[a-z][a-z0-9_]*")
QUALIFIERS = ("exact", "about", "at_least", "at_most", "range", "vague")
CLEAR = "-"


def unit_class(unit: str | None) -> str | None:
    """people, vehicles, or None for what rules do not key (aircraft, distances, plain nouns)."""
    if unit is None or unit in PERSONNEL_UNITS:
        return "people"
    if unit in VEHICLE_UNITS or unit == "armoured vehicles":
        return "vehicles"
    return None


def rule_key(article: Article, fig: Figure) -> str | None:
    """The quantity key the rules give a figure, or None when it is not an estimate of a tracked thing."""
    if fig.outcome is None or fig.unit in MEASURE_UNITS:
        return None
    claim = article.claims[fig.claim]
    before = article.text[max(claim.start, fig.start - 26) : fig.start]
    if _may_restate(before) and NOT_AN_ESTIMATE_RE.search(before):
        return None
    cls = unit_class(fig.unit)
    if (
        cls == "people"
        and fig.side is None
        and fig.outcome == "killed"
        and "total" in before.lower()
        and TOTAL_RE.search(before)
    ):
        return "total_killed"
    if fig.side is None or cls is None:
        return None
    if cls == "people":
        if fig.outcome == "engaged":
            prefix = ENGAGED_PREFIX.get(fig.side, f"{fig.side}_fighters")
            return None if fig.side == "civilians" else f"{prefix}_engaged"
        if fig.outcome in CASUALTY_OUTCOMES:
            return f"{PEOPLE_PREFIX.get(fig.side, fig.side + '_soldiers')}_{fig.outcome}"
        return None
    if fig.unit in (None, "vehicles", "pick-ups"):
        return f"{VEHICLE_PREFIX.get(fig.side, fig.side + '_vehicles')}_{fig.outcome}"
    # Tanks are not vehicles in general: "11 vehicles, 6 tanks" are two counts, not two estimates.
    unit = fig.unit.replace(" ", "_")
    return f"{SIDE_ADJECTIVE.get(fig.side, fig.side)}_{unit}_{fig.outcome}"


def _may_restate(before: str) -> bool:
    """Whether ``NOT_AN_ESTIMATE_RE`` can match: ``before`` ends with one of its words, then a space.

    A look at the last word rules most figures out before the regex runs. Text that is not
    ASCII goes to the regex (its (?i) mode matches some non-ASCII letters to i, s and k).
    """
    if not before[-1:].isspace():
        return False
    tail = before.rstrip()[-9:]
    return not tail.isascii() or tail.lower().endswith(_RESTATING_ENDS)


_RESTATING_ENDS = (
    *("including", "them", "whom", "which"),  # "including five", "among them", "of whom", "of which"
    *("these", "those", "the", "its", "their", "his", "her"),
)


def key_label(key: str) -> str:
    """A readable label for a rule key: ``mali_soldiers_killed`` -> ``Malian soldiers killed``."""
    if key == "total_killed":
        return "People killed, all sides together"
    words = key.split("_")
    if words[0] in ADJECTIVE_LABELS:
        words[0] = ADJECTIVE_LABELS[words[0]]
    else:
        words[0] = words[0].capitalize()
    label = " ".join(words).replace("pick ups", "pick-ups")
    return label.replace("French killed", "French soldiers killed").replace(
        "French wounded", "French soldiers wounded"
    )


def assign_quantities(article: Article, figures: list[Figure], curation: Curation) -> list[Quantity]:
    """Give figures their quantity keys (rules, then curated rows), and list the quantities.

    Curated rows may also add a figure the rules cannot see (``value`` column:
    "a French pilot" is one pilot); such figures are inserted in text order, so
    indices into ``figures`` are only stable after this call.
    """
    for fig in figures:
        fig.quantity_key = rule_key(article, fig)
    labels: dict[str, str] = {}
    seen: dict[int, CuratedRow] = {}
    starts = [f.start for f in figures]  # kept in step with ``figures`` as curated figures are added
    for row in curation.rows(KIND):
        fig = _curated_figure(article, figures, starts, curation, row)
        if id(fig) in seen:
            raise row.error(f"figure {fig.raw!r} is already curated at line {seen[id(fig)].line}")
        seen[id(fig)] = row
        _apply(row, fig)
        if fig.quantity_key and row.get("label"):
            labels[fig.quantity_key] = row.get("label")
    return _quantities(figures, labels)


def _curated_figure(
    article: Article, figures: list[Figure], starts: list[int], curation: Curation, row: CuratedRow
) -> Figure:
    """The figure a row annotates, found inside its text; or a new one when the row gives a value."""
    text = row.get("text")
    pos = curation.locate(row)
    span = (pos, pos + len(text))
    raw = row.get("figure") or text
    fpos = curation.locate(row, text=raw, within=span, occurrence=1)
    fend = fpos + len(raw)
    k = bisect_left(starts, fpos)
    for cand in figures[max(0, k - 1) : k + 2]:
        if cand.start < fend and fpos < cand.end:
            return cand
    value = row.get("value")
    if not value:
        raise row.error(
            f"no figure found at {raw!r} in {text!r}: the rules see no number there "
            "(give a 'value' to add one)"
        )
    try:
        number = float(value)
    except ValueError:
        raise row.error(f"'value' must be a number, not {value!r}") from None
    claim = article.claim_at(fpos)
    if claim is None:
        raise row.error(f"{raw!r} is not inside any sentence or infobox field")
    qualifier = row.get("qualifier") or "exact"
    if qualifier not in QUALIFIERS:
        raise row.error(f"'qualifier' must be one of {', '.join(QUALIFIERS)}, not {qualifier!r}")
    best = int(number) if number.is_integer() else number
    fig = Figure(claim.index, fpos, fend, article.text[fpos:fend], best, best, best, qualifier)
    figures.insert(k, fig)
    starts.insert(k, fpos)
    return fig


def _apply(row: CuratedRow, fig: Figure) -> None:
    for column in ("side", "unit", "outcome", "quantity_key"):
        value = row.get(column)
        if not value:
            continue
        if value == CLEAR:
            setattr(fig, column, None)
            continue
        if column != "unit" and not SLUG_RE.fullmatch(value):
            raise row.error(f"'{column}' must be a lower-case name like mali_soldiers_killed, not {value!r}")
        setattr(fig, column, value)
    qualifier = row.get("qualifier")
    if qualifier and not row.get("value"):
        if qualifier not in QUALIFIERS:
            raise row.error(f"'qualifier' must be one of {', '.join(QUALIFIERS)}, not {qualifier!r}")
        fig.qualifier = qualifier
    fig.method = "curated"
    if row.get("note"):
        fig.note = row.get("note")


def _quantities(figures: list[Figure], labels: dict[str, str]) -> list[Quantity]:
    """One Quantity per key in use, labelled, in a reading order: casualties before strengths."""
    members: dict[str, list[Figure]] = {}
    for fig in figures:
        if fig.quantity_key:
            members.setdefault(fig.quantity_key, []).append(fig)
    first = {key: figs[0] for key, figs in members.items()}
    out = []
    for key, figs in members.items():
        out.append(
            Quantity(
                key,
                labels.get(key) or key_label(key),
                _common(figs, "side"),
                _common(figs, "unit"),
                _common(figs, "outcome"),
            )
        )

    def order(q: Quantity) -> tuple[int, int, int]:
        outcome = OUTCOME_ORDER.index(q.outcome) if q.outcome in OUTCOME_ORDER else len(OUTCOME_ORDER)
        side = SIDE_ORDER.index(q.side) if q.side in SIDE_ORDER else len(SIDE_ORDER)
        return outcome, side, first[q.key].start

    out.sort(key=order)
    for n, q in enumerate(out):
        q.ordinal = n
    return out


def _common(figs: list[Figure], attr: str) -> str | None:
    """The value most of a quantity's figures have (the first one's on a tie), ignoring blanks."""
    counts: dict[str, int] = {}
    for fig in figs:
        value = getattr(fig, attr)
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    return max(counts, key=lambda v: counts[v]) if counts else None


def link_infobox(article: Article, figures: list[Figure]) -> list[Support]:
    """Link each infobox figure to the body figures that state it; mark it supported or unsupported.

    A body figure supports an infobox figure when both estimate the same thing
    and state the same value. Same thing: the same quantity key; or, when the
    body figure has no key by rule (an uncurated article that names no side,
    say), the same kind of unit and no disagreement on side or outcome (a body
    figure saying nothing of an outcome matches an infobox strength). Same
    value: the same number whatever its qualifier ("about 50" backs "~50",
    "more than 300" backs "300"), or for a range the same two bounds. A body
    value that merely falls inside an infobox range does not back it: "50–150
    dead" is stated by no one in the body, though two newspapers' 101 and 130
    fall inside it.
    """
    claims = article.claims
    kinds = [claims[f.claim].kind for f in figures]
    boxed = [n for n, kind in enumerate(kinds) if kind == "infobox"]
    # Body figures by stated value: an infobox figure is compared only with those saying its value
    # (so only the values some infobox figure states are indexed).
    wanted = {_value_key(figures[n]) for n in boxed}
    body: dict[tuple, list[tuple[int, Figure]]] = {}
    for n, f in enumerate(figures):
        if kinds[n] == "sentence":
            key = _value_key(f)
            if key in wanted:
                body.setdefault(key, []).append((n, f))
    supports: list[Support] = []
    for n in boxed:
        fig = figures[n]
        same_value = body.get(_value_key(fig), ()) if fig.qualifier == "range" or fig.best is not None else ()
        backing = [m for m, other in same_value if _same_thing(fig, other)]
        supports.extend(Support(n, m) for m in backing)
        fig.support = "supported" if backing else "unsupported"
    return supports


def _value_key(fig: Figure) -> tuple:
    """What two figures must share to state the same value: both bounds of a range, else the best value."""
    if fig.qualifier == "range":
        return ("range", fig.low, fig.high)
    return ("value", fig.best)


def _same_thing(box: Figure, body: Figure) -> bool:
    if body.quantity_key or body.method == "curated":
        return box.quantity_key is not None and box.quantity_key == body.quantity_key
    box_class, body_class = unit_class(box.unit), unit_class(body.unit)
    if box_class is None or body_class is None:
        if box.unit is None or box.unit != body.unit:
            return False
    elif box_class != body_class:
        return False
    if box.side and body.side and box.side != body.side:
        return False
    return box.outcome == body.outcome or (box.outcome == "engaged" and body.outcome is None)
