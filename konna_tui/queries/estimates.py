"""Quantities grouped by the pane that shows them: strength in Forces, losses in Aftermath.

Grouping is by the quantity's outcome word, so it holds for any article whose
quantities use the shared outcome vocabulary.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from konna_tui.queries.claims import load_claims, section_titles
from konna_tui.queries.models import Claim
from konna_tui.queries.records import Estimate, Quantity
from konna_tui.queries.sections import pane_of_outcome


def pane_of_quantity(quantity: Quantity) -> str:
    return pane_of_outcome(quantity.outcome)


def quantities_for(conn: sqlite3.Connection, pane: str) -> list[Quantity]:
    """Every quantity the pane shows, each with all its estimates, in display order."""
    keys = [r["key"] for r in conn.execute("select key from quantities order by ordinal, key")]
    return [q for q in estimates(conn, keys) if pane_of_quantity(q) == pane]


def estimates(conn: sqlite3.Connection, keys: Iterable[str]) -> list[Quantity]:
    """Every figure for each quantity key, with its sentence and sources, in display order."""
    param = json.dumps(sorted(set(keys)))
    quantities: dict[str, Quantity] = {}
    for row in conn.execute(
        "select * from quantities where key in (select value from json_each(?)) order by ordinal, key",
        (param,),
    ):
        quantities[row["key"]] = Quantity(
            key=row["key"],
            label=row["label"] or row["key"],
            side=row["side"],
            unit=row["unit"],
            outcome=row["outcome"],
            estimates=[],
        )
    figure_claims: dict[str, list[int]] = {}
    claim_ids: set[int] = set()
    rows = conn.execute(
        "select f.id, f.claim_id, f.quantity_key from figures f "
        "where f.quantity_key in (select value from json_each(?)) "
        "order by f.quantity_key, coalesce(f.best, f.low, f.high), f.start",
        (param,),
    ).fetchall()
    for row in rows:
        claim_ids.add(row["claim_id"])
    claims = {c.id: c for c in load_claims(conn, claim_ids)}
    titles = section_titles(conn, {c.section_id for c in claims.values()})
    for row in rows:
        quantity = quantities.get(row["quantity_key"])
        claim = claims.get(row["claim_id"])
        if quantity is None or claim is None:
            continue
        figure = next(f for f in claim.figures if f.id == row["id"])
        quantity.estimates.append(
            Estimate(
                figure=figure,
                claim_text=claim.text,
                attributions=claim.voice(figure),
                section_title=titles.get(claim.section_id, ""),
            )
        )
        figure_claims.setdefault(quantity.key, []).append(claim.id)
    return [q for q in quantities.values() if q.estimates]


def estimates_of_claims(conn: sqlite3.Connection, claims: list[Claim]) -> list[Estimate]:
    """Every figure in these claims as an estimate, in document order."""
    titles = section_titles(conn, {c.section_id for c in claims})
    return [
        Estimate(figure=f, claim_text=c.text, attributions=c.voice(f), section_title=titles[c.section_id])
        for c in claims
        for f in c.figures
    ]
