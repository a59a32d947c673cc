"""``konna-tui screenshots``: an SVG of each pane, of each battle phase, and of a claim, entity and
source view, taken headless so that the README's pictures come from one command."""

from __future__ import annotations

import asyncio
from pathlib import Path

from konna_tui.queries.db import open_readonly
from konna_tui.queries.entities import most_named
from konna_tui.queries.estimates import quantities_for
from konna_tui.queries.sources import most_quoted


def showcase_figure(db_path: Path) -> tuple[int, int] | None:
    """(claim, figure) of the most disputed loss, preferring an estimate a named source gave."""
    conn = open_readonly(db_path)
    try:
        disputed = sorted(quantities_for(conn, "aftermath"), key=lambda q: -len(q.estimates))
        if not disputed or len(disputed[0].estimates) < 2:
            return None
        estimates = disputed[0].estimates
        sourced = [e for e in estimates if any(a.source.type != "article" for a in e.attributions)]
        chosen = (sourced or estimates)[len(sourced or estimates) // 2]
        return chosen.figure.claim_id, chosen.figure.id
    finally:
        conn.close()


async def _shoot(db_path: Path, out_dir: Path, size: tuple[int, int]) -> list[Path]:
    from konna_tui.ui.app import KonnaApp
    from konna_tui.ui.widgets.panebar import PANES

    out_dir.mkdir(parents=True, exist_ok=True)
    app = KonnaApp(db_path, remember_theme=False)
    written: list[Path] = []

    def save(name: str) -> None:
        written.append(Path(app.save_screenshot(filename=name, path=str(out_dir))))

    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for number, (pane, _, _) in enumerate(PANES, start=1):
            await app.action_show_pane(pane)
            await pilot.pause()
            save(f"{number}-{pane}.svg")
            if pane == "phases":
                phases = getattr(app.pane("phases"), "phase_numbers", [])
                for phase in phases[1:]:
                    await app.action_show_phase(phase)
                    await pilot.pause()
                    save(f"{number}-{pane}-{phase}.svg")
        await app.action_show_pane("overview")
        conn = app.conn
        figure = showcase_figure(db_path)
        if figure is not None:
            app.open_claim(*figure)
            await pilot.pause()
            save("claim.svg")
            app.pop_screen()
        entity = most_named(conn, ("unit", "person", "armed_group"))
        if entity is not None:
            app.open_entity(entity.id)
            await pilot.pause()
            save("entity.svg")
            app.pop_screen()
        source = most_quoted(conn)
        if source is not None:
            app.open_source(source.id)
            await pilot.pause()
            save("source.svg")
            app.pop_screen()
        await pilot.press("question_mark")
        await pilot.pause()
        save("help.svg")
    return written


def take_screenshots(
    db_path: str | Path, out_dir: str | Path, size: tuple[int, int] = (100, 32)
) -> list[Path]:
    """Save the SVGs into ``out_dir`` and return their paths, panes first."""
    return asyncio.run(_shoot(Path(db_path), Path(out_dir), size))
