"""Source views and lists: who says what, and every figure they gave."""

from __future__ import annotations

import sqlite3

from konna_tui.queries.claims import load_claims, source_columns, source_ref
from konna_tui.queries.entities import entity_ref, phases_of_claims
from konna_tui.queries.estimates import estimates_of_claims
from konna_tui.queries.models import SourceRef
from konna_tui.queries.records import SourceDetail


def sources(conn: sqlite3.Connection) -> list[SourceRef]:
    """Every source but the article itself, those saying most first."""
    rows = conn.execute(
        f"select {source_columns('s', '')}, "
        f"(select count(*) from attributions a where a.source_id = s.id or a.via_source_id = s.id) as n "
        f"from sources s where s.type != 'article' order by n desc, s.name"
    ).fetchall()
    out = [source_ref(r) for r in rows]
    return [s for s in out if s is not None]


def source_detail(conn: sqlite3.Connection, source_id: int) -> SourceDetail | None:
    row = conn.execute(
        f"select {source_columns('s', '')} from sources s where s.id = ?", (source_id,)
    ).fetchone()
    ref = source_ref(row) if row else None
    if ref is None:
        return None
    entity = None
    if ref.entity_id is not None:
        erow = conn.execute("select * from entities where id = ?", (ref.entity_id,)).fetchone()
        entity = entity_ref(erow) if erow else None
    claim_ids = [
        r["claim_id"]
        for r in conn.execute(
            "select distinct claim_id from attributions where source_id = ? or via_source_id = ?",
            (source_id, source_id),
        )
    ]
    claims = load_claims(conn, claim_ids)
    spoken = [
        e
        for e in estimates_of_claims(conn, claims)
        if any(source_id in (a.source.id, a.via.id if a.via else None) for a in e.attributions)
    ]
    return SourceDetail(
        source=ref,
        entity=entity,
        claims=claims,
        estimates=spoken,
        phases=phases_of_claims(conn, claim_ids),
    )


def most_quoted(conn: sqlite3.Connection) -> SourceRef | None:
    """The named source whose sentences hold the most figures."""
    row = conn.execute(
        f"select {source_columns('s', '')}, count(f.id) as n from sources s "
        f"join attributions a on a.source_id = s.id join figures f on f.claim_id = a.claim_id "
        f"where s.type != 'article' group by s.id order by n desc, s.id limit 1"
    ).fetchone()
    return source_ref(row) if row else None
