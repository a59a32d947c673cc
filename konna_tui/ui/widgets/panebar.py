"""PaneBar: one line naming the six panes, the active one marked; a click switches pane.

A single Static rather than Textual's Tabs: one widget to mount keeps the
first frame fast, and the number before each name teaches the 1-6 keys.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from konna_tui.ui.widgets.linktext import component_style

PANES: list[tuple[str, str, str]] = [
    # id, full title, short title
    ("overview", "Overview", "Overview"),
    ("background", "Background", "Backgr."),
    ("forces", "Forces", "Forces"),
    ("phases", "Battle phases", "Phases"),
    ("aftermath", "Aftermath", "Aftermath"),
    ("executions", "Executions", "Exec."),
]


class PaneBar(Widget):
    """The pane names with their number keys; the active pane reversed and bracketed."""

    COMPONENT_CLASSES = {"panebar--active", "panebar--key", "panebar--title"}

    active: reactive[str] = reactive("overview")
    auto_links = False

    def __init__(self, title: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title

    def _labels(self, width: int) -> list[str]:
        """Full names if they fit, then short ones, then numbers with only the active name."""
        for names in ([full for _, full, _ in PANES], [short for _, _, short in PANES]):
            if sum(len(n) + 4 for n in names) <= width:
                return names
        return [short if pane == self.active else "" for (pane, _, short) in PANES]

    def render(self) -> Content:
        width = self.content_size.width
        names = self._labels(width)
        used = sum(len(n) + 4 for n in names)
        parts: list[Content] = []
        key_style = component_style(self, "panebar--key")
        active_style = component_style(self, "panebar--active")
        for number, ((pane, _, _), name) in enumerate(zip(PANES, names, strict=True), start=1):
            click = Style.from_meta({"@click": f"app.show_pane('{pane}')"})
            suffix = f" {name}" if name else ""
            if pane == self.active:
                label = Content(f"[{number}{suffix}]").stylize(active_style)
            else:
                label = Content(" ") + Content(str(number)).stylize(key_style) + Content(f"{suffix} ")
            parts.append(label.stylize(click))
        bar = Content("").join(parts)
        room = width - used
        if self.title and room >= len(self.title) + 3:
            title = Content(self.title).stylize(component_style(self, "panebar--title"))
            bar = bar + Content(" " * (room - len(self.title) - 1)) + title
        return bar

    def watch_active(self) -> None:
        self.refresh()
