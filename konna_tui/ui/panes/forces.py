"""Forces: the sides side by side (units and commanders, equipment, strength), then every estimate."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from konna_tui.queries.forces import forces
from konna_tui.queries.records import EntityRef, ForceNode, Role, Side
from konna_tui.ui import format as fmt
from konna_tui.ui.panes.base import Pane, heading, note, sourced_sections
from konna_tui.ui.widgets.chart import EstimateChart, estimate_rows
from konna_tui.ui.widgets.doc import Doc, Target
from konna_tui.ui.widgets.linktext import Block, LinkText


def entity_link(doc: Doc, entity: EntityRef) -> Doc:
    return doc.link(entity.name, Target("entity", entity.id), "entity")


def leader_words(doc: Doc, leaders: list[Role]) -> Doc:
    """'  commander Didier Dacko, Pascal Berthe · head X': people grouped by role."""
    by_role: dict[str, list[EntityRef]] = {}
    for role in leaders:
        names = by_role.setdefault(role.role, [])
        if role.holder not in names:
            names.append(role.holder)
    for n, (words, people) in enumerate(by_role.items()):
        doc.add(f"{' ·' if n else ' '} {words} ", "muted")
        for k, person in enumerate(people):
            if k:
                doc.add(", ", "muted")
            entity_link(doc, person)
    return doc


def tree_blocks(nodes: list[ForceNode]) -> list[Block]:
    """The order of battle drawn as a tree (├ └ │), so it reads without colour."""
    blocks = []
    open_levels: list[bool] = []  # per depth: whether that ancestor has siblings still to come
    for node in nodes:
        del open_levels[node.depth :]
        prefix = "".join("│ " if more else "  " for more in open_levels[1:])
        if node.depth:
            prefix += "└ " if node.last else "├ "
        open_levels.append(not node.last)
        doc = Doc().add(prefix, "grid")
        entity_link(doc, node.entity)
        if node.depth == 0:
            doc.add(f"  {fmt.entity_type(node.entity.type)}", "muted")
        leader_words(doc, node.leaders)
        blocks.append(Block(doc))
    return blocks


def person_doc(person: EntityRef, role: Role | None) -> Doc:
    doc = entity_link(Doc(), person)
    if role is not None:
        doc.add(f"  {role.role}", "muted")
        if role.of is not None:
            entity_link(doc.add(" of ", "muted"), role.of)
    return doc


def side_blocks(side: Side) -> list[Block]:
    blocks: list[Block] = []

    def section(title: str) -> None:
        blocks.append(Block(Doc().add(title, "heading"), gap=1 if blocks else 0))

    if side.strengths:
        section("Strength")
        blocks += estimate_rows(side.strengths)
    if side.order_of_battle:
        section("Order of battle")
        blocks += tree_blocks(side.order_of_battle)
    if side.equipment:
        section("Equipment")
        doc = Doc()
        for n, item in enumerate(side.equipment):
            if n:
                doc.add(" · ", "muted")
            entity_link(doc, item)
        blocks.append(Block(doc))
    if side.people:
        section("People")
        blocks += [Block(person_doc(p, r)) for p, r in side.people]
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
        charts = [q for side in sides for q in side.strengths if len(q.estimates) > 1]
        charts += [q for q in unplaced if len(q.estimates) > 1]
        if charts:
            yield heading("Strength estimates compared")
            for quantity in charts:
                yield EstimateChart(quantity, classes="chart")
        yield from sourced_sections(self.conn, "forces")
