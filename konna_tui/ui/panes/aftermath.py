"""Aftermath: casualties by quantity, every estimate on one axis with its source; then the text."""

from __future__ import annotations

from textual.app import ComposeResult

from konna_tui.queries.estimates import quantities_for
from konna_tui.queries.sections import pane_sections, paragraphs
from konna_tui.ui.panes.base import Pane, heading, note
from konna_tui.ui.widgets.chart import EstimateChart
from konna_tui.ui.widgets.timeline import SourcedText


class AftermathPane(Pane):
    def compose(self) -> ComposeResult:
        quantities = quantities_for(self.conn, "aftermath")
        yield heading("Casualties: every estimate, who gave it")
        if quantities:
            yield note("Each row is one figure in the article; Enter opens the sentence it comes from.")
            for quantity in quantities:
                yield EstimateChart(quantity, classes="chart")
        else:
            yield note("No losses are counted more than once in this article.")
        for section in pane_sections(self.conn)["aftermath"]:
            paras = paragraphs(self.conn, [section])
            if paras:
                yield heading(f"The text: {section.title}")
                for paragraph in paras:
                    yield SourcedText(paragraph)
