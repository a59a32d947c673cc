"""Overview: the infobox as a card, the lead, and how far the body backs the infobox."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from konna_tui.queries.models import Dispute
from konna_tui.queries.overview import overview
from konna_tui.queries.sections import PANES, pane_of_outcome
from konna_tui.ui.format import number
from konna_tui.ui.panes.base import Pane, heading, note
from konna_tui.ui.widgets.doc import Doc, Target, claim_doc
from konna_tui.ui.widgets.infobox import InfoboxCard
from konna_tui.ui.widgets.linktext import Block, LinkText


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def dispute_block(dispute: Dispute) -> Block:
    """'Malian soldiers killed  11 figures, 11 to 60': a link to the pane that charts it."""
    pane = pane_of_outcome(dispute.outcome)
    body = Doc().link(dispute.label, Target("pane", PANES.index(pane)), "entity")
    body.add(f"  {dispute.figures} figures, {number(dispute.low)} to {number(dispute.high)}", "muted")
    return Block(body)


class OverviewPane(Pane):
    """Few widgets on purpose: this pane is on the first frame, and every widget costs startup."""

    def compose(self) -> ComposeResult:
        data = overview(self.conn)
        s = data.stats
        yield heading(data.title, classes="title")
        yield note(
            f"{plural(s.sentences, 'sentence')} · {plural(s.figures, 'figure')} · "
            f"{plural(s.quantities, 'quantity', 'quantities')} counted, {s.contested} disputed · "
            f"{plural(s.sources, 'named source')} · {plural(s.entities, 'entity', 'entities')} · "
            f"{plural(s.events, 'dated event')}"
        )
        with Vertical(id="overview-columns"):
            if data.infobox:
                backing = (
                    f"The body backs {s.infobox_supported} of the infobox's {s.infobox_figures} figures: "
                    f"✓ a sentence of the body gives the same number, ✗ none does."
                    if s.infobox_figures
                    else ""
                )
                yield InfoboxCard(
                    data.infobox, title="Infobox", note=backing, article=data.title, id="infobox"
                )
            else:
                yield note("This article has no infobox.")
            blocks = [Block(Doc().add("Summary", "heading"))]
            for paragraph in data.lead:
                doc = Doc()
                for claim in paragraph:
                    doc.extend(claim_doc(claim)).add(" ")
                blocks.append(Block(doc, gap=1 if len(blocks) > 1 else 0))
            if data.disputes:
                blocks.append(Block(Doc().add("Disputed counts", "heading"), gap=1))
                blocks += [dispute_block(d) for d in data.disputes]
            credit = f"Text: Wikipedia, {data.source_url} ({data.licence})."
            blocks.append(Block(Doc().add(credit, "muted"), gap=1))
            yield LinkText(blocks, id="lead")
