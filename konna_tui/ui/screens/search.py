"""The search screen: `/` from anywhere, results as each key is typed, Enter opens, Escape returns.

Queries run in a thread worker (a large database may take a few milliseconds) the moment a key
is typed. One search runs at a time: keys typed meanwhile only replace the search that runs
next, so fast typing never queues stale queries, and a stale answer is dropped. A page of results
is shown at a time and the next page is fetched as the highlight or the scroll nears the end of
the list.
"""

from __future__ import annotations

import sqlite3
import threading

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from konna_tui.queries.search import Hit, Searcher, SearchResults, searcher_for

PAGE = 40  # results per fetch: a screenful or two
FETCH_AHEAD = 8  # fetch the next page when the highlight is this close to the end
MATCH_STYLE = "bold underline $text-accent"  # bold and underlined: visible without colour too
DETAIL_STYLE = "$text-muted"
DESCRIPTION_WIDTH = 60  # an entity's one-line description, cut to this
SECTION_WIDTH = 32  # a claim's section title, cut to this
CLAIM_LINES = 2  # a claim shows this many lines of its sentence around the match


def hit_prompt(hit: Hit, width: int) -> Content:
    """A result as the list shows it: the matched words highlighted, then what it is."""
    room = max(20, width * CLAIM_LINES - 8 - min(len(hit.detail), SECTION_WIDTH))
    shown = Content.assemble(("› ", DETAIL_STYLE), highlighted(*hit.shown(room)))
    if hit.alias:
        shown = Content.assemble(shown, " (", highlighted(hit.alias, hit.alias_spans), ")")
    detail = describe(hit)
    if hit.kind == "entity" and hit.detail:
        note = cut(hit.detail, DESCRIPTION_WIDTH)
        detail = f"{detail} — {note}" if detail else note
    if detail:
        shown = Content.assemble(shown, ("  " + detail, DETAIL_STYLE))
    return shown


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def highlighted(text: str, spans: tuple[tuple[int, int], ...]) -> Content:
    content = Content(text)
    for start, end in spans:
        content = content.stylize(MATCH_STYLE, start, end)
    return content


def describe(hit: Hit) -> str:
    """What a hit is, in a few words: type and side, a source's kind, a claim's section."""
    if hit.kind == "claim":
        return f"· {cut(hit.detail, SECTION_WIDTH)}" if hit.detail else ""
    parts = [hit.type.replace("_", " ") if hit.type and hit.kind == "entity" else "", hit.side or ""]
    if hit.kind == "source":
        parts[0] = hit.detail or (hit.type or "source").replace("_", " ")
    if hit.source_id is not None:
        parts.append("source")
    words = [p for p in parts if p]
    return "· " + ", ".join(words) if words else ""


class SearchResultsList(OptionList):
    """Results under group headings; headings are disabled options, so the cursor skips them."""

    DEFAULT_CSS = """
    SearchResultsList > .option-list--option-disabled {
        color: $text-accent;
        text-style: bold;
    }
    """


