"""KeyFooter: Textual's Footer, rebuilt only when the keys it shows change.

The stock footer recomposes on every focus move; walking links with j/k moves
focus between widgets that share the same keys, so most rebuilds were wasted
(and they were the largest cost of a pane switch).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled)
            for (_, binding, enabled, _) in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown and self.children:
            return
        self._shown = shown
        super().bindings_changed(screen)
