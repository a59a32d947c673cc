"""The help screen: every key, read from the bindings themselves so it cannot drift from them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from konna_tui.ui.widgets.doc import Doc
from konna_tui.ui.widgets.linktext import Block, LinkText

ABOUT = (
    "Every number is a link: it opens the sentence it comes from, who said it, and every other "
    "figure for the same thing. Views (claim, entity, source) stack like a browser's pages."
)
KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "question_mark": "?",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
}


def keys_of(binding: Binding) -> str:
    return " or ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


def rows_of(bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(keys, what) for each binding; the pane keys 1-6 folded into one row."""
    rows: list[tuple[str, str]] = []
    panes: list[Binding] = []
    for b in bindings:
        if not isinstance(b, Binding):
            continue
        if b.action.startswith("show_pane("):
            panes.append(b)
            continue
        rows.append((keys_of(b), b.tooltip or b.description.lower()))
    if panes:
        names = ", ".join(b.description for b in panes)
        rows.insert(0, (f"{panes[0].key} … {panes[-1].key}", f"show a pane: {names}"))
    return rows


EXTRA_KEYS = [
    ("tab or shift+tab", "next / previous block of links"),
    ("page up or page down", "scroll the pane or view"),
]


class HelpScreen(ModalScreen[None]):
    AUTO_FOCUS = "#help"
    BINDINGS = [Binding("escape,q,question_mark,backspace", "close", "Close")]

    def compose(self) -> ComposeResult:
        palette = self.app.COMMAND_PALETTE_BINDING
        groups = [
            (
                "Anywhere",
                [
                    *rows_of(list(self.app.BINDINGS)),
                    (palette, "command palette: panes, phases, sources, entities, themes"),
                ],
            ),
            (
                "In text, lists and charts",
                [*rows_of(list(LinkText.BINDINGS)), *EXTRA_KEYS, ("click", "open a link with the mouse")],
            ),
        ]
        width = max(len(keys) for _, rows in groups for keys, _ in rows) + 2
        blocks = [Block(Doc().add(ABOUT))]
        for title, rows in groups:
            blocks.append(Block(Doc().add(title, "heading"), gap=1))
            blocks += [Block(Doc().add(what), gutter=Doc().add(keys, "label")) for keys, what in rows]
        blocks.append(Block(Doc().add("Escape, ? or q closes this help.", "muted"), gap=1))
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "konna-tui keys"
            yield LinkText(blocks, gutter_width=width, id="help-text")

    def action_close(self) -> None:
        self.dismiss()