class SearchScreen(ModalScreen[None]):
    """Find any person, unit, place, source or sentence and open it."""

    CSS_PATH = "search.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("down", "move('cursor_down')", "Next", show=False),
        Binding("up", "move('cursor_up')", "Previous", show=False),
        Binding("pagedown", "move('page_down')", "Page down", show=False),
        Binding("pageup", "move('page_up')", "Page up", show=False),
    ]

    def __init__(self, conn: sqlite3.Connection | None = None, query: str = "") -> None:
        super().__init__()
        self._conn = conn
        self._initial = query
        self._searcher: Searcher | None = None
        self._generation = 0
        self._query = ""
        self._loaded = 0  # hits in the list (the offset of the next page)
        self._more = False
        self._fetching = False
        self._last_group: str | None = None
        self._hits: dict[str, Hit] = {}
        self._search_next: tuple[str, int, int] | None = None  # (query, offset, generation) to run next
        self._searching = False  # a search worker is running (it runs ``_search_next`` before it ends)
        self._search_lock = threading.Lock()

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            conn = self._conn if self._conn is not None else self.app.conn  # type: ignore[attr-defined]
            self._searcher = searcher_for(conn)
        return self._searcher

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(
                value=self._initial,
                placeholder="Search people, units, places, sources, sentences…",
                id="search-input",
                select_on_focus=False,
            )
            yield Static("Type a name or words; accents and small typos are fine.", id="search-status")
            yield SearchResultsList(id="search-results")
            yield Static("↑↓ move  Enter open  Esc close", id="search-keys")

    def on_mount(self) -> None:
        self.query_one("#search-results", SearchResultsList).can_focus = False
        self.query_one("#search-input", Input).focus()
        self._warm_vocabulary()
        if self._initial:
            self._start(self._initial)

    @work(thread=True, exclusive=True, group="search-warm")
    def _warm_vocabulary(self) -> None:
        """Load the typo vocabulary while the reader starts typing, not at the first typo."""
        self.searcher.vocabulary.warm()

    def on_screen_resume(self) -> None:
        self.query_one("#search-input", Input).focus()

    # -- typing -----------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self._start(event.value)

    def _start(self, query: str) -> None:
        self._generation += 1
        self._query = query
        self._fetching = True
        self._request(query, 0)

    def _request(self, query: str, offset: int) -> None:
        """Run this search next: now if none is running, else as soon as the running one ends."""
        with self._search_lock:
            self._search_next = (query, offset, self._generation)
            if self._searching:
                return
            self._searching = True
        self._searches()

    @work(thread=True, group="search")
    def _searches(self) -> None:
        """Run the latest requested search until none waits (each key only replaces the next)."""
        worker = get_current_worker()
        while True:
            with self._search_lock:
                job, self._search_next = self._search_next, None
                if job is None or worker.is_cancelled:
                    self._searching = False
                    return
            query, offset, generation = job
            if generation != self._generation:
                continue  # typed on since it was asked for
            results = self.searcher.search(query, limit=PAGE, offset=offset)
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show, results, generation)

    def _show(self, results: SearchResults, generation: int) -> None:
        """Put a page on screen (the first replaces the list, later ones extend it)."""
        if generation != self._generation:
            return  # the reader has typed on since
        self._fetching = False
        results_list = self.query_one("#search-results", SearchResultsList)
        first = results.offset == 0
        if first:
            results_list.clear_options()
            self._hits.clear()
            self._loaded = 0
            self._last_group = None
        width = max(20, results_list.scrollable_content_region.width - 2)
        options: list[Option] = []
        for hit in results.hits:
            key = f"{hit.kind}:{hit.id}"
            if key in self._hits:
                continue
            if hit.group != self._last_group:
                options.append(Option(Content(hit.heading), disabled=True))
                self._last_group = hit.group
            self._hits[key] = hit
            options.append(Option(hit_prompt(hit, width), id=key))
        results_list.add_options(options)
        self._loaded = results.offset + len(results.hits)
        self._more = results.more
        if first and self._hits:
            results_list.highlighted = next(i for i, o in enumerate(results_list.options) if not o.disabled)
            results_list.scroll_home(animate=False)
        self._status(results)

    def _status(self, results: SearchResults) -> None:
        status = self.query_one("#search-status", Static)
        if not results.terms:
            status.update("Type a name or words; accents and small typos are fine.")
        elif not self._hits:
            status.update(Content(f"No match for “{results.query.strip()}”."))
        else:
            shown = f"{len(self._hits)}{'+' if self._more else ''} results"
            if results.corrected:
                shown += f" · no exact match, showing {', '.join(results.corrected)}"
            status.update(Content(shown))

    # -- moving and fetching more ------------------------------------------------------------

    def action_move(self, action: str) -> None:
        results_list = self.query_one("#search-results", SearchResultsList)
        getattr(results_list, f"action_{action}")()

    @on(OptionList.OptionHighlighted, "#search-results")
    def _near_end(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= event.option_list.option_count - FETCH_AHEAD:
            self._fetch_more()

    def on_mouse_scroll_down(self) -> None:
        results_list = self.query_one("#search-results", SearchResultsList)
        if results_list.scroll_y >= results_list.max_scroll_y - results_list.size.height:
            self._fetch_more()

    def _fetch_more(self) -> None:
        if self._more and not self._fetching:
            self._fetching = True
            self._request(self._query, self._loaded)

    # -- opening and closing -----------------------------------------------------------------

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionSelected, "#search-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id)

    def action_open(self) -> None:
        option = self.query_one("#search-results", SearchResultsList).highlighted_option
        if option is not None:
            self._open(option.id)

    def _open(self, key: str | None) -> None:
        hit = self._hits.get(key or "")
        if hit is None:
            return
        opener = {"entity": "open_entity", "source": "open_source", "claim": "open_claim"}[hit.kind]
        getattr(self.app, opener)(hit.id)

    def action_close(self) -> None:
        self.dismiss()
