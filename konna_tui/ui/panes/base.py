"""What every pane shares: a scrolling column that is one link scope, and an empty-state line."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Static

from konna_tui.ui.widgets.linktext import LinkText

# Width classes a pane sets on itself (not Textual's screen breakpoints, whose class change
# restyles every widget of the screen on the first frame): below NARROW columns stack, from
# WIDE the Overview puts the infobox and the summary side by side.
NARROW, WIDE = 78, 120


class Pane(VerticalScroll):
    """A pane's scrolling body; j/k walk its links from top to bottom."""

    can_focus = False

    def on_resize(self, event: Resize) -> None:
        width = event.size.width
        self.set_class(width < NARROW, "-narrow")
        self.set_class(width >= WIDE, "-wide")

    def __init__(self, conn: sqlite3.Connection, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane link-scope")
        self.conn = conn

    def focus_default(self) -> None:
        """Focus where reading starts: the first linked text of the pane."""
        for widget in self.query(LinkText):
            if widget.focusable:
                self.screen.set_focus(widget, scroll_visible=False)
                return


def sourced_sections(conn: sqlite3.Connection, pane: str, *, prefix: str = "The text: ") -> Iterator[Widget]:
    """The pane's sections as the article has them, who says each sentence in the margin."""
    from konna_tui.queries.sections import pane_sections, paragraphs
    from konna_tui.ui.widgets.timeline import SourcedText

    for section in pane_sections(conn)[pane]:
        paras = paragraphs(conn, [section])
        if paras:
            yield heading(f"{prefix}{section.title}")
            for paragraph in paras:
                yield SourcedText(paragraph)


def heading(text: str, *, classes: str = "") -> Static:
    return Static(text, classes=f"heading {classes}".strip(), markup=False)


def note(text: str) -> Static:
    return Static(text, classes="note", markup=False)
