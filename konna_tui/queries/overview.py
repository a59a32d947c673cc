"""The Overview pane: the infobox as a card, the lead, and how much the body backs the infobox."""

from __future__ import annotations

import sqlite3

from konna_tui.queries.claims import load_claims
from konna_tui.queries.models import Dispute, InfoboxRow, Overview, Stats
from konna_tui.queries.sections import pane_sections, paragraphs


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    return {r["key"]: r["value"] for r in conn.execute("select key, value from meta")}


def infobox(conn: sqlite3.Connection) -> list[InfoboxRow]:
    rows = conn.execute(
        "select f.key, f.label, f.value, f.claim_id, f.start - c.start as value_start "
        "from infobox_fields f join claims c on c.id = f.claim_id order by f.document_id, f.ordinal"
    ).fetchall()
    claims = {c.id: c for c in load_claims(conn, [r["claim_id"] for r in rows])}
    markup: dict[int, list[tuple[int, int]]] = {}
    for r in conn.execute(
        "select n.claim_id, n.start - c.start as s, n.end - c.start as e from non_quantities n "
        "join claims c on c.id = n.claim_id where c.kind = 'infobox' and n.category = 'wiki_markup' "
        "order by n.start"
    ):
        markup.setdefault(r["claim_id"], []).append((r["s"], r["e"]))
    return [
        InfoboxRow(
            key=r["key"],
            label=r["label"] or r["key"],
            value=r["value"],
            claim=claims[r["claim_id"]],
            value_start=max(0, r["value_start"]),
            markup=markup.get(r["claim_id"], []),
        )
        for r in rows
        if r["claim_id"] in claims
    ]


def stats(conn: sqlite3.Connection) -> Stats:
    """Counts for the Overview; each one indexed or a small table scan."""

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0] or 0)

    return Stats(
        claims=one("select count(*) from claims"),
        sentences=one("select count(*) from claims where kind = 'sentence'"),
        figures=one("select count(*) from figures"),
        quantities=one("select count(*) from quantities"),
        contested=one(
            "select count(*) from (select quantity_key from figures where quantity_key is not null "
            "group by quantity_key having count(distinct best) > 1)"
        ),
        sources=one("select count(*) from sources where type != 'article'"),
        entities=one("select count(*) from entities"),
        events=one("select count(*) from events"),
        infobox_figures=one(
            "select count(*) from figures f join claims c on c.id = f.claim_id where c.kind = 'infobox'"
        ),
        infobox_supported=one(
            "select count(*) from figures f join claims c on c.id = f.claim_id "
            "where c.kind = 'infobox' and f.support = 'supported'"
        ),
    )


def disputes(conn: sqlite3.Connection) -> list[Dispute]:
    """Quantities whose figures disagree, with their span; one grouped query."""
    return [
        Dispute(r["key"], r["label"] or r["key"], r["outcome"], r["n"], r["lo"], r["hi"])
        for r in conn.execute(
            "select q.key, q.label, q.outcome, count(*) as n, "
            "min(coalesce(f.low, f.best, f.high)) as lo, max(coalesce(f.high, f.best, f.low)) as hi "
            "from quantities q join figures f on f.quantity_key = q.key "
            "group by q.key having count(distinct coalesce(f.best, f.low, f.high)) > 1 "
            "order by n desc, q.ordinal"
        )
    ]


def overview(conn: sqlite3.Connection) -> Overview:
    info = meta(conn)
    doc = conn.execute("select title, source_url, licence from documents order by id limit 1").fetchone()
    lead_sections = [s for s in pane_sections(conn)["overview"] if s.level == 1]
    return Overview(
        title=doc["title"] if doc else info.get("title", ""),
        source_url=doc["source_url"] if doc else info.get("source_url", ""),
        licence=doc["licence"] if doc else info.get("licence", ""),
        infobox=infobox(conn),
        lead=[p.claims for p in paragraphs(conn, lead_sections)],
        stats=stats(conn),
        disputes=disputes(conn),
    )
