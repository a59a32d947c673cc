"""What the claim, entity and source views share: a title line, one scrolling link scope, a footer.

Each view is a screen pushed over the dashboard, so Back (Escape or
Backspace, bound on the app) pops it and Textual puts focus back exactly
where it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, ClassVar, Self

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from konna_tui.ui.widgets.footer import KeyFooter
from konna_tui.ui.widgets.linktext import LinkText


class ViewScreen(Screen[None]):
    """A page of the history: Back returns to the page below it."""

    CSS_PATH = "views.tcss"
    BINDINGS = [("escape", "app.back", "Back")]
    # The query that reads what the view shows, given its id (None when there is no such thing).
    QUERY: ClassVar[Callable[..., Any] | None] = None

    def __init__(self, title: str) -> None:
        super().__init__()
        self.view_title = title

    @classmethod
    def load(cls, conn: sqlite3.Connection, item_id: int) -> Self | None:
        """The view of ``item_id``, or None when the database has no such item."""
        assert cls.QUERY is not None
        detail = cls.QUERY(conn, item_id)
        return cls(detail) if detail is not None else None  # type: ignore[call-arg]

    def compose(self) -> ComposeResult:
        yield Static(f"◀ Esc  {self.view_title}", id="view-title", markup=False)
        with VerticalScroll(id="view-body", classes="link-scope"):
            yield from self.body()
        yield KeyFooter()

    def body(self) -> list[Widget]:
        raise NotImplementedError

    def on_mount(self) -> None:
        for widget in self.query(LinkText):
            if widget.focusable and "skip-focus" not in widget.classes:
                self.set_focus(widget, scroll_visible=False)
                break

    def on_click(self, event: object) -> None:
        """A click on the title line goes back, like a browser's back arrow."""
        widget = getattr(event, "widget", None)
        if isinstance(widget, Static) and widget.id == "view-title":
            self.app.pop_screen()


def section(title: str) -> Static:
    return Static(title, classes="view-heading", markup=False)


def line(text: str, *, classes: str = "") -> Static:
    return Static(text, classes=f"view-line {classes}".strip(), markup=False)
