"""The database contract shared by the build (writer) and the queries (reader).

Kept free of third-party imports so that the app can check a database's
version without importing sqlite-utils. Every table and column is described
here once; the build copies these descriptions into the database's metadata
(for Datasette) and the README's data model table is drawn from them.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

# Table -> (description, {column: description}). Column order is the order
# the build creates them in. Types are given in COLUMN_TYPES when not TEXT.
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "meta": (
        "Build metadata: schema version, hash of the inputs, title, source and licence.",
        {"key": "Metadata key", "value": "Metadata value"},
    ),
    "documents": (
        "One row per article built; `text` is the exact text every offset points into.",
        {
            "id": "Document id",
            "slug": "Short name derived from the file name",
            "title": "Article title (the `= Title =` line)",
            "source_file": "File name the article was read from",
            "source_url": "Wikipedia URL of the article",
            "licence": "Licence of the article text",
            "text": "Article text after newline normalisation; all offsets index into it",
            "sha256": "SHA-256 of the article file's bytes",
        },
    ),
    "sections": (
        "Headings in document order: level 1 is the lead (and the infobox), 2 is ==, 3 is ===.",
        {
            "id": "Section id",
            "document_id": "Document",
            "parent_id": "Enclosing section (a === section's == parent)",
            "level": "1 lead/infobox, 2 for ==, 3 for ===",
            "ordinal": "Position in the document, from 0",
            "title": "Heading text",
            "anchor": "URL-style anchor of the heading",
            "start": "Offset of the heading's first character",
            "end": "Offset just past the section's last character",
            "phase": "Battle phase number (1, 2, 3...) when the section is a phase of the battle",
        },
    ),
    "paragraphs": (
        "Blocks of text separated by blank lines.",
        {
            "id": "Paragraph id",
            "document_id": "Document",
            "section_id": "Section",
            "ordinal": "Position in the document, from 0",
            "start": "Offset of the first character",
            "end": "Offset just past the last character",
        },
    ),
    "claims": (
        "One row per sentence of the body, and one per infobox field.",
        {
            "id": "Claim id",
            "document_id": "Document",
            "section_id": "Section",
            "paragraph_id": "Paragraph (null for infobox claims)",
            "ordinal": "Position in the document, from 0",
            "kind": "sentence or infobox",
            "start": "Offset of the first character",
            "end": "Offset just past the last character",
            "text": "The sentence as it stands in the article",
        },
    ),
    "quantities": (
        "Things the article counts more than once: every estimate of one shares its key.",
        {
            "key": "Quantity key, e.g. mali_soldiers_killed",
            "label": "Readable name, e.g. Malian soldiers killed",
            "side": "Side the quantity is about",
            "unit": "What is counted",
            "outcome": "killed, wounded, destroyed, engaged, executed...",
            "ordinal": "Display order",
        },
    ),
    "figures": (
        "Every quantity in the text, in digits or words, with its exact span.",
        {
            "id": "Figure id",
            "document_id": "Document",
            "claim_id": "Claim (sentence or infobox field) the figure stands in",
            "start": "Offset of the figure's first character",
            "end": "Offset just past its last character",
            "raw": "The figure as written; equals documents.text[start:end]",
            "low": "Lowest value the text allows",
            "best": "Central value",
            "high": "Highest value the text allows (null when open-ended)",
            "qualifier": "exact, about, at_least, at_most, range or vague",
            "unit": "What is counted: soldiers, fighters, vehicles, km...",
            "side": "Side the figure is about: mali, france, islamists, civilians...",
            "outcome": "killed, wounded, destroyed, engaged, executed... when stated",
            "quantity_key": "Quantity this figure estimates, shared with competing estimates",
            "support": "For infobox figures: supported or unsupported by the body",
            "method": "rule or curated: how unit/side/quantity were assigned",
            "note": "Why a reviewed (curated) row reads the figure so: source, scope, wording",
        },
    ),
    "figure_support": (
        "Links an infobox figure to the body figures that support it.",
        {
            "id": "Link id",
            "figure_id": "Infobox figure",
            "supporting_figure_id": "Body figure that states the same value for the same quantity",
            "claim_id": "Claim of the supporting figure",
        },
    ),
    "figure_attributions": (
        "Who speaks for each figure: the attribution whose cue is nearest in the figure's clause.",
        {
            "id": "Link id",
            "figure_id": "Figure",
            "attribution_id": "Attribution that speaks for it (a sentence may have several voices)",
        },
    ),
    "non_quantities": (
        "Numbers that are not quantities: identifiers, ordinals, dates, times, wiki leftovers.",
        {
            "id": "Row id",
            "document_id": "Document",
            "claim_id": "Claim the number stands in",
            "start": "Offset of the first character",
            "end": "Offset just past the last character",
            "raw": "The text as written",
            "category": "identifier, ordinal, date, year, time, wiki_markup, field_key or other",
            "note": "Why it was classified so",
        },
    ),
    "sources": (
        "Who says things: the article itself, armies, groups, NGOs, media, people.",
        {
            "id": "Source id",
            "slug": "Stable short name",
            "name": "Name as shown",
            "type": "article, belligerent, armed_group, ngo, news_media, journalist_historian, "
            "witness_resident, local_official, intelligence_service or unknown",
            "side": "Side the source belongs to, if any",
            "entity_id": "The entity this source is, when it is one",
        },
    ),
    "attributions": (
        "Who says each claim, and the outlet it reached us through.",
        {
            "id": "Attribution id",
            "claim_id": "Claim",
            "source_id": "Who says it",
            "via_source_id": "Outlet it came through (news agency, newspaper), if any",
            "cue": "The words that attribute it, e.g. 'According to Human Rights Watch'",
            "cue_start": "Offset of the cue",
            "cue_end": "Offset just past the cue",
            "method": "cue, carried (from the previous sentence), curated or article",
            "said_on": "Date the claim was made, ISO 8601, when the text gives it",
        },
    ),
    "entities": (
        "People, armed groups, state forces, units, equipment, places, organisations, media.",
        {
            "id": "Entity id",
            "slug": "Stable short name",
            "name": "Canonical name",
            "type": "person, armed_group, state_force, unit, equipment, place, organisation, media",
            "side": "Side, where it has one",
            "description": "One line on who or what it is",
        },
    ),
    "aliases": (
        "Every name an entity goes by, with an accent-folded form for matching.",
        {
            "id": "Alias id",
            "entity_id": "Entity",
            "alias": "Name as written",
            "folded": "Lower-case, accent-free form",
        },
    ),
    "mentions": (
        "Every place an entity is named in a claim.",
        {
            "id": "Mention id",
            "entity_id": "Entity",
            "claim_id": "Claim",
            "start": "Offset of the first character",
            "end": "Offset just past the last character",
            "text": "The words as written",
        },
    ),
    "roles": (
        "Roles the text gives: who commanded what, who leads which group.",
        {
            "id": "Role id",
            "entity_id": "Entity holding the role",
            "role": "commander, emir, leader, member, co-pilot...",
            "of_entity_id": "Entity the role is of, when it is one",
            "of_text": "What the role is of, as written",
            "claim_id": "Claim that states it",
        },
    ),
    "events": (
        "Dated happenings for the timeline, resolved to ISO dates.",
        {
            "id": "Event id",
            "document_id": "Document",
            "claim_id": "Claim that tells it",
            "section_id": "Section it stands in",
            "phase": "Battle phase, when its section is one",
            "start": "Start, ISO 8601 (date or date and time)",
            "end": "End, ISO 8601",
            "precision": "time, part_of_day, night, day, day_range, month or year",
            "raw": "The date words as written",
            "raw_start": "Offset of the date words",
            "raw_end": "Offset just past them",
            "label": "The sentence, as the timeline shows it",
        },
    ),
    "claims_terms": (
        "Every word of claims_fts with the number of claims holding it: lets search complete a "
        "word being typed without scanning the whole index.",
        {"term": "A word as the full-text index holds it (folded)", "docs": "Claims holding it"},
    ),
    "infobox_fields": (
        "The infobox, one row per field.",
        {
            "id": "Field id",
            "document_id": "Document",
            "ordinal": "Position in the infobox",
            "key": "Field name as written (Strength1, Casualties2...)",
            "label": "Readable field name",
            "value": "Field value as written",
            "claim_id": "The infobox claim that holds the value",
            "start": "Offset of the value",
            "end": "Offset just past the value",
        },
    ),
}

INTEGER_COLUMNS = {
    "id",
    "document_id",
    "parent_id",
    "level",
    "ordinal",
    "start",
    "end",
    "phase",
    "section_id",
    "paragraph_id",
    "claim_id",
    "figure_id",
    "supporting_figure_id",
    "source_id",
    "via_source_id",
    "attribution_id",
    "cue_start",
    "cue_end",
    "entity_id",
    "of_entity_id",
    "raw_start",
    "raw_end",
}
FLOAT_COLUMNS = {"low", "best", "high"}

# Foreign keys: (table, column) -> (other table, other column).
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("sections", "document_id"): ("documents", "id"),
    ("sections", "parent_id"): ("sections", "id"),
    ("paragraphs", "document_id"): ("documents", "id"),
    ("paragraphs", "section_id"): ("sections", "id"),
    ("claims", "document_id"): ("documents", "id"),
    ("claims", "section_id"): ("sections", "id"),
    ("claims", "paragraph_id"): ("paragraphs", "id"),
    ("figures", "document_id"): ("documents", "id"),
    ("figures", "claim_id"): ("claims", "id"),
    ("figures", "quantity_key"): ("quantities", "key"),
    ("figure_support", "figure_id"): ("figures", "id"),
    ("figure_support", "supporting_figure_id"): ("figures", "id"),
    ("figure_support", "claim_id"): ("claims", "id"),
    ("figure_attributions", "figure_id"): ("figures", "id"),
    ("figure_attributions", "attribution_id"): ("attributions", "id"),
    ("non_quantities", "document_id"): ("documents", "id"),
    ("non_quantities", "claim_id"): ("claims", "id"),
    ("sources", "entity_id"): ("entities", "id"),
    ("attributions", "claim_id"): ("claims", "id"),
    ("attributions", "source_id"): ("sources", "id"),
    ("attributions", "via_source_id"): ("sources", "id"),
    ("aliases", "entity_id"): ("entities", "id"),
    ("mentions", "entity_id"): ("entities", "id"),
    ("mentions", "claim_id"): ("claims", "id"),
    ("roles", "entity_id"): ("entities", "id"),
    ("roles", "of_entity_id"): ("entities", "id"),
    ("roles", "claim_id"): ("claims", "id"),
    ("events", "document_id"): ("documents", "id"),
    ("events", "claim_id"): ("claims", "id"),
    ("events", "section_id"): ("sections", "id"),
    ("infobox_fields", "document_id"): ("documents", "id"),
    ("infobox_fields", "claim_id"): ("claims", "id"),
}

# Foreign keys no query looks rows up by: the build makes no index for them (each costs it time).
# Every other foreign key has one; quantity_key is served by the (quantity_key, best) index.
UNINDEXED_KEYS = {
    ("paragraphs", "document_id"),
    ("claims", "document_id"),
    ("figures", "document_id"),
    ("figures", "quantity_key"),
    ("figure_support", "claim_id"),
    ("figure_attributions", "attribution_id"),
    ("non_quantities", "document_id"),
    ("non_quantities", "claim_id"),
    ("roles", "claim_id"),
    ("events", "document_id"),
    ("infobox_fields", "claim_id"),
}
INDEXED_KEYS = [key for key in FOREIGN_KEYS if key not in UNINDEXED_KEYS]

# The column Datasette shows in place of a foreign key's id.
LABEL_COLUMNS = {
    "documents": "title",
    "sections": "title",
    "claims": "text",
    "quantities": "label",
    "figures": "raw",
    "sources": "name",
    "attributions": "cue",
    "entities": "name",
    "paragraphs": "id",
}

# Full-text search tables: table -> columns. Built with remove_diacritics 2 so
# that "Sevare" finds "Sévaré".
FTS_TABLES: dict[str, list[str]] = {
    "claims": ["text"],
    "aliases": ["alias"],
    "sources": ["name"],
}
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
# No per-row token counts (the %_docsize table): only SQL's bm25() and rank read them, and search
# ranks in Python from highlight(). Writing them was a third of the full-text build.
FTS_OPTIONS = "columnsize=0"

# Tables filled from others with SQL once the full-text indexes exist: table -> primary key.
DERIVED_TABLES = {"claims_terms": "term"}


def column_type(column: str) -> type:
    """The Python type sqlite-utils should create a column with."""
    if column in INTEGER_COLUMNS:
        return int
    if column in FLOAT_COLUMNS:
        return float
    return str
