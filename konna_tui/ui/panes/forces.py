"""Forces: the sides side by side (units and commanders, equipment, strength), then every estimate."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from konna_tui.queries.forces import forces
from konna_tui.queries.models import EntityRef, Quantity, Role, Side
from konna_tui.queries.sections import pane_sections, paragraphs
from konna_tui.ui import format as fmt
from konna_tui.ui.panes.base import Pane, heading, note
from konna_tui.ui.widgets.chart import EstimateChart, source_words
from konna_tui.ui.widgets.doc import Doc, Target
from konna_tui.ui.widgets.linktext import Block, LinkText
from konna_tui.ui.widgets.timeline import SourcedText


def entity_link(doc: Doc, entity: EntityRef) -> Doc:
    return doc.link(entity.name, Target("entity", entity.id), "entity")


def role_words(doc: Doc, role: Role, *, holder: bool) -> Doc:
    """'commanded by X' (holder=True) or 'commander of Y'."""
    if holder:
        doc.add(f"  {role.role}: ", "muted")
        return entity_link(doc, role.holder)
    doc.add(f"  {role.role} of ", "muted")
    if role.of is not None:
        return entity_link(doc, role.of)
    return doc.add(role.of_text or "", "muted")


def strength_rows(quantities: list[Quantity]) -> list[Block]:
    blocks = []
    for quantity in quantities:
        blocks.append(Block(Doc().add(quantity.label, "label")))
        for estimate in quantity.estimates:
            f = estimate.figure
            doc = Doc().add("  ").link(f.raw, Target("claim", f.claim_id, f.id), "figure", f.raw)
            doc.add("  " + source_words(estimate), "muted")
            blocks.append(Block(doc))
    return blocks


def side_blocks(side: Side) -> list[Block]:
    blocks: list[Block] = []

    def section(title: str) -> None:
        blocks.append(Block(Doc().add(title, "heading"), gap=1 if blocks else 0))

    if side.units:
        section("Units")
        for unit, roles in side.units:
            doc = entity_link(Doc(), unit).add(f"  {fmt.entity_type(unit.type)}", "muted")
            for role in roles:
                role_words(doc, role, holder=True)
            blocks.append(Block(doc))
    if side.people:
        section("Commanders and leaders")
        for person, roles in side.people:
            doc = entity_link(Doc(), person)
            for role in roles:
                role_words(doc, role, holder=False)
            blocks.append(Block(doc))
    if side.equipment:
        section("Equipment")
        doc = Doc()
        for n, item in enumerate(side.equipment):
            if n:
                doc.add(" · ", "muted")
            entity_link(doc, item)
        blocks.append(Block(doc))
    if side.strengths:
        section("Strength")
        blocks += strength_rows(side.strengths)
    return blocks


class ForcesPane(Pane):
    def compose(self) -> ComposeResult:
        sides, unplaced = forces(self.conn)
        if sides:
            with Horizontal(id="forces-columns"):
                for side in sides:
                    with Vertical(classes="side-column"):
                        yield heading(side.label or f"Side {side.number}", classes="side-title")
                        blocks = side_blocks(side)
                        if blocks:
                            yield LinkText(blocks)
                        else:
                            yield note("Nothing in the article names this side's units.")
        else:
            yield note("The article does not say who fought on which side.")
        charts = [q for side in sides for q in side.strengths] + unplaced
        if charts:
            yield heading("Strength estimates compared")
            for quantity in charts:
                yield EstimateChart(quantity, classes="chart")
        for section in pane_sections(self.conn)["forces"]:
            paras = paragraphs(self.conn, [section])
            if paras:
                yield heading(f"The text: {section.title}")
                for paragraph in paras:
                    yield SourcedText(paragraph)
