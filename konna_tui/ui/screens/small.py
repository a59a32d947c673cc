"""The notice shown instead of the dashboard when the terminal is too small to use."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    """Says how large the window must be; goes away by itself when it is."""

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width, self.min_height = min_width, min_height

    def compose(self) -> ComposeResult:
        yield Static(id="too-small", markup=False)

    def on_mount(self) -> None:
        self._update()

    def on_resize(self, event: events.Resize) -> None:
        self._update(event.size.width, event.size.height)

    def _update(self, width: int | None = None, height: int | None = None) -> None:
        if width is None or height is None:
            width, height = self.app.size
        self.query_one("#too-small", Static).update(
            f"konna-tui needs a larger window: at least {self.min_width}×{self.min_height} "
            f"(now {width}×{height}). Press q to quit."
        )
