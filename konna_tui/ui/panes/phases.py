"""Battle phases: one phase at a time, its dates, who and what was involved, and its timeline.

``[`` and ``]`` (anywhere in the app) step between phases; each phase is built
the first time it is shown and keeps its place when the reader comes back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from konna_tui.queries.phases import phase
from konna_tui.queries.records import Phase
from konna_tui.queries.sections import phase_titles
from konna_tui.ui import format as fmt
from konna_tui.ui.panes.base import Pane, heading, note
from konna_tui.ui.widgets.doc import Doc, Target
from konna_tui.ui.widgets.linktext import Block, LinkText, component_style
from konna_tui.ui.widgets.timeline import Timeline

TYPE_ORDER = ["state_force", "armed_group", "unit", "equipment", "place"]
TYPE_TITLES = {
    "state_force": "Forces",
    "armed_group": "Groups",
    "unit": "Units",
    "equipment": "Equipment",
    "place": "Places",
}


class PhaseBar(Widget):
    """The phases as one clickable line, the shown one marked; ``[``/``]`` step through them."""

    COMPONENT_CLASSES = {"phasebar--active", "phasebar--key"}
    auto_links = False
    active: reactive[int] = reactive(0)

    def __init__(self, titles: list[tuple[int, str]]) -> None:
        super().__init__(id="phasebar")
        self.titles = titles

    def render(self) -> Content:
        width = self.content_size.width
        active_style = component_style(self, "phasebar--active")
        key_style = component_style(self, "phasebar--key")
        parts = [Content("[ ] ").stylize(key_style)]
        room = width - 4 - 6 * len(self.titles)
        for number, title in self.titles:
            click = Style.from_meta({"@click": f"app.show_phase({number})"})
            if number == self.active:
                label = f"Phase {number}: {title}"
                if len(label) > room + 6:
                    label = label[: max(7, room + 5)] + "…"
                part = Content(f" {label} ").stylize(active_style)
            else:
                part = Content(f" {number} ")
            parts.append(part.stylize(click))
        return Content("").join(parts)

    def watch_active(self) -> None:
        self.refresh()


def involved_blocks(item: Phase) -> list[Block]:
    by_type: dict[str, list[Doc]] = {}
    blocks = []
    for entity in item.involved:
        by_type.setdefault(entity.type, []).append(
            Doc().link(entity.name, Target("entity", entity.id), "entity")
        )
    for kind in TYPE_ORDER:
        if kind not in by_type:
            continue
        doc = Doc()
        for n, link in enumerate(by_type[kind]):
            if n:
                doc.add(" · ", "muted")
            doc.extend(link)
        blocks.append(Block(doc, gutter=Doc().add(TYPE_TITLES[kind], "label")))
    return blocks


class PhaseView(Vertical):
    """Everything about one phase."""

    def __init__(self, item: Phase, total: int) -> None:
        super().__init__(id=f"phase-{item.number}", classes="phase-view")
        self.item = item
        self.total = total

    def compose(self) -> ComposeResult:
        item = self.item
        claims = [c for p in item.paragraphs for c in p.claims]
        figures = sum(len(c.figures) for c in claims)
        dated = sum(1 for c in claims if c.events)
        yield heading(f"Phase {item.number} of {self.total}: {item.section.title}", classes="phase-title")
        yield note(
            f"{fmt.span_label(item.first, item.last)} · {len(claims)} sentences, {dated} dated · "
            f"{figures} figure{'s' if figures != 1 else ''}"
        )
        blocks = involved_blocks(item)
        if blocks:
            yield LinkText(blocks, gutter_width=11, classes="involved")
        yield heading("Timeline")
        for n, paragraph in enumerate(item.paragraphs):
            yield Timeline(paragraph, gap=1 if n else 0)


class PhasesPane(Pane):
    def __init__(self, conn, *, id: str | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(conn, id=id)
        self.titles = phase_titles(conn)
        self.phase_numbers = [n for n, _ in self.titles]
        self._focus: dict[int, Widget] = {}
        self.shown = 0

    def compose(self) -> ComposeResult:
        if not self.titles:
            yield note("The article does not divide the battle into phases.")
            return
        yield PhaseBar(self.titles)
        yield ContentSwitcher(id="phase-views")

    async def on_mount(self) -> None:
        if self.phase_numbers and not self.shown:
            await self.show_phase(self.phase_numbers[0])

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if self.shown:
            self._focus[self.shown] = event.widget

    async def show_phase(self, number: int) -> None:
        if number not in self.phase_numbers:
            return
        switcher = self.query_one("#phase-views", ContentSwitcher)
        view_id = f"phase-{number}"
        if not switcher.query(f"#{view_id}"):
            item = phase(self.conn, number)
            if item is None:
                return
            await switcher.mount(PhaseView(item, len(self.phase_numbers)))
        changed = number != self.shown
        self.shown = number
        switcher.current = view_id
        self.query_one(PhaseBar).active = number
        if changed:
            self.scroll_home(animate=False)
        if not self.display:  # built ahead of time, not shown: leave the reader's focus alone
            return
        remembered = self._focus.get(number)
        if remembered is not None and remembered.is_attached:
            self.screen.set_focus(remembered, scroll_visible=not changed)
            return
        self.focus_default()

    def focus_default(self) -> None:
        """Focus the shown phase's timeline (not its list of names): reading starts there."""
        for widget in self.query(f"#phase-{self.shown} LinkText").results(LinkText):
            if widget.focusable and "involved" not in widget.classes:
                self.screen.set_focus(widget, scroll_visible=False)
                return
