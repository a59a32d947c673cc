"""Battle phases: each phase's paragraphs, its first and last dates, and what was involved."""

from __future__ import annotations

import json
import sqlite3

from konna_tui.queries.claims import IDS, id_list, record
from konna_tui.queries.records import EntityRef, Phase
from konna_tui.queries.sections import paragraphs, phase_sections

# Entity types a phase lists as "involved".
INVOLVED_TYPES = ("unit", "state_force", "armed_group", "equipment", "place")


def phase(conn: sqlite3.Connection, number: int) -> Phase | None:
    """One battle phase with its paragraphs, its first and last dates and what was involved."""
    found = [s for n, s in phase_sections(conn) if n == number]
    if not found:
        return None
    section = found[0]
    paras = paragraphs(conn, [section])
    events = [e for p in paras for c in p.claims for e in c.events if e.start]
    return Phase(
        number=number,
        section=section,
        paragraphs=paras,
        first=min((e.start for e in events), default=None),
        last=max((e.end or e.start for e in events), default=None),
        involved=involved(conn, [c.id for p in paras for c in p.claims]),
    )


def phases(conn: sqlite3.Connection) -> list[Phase]:
    return [p for n, _ in phase_sections(conn) if (p := phase(conn, n)) is not None]


def involved(conn: sqlite3.Connection, claim_ids: list[int]) -> list[EntityRef]:
    """Units, forces, equipment and places named in these claims, most named first."""
    rows = conn.execute(
        f"select e.id, e.slug, e.name, e.type, e.side, count(*) as n, min(m.start) as first "
        f"from mentions m join entities e on e.id = m.entity_id "
        f"where m.claim_id in {IDS} and e.type in (select value from json_each(?)) "
        f"group by e.id order by n desc, first",
        (id_list(claim_ids), json.dumps(INVOLVED_TYPES)),
    ).fetchall()
    return [record(EntityRef, r) for r in rows]
