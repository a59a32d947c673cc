"""Aftermath: casualties by quantity, every estimate on one axis with its source; then the text."""

from __future__ import annotations

from textual.app import ComposeResult

from konna_tui.queries.estimates import quantities_for
from konna_tui.ui.panes.base import Pane, heading, note, sourced_sections
from konna_tui.ui.widgets.chart import EstimateChart, estimate_rows
from konna_tui.ui.widgets.linktext import LinkText


class AftermathPane(Pane):
    def compose(self) -> ComposeResult:
        quantities = quantities_for(self.conn, "aftermath")
        disputed = [q for q in quantities if len(q.estimates) > 1]
        once = [q for q in quantities if len(q.estimates) == 1]
        yield heading("Casualties: every estimate, who gave it")
        if disputed:
            yield note("Each row is one figure in the article; Enter opens the sentence it comes from.")
            for quantity in disputed:
                yield EstimateChart(quantity, classes="chart")
        else:
            yield note("No loss is counted more than once in this article.")
        if once:
            yield heading("Counted once")
            yield LinkText(estimate_rows(once, labels="inline"))
        yield from sourced_sections(self.conn, "aftermath")
