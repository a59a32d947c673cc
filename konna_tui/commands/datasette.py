"""``konna-tui datasette-metadata``: Datasette metadata drawn from the schema contract.

Generated from ``konna_tui.schema`` (table and column descriptions, label
columns, full-text tables) so it cannot drift from the database; the copy in
``datasette/metadata.json`` is checked against this by the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from konna_tui.schema import FTS_TABLES, LABEL_COLUMNS, TABLES

TITLE = "Battle of Konna: every figure, its sentence, who said it"
DESCRIPTION = (
    "A provenance database built by konna-tui from the English Wikipedia article on the "
    "Battle of Konna (Mali, January 2013): every quantity in the text with its exact span, "
    "the sentence it stands in, who says it and through which outlet, and every competing "
    "estimate of the same thing."
)
SOURCE = "Wikipedia: Battle of Konna"
SOURCE_URL = "https://en.wikipedia.org/wiki/Battle_of_Konna"
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
DATABASE = "konna"  # Datasette names a database after its file: konna.db

FACETS = {
    "figures": ["quantity_key", "side", "qualifier"],
    "sources": ["type", "side"],
    "entities": ["type"],
}
# Readable labels for tables the schema gives none, but that foreign keys point at.
FALLBACK_LABELS = {"attributions": "cue"}
SORTS = {
    "figures": "start",
    "claims": "ordinal",
    "sections": "ordinal",
    "events": "start",
}


def metadata() -> dict:
    """The whole metadata document for ``datasette konna.db -m metadata.json``."""
    tables: dict[str, dict] = {}
    for table, (description, columns) in TABLES.items():
        entry: dict = {"description": description, "columns": dict(columns)}
        label = LABEL_COLUMNS.get(table) or FALLBACK_LABELS.get(table)
        if label:
            entry["label_column"] = label
        if table in FACETS:
            entry["facets"] = FACETS[table]
        if table in SORTS:
            entry["sort"] = SORTS[table]
        if table in FTS_TABLES:
            entry["fts_table"] = f"{table}_fts"
        tables[table] = entry
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "databases": {DATABASE: {"tables": tables}},
    }


def render() -> str:
    """The metadata as the JSON text the repository ships."""
    return json.dumps(metadata(), indent=2, ensure_ascii=False) + "\n"


def run(out: Path | None) -> int:
    """Print the metadata, or write it to ``out``."""
    if out is None:
        print(render(), end="")
    else:
        out.write_text(render(), encoding="utf-8")
    return 0
