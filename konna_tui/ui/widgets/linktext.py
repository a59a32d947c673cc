"""LinkText: wrapped text whose links (figures, sources, entities, claims) a keyboard can walk.

One focusable widget holds many links, so a pane of prose stays a handful of
widgets (fast to mount) while every figure in it is still one key press away:
down/j and up/k step from link to link and on into the next LinkText of the
pane, Enter opens, a click opens too. Each block can carry a gutter (a date,
an infobox label, a value) drawn beside its wrapped body with a hanging indent.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from textual.binding import Binding
from textual.content import Content, Span
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from konna_tui.ui.widgets.doc import Doc, Link, Target

# Style names a Doc may use; each is a component class ``linktext--<name>`` in the .tcss.
# Kept few: every one is styled again on each full restyle of the screen.
STYLE_NAMES = (
    "figure",
    "highlight",
    "cursor",
    "entity",
    "source",
    "heading",
    "label",
    "muted",
    "marker",
    "grid",
    "current",
    "date",
    "good",
    "bad",
)
# Names that look like another (None: plain text).
STYLE_ALIASES: dict[str, str | None] = {
    "mark": "current",
    "phase": "entity",
    "cue": "muted",
    "range": "marker",
    "claim": None,
    "row": None,
}

NARROW = 48  # below this content width a gutter goes on its own line


class Block(NamedTuple):
    """One entry: an optional gutter (date, label, value) and a body that wraps beside it."""

    body: Doc
    gutter: Doc | None = None
    gap: int = 0  # blank lines before the block


def component_style(widget: Widget, name: str) -> Style:
    """A component class's style as Content wants it, keeping ``reverse`` (which
    ``get_visual_style`` drops) so a cursor still shows with NO_COLOR."""
    style = widget.get_visual_style(name, partial=True)
    if widget.get_component_styles(name).text_style.reverse:
        style = style + Style(reverse=True)
    return style


@lru_cache(maxsize=4096)
def _click(index: int) -> Style:
    return Style.from_meta({"@click": f"open_link({index})", "link": index})


class LinkStyles(Widget):
    """Holds the styles of all linked text (component classes set in the .tcss).

    One hidden holder for the app (``app.link_styles``) instead of component
    classes on every LinkText: Textual restyles each component class of each
    widget on every focus change, which made panes and views slow to move
    through and to open.
    """

    COMPONENT_CLASSES = {f"linktext--{name}" for name in STYLE_NAMES}
    DEFAULT_CLASSES = "-hidden"

    def __init__(self) -> None:
        super().__init__(id="link-styles")
        self.display = False


class LinkText(Widget, can_focus=True):
    """Blocks of linked text with a cursor over their links."""

    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="open the link under the cursor"),
        Binding(
            "down,j", "cursor_down", "Next", key_display="↓/j", tooltip="next link (figure, sentence, name)"
        ),
        Binding("up,k", "cursor_up", "Previous", key_display="↑/k", show=False, tooltip="previous link"),
        Binding("home", "cursor_first", "First link", show=False, tooltip="first link of this block"),
        Binding("end", "cursor_last", "Last link", show=False, tooltip="last link of this block"),
    ]

    cursor: reactive[int] = reactive(0, layout=False)
    auto_links = False  # links are styled by the .tcss component classes, not Textual's link style

    class Opened(Message):
        """A link was chosen (Enter or click); the app navigates to its target."""

        def __init__(self, link_text: LinkText, link: Link) -> None:
            super().__init__()
            self.link_text = link_text
            self.link = link

        @property
        def target(self) -> Target:
            return self.link.target

    def __init__(
        self,
        blocks: list[Block] | Doc,
        *,
        gutter_width: int | None = None,
        truncate: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.blocks: list[Block] = [Block(blocks)] if isinstance(blocks, Doc) else blocks
        self.truncate = truncate
        if gutter_width is None:
            longest = max((len(b.gutter.text) for b in self.blocks if b.gutter is not None), default=0)
            gutter_width = min(longest + 2, 24) if longest else 0
        self.gutter_width = gutter_width
        self.links: list[Link] = []
        for block in self.blocks_for(80):
            if block.gutter is not None:
                self.links += block.gutter.links
            self.links += block.body.links
        self.can_focus = bool(self.links)
        self._lines_cache: dict[tuple[int, int, int, str], tuple[list[Content], dict[int, int]]] = {}
        self._style_cache: dict[tuple[str, str], Style] = {}

    # -- drawing -----------------------------------------------------------

    def blocks_for(self, width: int) -> list[Block]:
        """The blocks to draw at ``width``; charts redraw theirs, text keeps the same."""
        return self.blocks

    def _style(self, name: str) -> Style:
        """A named style from the screen's LinkStyles holder, remembered until the theme changes."""
        key = (self.app.theme, name)
        style = self._style_cache.get(key)
        if style is None and name in STYLE_ALIASES:
            alias = STYLE_ALIASES[name]
            style = self._style(alias) if alias is not None else Style()
            self._style_cache[key] = style
        if style is None:
            holder = getattr(self.app, "link_styles", None)
            if not isinstance(holder, LinkStyles):
                found = self.screen.query(LinkStyles)
                holder = found.first() if found else None
            style = component_style(holder, f"linktext--{name}") if holder is not None else Style()
            self._style_cache[key] = style
        return style

    def _content(self, doc: Doc, first_link: int, active: int) -> Content:
        """The doc styled: marks, then links (the one at ``active`` drawn as the cursor)."""
        spans = [Span(m.start, m.end, self._style(m.kind)) for m in doc.marks if m.end > m.start]
        for n, link in enumerate(doc.links):
            index = first_link + n
            style = self._style(link.kind) + _click(index)
            if index == active:
                style = style + self._style("cursor")
            spans.append(Span(link.start, link.end, style))
        return Content(doc.text, spans)

    def _wrap(self, content: Content, width: int) -> list[Content]:
        width = max(1, width)
        if self.truncate:
            return [line.truncate(width, ellipsis=True) for line in content.split("\n", allow_blank=True)]
        return content.wrap(width) or [Content("")]

    @staticmethod
    def _line_of(text: str, lines: list[Content], offset: int) -> int:
        """Which wrapped line holds ``offset`` of ``text`` (wrapping only drops spaces)."""
        pointer = 0
        found = 0
        for row, line in enumerate(lines):
            words = line.plain.strip()
            if not words:
                continue
            at = text.find(words, pointer)
            if at < 0:
                break
            if at > offset:
                break
            found = row
            pointer = at + len(words)
        return found

    def _block_lines(
        self, block: Block, width: int, stacked: bool, first_link: int, active: int
    ) -> tuple[list[Content], dict[int, int]]:
        """One block's lines and the line (within them) of each of its links."""
        lines: list[Content] = [Content("")] * block.gap
        link_line: dict[int, int] = {}
        index = first_link
        gutter_lines: list[Content] = []
        if block.gutter is not None:
            gutter = self._content(block.gutter, index, active)
            for n in range(len(block.gutter.links)):
                link_line[index + n] = len(lines)
            index += len(block.gutter.links)
            gutter_lines = self._wrap(gutter, width if stacked else self.gutter_width - 1)
        body = self._content(block.body, index, active)
        if stacked or not self.gutter_width or block.gutter is None:
            body_lines = self._wrap(body, width)
            lines += gutter_lines
            body_at = len(lines)
            lines += body_lines
        else:
            body_lines = self._wrap(body, width - self.gutter_width)
            body_at = len(lines)
            for row in range(max(len(body_lines), len(gutter_lines))):
                left = gutter_lines[row] if row < len(gutter_lines) else Content("")
                right = body_lines[row] if row < len(body_lines) else Content("")
                lines.append(left.pad_right(self.gutter_width - left.cell_length) + right)
        for n, link in enumerate(block.body.links):
            link_line[index + n] = body_at + self._line_of(block.body.text, body_lines, link.start)
        return lines, link_line

    def lines(self, width: int) -> tuple[list[Content], dict[int, int]]:
        """The wrapped lines at ``width`` and the line each link starts on.

        Blocks are cached one by one: moving the cursor redraws only the
        blocks it leaves and enters.
        """
        active = self.cursor if self.has_focus else -1
        theme = self.app.theme
        lines: list[Content] = []
        link_line: dict[int, int] = {}
        index = 0
        stacked = width - self.gutter_width < NARROW
        for number, block in enumerate(self.blocks_for(width)):
            count = len(block.body.links) + (len(block.gutter.links) if block.gutter is not None else 0)
            mine = active if index <= active < index + count else -1
            key = (number, width, mine, theme)
            cached = self._lines_cache.get(key)
            if cached is None:
                cached = self._block_lines(block, width, stacked, index, mine)
                self._lines_cache[key] = cached
            block_lines, block_links = cached
            for link, row in block_links.items():
                link_line[link] = len(lines) + row
            lines += block_lines
            index += count
        if len(self._lines_cache) > 8 * max(1, len(self.blocks)) + 64:
            self._lines_cache.clear()
        return lines, link_line

    def render(self) -> Content:
        lines, _ = self.lines(self.content_size.width)
        return Content("\n").join(lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width)[0])

    def watch_cursor(self) -> None:
        self.refresh()

    # -- moving ------------------------------------------------------------

    @property
    def current(self) -> Link | None:
        return self.links[self.cursor] if 0 <= self.cursor < len(self.links) else None

    def _scope(self) -> Widget:
        for node in self.ancestors:
            if isinstance(node, Widget) and node.has_class("link-scope"):
                return node
        return self.screen

    def _neighbour(self, step: int) -> LinkText | None:
        """The next (or previous) LinkText with links in this one's scope, in focus order."""
        scope = self._scope()
        chain = [w for w in self.screen.focus_chain if isinstance(w, LinkText) and scope in w.ancestors]
        if self not in chain:
            return None
        at = chain.index(self) + step
        return chain[at] if 0 <= at < len(chain) else None

    def action_cursor_down(self) -> None:
        if self.cursor < len(self.links) - 1:
            self.cursor += 1
            self.scroll_to_cursor()
        elif (after := self._neighbour(1)) is not None:
            after.cursor = 0
            self.screen.set_focus(after)
        else:
            self._scope().scroll_end(animate=False)

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1
            self.scroll_to_cursor()
        elif (before := self._neighbour(-1)) is not None:
            before.cursor = len(before.links) - 1
            self.screen.set_focus(before)
            self.call_after_refresh(before.scroll_to_cursor)
        else:
            self._scope().scroll_home(animate=False)

    def action_cursor_first(self) -> None:
        self.cursor = 0
        self.scroll_to_cursor()

    def action_cursor_last(self) -> None:
        self.cursor = max(0, len(self.links) - 1)
        self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        """Bring the cursor's line into view, not just the top of this widget."""
        _, link_line = self.lines(self.content_size.width)
        line = link_line.get(self.cursor, 0)
        for node in self.ancestors:
            if isinstance(node, Widget) and node.allow_vertical_scroll:
                top = self.region.y + self.gutter.top - node.region.y - node.gutter.top + node.scroll_offset.y
                node.scroll_to_region(Region(0, top + line, 1, 1), animate=False, spacing=None)
                return

    def action_open(self) -> None:
        if (link := self.current) is not None:
            self.post_message(self.Opened(self, link))

    def action_open_link(self, index: int) -> None:
        if 0 <= index < len(self.links):
            self.cursor = index
            self.screen.set_focus(self)
            self.post_message(self.Opened(self, self.links[index]))
