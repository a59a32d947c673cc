"""Entity views and lists: who or what something is, its names, roles and claims."""

from __future__ import annotations

import json
import sqlite3

from konna_tui.queries.claims import (
    IDS,
    id_list,
    load_claims,
    record,
    section_from,
    source_columns,
    source_ref,
)
from konna_tui.queries.models import Section
from konna_tui.queries.records import EntityDetail, EntityRef, Role


def entity_ref(row: sqlite3.Row, prefix: str = "") -> EntityRef | None:
    return record(EntityRef, row, prefix) if row[f"{prefix}id"] is not None else None


def entity_columns(alias: str, prefix: str) -> str:
    return ", ".join(f"{alias}.{c} as {prefix}{c}" for c in ("id", "slug", "name", "type", "side"))


def entities(conn: sqlite3.Connection) -> list[EntityRef]:
    """Every entity, most mentioned first within each type (for the palette and lists)."""
    rows = conn.execute(
        "select e.*, (select count(*) from mentions m where m.entity_id = e.id) as n "
        "from entities e order by e.type, n desc, e.name"
    ).fetchall()
    return [record(EntityRef, r) for r in rows]


def roles(conn: sqlite3.Connection, entity_ids: list[int]) -> list[Role]:
    """Roles held by or over any of these entities, in the order the text gives them."""
    rows = conn.execute(
        f"select r.role, r.of_text, r.claim_id, {entity_columns('h', 'h_')}, {entity_columns('o', 'o_')} "
        f"from roles r join entities h on h.id = r.entity_id left join entities o on o.id = r.of_entity_id "
        f"where r.entity_id in {IDS} or r.of_entity_id in {IDS} order by r.id",
        (id_list(entity_ids), id_list(entity_ids)),
    ).fetchall()
    out = []
    for r in rows:
        holder = entity_ref(r, "h_")
        assert holder is not None  # inner join
        out.append(Role(holder, r["role"], entity_ref(r, "o_"), r["of_text"], r["claim_id"]))
    return out


def phases_of_claims(conn: sqlite3.Connection, claim_ids: list[int]) -> list[Section]:
    """The battle-phase sections these claims stand in, in order."""
    return [
        section_from(r)
        for r in conn.execute(
            f"select distinct s.* from sections s join claims c on c.section_id = s.id "
            f"where c.id in {IDS} and s.phase is not null order by s.phase",
            (id_list(claim_ids),),
        )
    ]


def entity_detail(conn: sqlite3.Connection, entity_id: int) -> EntityDetail | None:
    row = conn.execute("select * from entities where id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    ref = entity_ref(row)
    assert ref is not None
    aliases = [
        r["alias"]
        for r in conn.execute("select alias from aliases where entity_id = ? order by id", (entity_id,))
        if r["alias"] != ref.name
    ]
    claim_ids = [
        r["claim_id"]
        for r in conn.execute("select distinct claim_id from mentions where entity_id = ?", (entity_id,))
    ]
    src = conn.execute(
        f"select {source_columns('s', '')} from sources s where s.entity_id = ? order by s.id limit 1",
        (entity_id,),
    ).fetchone()
    return EntityDetail(
        entity=ref,
        description=row["description"],
        aliases=list(dict.fromkeys(aliases)),
        roles=roles(conn, [entity_id]),
        claims=load_claims(conn, claim_ids),
        phases=phases_of_claims(conn, claim_ids),
        source=source_ref(src) if src else None,
    )


def most_named(conn: sqlite3.Connection, types: tuple[str, ...]) -> EntityRef | None:
    """The entity of these types that the text names most often (a good first example)."""
    row = conn.execute(
        "select e.*, count(m.id) as n from entities e join mentions m on m.entity_id = e.id "
        "where e.type in (select value from json_each(?)) group by e.id order by n desc, e.id limit 1",
        (json.dumps(list(types)),),
    ).fetchone()
    return entity_ref(row) if row else None
