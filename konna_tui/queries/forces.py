"""The Forces pane: which sides fought together, their units, commanders, equipment and strength.

Sides are grouped into columns from the infobox's numbered fields
(Combatant1, Commander1, Strength1...): a side named or counted in the
fields numbered 1 fights in column 1. Articles without an infobox get one
column per side.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter

from konna_tui.queries.entities import entity_ref, roles
from konna_tui.queries.estimates import quantities_for
from konna_tui.queries.records import EntityRef, ForceNode, Quantity, Role, Side

COLUMN_FIELD = re.compile(r"^\s*(combatant|commander|strength|units?)\s*(\d+)\s*$", re.I)
CASUALTY_FIELD = re.compile(r"^\s*(casualties|losses)\s*(\d+)\s*$", re.I)
NON_COMBATANTS = {"civilians"}  # a side of the vocabulary that never fights
FORCE_TYPES = ("unit", "state_force", "armed_group")


def side_columns(conn: sqlite3.Connection) -> dict[int, list[str]]:
    """Column number -> sides in it, most named first.

    Combatant, Commander, Strength and Units fields open a column; Casualties
    fields only add votes to columns already open (so civilians, counted in a
    third casualties field, do not become a fighting side).
    """
    counts: dict[int, Counter[str]] = {}
    fields = conn.execute("select key, claim_id from infobox_fields order by document_id, ordinal").fetchall()
    for opening in (True, False):
        for row in fields:
            m = (COLUMN_FIELD if opening else CASUALTY_FIELD).match(row["key"] or "")
            if not m or (not opening and int(m.group(2)) not in counts):
                continue
            tally = counts.setdefault(int(m.group(2)), Counter())
            for r in conn.execute(
                "select e.side from mentions m join entities e on e.id = m.entity_id "
                "where m.claim_id = ? and e.side is not null "
                "union all select side from figures where claim_id = ? and side is not null",
                (row["claim_id"], row["claim_id"]),
            ):
                if r["side"] not in NON_COMBATANTS:
                    tally[r["side"]] += 1
    best: dict[str, tuple[int, int]] = {}
    for column, tally in counts.items():
        for side, n in tally.items():
            if side not in best or n > best[side][1]:
                best[side] = (column, n)
    columns: dict[int, list[str]] = {}
    for column in sorted(counts):
        ranked = [s for s, _ in counts[column].most_common() if best[s][0] == column]
        if ranked:
            columns[column] = ranked
    if not columns:
        sides = [
            r["side"]
            for r in conn.execute(
                "select side, count(*) as n from entities where side is not null "
                "and type in (select value from json_each(?)) group by side order by n desc",
                (json.dumps(FORCE_TYPES),),
            )
        ]
        columns = {n: [s] for n, s in enumerate(sides, start=1)}
    return columns


def _entities(conn: sqlite3.Connection, sides: list[str], types: tuple[str, ...]) -> list[EntityRef]:
    rows = conn.execute(
        "select e.*, (select count(*) from mentions m where m.entity_id = e.id) as n from entities e "
        "where e.side in (select value from json_each(?)) and e.type in (select value from json_each(?)) "
        "order by n desc, e.name",
        (json.dumps(sides), json.dumps(list(types))),
    ).fetchall()
    return [ref for ref in (entity_ref(r) for r in rows) if ref is not None]


LEADER_WORDS = re.compile(r"\b(command|head|emir|lead|chief|chef|general|colonel|captain|officer)", re.I)
PARENT_ROLES = ("part of", "attached to", "subordinate to", "belongs to")


def order_of_battle(units: list[EntityRef], held: list[Role]) -> list[ForceNode]:
    """The units as a tree: a unit goes under the force a role says it is part of.

    "part of" and its kin win; failing them, any role linking one unit to
    another (e.g. "provided COS personnel") places it. Each unit appears once.
    """
    ids = {u.id for u in units}
    parent: dict[int, int] = {}
    for preferred in (True, False):
        for role in held:
            holder, of = role.holder.id, role.of.id if role.of else None
            if holder not in ids or of not in ids or holder == of or holder in parent:
                continue
            if preferred != role.role.lower().startswith(PARENT_ROLES):
                continue
            seen, at = {holder}, of
            while at in parent and at not in seen:  # refuse cycles
                seen.add(at)
                at = parent[at]
            if at not in seen and of is not None:
                parent[holder] = of
    leaders = {
        u.id: [
            r
            for r in held
            if r.of is not None
            and r.of.id == u.id
            and r.holder.type == "person"
            and LEADER_WORDS.search(r.role)
        ]
        for u in units
    }
    children: dict[int | None, list[EntityRef]] = {}
    for unit in units:  # units arrive most mentioned first, so children keep that order
        children.setdefault(parent.get(unit.id), []).append(unit)
    out: list[ForceNode] = []

    def walk(node: int | None, depth: int) -> None:
        kids = children.get(node, [])
        for n, unit in enumerate(kids):
            out.append(ForceNode(unit, depth, leaders[unit.id], last=n == len(kids) - 1))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return out


def best_role(person: EntityRef, held: list[Role]) -> Role | None:
    """The role that best says who a person is: one naming an entity, then any."""
    own = [r for r in held if r.holder.id == person.id]
    named = [r for r in own if r.of is not None and "(" not in r.role]
    chosen = named or own
    return chosen[0] if chosen else None


def forces(conn: sqlite3.Connection) -> tuple[list[Side], list[Quantity]]:
    """The columns of sides, and the strength quantities that belong to no column."""
    columns = side_columns(conn)
    strengths = quantities_for(conn, "forces")
    out: list[Side] = []
    for number, sides in columns.items():
        units = _entities(conn, sides, FORCE_TYPES)
        people = _entities(conn, sides, ("person",))
        held = roles(conn, [e.id for e in units + people])
        out.append(
            Side(
                number=number,
                sides=sides,
                label=" · ".join(s.replace("_", " ").title() for s in sides),
                order_of_battle=order_of_battle(units, held),
                people=[(p, best_role(p, held)) for p in people],
                equipment=_entities(conn, sides, ("equipment",)),
                strengths=[q for q in strengths if q.side in sides],
            )
        )
    placed = {q.key for side in out for q in side.strengths}
    return out, [q for q in strengths if q.key not in placed]
