"""Plain dataclasses the queries return: the UI's whole view of the database.

Offsets in these records are relative to the claim's text (``Figure.start``
indexes ``Claim.text``), so a widget can highlight a figure without knowing
where the claim sits in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A stretch of a claim's text: ``claim.text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Figure:
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


@dataclass(frozen=True)
class Mention:
    entity_id: int
    entity_name: str
    entity_type: str
    start: int  # offset into the claim's text
    end: int
    text: str


@dataclass(frozen=True)
class SourceRef:
    id: int
    slug: str
    name: str
    type: str
    side: str | None
    entity_id: int | None


@dataclass(frozen=True)
class Attribution:
    id: int
    source: SourceRef
    via: SourceRef | None
    cue: str | None
    cue_start: int | None  # offset into the claim's text
    cue_end: int | None
    method: str
    said_on: str | None


@dataclass(frozen=True)
class Event:
    id: int
    claim_id: int
    phase: int | None
    start: str
    end: str
    precision: str
    raw: str
    label: str


@dataclass
class Claim:
    """A sentence or infobox field, with everything drawn on it."""

    id: int
    section_id: int
    paragraph_id: int | None
    kind: str
    ordinal: int
    text: str
    figures: list[Figure] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def voice(self, figure: Figure) -> list[Attribution]:
        """Who speaks for a figure: its clause's attributions, else the whole sentence's."""
        own = [a for a in self.attributions if a.id in figure.voice]
        return own or self.attributions


@dataclass(frozen=True)
class Section:
    id: int
    parent_id: int | None
    level: int
    ordinal: int
    title: str
    phase: int | None


@dataclass
class Estimate:
    """One figure for a quantity, with the sentence and who gave it (the figure's own voice)."""

    figure: Figure
    claim_text: str
    attributions: list[Attribution]
    section_title: str


@dataclass
class Quantity:
    key: str
    label: str
    side: str | None
    unit: str | None
    outcome: str | None
    estimates: list[Estimate] = field(default_factory=list)


@dataclass
class InfoboxRow:
    key: str
    label: str
    value: str
    claim: Claim  # the infobox claim; figures and mentions are relative to its text
    value_start: int  # where the value starts within claim.text


@dataclass(frozen=True)
class Stats:
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


@dataclass
class Overview:
    title: str
    source_url: str
    licence: str
    infobox: list[InfoboxRow]
    lead: list[list[Claim]]  # paragraphs of the lead, each a list of sentences
    stats: Stats


@dataclass
class Paragraph:
    id: int
    section: Section
    claims: list[Claim]


@dataclass
class Phase:
    number: int
    section: Section
    paragraphs: list[Paragraph]
    first: str | None  # earliest event start, ISO
    last: str | None
    involved: list[EntityRef]


@dataclass(frozen=True)
class EntityRef:
    id: int
    slug: str
    name: str
    type: str
    side: str | None


@dataclass(frozen=True)
class Role:
    holder: EntityRef
    role: str
    of: EntityRef | None
    of_text: str | None
    claim_id: int | None


@dataclass
class ClaimDetail:
    claim: Claim
    section: Section
    parent_section: Section | None
    paragraph: list[Claim]  # the whole paragraph, this claim among them
    competing: list[Quantity]  # quantities the claim's figures estimate, with all estimates
    supports: dict[int, list[Estimate]]  # infobox figure id -> body figures backing it
    supported_by: dict[int, list[int]]  # body figure id -> infobox figure ids it backs


@dataclass
class EntityDetail:
    entity: EntityRef
    description: str | None
    aliases: list[str]
    roles: list[Role]  # roles it holds and roles held over it
    claims: list[Claim]
    phases: list[Section]
    source: SourceRef | None  # when this entity is also a source


@dataclass
class SourceDetail:
    source: SourceRef
    entity: EntityRef | None
    claims: list[Claim]  # claims it says or carries
    estimates: list[Estimate]  # every figure it speaks for (each figure's own voice)
    phases: list[Section]


@dataclass(frozen=True)
class ForceNode:
    """A unit, force or group in a side's order of battle, at its depth in the tree."""

    entity: EntityRef
    depth: int
    leaders: list[Role]  # roles people hold over it (commander, emir...)
    last: bool  # last child of its parent (for drawing the tree)


@dataclass
class Side:
    """One column of the Forces pane: the sides fighting together."""

    number: int
    sides: list[str]
    label: str
    order_of_battle: list[ForceNode]  # pre-order: each parent before its units
    people: list[tuple[EntityRef, Role | None]]  # each person with the role that best says who they are
    equipment: list[EntityRef]
    strengths: list[Quantity]
