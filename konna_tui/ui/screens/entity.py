"""The entity view: what something is, its names and roles, and every claim that names it."""

from __future__ import annotations

from textual.widget import Widget

from konna_tui.queries.entities import entity_detail
from konna_tui.queries.models import Section
from konna_tui.queries.records import EntityDetail, Role
from konna_tui.ui import format as fmt
from konna_tui.ui.screens.view import ViewScreen, line, section
from konna_tui.ui.widgets.doc import Doc, Target
from konna_tui.ui.widgets.linktext import Block, LinkText
from konna_tui.ui.widgets.timeline import Timeline


def role_block(role: Role, entity_id: int) -> Block:
    """'commander of X' for roles it holds; 'X: commander' for roles held over it."""
    doc = Doc()
    if role.holder.id == entity_id:
        doc.add(f"{role.role} of ")
        if role.of is not None:
            doc.link(role.of.name, Target("entity", role.of.id), "entity")
        else:
            doc.add(role.of_text or "?", "muted")
    else:
        doc.link(role.holder.name, Target("entity", role.holder.id), "entity").add(f" is its {role.role}")
    if role.claim_id is not None:
        doc.add("  ").link("(sentence)", Target("claim", role.claim_id), "claim")
    return Block(doc)


def phase_doc(phases: list[Section]) -> Doc:
    doc = Doc()
    for n, phase in enumerate(phases):
        if n:
            doc.add(" · ", "muted")
        assert phase.phase is not None
        doc.link(f"Phase {phase.phase}: {phase.title}", Target("phase", phase.phase), "phase")
    return doc


class EntityScreen(ViewScreen):
    QUERY = staticmethod(entity_detail)

    def __init__(self, detail: EntityDetail) -> None:
        self.detail = detail
        super().__init__(f"{fmt.entity_type(detail.entity.type).capitalize()} · {detail.entity.name}")

    def body(self) -> list[Widget]:
        d = self.detail
        e = d.entity
        facts = [("Type", fmt.entity_type(e.type))]
        if e.side:
            facts.append(("Side", fmt.side(e.side)))
        if d.aliases:
            facts.append(("Also called", ", ".join(d.aliases)))
        if d.description:
            facts.append(("What", d.description))
        widgets: list[Widget] = [
            section(e.name),
            LinkText([Block(Doc().add(v), gutter=Doc().add(k, "label")) for k, v in facts], gutter_width=13),
        ]
        if d.source is not None:
            doc = Doc().add("Also a source: ").link(d.source.name, Target("source", d.source.id), "source")
            widgets.append(LinkText(doc))
        if d.roles:
            widgets += [section("Roles"), LinkText([role_block(r, e.id) for r in d.roles])]
        if d.phases:
            widgets += [section("Battle phases it appears in"), LinkText(phase_doc(d.phases))]
        widgets.append(section(f"Sentences that name it ({len(d.claims)})"))
        if d.claims:
            widgets.append(Timeline(d.claims))
        else:
            widgets.append(line("No sentence names it.", classes="hint"))
        return widgets
