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


class Paragraph(NamedTuple):
    id: int
    section: Section
    claims: list[Claim]


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


class Dispute(NamedTuple):
    """A quantity the article counts more than once, in a line: how many figures, lowest, highest."""

    key: str
    label: str
    outcome: str | None
    figures: int
    low: float | None
    high: float | None


class Overview(NamedTuple):
    title: str
    source_url: str
    licence: str
    infobox: list[InfoboxRow]
    lead: list[list[Claim]]  # paragraphs of the lead, each a list of sentences
    stats: Stats
    disputes: list[Dispute]  # quantities whose figures disagree, most figures first
