"""InfoboxCard: the article's infobox as label/value rows, every figure linked.

Infobox figures also carry whether a sentence of the body backs them (✓) or
not (✗): the infobox is where a reader looks first, and where numbers most
often lose their source.
"""

from __future__ import annotations

from konna_tui.queries.models import InfoboxRow
from konna_tui.ui.widgets.doc import Doc, Target
from konna_tui.ui.widgets.linktext import Block, LinkText

SUPPORT_MARKS = {"supported": ("✓", "good"), "unsupported": ("✗", "bad")}


def infobox_value(row: InfoboxRow) -> Doc:
    """The field's value with figures linked and their support marked."""
    claim = row.claim
    doc = Doc()
    pos = row.value_start
    for figure in claim.figures:
        if figure.start < pos:
            continue
        doc.add(claim.text[pos : figure.start])
        doc.link(
            claim.text[figure.start : figure.end], Target("claim", claim.id, figure.id), "figure", figure.raw
        )
        if figure.support in SUPPORT_MARKS:
            mark, kind = SUPPORT_MARKS[figure.support]
            doc.add(mark, kind)
        pos = figure.end
    doc.add(claim.text[pos:])
    return doc


class InfoboxCard(LinkText):
    """Every infobox field as one row: label in the gutter, value beside it."""

    def __init__(self, rows: list[InfoboxRow], *, id: str | None = None) -> None:
        blocks = [Block(infobox_value(row), gutter=Doc().add(row.label, "label")) for row in rows]
        longest = max((len(row.label) for row in rows), default=0)
        super().__init__(blocks, gutter_width=min(longest + 2, 20), id=id, classes="card")
