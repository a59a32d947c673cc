"""KeyFooter: the keys that matter where you are, from the active bindings' descriptions.

One widget that re-renders, where Textual's Footer mounts a widget per key
and rebuilds them on every focus move: that rebuilding was the largest cost
of opening a view and of moving between links. A click on a key presses it.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from konna_tui.ui.widgets.linktext import component_style


class KeyFooter(Widget):
    COMPONENT_CLASSES = {"keyfooter--key", "keyfooter--description"}
    auto_links = False

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[tuple[str, str, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        shown: list[tuple[str, str, str]] = []
        actions: set[str] = set()
        palette = self.app.COMMAND_PALETTE_BINDING
        for _, binding, enabled, _ in screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in actions or binding.key == palette:
                continue
            actions.add(binding.action)
            shown.append((binding.key.split(",")[0], self.app.get_key_display(binding), binding.description))
        if self.app.ENABLE_COMMAND_PALETTE:
            shown.append((palette, self.app.get_key_display(Binding(palette, "command_palette")), "palette"))
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> Content:
        key_style = component_style(self, "keyfooter--key")
        text_style = component_style(self, "keyfooter--description")
        parts = []
        for key, display, description in self._shown:
            click = Style.from_meta({"@click": f"app.simulate_key({key!r})"})
            part = Content(f" {display}").stylize(key_style) + Content(f" {description} ").stylize(text_style)
            parts.append(part.stylize(click))
        return Content("").join(parts)
