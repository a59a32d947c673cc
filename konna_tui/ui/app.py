"""KonnaApp: six panes over the database, and a claim view behind every number.

Only what the Overview needs is imported before the first frame; the other
panes and the views are imported and built the first time they are opened.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from konna_tui.config import Config, load_config, save_config
from konna_tui.queries.db import open_readonly
from konna_tui.ui.panes.overview import OverviewPane
from konna_tui.ui.widgets.doc import Target
from konna_tui.ui.widgets.footer import KeyFooter
from konna_tui.ui.widgets.linktext import LinkStyles, LinkText
from konna_tui.ui.widgets.panebar import PANES, PaneBar

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen
    from textual.theme import Theme


MIN_WIDTH, MIN_HEIGHT = 40, 10
PREPARE_AFTER, PREPARE_EVERY = 0.05, 0.02  # seconds after the first frame: build the other panes ahead of use
PANE_IDS = [pane for pane, _, _ in PANES]
PANE_CLASSES = {
    "background": ("konna_tui.ui.panes.background", "BackgroundPane"),
    "forces": ("konna_tui.ui.panes.forces", "ForcesPane"),
    "phases": ("konna_tui.ui.panes.phases", "PhasesPane"),
    "aftermath": ("konna_tui.ui.panes.aftermath", "AftermathPane"),
    "executions": ("konna_tui.ui.panes.executions", "ExecutionsPane"),
}
SEARCH_SCREEN = "konna_tui.ui.screens.search"
SEARCH_PROVIDER = "konna_tui.ui.search_provider"


def navigation_provider() -> type[Provider]:
    from konna_tui.ui.commands import NavigationProvider

    return NavigationProvider


def search_provider() -> type[Provider]:
    module = importlib.import_module(SEARCH_PROVIDER)
    return module.SearchProvider  # type: ignore[no-any-return]


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class KonnaApp(App[None]):
    """The dashboard. Read-only: it opens the database with ``open_readonly`` and never writes."""

    CSS_PATH = "app.tcss"
    TITLE = "konna-tui"
    # Focus is placed by the panes and views themselves, without scrolling: Textual's auto
    # focus would centre the first focusable widget and hide the title above it.
    AUTO_FOCUS = None
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = (
        App.COMMANDS | {navigation_provider} | ({search_provider} if _has_module(SEARCH_PROVIDER) else set())
    )

    # Descriptions are the footer's words; tooltips are the help screen's.
    BINDINGS = [
        *[
            Binding(str(n), f"show_pane('{pane}')", title, show=False, tooltip=f"show the {title} pane")
            for n, (pane, title, _) in enumerate(PANES, start=1)
        ],
        Binding(
            "left", "step_pane(-1)", "Previous pane", show=False, tooltip="previous pane (on the dashboard)"
        ),
        Binding("right", "step_pane(1)", "Next pane", show=False, tooltip="next pane (on the dashboard)"),
        Binding(
            "left_square_bracket",
            "phase(-1)",
            "Previous phase",
            key_display="[",
            show=False,
            tooltip="previous battle phase, from anywhere",
        ),
        Binding(
            "right_square_bracket",
            "phase(1)",
            "Phase",
            key_display="[ ]",
            tooltip="next battle phase, from anywhere",
        ),
        Binding(
            "slash", "search", "Search", key_display="/", tooltip="search people, units, places, sentences"
        ),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="this help"),
        Binding("escape,backspace", "back", "Back", show=False, tooltip="back to exactly where you were"),
        Binding("q", "quit", "Quit", tooltip="quit"),
        Binding(
            "down,j", "enter_content(1)", "Next", show=False, tooltip="start walking the links of the pane"
        ),
        Binding(
            "up,k", "enter_content(-1)", "Previous", show=False, tooltip="walk the links from the bottom"
        ),
    ]

    def __init__(self, db_path: Path | str, *, remember_theme: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.conn = open_readonly(self.db_path)
        self.remember_theme = remember_theme
        self.config: Config = load_config() if remember_theme else Config()
        self.current_pane = "overview"
        self._pane_focus: dict[str, Widget] = {}
        self._too_small = False
        self.link_styles = LinkStyles()
        row = self.conn.execute("select title from documents order by id limit 1").fetchone()
        self.article_title = row["title"] if row else ""
        self.title = self.article_title or self.TITLE

    # -- building ----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.link_styles
        yield PaneBar(self.article_title, id="panebar")
        with ContentSwitcher(initial="overview", id="panes"):
            yield OverviewPane(self.conn, id="overview")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._check_size()
        self._focus_pane("overview")
        self.call_after_refresh(self.set_timer, PREPARE_AFTER, self._prepare_next_pane)

    async def _prepare_next_pane(self) -> None:
        """Build the panes not yet shown, one at a time, while the reader looks at the first.

        Startup only builds the Overview; the others follow in idle moments (hidden, so
        no layout or drawing), which makes their first opening as quick as any later one.
        """
        for pane_id in PANE_IDS:
            if self.pane(pane_id) is None:
                await self._load_pane(pane_id)
                self.set_timer(PREPARE_EVERY, self._prepare_next_pane)
                return

    def _remember_theme(self, theme: Theme) -> None:
        if self.remember_theme and theme.name != self.config.theme:
            self.config.theme = theme.name
            save_config(self.config)

    async def _load_pane(self, pane_id: str) -> Widget:
        """The pane widget, built now (and added to the switcher) if this is its first showing."""
        pane = self.pane(pane_id)
        if pane is None:
            module_name, class_name = PANE_CLASSES[pane_id]
            pane_class = getattr(importlib.import_module(module_name), class_name)
            pane = pane_class(self.conn, id=pane_id)
            pane.display = False  # the switcher shows it; no frame with two panes
            await self.query_one("#panes", ContentSwitcher).mount(pane)
        return pane

    def pane(self, pane_id: str) -> Widget | None:
        """The built pane widget, or None before its first showing."""
        for child in self.query_one("#panes", ContentSwitcher).children:
            if child.id == pane_id:
                return child
        return None

    # -- focus memory ------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        for node in widget.ancestors:
            if node.id in PANE_IDS and node.parent is not None and node.parent.id == "panes":
                self._pane_focus[node.id] = widget
                return

    def _focus_pane(self, pane_id: str) -> None:
        """Focus where the reader last was in this pane, or its first link."""
        remembered = self._pane_focus.get(pane_id)
        if remembered is not None and remembered.is_attached and remembered.focusable:
            self.screen.set_focus(remembered, scroll_visible=False)
            return
        pane = self.pane(pane_id)
        if pane is None:
            return
        self.screen.set_focus(None)
        focus_default = getattr(pane, "focus_default", None)
        if focus_default is not None:
            focus_default()

    # -- navigation --------------------------------------------------------

    @property
    def on_main_screen(self) -> bool:
        return self.screen is self.screen_stack[0]

    def _go_home(self) -> None:
        """Leave any views for the main screen (number and phase keys work from anywhere)."""
        while len(self.screen_stack) > 1 and not self._too_small:
            self.pop_screen()

    async def action_show_pane(self, pane_id: str) -> None:
        if pane_id not in PANE_IDS:
            return
        self._go_home()
        await self._load_pane(pane_id)
        self.query_one("#panes", ContentSwitcher).current = pane_id
        self.query_one(PaneBar).active = pane_id
        self.current_pane = pane_id
        self._focus_pane(pane_id)

    async def action_step_pane(self, step: int) -> None:
        if not self.on_main_screen:
            return
        at = PANE_IDS.index(self.current_pane)
        await self.action_show_pane(PANE_IDS[(at + step) % len(PANE_IDS)])

    async def action_phase(self, step: int) -> None:
        """Previous/next battle phase from anywhere: opens the Battle phases pane at it."""
        before = self.pane("phases")
        shown = getattr(before, "shown", 0) if before is not None else 0
        await self.action_show_pane("phases")
        numbers: list[int] = getattr(self.pane("phases"), "phase_numbers", [])
        if not numbers:
            return
        if shown not in numbers:
            await self.action_show_phase(numbers[0])
        else:
            at = max(0, min(numbers.index(shown) + step, len(numbers) - 1))
            await self.action_show_phase(numbers[at])

    async def action_show_phase(self, number: int) -> None:
        await self.action_show_pane("phases")
        pane = self.pane("phases")
        show = getattr(pane, "show_phase", None)
        if show is not None:
            await show(number)

    def action_enter_content(self, step: int) -> None:
        """j/k with nothing focused: start walking the current pane's links (or scroll it)."""
        if not self.on_main_screen:
            return
        pane = self.pane(self.current_pane)
        if pane is None:
            return
        links = [w for w in pane.query(LinkText) if w.focusable]
        if links:
            target = links[0] if step > 0 else links[-1]
            target.cursor = 0 if step > 0 else len(target.links) - 1
            self.screen.set_focus(target)
        elif step > 0:
            pane.scroll_down(animate=False)
        else:
            pane.scroll_up(animate=False)

    async def action_back(self) -> None:
        """Back like a browser: close the current view; at the start of history, nothing happens."""
        if self._too_small or self.on_main_screen:
            return
        self.pop_screen()

    def on_link_text_opened(self, message: LinkText.Opened) -> None:
        message.stop()
        self.run_worker(self.open_target(message.target), exclusive=False)

    async def open_target(self, target: Target) -> None:
        if target.kind == "claim":
            self.open_claim(target.id, target.figure_id)
        elif target.kind == "entity":
            self.open_entity(target.id)
        elif target.kind == "source":
            self.open_source(target.id)
        elif target.kind == "phase":
            await self.action_show_phase(target.id)
        elif target.kind == "pane" and 0 <= target.id < len(PANE_IDS):
            await self.action_show_pane(PANE_IDS[target.id])

    def _push_view(self, screen: Screen | None, what: str) -> None:
        if self._too_small:
            return
        if screen is None:
            self.notify(f"That {what} is not in the database.", severity="warning")
            return
        self.push_screen(screen)

    def open_claim(self, claim_id: int, figure_id: int | None = None) -> None:
        """Show the claim view: the sentence, who said it, and every competing figure."""
        from konna_tui.ui.screens.claim import ClaimScreen

        self._push_view(ClaimScreen.load(self.conn, claim_id, figure_id), "claim")

    def open_entity(self, entity_id: int) -> None:
        from konna_tui.ui.screens.entity import EntityScreen

        self._push_view(EntityScreen.load(self.conn, entity_id), "entity")

    def open_source(self, source_id: int) -> None:
        from konna_tui.ui.screens.source import SourceScreen

        self._push_view(SourceScreen.load(self.conn, source_id), "source")

    def action_search(self) -> None:
        if self._too_small:
            return
        try:
            module = importlib.import_module(SEARCH_SCREEN)
        except ImportError:
            self.notify("search is not available", severity="warning")
            return
        self.push_screen(module.SearchScreen())

    def action_help(self) -> None:
        from konna_tui.ui.screens.help import HelpScreen

        if self._too_small or isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen())

    # -- terminal size -----------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Below a usable size show one message instead of a squeezed dashboard."""
        if width is None or height is None:
            width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small == self._too_small:
            return
        from konna_tui.ui.screens.small import TooSmallScreen

        self._too_small = small
        if small:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action == "quit" or not self._too_small
