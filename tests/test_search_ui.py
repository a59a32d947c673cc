"""The search screen and the palette, driven key by key as a reader would (Pilot)."""

from __future__ import annotations

import importlib.util
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from konna_tui.queries.db import open_readonly
from konna_tui.queries.search import SearchResults, search
from konna_tui.ui.screens.search import (
    MATCH_STYLE,
    PAGE,
    SearchResultsList,
    SearchScreen,
    hit_prompt,
)
from konna_tui.ui.search_provider import SearchProvider
from tests.test_search import entity_named


@pytest.fixture(scope="module")
def db_path(bundled_db: Path) -> Path:
    return bundled_db


class Recorder(App[None]):
    """A stand-in for KonnaApp: a connection and the three open_* methods, recorded."""

    COMMANDS = {SearchProvider}

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.conn = open_readonly(db_path)
        self.opened: list[tuple[str, int]] = []

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("the dashboard", id="home")

    def open_entity(self, entity_id: int) -> None:
        self.opened.append(("entity", entity_id))

    def open_source(self, source_id: int) -> None:
        self.opened.append(("source", source_id))

    def open_claim(self, claim_id: int) -> None:
        self.opened.append(("claim", claim_id))


async def settle(pilot: Pilot) -> None:
    """Let the key reach the screen, the query worker finish and its page be shown."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(app: App) -> list[str]:
    """The list as the reader sees it: headings and results, plain text."""
    results = app.screen.query_one(SearchResultsList)
    return [option.prompt.plain for option in results.options]


def status(app: App) -> str:
    return str(app.screen.query_one("#search-status", Static).render())


async def open_search(pilot: Pilot) -> SearchScreen:
    screen = SearchScreen()
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_results_follow_each_key_and_enter_opens(db_path: Path) -> None:
    app = Recorder(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_search(pilot)
        seen = []
        for key in "Sevare":
            await pilot.press(key)
            await settle(pilot)
            seen.append(shown(app))
        assert app.screen.query_one(Input).value == "Sevare"
        # One letter: names only; from two letters on, sentences too; every key changed the list.
        assert seen[0] and "Claims" not in seen[0]
        assert any(line == "Claims" for line in seen[-1])
        assert len({tuple(s) for s in seen}) >= 4
        assert seen[-1][0] == "Places" and seen[-1][1].startswith("› Sévaré")
        await pilot.press("enter")
        assert app.opened == [("entity", entity_named(app.conn, "Sévaré"))]


async def test_fast_typing_searches_one_at_a_time_and_shows_the_last_text(db_path: Path) -> None:
    """Keys typed while a search runs replace the next search: no pile-up, never a stale list."""
    app = Recorder(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_search(pilot)
        searcher = screen.searcher
        real = searcher.search
        searched: list[str] = []
        running = [0, 0]  # now, most at once

        def slow(query: str, *args: Any, **kwargs: Any) -> SearchResults:
            running[0] += 1
            running[1] = max(running)
            time.sleep(0.2)  # a slow database: the next keys arrive while it runs
            try:
                return real(query, *args, **kwargs)
            finally:
                running[0] -= 1
                searched.append(query)

        searcher.search = slow  # type: ignore[method-assign]
        try:
            await pilot.press(*"Sevare")
            await settle(pilot)
        finally:
            del searcher.search
        assert running[1] == 1
        assert searched[-1] == "Sevare"
        assert shown(app)[0] == "Places" and shown(app)[1].startswith("› Sévaré")
        assert "results" in status(app)


async def test_arrows_move_to_a_claim_and_enter_opens_it(db_path: Path) -> None:
    app = Recorder(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_search(pilot)
        await pilot.press(*"Dacko")
        await settle(pilot)
        expected = [(h.kind, h.id) for h in search(app.conn, "Dacko", limit=PAGE).hits]
        assert expected[0][0] == "entity" and expected[1][0] == "claim"
        await pilot.press("down")
        await pilot.press("enter")
        await pilot.press("down", "up", "up")  # up from the first result wraps or stays; never a heading
        results = app.screen.query_one(SearchResultsList)
        assert results.highlighted is not None and not results.options[results.highlighted].disabled
        assert app.opened == [expected[1]]


async def test_escape_returns_to_where_the_reader_was(db_path: Path) -> None:
    app = Recorder(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        await open_search(pilot)
        await pilot.press(*"konna")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        assert app.opened == []


async def test_no_match_and_typo_are_said_plainly(db_path: Path) -> None:
    app = Recorder(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_search(pilot)
        await pilot.press(*"zzqxw")
        await settle(pilot)
        assert "No match" in status(app)
        assert shown(app) == []
        await pilot.press("enter")  # nothing to open: nothing happens
        assert app.opened == []
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press(*"Dako")
        await settle(pilot)
        assert "dacko" in status(app)
        await pilot.press("enter")
        assert app.opened == [("entity", entity_named(app.conn, "Didier Dacko"))]


async def test_hostile_input_types_safely(db_path: Path) -> None:
    app = Recorder(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_search(pilot)
        for text in ['"', "NEAR(", "'; drop table claims; --", "*", "[bold]x[/]", "عربي 💥"]:
            app.screen.query_one(Input).value = text
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
        assert app.conn.execute("select count(*) from claims").fetchone()[0] > 100


async def test_more_results_are_fetched_near_the_end(db_path: Path) -> None:
    app = Recorder(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_search(pilot)
        await pilot.press(*"the")
        await settle(pilot)
        results = app.screen.query_one(SearchResultsList)
        first = sum(1 for o in results.options if not o.disabled)
        assert first == PAGE
        for _ in range(PAGE):
            await pilot.press("down")
        await settle(pilot)
        more = sum(1 for o in results.options if not o.disabled)
        assert more > first
        ids = [o.id for o in results.options if not o.disabled]
        assert len(ids) == len(set(ids))
        assert screen._hits.keys() == set(ids)


def test_matches_are_marked_without_colour_too(db_path: Path) -> None:
    """Bold and underline, not only a colour: readable with NO_COLOR and in monochrome."""
    assert {"bold", "underline"} <= set(MATCH_STYLE.split())
    with sqlite3.connect(db_path) as conn:
        hit = search(conn, "Sevare").hits[0]
    prompt = hit_prompt(hit, 80)
    marked = [prompt.plain[s.start : s.end] for s in prompt.spans if s.style == MATCH_STYLE]
    assert marked == ["Sévaré"]


async def test_palette_finds_and_opens_the_same_things(db_path: Path) -> None:
    app = Recorder(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        app.action_command_palette()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"mojwa")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened[:1] == [("entity", entity_named(app.conn, "MUJAO"))]


@pytest.mark.skipif(
    importlib.util.find_spec("konna_tui.ui.screens.entity") is None,
    reason="the entity view is not written yet",
)
async def test_slash_in_the_dashboard_searches_and_opens_the_entity_view(db_path: Path) -> None:
    from konna_tui.ui.app import KonnaApp

    app = KonnaApp(db_path, remember_theme=False)
    async with app.run_test(size=(100, 32)) as pilot:
        home = app.screen
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"red berets")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "EntityScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)  # back to the results, as a browser would
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
