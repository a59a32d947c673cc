"""The floor every measure is compared with: minimal Textual apps, written the plainest way.

- ``MinimalApp``: one Static widget (the startup and memory baseline, as in issue 6).
- ``MinimalTabs``: two Static panes in a ContentSwitcher behind keys 1 and 2 (the tab-switch floor).
- ``MinimalEcho``: an Input whose value a Static repeats (the keystroke-to-repaint floor).

Run one in a terminal with ``python3 bench/minimal_app.py [static|tabs|echo]``.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher, Input, Static

READY = "konna-bench minimal app ready"


class MinimalApp(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(READY)


class MinimalTabs(App[None]):
    BINDINGS = [
        Binding("1", "show('one')", "One"),
        Binding("2", "show('two')", "Two"),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="one"):
            yield Static(READY + "\n\nfirst pane", id="one")
            yield Static("second pane: " + " ".join(f"word{n}" for n in range(200)), id="two")

    def action_show(self, pane: str) -> None:
        self.query_one(ContentSwitcher).current = pane


class MinimalEcho(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="query")
        yield Static(READY, id="echo")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(f"results for {event.value!r}")


APPS: dict[str, type[App[None]]] = {"static": MinimalApp, "tabs": MinimalTabs, "echo": MinimalEcho}

if __name__ == "__main__":
    APPS[sys.argv[1] if len(sys.argv) > 1 else "static"]().run()
