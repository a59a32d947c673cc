"""The search screen's search in the command palette (Ctrl+P): names, sources and sentences."""

from __future__ import annotations

import asyncio
import sqlite3
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from konna_tui.queries.search import Hit as SearchHit
from konna_tui.queries.search import Searcher, searcher_for
from konna_tui.ui.screens.search import DETAIL_STYLE, describe, highlighted

PALETTE_HITS = 20
CLAIM_WIDTH = 70

OPENERS = {"entity": "open_entity", "source": "open_source", "claim": "open_claim"}


class SearchProvider(Provider):
    """Every entity, source and claim the search finds, opening the same views as the search screen."""

    _searcher: Searcher | None = None

    def searcher(self) -> Searcher | None:
        if self._searcher is None:
            conn = getattr(self.app, "conn", None)
            if not isinstance(conn, sqlite3.Connection):
                return None
            self._searcher = searcher_for(conn)
        return self._searcher

    async def search(self, query: str) -> Hits:
        searcher = self.searcher()
        if searcher is None or not query.strip():
            return
        results = await asyncio.to_thread(searcher.search, query, PALETTE_HITS)
        count = len(results.hits)
        for rank, hit in enumerate(results.hits):
            opener = getattr(self.app, OPENERS[hit.kind], None)
            if opener is None:
                continue
            yield Hit(
                score=1.0 - rank / (count + 1),  # the palette sorts by score: keep search's order
                match_display=palette_prompt(hit),
                command=partial(opener, hit.id),
                text=hit.text,
                help=f"{hit.heading} {describe(hit)}".strip(),
            )


def palette_prompt(hit: SearchHit) -> Content:
    shown = highlighted(*hit.shown(CLAIM_WIDTH))
    if hit.alias:
        shown = Content.assemble(
            shown, (" (", DETAIL_STYLE), highlighted(hit.alias, hit.alias_spans), (")", DETAIL_STYLE)
        )
    return shown
