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
    """The field's value with figures linked and their support marked; wiki leftovers left out."""
    claim = row.claim
    doc = Doc()
    pos = row.value_start
    pieces = [(f.start, f.end, f) for f in claim.figures] + [(s, e, None) for s, e in row.markup]
    for start, end, figure in sorted(pieces, key=lambda p: p[0]):
        if start < pos:
            continue
        doc.add(claim.text[pos:start])
        if figure is None:  # "25px" and the like: not the article's words
            pos = end + (1 if claim.text[end : end + 1] == " " else 0)
            continue
        doc.link(claim.text[start:end], Target("claim", claim.id, figure.id), "figure", figure.raw)
        if figure.support in SUPPORT_MARKS:
            mark, kind = SUPPORT_MARKS[figure.support]
            doc.add(mark, kind)
        pos = end
    doc.add(claim.text[pos:])
    return doc


class InfoboxCard(LinkText):
    """Every infobox field as one row: label in the gutter, value beside it; a title and a note around."""

    def __init__(
        self,
        rows: list[InfoboxRow],
        *,
        title: str = "",
        note: str = "",
        article: str = "",
        id: str | None = None,
    ) -> None:
        title_of_article = article.strip()  # a field repeating the article's title says nothing
        blocks = [Block(Doc().add(title, "heading"))] if title else []
        blocks += [
            Block(infobox_value(row), gutter=Doc().add(row.label, "label"))
            for row in rows
            if row.value.strip() != title_of_article
        ]
        if note:
            blocks.append(Block(Doc().add(note, "muted")))
        longest = max((len(row.label) for row in rows), default=0)
        super().__init__(blocks, gutter_width=min(longest + 2, 20), id=id, classes="card")
