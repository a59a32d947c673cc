"""Executions: the summary executions on both sides, with their counts and who reports them."""

from __future__ import annotations

from textual.app import ComposeResult

from konna_tui.queries.estimates import quantities_for
from konna_tui.queries.sections import pane_sections
from konna_tui.ui.panes.base import Pane, heading, note, sourced_sections
from konna_tui.ui.widgets.chart import EstimateChart, estimate_rows
from konna_tui.ui.widgets.linktext import LinkText


class ExecutionsPane(Pane):
    def compose(self) -> ComposeResult:
        sections = pane_sections(self.conn)["executions"]
        quantities = quantities_for(self.conn, "executions")
        if not sections and not quantities:
            yield note("The article has no section on executions.")
            return
        for quantity in quantities:
            if len(quantity.estimates) > 1:
                yield EstimateChart(quantity, classes="chart")
        once = [q for q in quantities if len(q.estimates) == 1]
        if once:
            yield heading("Counts")
            yield LinkText(estimate_rows(once, labels="inline"))
        if sections:
            yield note("Who reports each account stands in the margin; Enter opens a sentence or figure.")
        yield from sourced_sections(self.conn, "executions", prefix="")
