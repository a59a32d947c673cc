"""Which sections each pane shows, and their paragraphs of dressed claims.

Panes are chosen from heading words so that other articles of the same format
(with "Prelude" or "Order of battle" headings) land in the right pane too.
"""

from __future__ import annotations

import re
import sqlite3

from konna_tui.queries.claims import IDS, id_list, load_claims, section_from
from konna_tui.queries.models import Paragraph, Section

PANES = ("overview", "background", "forces", "phases", "aftermath", "executions")

# Heading words -> pane. Checked in order; the first that matches wins.
PANE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("executions", re.compile(r"\b(execution|war crime|atrocit|abuse|massacre|human rights)", re.I)),
    ("aftermath", re.compile(r"\b(aftermath|casualt|losses|consequence|analysis|legacy|reaction)", re.I)),
    ("forces", re.compile(r"\b(forces|order of battle|strength|belligerent|combatant|opposing|units)", re.I)),
    ("background", re.compile(r"\b(background|prelude|context|origin|lead[- ]up|prior|build[- ]up)", re.I)),
    ("phases", re.compile(r"\b(battle|fighting|assault|offensive|attack|siege|engagement|course)", re.I)),
]


# Outcome words -> the pane that charts a quantity with that outcome (others go to Forces).
EXECUTION_OUTCOMES = {"executed", "summarily executed", "disappeared"}
LOSS_OUTCOMES = {
    "killed",
    "dead",
    "died",
    "wounded",
    "injured",
    "destroyed",
    "captured",
    "lost",
    "missing",
    "shot down",
    "drowned",
    "buried",
    "taken",
    "hospitalised",
    "hospitalized",
}


def pane_of_outcome(outcome: str | None) -> str:
    """Losses chart in Aftermath, executions in Executions, every other count in Forces."""
    word = (outcome or "").lower()
    if word in EXECUTION_OUTCOMES:
        return "executions"
    if word in LOSS_OUTCOMES:
        return "aftermath"
    return "forces"


def all_sections(conn: sqlite3.Connection) -> list[Section]:
    return [section_from(r) for r in conn.execute("select * from sections order by document_id, ordinal")]


def pane_of(section: Section) -> str | None:
    """The pane a section's own heading points to, if any."""
    if section.level == 1:
        return "overview"
    if section.phase is not None:
        return "phases"
    for pane, words in PANE_WORDS:
        if words.search(section.title):
            return pane
    return None


def pane_sections(conn: sqlite3.Connection) -> dict[str, list[Section]]:
    """Sections by pane, in document order; every section lands in exactly one pane.

    A heading that names no pane follows its parent heading; failing that it
    goes to Background before the battle and to Aftermath after it.
    """
    out: dict[str, list[Section]] = {p: [] for p in PANES}
    chosen: dict[int, str] = {}
    seen_phase = False
    for section in all_sections(conn):
        pane = pane_of(section)
        if pane is None and section.parent_id in chosen:
            pane = chosen[section.parent_id]
        if pane is None:
            pane = "aftermath" if seen_phase else "background"
        chosen[section.id] = pane
        seen_phase = seen_phase or pane == "phases"
        out[pane].append(section)
    return out


def paragraphs(conn: sqlite3.Connection, sections: list[Section]) -> list[Paragraph]:
    """The body paragraphs of these sections in document order, every claim dressed."""
    by_id = {s.id: s for s in sections}
    rows = conn.execute(
        f"select id, section_id from paragraphs where section_id in {IDS} order by document_id, ordinal",
        (id_list(by_id),),
    ).fetchall()
    claim_rows = conn.execute(
        f"select id, paragraph_id from claims where section_id in {IDS} and kind = 'sentence' "
        f"order by document_id, ordinal",
        (id_list(by_id),),
    ).fetchall()
    claims = {c.id: c for c in load_claims(conn, [r["id"] for r in claim_rows])}
    grouped: dict[int, list[int]] = {}
    for row in claim_rows:
        grouped.setdefault(row["paragraph_id"], []).append(row["id"])
    return [
        Paragraph(id=r["id"], section=by_id[r["section_id"]], claims=[claims[i] for i in grouped[r["id"]]])
        for r in rows
        if grouped.get(r["id"])
    ]


def phase_sections(conn: sqlite3.Connection) -> list[tuple[int, Section]]:
    """Phase number and section of every battle phase, in order.

    An article without numbered phases gets one phase per innermost section
    of the Battle phases pane, numbered in order.
    """
    sections = pane_sections(conn)["phases"]
    numbered = [(s.phase, s) for s in sections if s.phase is not None]
    if numbered:
        return [(n, s) for n, s in numbered if n is not None]
    leaves = [s for s in sections if not any(o.parent_id == s.id for o in sections)]
    return list(enumerate(leaves, start=1))


def phase_titles(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """Phase numbers and titles only: cheap enough for key bindings and the palette."""
    return [(n, s.title) for n, s in phase_sections(conn)]
