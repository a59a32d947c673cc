"""Pilot tests: a reader moves through the dashboard with the keyboard alone, at 80x24 and 120x40."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from textual.widgets import ContentSwitcher  # noqa: E402

from konna_tui.ui.app import PANE_IDS, KonnaApp  # noqa: E402
from konna_tui.ui.widgets.linktext import LinkText  # noqa: E402

Size = tuple[int, int]
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def shown_pane(app: KonnaApp) -> str | None:
    return app.query_one("#panes", ContentSwitcher).current


def focused_link(app: KonnaApp) -> LinkText:
    focused = app.focused
    assert isinstance(focused, LinkText), f"focus is on {focused!r}, not on linked text"
    return focused


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_number_keys_and_arrows_visit_every_pane(bundled_db: Path, size: Size) -> None:
    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=size) as pilot:
        assert shown_pane(app) == "overview"
        for number, pane in enumerate(PANE_IDS, start=1):
            await press(pilot, str(number))
            assert shown_pane(app) == pane
            assert app.pane(pane) is not None and app.pane(pane).children, f"{pane} pane is empty"
        await press(pilot, "1")
        for pane in PANE_IDS[1:]:
            await press(pilot, "right")
            assert shown_pane(app) == pane
        await press(pilot, "right")
        assert shown_pane(app) == "overview", "right from the last pane wraps to the first"
        await press(pilot, "left")
        assert shown_pane(app) == PANE_IDS[-1]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("pane", PANE_IDS)
async def test_a_claim_opens_from_every_pane_by_keyboard(bundled_db: Path, size: Size, pane: str) -> None:
    from konna_tui.ui.screens.claim import ClaimScreen

    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=size) as pilot:
        await press(pilot, str(PANE_IDS.index(pane) + 1))
        for _ in range(60):  # Tab to the first text that holds a claim link, then j to the link
            widget = focused_link(app)
            link = widget.current
            if link is not None and link.target.kind == "claim":
                break
            holds_claims = any(k.target.kind == "claim" for k in widget.links[widget.cursor :])
            await press(pilot, "j" if holds_claims else "tab")
        else:
            pytest.fail(f"no claim link within 60 presses of Tab and j in the {pane} pane")
        await press(pilot, "enter")
        assert isinstance(app.screen, ClaimScreen)
        assert app.screen.detail.claim.id == link.target.id
        if link.target.figure_id is not None:
            assert app.screen.figure is not None and app.screen.figure.raw == link.text
        await press(pilot, "escape")
        assert not isinstance(app.screen, ClaimScreen)
        assert shown_pane(app) == pane
        assert focused_link(app).current == link, "Back returns to the same link"


@pytest.mark.parametrize("size", SIZES)
async def test_follow_a_figure_to_a_competing_estimate_and_back(bundled_db: Path, size: Size) -> None:
    from konna_tui.ui.screens.claim import ClaimScreen
    from konna_tui.ui.widgets.chart import EstimateChart

    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=size) as pilot:
        # The infobox's figures come first on the Overview; find one with competing estimates.
        for _ in range(60):
            link = focused_link(app).current
            assert link is not None
            if link.target.figure_id is not None:
                await press(pilot, "enter")
                assert isinstance(app.screen, ClaimScreen)
                if app.screen.query(EstimateChart):
                    break
                await press(pilot, "escape")
            await press(pilot, "j")
        else:
            pytest.fail("no figure on the Overview has a competing estimate")
        first = app.screen
        assert isinstance(first, ClaimScreen)
        chart = first.query(EstimateChart).first()
        chart.focus()
        await pilot.pause()
        others = [n for n, k in enumerate(chart.links) if k.target.figure_id != first.figure_id]
        assert others, "the chart lists other estimates"
        chart.cursor = others[0]
        target = chart.links[others[0]]
        await press(pilot, "enter")
        second = app.screen
        assert isinstance(second, ClaimScreen) and second is not first
        assert second.figure_id == target.target.figure_id
        assert second.figure is not None and second.figure.raw == target.text
        await press(pilot, "backspace")
        assert app.screen is first
        assert app.focused is chart and chart.cursor == others[0], "Back restores the focused row"
        await press(pilot, "escape")
        assert shown_pane(app) == "overview"
        assert focused_link(app).current == link


@pytest.mark.parametrize("size", SIZES)
async def test_phase_keys_step_through_the_battle_from_anywhere(bundled_db: Path, size: Size) -> None:
    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "right_square_bracket")
        assert shown_pane(app) == "phases"
        pane = app.pane("phases")
        numbers = pane.phase_numbers
        assert len(numbers) >= 2
        assert pane.shown == numbers[0]
        for number in numbers[1:]:
            await press(pilot, "right_square_bracket")
            assert pane.shown == number
        await press(pilot, "right_square_bracket")
        assert pane.shown == numbers[-1], "] at the last phase stays there"
        await press(pilot, "left_square_bracket")
        assert pane.shown == numbers[-2]
        # j/k walk the events of the shown phase, and never leave it.
        view = app.query_one(f"#phase-{pane.shown}")
        assert app.focused in view.query(LinkText)
        for _ in range(8):
            await press(pilot, "j")
            assert app.focused in view.query(LinkText)
        # From another pane, ] goes on from the phase last shown.
        await press(pilot, "5", "right_square_bracket")
        assert shown_pane(app) == "phases" and pane.shown == numbers[-1]


async def test_help_lists_every_key_and_closes(bundled_db: Path) -> None:
    from konna_tui.ui.screens.help import HelpScreen

    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one("#help-text", LinkText)
        text = "\n".join(line.plain for line in help_text.lines(help_text.content_size.width)[0])
        for words in ("1 … 6", "[", "]", "/", "enter", "escape", "q", app.COMMAND_PALETTE_BINDING):
            assert words in text, f"help does not mention {words!r}"
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
        assert shown_pane(app) == "overview"


async def test_back_at_the_start_of_history_does_nothing(bundled_db: Path) -> None:
    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "3")
        before = (shown_pane(app), app.focused)
        await press(pilot, "escape", "backspace", "escape")
        assert (shown_pane(app), app.focused) == before
        assert app.is_running


async def test_q_quits(bundled_db: Path) -> None:
    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "4", "q")
        assert not app.is_running


async def test_number_keys_leave_a_view_for_the_dashboard(bundled_db: Path) -> None:
    from konna_tui.ui.screens.claim import ClaimScreen

    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "enter")
        assert isinstance(app.screen, ClaimScreen)
        await press(pilot, "5")
        assert app.screen is app.screen_stack[0] and shown_pane(app) == "aftermath"


@pytest.mark.parametrize("size", [(20, 6), (39, 24), (80, 9)])
async def test_too_small_a_window_says_so_and_recovers(bundled_db: Path, size: Size) -> None:
    from konna_tui.ui.screens.small import TooSmallScreen

    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "larger window" in str(app.screen.query_one("#too-small").render())
        await press(pilot, "3", "enter", "escape")  # ignored while too small
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        await press(pilot, "3")
        assert shown_pane(app) == "forces"


async def test_live_resizes_from_tiny_to_huge_never_crash(bundled_db: Path) -> None:
    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for pane in ("1", "4", "5"):
            await press(pilot, pane)
            for width, height in ((20, 6), (300, 100), (40, 10), (33, 7), (120, 40)):
                await pilot.resize_terminal(width, height)
                await pilot.pause()
        await press(pilot, "enter")
        for width, height in ((20, 6), (300, 100), (80, 24)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
        assert app.is_running


async def test_palette_jumps_to_a_phase(bundled_db: Path) -> None:
    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "ctrl+p")
        await pilot.press(*"Phase 2")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await pilot.pause(0.1)
        assert shown_pane(app) == "phases"
        assert app.pane("phases").shown == 2


async def test_the_dashboard_works_on_other_articles_of_the_format(tmp_path: Path) -> None:
    """Uncurated battles: every pane opens, and a claim opens from the first figure found."""
    from konna_tui.build import build_database
    from konna_tui.ui.screens.claim import ClaimScreen

    db = tmp_path / "others.db"
    build_database(sorted((Path(__file__).parent / "fixtures").glob("*.txt")), db)
    app = KonnaApp(db, remember_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for number in range(1, 7):
            await press(pilot, str(number))
            assert app.pane(PANE_IDS[number - 1]) is not None
        await press(pilot, "1", "enter")
        assert isinstance(app.screen, ClaimScreen)


async def test_disputed_counts_on_the_overview_lead_to_their_chart(bundled_db: Path) -> None:
    from konna_tui.ui.widgets.chart import EstimateChart

    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(100, 32)) as pilot:
        lead = app.query_one("#lead", LinkText)
        panes = [n for n, k in enumerate(lead.links) if k.target.kind == "pane"]
        assert panes, "the Overview lists the disputed counts"
        label = lead.links[panes[0]].text
        lead.focus()
        lead.cursor = panes[0]
        await press(pilot, "enter")
        shown = shown_pane(app)
        assert shown in ("aftermath", "forces", "executions")
        charts = [c.quantity.label for c in app.pane(shown).query(EstimateChart)]
        assert label in charts


async def test_a_click_on_a_figure_opens_its_claim(bundled_db: Path) -> None:
    from konna_tui.ui.screens.claim import ClaimScreen

    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(100, 32)) as pilot:
        card = app.query_one("#infobox", LinkText)
        lines, rows = card.lines(card.content_size.width)
        index = next(n for n, k in enumerate(card.links) if k.target.figure_id is not None)
        link = card.links[index]
        row = rows[index]
        column = lines[row].plain.index(link.text)
        await pilot.click(card, offset=(card.gutter.left + column + 1, card.gutter.top + row))
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        assert app.screen.figure is not None and app.screen.figure.id == link.target.figure_id
