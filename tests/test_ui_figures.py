"""Every figure the dashboard shows, in every pane and every view, opens the claim it comes from."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from textual.screen import Screen  # noqa: E402
from textual.widget import Widget  # noqa: E402

from konna_tui.ui.app import PANE_IDS, KonnaApp  # noqa: E402
from konna_tui.ui.widgets.linktext import LinkText  # noqa: E402


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def figure_links(widgets: list[Widget] | Screen) -> list[tuple[LinkText, int]]:
    """(widget, link index) for every figure link among the widgets (or drawn on the screen)."""
    texts = list(widgets.query(LinkText)) if isinstance(widgets, Screen) else widgets
    return [
        (widget, n)
        for widget in texts
        if isinstance(widget, LinkText)
        for n, link in enumerate(widget.links)
        if link.target.figure_id is not None
    ]


def check_links(
    conn: sqlite3.Connection, links: list[tuple[LinkText, int]], where: str
) -> set[tuple[int, int]]:
    """Each figure link names a figure of its claim, and that claim's text holds the figure as written."""
    seen = set()
    for widget, n in links:
        link = widget.links[n]
        row = conn.execute(
            "select f.raw, f.claim_id, c.text from figures f join claims c on c.id = f.claim_id "
            "where f.id = ?",
            (link.target.figure_id,),
        ).fetchone()
        assert row is not None, f"{where}: link {link.text!r} names no figure"
        raw, claim_id, text = row
        assert claim_id == link.target.id, (
            f"{where}: {link.text!r} opens claim {link.target.id}, not {claim_id}"
        )
        assert link.text == raw, f"{where}: link shows {link.text!r} for figure {raw!r}"
        assert raw in text, f"{where}: claim {claim_id} does not contain {raw!r}"
        seen.add((claim_id, link.target.figure_id))
    return seen


async def test_every_figure_on_the_dashboard_resolves_to_its_claim(bundled_db: Path) -> None:
    """Walk every pane and every phase as mounted, then open one claim view for real."""
    from konna_tui.ui.screens.claim import ClaimScreen

    conn = sqlite3.connect(bundled_db)
    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for pane in PANE_IDS:
            await app.action_show_pane(pane)
            await pilot.pause()
            if pane == "phases":
                for number in app.pane("phases").phase_numbers:
                    await app.action_show_phase(number)
                    await pilot.pause()
        main = app.screen
        targets = check_links(conn, figure_links(main), "dashboard")
        total = conn.execute("select count(*) from figures").fetchone()[0]
        shown = {f for _, f in targets}
        assert len(shown) >= 0.9 * total, f"the panes show {len(shown)} of {total} figures"
        claim_id, figure_id = min(targets)
        app.open_claim(claim_id, figure_id)
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen) and app.screen.figure is not None
        check_links(conn, figure_links(app.screen), "mounted claim view")


def test_every_claim_view_brackets_its_figure_and_links_real_figures(bundled_db: Path) -> None:
    """Build the claim view of every figure (as the app would) and check every figure it shows."""
    from konna_tui.queries.db import open_readonly
    from konna_tui.ui.screens.claim import ClaimScreen

    ro = open_readonly(bundled_db)
    conn = sqlite3.connect(bundled_db)
    figures = conn.execute("select id, claim_id, raw from figures order by id").fetchall()
    assert figures, "the bundled article has figures"
    for figure_id, claim_id, raw in figures:
        view = ClaimScreen.load(ro, claim_id, figure_id)
        assert view is not None and view.figure is not None and view.figure.id == figure_id
        widgets = view.body()
        sentence = next(w for w in widgets if isinstance(w, LinkText) and w.id == "claim-text")
        drawn = "".join(b.body.text for b in sentence.blocks)
        assert f"⟦{raw}⟧" in drawn, "the figure under discussion is bracketed, not only coloured"
        check_links(conn, figure_links(widgets), f"claim view of figure {figure_id}")
        if view.figure.quantity_key:
            others = {w.links[n].target.figure_id for w, n in figure_links(widgets)}
            same = {
                r[0]
                for r in conn.execute(
                    "select id from figures where quantity_key = ?", (view.figure.quantity_key,)
                )
            }
            assert same <= others | {figure_id}, "every other figure of the same quantity is one step away"


def test_entity_and_source_views_link_only_real_figures(bundled_db: Path) -> None:
    from konna_tui.queries.db import open_readonly
    from konna_tui.ui.screens.entity import EntityScreen
    from konna_tui.ui.screens.source import SourceScreen

    ro = open_readonly(bundled_db)
    conn = sqlite3.connect(bundled_db)
    for (entity_id,) in conn.execute("select id from entities order by id").fetchall():
        view = EntityScreen.load(ro, entity_id)
        assert view is not None
        check_links(conn, figure_links(view.body()), f"entity {entity_id}")
    spoken = (
        "select count(distinct f.id) from figures f where exists (select 1 from figure_attributions fa "
        "join attributions a on a.id = fa.attribution_id where fa.figure_id = f.id "
        "and (a.source_id = :s or a.via_source_id = :s)) "
        "or (not exists (select 1 from figure_attributions fa where fa.figure_id = f.id) "
        "and exists (select 1 from attributions a where a.claim_id = f.claim_id "
        "and (a.source_id = :s or a.via_source_id = :s)))"
    )
    for (source_id,) in conn.execute("select id from sources order by id").fetchall():
        n = conn.execute(spoken, {"s": source_id}).fetchone()[0]
        view = SourceScreen.load(ro, source_id)
        assert view is not None
        links = figure_links(view.body())
        check_links(conn, links, f"source {source_id}")
        assert len({w.links[k].target.figure_id for w, k in links}) >= n, (
            "a source lists every figure it gave"
        )
