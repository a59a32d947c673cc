"""``konna-tui search TERM``: the dashboard's search, printed as a table or as JSON for scripts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from konna_tui.queries.db import open_readonly
from konna_tui.queries.search import NAMED_CAP, Hit, SearchResults, searcher_for

MATCH_STYLE = "bold underline"  # still visible with NO_COLOR or in a monochrome terminal


def run(db_path: Path, term: str, as_json: bool = False, limit: int = 20) -> int:
    """Print what matches ``term`` (at most ``limit`` per group); 0 when something did, else 1."""
    conn = open_readonly(db_path)
    try:
        results = searcher_for(conn).search(term, limit=NAMED_CAP + max(1, limit))
    finally:
        conn.close()
    hits = per_group(results, max(1, limit))
    if as_json:
        print(json.dumps(as_document(results, hits), ensure_ascii=False, indent=2))
    elif hits:
        print_table(results, hits)
    if not hits:
        shown = " ".join(term.split())[:60] or "(empty)"
        print(f"konna-tui: nothing matches {shown!r}", file=sys.stderr)
        return 1
    return 0


def per_group(results: SearchResults, limit: int) -> list[Hit]:
    """At most ``limit`` hits of each group, in the ranked order."""
    counts: dict[str, int] = {}
    out = []
    for hit in results.hits:
        counts[hit.group] = counts.get(hit.group, 0) + 1
        if counts[hit.group] <= limit:
            out.append(hit)
    return out


def as_document(results: SearchResults, hits: list[Hit]) -> dict[str, object]:
    return {
        "query": results.query,
        "terms": list(results.terms),
        "corrected": list(results.corrected),
        "count": len(hits),
        "results": [hit.to_dict() for hit in hits],
    }


def print_table(results: SearchResults, hits: list[Hit]) -> None:
    """One table, a section per group; matched words bold and underlined."""
    console = Console(highlight=False)
    title = f"Search: {results.query.strip()}"
    if results.corrected:
        title += f"  (no exact match; showing {', '.join(results.corrected)})"
    table = Table(title=Text(title), title_justify="left", expand=True)
    table.add_column("ref", no_wrap=True)
    table.add_column("match", ratio=3)
    table.add_column("about", ratio=1)
    width = max(30, (console.width - 20) * 3 // 4 * 2)  # about two lines of the match column
    group = None
    for hit in hits:
        if hit.group != group:
            if group is not None:
                table.add_section()
            table.add_row(Text(hit.heading, style="bold"), "", "")
            group = hit.group
        shown = styled(*hit.shown(width))
        if hit.alias:
            shown.append(" (")
            shown.append_text(styled(hit.alias, hit.alias_spans))
            shown.append(")")
        if hit.kind == "entity" and hit.detail:
            shown.append("\n" + hit.detail, style="dim")
        table.add_row(f"{hit.kind} {hit.id}", shown, Text(about(hit)))
    console.print(table)


def styled(text: str, spans: tuple[tuple[int, int], ...]) -> Text:
    shown = Text(text)
    for start, end in spans:
        shown.stylize(MATCH_STYLE, start, end)
    return shown


def about(hit: Hit) -> str:
    """The short description beside a hit: type and side, or the claim's section."""
    if hit.kind == "claim":
        return hit.detail
    kind = hit.detail if hit.kind == "source" else hit.type
    parts = [p for p in (kind, hit.side) if p]
    if hit.source_id is not None:
        parts.append("also a source")
    return ", ".join(p.replace("_", " ") for p in parts)
