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
    def compose(self) -> ComposeResult:
        data = overview(self.conn)
        s = data.stats
        yield heading(data.title, classes="title")
        yield note(
            f"{plural(s.sentences, 'sentence')} · {plural(s.figures, 'figure')} · "
            f"{plural(s.quantities, 'quantity', 'quantities')} counted more than once, "
            f"{s.contested} disputed · {plural(s.sources, 'named source')} · "
            f"{plural(s.entities, 'entity', 'entities')} · {plural(s.events, 'dated event')}"
        )
        with Vertical(id="overview-columns"):
            with Vertical(id="overview-infobox"):
                yield heading("Infobox")
                if data.infobox:
                    yield InfoboxCard(data.infobox, id="infobox")
                    if s.infobox_figures:
                        yield note(
                            f"The body backs {s.infobox_supported} of the infobox's {s.infobox_figures} "
                            f"figures: ✓ a sentence of the body gives the same number, ✗ none does."
                        )
                else:
                    yield note("This article has no infobox.")
            with Vertical(id="overview-lead"):
                yield heading("Summary")
                blocks = []
                for n, paragraph in enumerate(data.lead):
                    doc = Doc()
                    for claim in paragraph:
                        doc.extend(claim_doc(claim)).add(" ")
                    blocks.append(Block(doc, gap=1 if n else 0))
                if blocks:
                    yield LinkText(blocks, id="lead")
        yield note(f"Text: Wikipedia, {data.source_url} ({data.licence}).")
