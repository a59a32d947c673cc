"""Records for the panes and views opened after the first frame: estimates, phases, entities,
sources, forces. Kept apart from ``models`` so that none of them is created at startup."""

from __future__ import annotations

from typing import NamedTuple

from konna_tui.queries.models import Attribution, Claim, Figure, Paragraph, Section, SourceRef


class EntityRef(NamedTuple):
    id: int
    slug: str
    name: str
    type: str
    side: str | None


class Role(NamedTuple):
    holder: EntityRef
    role: str
    of: EntityRef | None
    of_text: str | None
    claim_id: int | None


class Estimate(NamedTuple):
    """One figure for a quantity, with the sentence and who gave it (the figure's own voice)."""

    figure: Figure
    claim_text: str
    attributions: list[Attribution]
    section_title: str


class Quantity(NamedTuple):
    key: str
    label: str
    side: str | None
    unit: str | None
    outcome: str | None
    estimates: list[Estimate]


class Phase(NamedTuple):
    number: int
    section: Section
    paragraphs: list[Paragraph]
    first: str | None  # earliest event start, ISO
    last: str | None
    involved: list[EntityRef]


class ClaimDetail(NamedTuple):
    claim: Claim
    section: Section
    parent_section: Section | None
    paragraph: list[Claim]  # the whole paragraph, this claim among them
    competing: list[Quantity]  # quantities the claim's figures estimate, with all estimates
    supports: dict[int, list[Estimate]]  # infobox figure id -> body figures backing it
    supported_by: dict[int, list[int]]  # body figure id -> infobox figure ids it backs


class EntityDetail(NamedTuple):
    entity: EntityRef
    description: str | None
    aliases: list[str]
    roles: list[Role]  # roles it holds and roles held over it
    claims: list[Claim]
    phases: list[Section]
    source: SourceRef | None  # when this entity is also a source


class SourceDetail(NamedTuple):
    source: SourceRef
    entity: EntityRef | None
    claims: list[Claim]  # claims it says or carries
    estimates: list[Estimate]  # every figure it speaks for (each figure's own voice)
    phases: list[Section]


class ForceNode(NamedTuple):
    """A unit, force or group in a side's order of battle, at its depth in the tree."""

    entity: EntityRef
    depth: int
    leaders: list[Role]  # roles people hold over it (commander, emir...)
    last: bool  # last child of its parent (for drawing the tree)


class Side(NamedTuple):
    """One column of the Forces pane: the sides fighting together."""

    number: int
    sides: list[str]
    label: str
    order_of_battle: list[ForceNode]  # pre-order: each parent before its units
    people: list[tuple[EntityRef, Role | None]]  # each person with the role that best says who they are
    equipment: list[EntityRef]
    strengths: list[Quantity]
