"""The source view: who a source is, every figure it gave, and every claim it makes or carries."""

from __future__ import annotations

from textual.widget import Widget

from konna_tui.queries.records import SourceDetail
from konna_tui.queries.sources import source_detail
from konna_tui.ui import format as fmt
from konna_tui.ui.screens.entity import phase_doc
from konna_tui.ui.screens.view import ViewScreen, line, section
from konna_tui.ui.widgets.doc import Doc, Target
from konna_tui.ui.widgets.linktext import Block, LinkText
from konna_tui.ui.widgets.timeline import Timeline


class SourceScreen(ViewScreen):
    QUERY = staticmethod(source_detail)

    def __init__(self, detail: SourceDetail) -> None:
        self.detail = detail
        super().__init__(f"Source · {detail.source.name}")

    def body(self) -> list[Widget]:
        d = self.detail
        s = d.source
        facts = [Block(Doc().add(fmt.source_type(s.type)), gutter=Doc().add("Type", "label"))]
        if s.side:
            facts.append(Block(Doc().add(fmt.side(s.side)), gutter=Doc().add("Side", "label")))
        if d.entity is not None:
            doc = Doc().link(d.entity.name, Target("entity", d.entity.id), "entity")
            facts.append(
                Block(
                    doc.add(f"  {fmt.entity_type(d.entity.type)}", "muted"), gutter=Doc().add("Is", "label")
                )
            )
        widgets: list[Widget] = [section(s.name), LinkText(facts, gutter_width=8)]
        widgets.append(section(f"Figures it gave ({len(d.estimates)})"))
        if d.estimates:
            blocks = []
            for e in d.estimates:
                f = e.figure
                doc = Doc().link(f.raw, Target("claim", f.claim_id, f.id), "figure", f.raw)
                words = " · ".join(x for x in (f.unit, f.outcome, fmt.side(f.side) if f.side else None) if x)
                doc.add(f"  {words}" if words else "", "muted")
                blocks.append(Block(doc))
            widgets.append(LinkText(blocks))
        else:
            widgets.append(line("It gives no figure.", classes="hint"))
        if d.phases:
            widgets += [section("Battle phases it speaks about"), LinkText(phase_doc(d.phases))]
        widgets.append(section(f"What it says ({len(d.claims)} sentences)"))
        if d.claims:
            widgets.append(Timeline(d.claims))
        return widgets
