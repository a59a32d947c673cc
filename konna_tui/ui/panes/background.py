"""Background: what led to the battle, as dated events (demands, ceasefire, forces gathering)."""

from __future__ import annotations

from textual.app import ComposeResult

from konna_tui.queries.sections import pane_sections, paragraphs
from konna_tui.ui.panes.base import Pane, heading, note
from konna_tui.ui.widgets.timeline import Timeline


class BackgroundPane(Pane):
    def compose(self) -> ComposeResult:
        sections = pane_sections(self.conn)["background"]
        if not sections:
            yield note("The article has no background section.")
            return
        for section in sections:
            paras = paragraphs(self.conn, [section])
            if not paras:
                continue
            yield heading(section.title)
            dated = sum(1 for p in paras for c in p.claims if c.events)
            total = sum(len(p.claims) for p in paras)
            yield note(f"{dated} of {total} sentences dated by the text; the date stands in the margin.")
            for n, paragraph in enumerate(paras):
                yield Timeline(paragraph, gap=1 if n else 0)
