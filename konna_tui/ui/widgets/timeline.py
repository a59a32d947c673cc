"""Timeline and SourcedText: a section's sentences one per row, dated or attributed in the gutter.

Every sentence can be opened (a sentence without figures is itself a link);
every figure in it is a link of its own, so j/k walk events and figures in
reading order.
"""

from __future__ import annotations

from konna_tui.queries.models import Claim, Paragraph
from konna_tui.ui import format as fmt
from konna_tui.ui.widgets.doc import Doc, Target, claim_doc
from konna_tui.ui.widgets.linktext import Block, LinkText

DATE_WIDTH = 16
SOURCE_WIDTH = 22


def date_gutter(claim: Claim) -> Doc:
    if not claim.events:
        return Doc()
    return Doc().add(fmt.event_label(claim.events[0]), "date")


def source_gutter(claim: Claim) -> Doc:
    named = fmt.named_sources(claim.attributions)
    doc = Doc()
    for n, a in enumerate(named):
        if n:
            doc.add(", ", "muted")
        doc.link(a.source.name, Target("source", a.source.id), "source")
    return doc


class Timeline(LinkText):
    """Sentences, each dated in the gutter when the text dates it."""

    def __init__(self, claims: Paragraph | list[Claim], *, gap: int = 0, id: str | None = None) -> None:
        if isinstance(claims, Paragraph):
            claims = claims.claims
        blocks = [
            Block(claim_doc(claim, claim_link=True), gutter=date_gutter(claim), gap=gap if n == 0 else 0)
            for n, claim in enumerate(claims)
        ]
        super().__init__(blocks, gutter_width=DATE_WIDTH, id=id, classes="timeline")


class SourcedText(LinkText):
    """Sentences, each with who says it in the gutter (a link to the source)."""

    def __init__(self, claims: Paragraph | list[Claim], *, gap: int = 0, id: str | None = None) -> None:
        if isinstance(claims, Paragraph):
            claims = claims.claims
        blocks = [
            Block(claim_doc(claim, claim_link=True, cue=False), gutter=source_gutter(claim), gap=gap)
            for claim in claims
        ]
        super().__init__(blocks, gutter_width=SOURCE_WIDTH, id=id, classes="sourced")
