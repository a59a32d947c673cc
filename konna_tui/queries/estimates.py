"""Quantities grouped by the pane that shows them: strength in Forces, losses in Aftermath.

Grouping is by the quantity's outcome word, so it holds for any article whose
quantities use the shared outcome vocabulary.
"""

from __future__ import annotations

import sqlite3

from konna_tui.queries.claims import estimates
from konna_tui.queries.models import Quantity

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


def pane_of_quantity(quantity: Quantity) -> str:
    outcome = (quantity.outcome or "").lower()
    if outcome in EXECUTION_OUTCOMES:
        return "executions"
    if outcome in LOSS_OUTCOMES:
        return "aftermath"
    return "forces"


def quantities_for(conn: sqlite3.Connection, pane: str) -> list[Quantity]:
    """Every quantity the pane shows, each with all its estimates, in display order."""
    keys = [r["key"] for r in conn.execute("select key from quantities order by ordinal, key")]
    return [q for q in estimates(conn, keys) if pane_of_quantity(q) == pane]
