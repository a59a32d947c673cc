"""Plain data classes the queries return: the UI's whole view of the database.

Offsets in these records are relative to the claim's text (``Figure.start``
indexes ``Claim.text``), so a widget can highlight a figure without knowing
where the claim sits in the document.

They are typed ``NamedTuple`` classes rather than ``@dataclass`` ones: the
records are read-only, and a NamedTuple class costs about a tenth of a frozen
dataclass to create, which matters because these are imported before the
app's first frame. List fields are filled in place by the queries.
"""

from __future__ import annotations

from typing import NamedTuple


class Figure(NamedTuple):
    id: int
    claim_id: int
    start: int  # offset into the claim's text
    end: int
    raw: str
    low: float | None
    best: float | None
    high: float | None
    qualifier: str
    unit: str | None
    side: str | None
    outcome: str | None
    quantity_key: str | None
    support: str | None
    voice: tuple[int, ...] = ()  # ids of the attributions that speak for this figure (its clause's voice)


class Mention(NamedTuple):
    entity_id: int
    entity_name: str
    entity_type: str
    start: int  # offset into the claim's text
    end: int
    text: str


class SourceRef(NamedTuple):
    id: int
    slug: str
    name: str
    type: str
    side: str | None
    entity_id: int | None


class Attribution(NamedTuple):
    id: int
    source: SourceRef
    via: SourceRef | None
    cue: str | None
    cue_start: int | None  # offset into the claim's text
    cue_end: int | None
    method: str
    said_on: str | None


class Event(NamedTuple):
    id: int
    claim_id: int
    phase: int | None
    start: str
    end: str
    precision: str
    raw: str
    label: str


class Claim(NamedTuple):
    """A sentence or infobox field, with everything drawn on it."""

    id: int
    section_id: int
    paragraph_id: int | None
    kind: str
    ordinal: int
    text: str
    figures: list[Figure]
    mentions: list[Mention]
    attributions: list[Attribution]
    events: list[Event]

    def voice(self, figure: Figure) -> list[Attribution]:
        """Who speaks for a figure: its clause's attributions, else the whole sentence's."""
        own = [a for a in self.attributions if a.id in figure.voice]
        return own or self.attributions


class Section(NamedTuple):
    id: int
    parent_id: int | None
    level: int
    ordinal: int
    title: str
    phase: int | None


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


class InfoboxRow(NamedTuple):
    key: str
    label: str
    value: str
    claim: Claim  # the infobox claim; figures and mentions are relative to its text
    value_start: int  # where the value starts within claim.text
    markup: list[tuple[int, int]]  # spans of wiki leftovers (e.g. "25px") within claim.text


class Stats(NamedTuple):
    claims: int
    sentences: int
    figures: int
    quantities: int
    contested: int  # quantities with more than one distinct value
    sources: int
    entities: int
    events: int
    infobox_figures: int
    infobox_supported: int


class Overview(NamedTuple):
    title: str
    source_url: str
    licence: str
    infobox: list[InfoboxRow]
    lead: list[list[Claim]]  # paragraphs of the lead, each a list of sentences
    stats: Stats


class Paragraph(NamedTuple):
    id: int
    section: Section
    claims: list[Claim]


class Phase(NamedTuple):
    number: int
    section: Section
    paragraphs: list[Paragraph]
    first: str | None  # earliest event start, ISO
    last: str | None
    involved: list[EntityRef]


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
