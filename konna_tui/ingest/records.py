"""Records the extraction stages return, before the build gives them ids.

Claims are referred to by their index in ``Article.claims``; entities and
sources by their slug; figures by their index in the figure list. Offsets are
always into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Figure:
    """A quantity in the text: ``article.text[start:end] == raw`` always holds."""

    claim: int
    start: int
    end: int
    raw: str
    low: float | None
    best: float | None
    high: float | None
    qualifier: str  # exact, about, at_least, at_most, range, vague
    unit: str | None = None  # soldiers, fighters, vehicles, km...
    side: str | None = None  # mali, france, islamists, civilians...
    outcome: str | None = None  # killed, wounded, destroyed, engaged...
    quantity_key: str | None = None
    method: str = "rule"  # rule or curated
    support: str | None = None  # infobox figures: supported / unsupported
    note: str | None = None  # why a curated row read it so


@dataclass
class NonQuantity:
    """A number that is not a quantity, kept with the reason it is not one."""

    claim: int | None
    start: int
    end: int
    raw: str
    category: str  # identifier, ordinal, date, year, time, wiki_markup, field_key, other
    note: str = ""


@dataclass
class Quantity:
    key: str
    label: str
    side: str | None
    unit: str | None
    outcome: str | None
    ordinal: int = 0


@dataclass
class Support:
    """An infobox figure backed by a body figure (both indices into the figure list)."""

    figure: int
    supporting_figure: int


@dataclass
class Entity:
    slug: str
    name: str
    type: str  # person, armed_group, state_force, unit, equipment, place, organisation, media
    side: str | None = None
    description: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Mention:
    entity: str  # entity slug
    claim: int
    start: int
    end: int
    text: str


@dataclass
class Role:
    entity: str  # entity slug
    role: str
    of_entity: str | None
    of_text: str | None
    claim: int | None


@dataclass
class Source:
    slug: str
    name: str
    type: str  # article, belligerent, armed_group, ngo, news_media, journalist_historian,
    #            witness_resident, local_official, intelligence_service, unknown
    side: str | None = None
    entity: str | None = None  # entity slug when the source is a known entity


@dataclass
class Attribution:
    claim: int
    source: str  # source slug
    via: str | None = None  # source slug of the outlet
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    method: str = "cue"  # cue, carried, curated, article
    said_on: str | None = None  # ISO date the claim was made


@dataclass
class Event:
    claim: int
    start: str  # ISO 8601 date or datetime
    end: str
    precision: str  # time, part_of_day, night, day, day_range, month, year
    raw: str
    raw_start: int
    raw_end: int
    label: str


@dataclass
class Extraction:
    """Everything extracted from one article."""

    figures: list[Figure] = field(default_factory=list)
    non_quantities: list[NonQuantity] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    supports: list[Support] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figure_attributions: list[tuple[int, int]] = field(default_factory=list)  # (figure, attribution)
    warnings: list[str] = field(default_factory=list)
