"""Overview: the infobox as a card, the lead, and how far the body backs the infobox."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from konna_tui.queries.overview import overview
from konna_tui.ui.panes.base import Pane, heading, note
from konna_tui.ui.widgets.doc import Doc, claim_doc
from konna_tui.ui.widgets.infobox import InfoboxCard
from konna_tui.ui.widgets.linktext import Block, LinkText


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


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
            credit = f"Text: Wikipedia, {data.source_url} ({data.licence})."
            blocks.append(Block(Doc().add(credit, "muted"), gap=1))
            yield LinkText(blocks, id="lead")
