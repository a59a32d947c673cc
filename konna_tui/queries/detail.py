"""The claim view's data: a claim, its paragraph and section, and every competing estimate."""

from __future__ import annotations

import sqlite3

from konna_tui.queries.claims import IDS, id_list, load_claims, load_section
from konna_tui.queries.estimates import estimates, estimates_of_claims
from konna_tui.queries.records import ClaimDetail, Estimate


def claim_detail(conn: sqlite3.Connection, claim_id: int) -> ClaimDetail | None:
    """A claim, its paragraph, its section, and every competing estimate of its figures."""
    found = load_claims(conn, [claim_id])
    if not found:
        return None
    claim = found[0]
    section = load_section(conn, claim.section_id)
    assert section is not None  # foreign key
    parent = load_section(conn, section.parent_id)
    if claim.paragraph_id is not None:
        ids = [
            r["id"]
            for r in conn.execute("select id from claims where paragraph_id = ?", (claim.paragraph_id,))
        ]
        paragraph = load_claims(conn, ids)
    else:
        paragraph = [claim]
    keys = [f.quantity_key for f in claim.figures if f.quantity_key]
    competing = estimates(conn, keys) if keys else []
    supports: dict[int, list[Estimate]] = {}
    supported_by: dict[int, list[int]] = {}
    figure_ids = [f.id for f in claim.figures]
    if figure_ids:
        backing: dict[int, list[int]] = {}
        backing_claims: set[int] = set()
        for row in conn.execute(
            f"select figure_id, supporting_figure_id, claim_id from figure_support "
            f"where figure_id in {IDS} order by id",
            (id_list(figure_ids),),
        ):
            backing.setdefault(row["figure_id"], []).append(row["supporting_figure_id"])
            backing_claims.add(row["claim_id"])
        by_id = {e.figure.id: e for e in estimates_of_claims(conn, load_claims(conn, backing_claims))}
        for fid, sids in backing.items():
            supports[fid] = [by_id[s] for s in sids if s in by_id]
        for row in conn.execute(
            f"select figure_id, supporting_figure_id from figure_support "
            f"where supporting_figure_id in {IDS} order by id",
            (id_list(figure_ids),),
        ):
            supported_by.setdefault(row["supporting_figure_id"], []).append(row["figure_id"])
    return ClaimDetail(
        claim=claim,
        section=section,
        parent_section=parent,
        paragraph=paragraph,
        competing=competing,
        supports=supports,
        supported_by=supported_by,
    )
