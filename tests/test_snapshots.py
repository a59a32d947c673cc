"""Snapshot tests: each pane and view as a reader sees it, so unintended visual changes fail.

After an intended change (to the UI or to the extracted data), look at the
report and refresh with: ``python3 -m pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from konna_tui.ui.app import PANE_IDS, KonnaApp  # noqa: E402

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.mark.parametrize("pane", PANE_IDS)
def test_pane(snap_compare, bundled_db: Path, pane: str) -> None:  # type: ignore[no-untyped-def]
    app = KonnaApp(bundled_db, remember_theme=False)
    assert snap_compare(app, press=[str(PANE_IDS.index(pane) + 1), "_"], terminal_size=SIZE)


def test_overview_at_80x24(snap_compare, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(KonnaApp(bundled_db, remember_theme=False), terminal_size=(80, 24))


def test_claim_view_of_a_disputed_figure(snap_compare, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    """The Overview's first infobox figure, opened: sentence, who says it, competing estimates."""
    assert snap_compare(KonnaApp(bundled_db, remember_theme=False), press=["enter", "_"], terminal_size=SIZE)


def test_entity_view(snap_compare, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    """The first unit of the Forces pane's order of battle, opened."""

    async def open_first_entity(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        await app.action_show_pane("forces")
        await pilot.pause()
        pane = app.pane("forces")
        for widget in pane.query("LinkText"):
            entity = next((k.target.id for k in widget.links if k.target.kind == "entity"), None)
            if entity is not None:
                app.open_entity(entity)
                break
        await pilot.pause()

    app = KonnaApp(bundled_db, remember_theme=False)
    assert snap_compare(app, run_before=open_first_entity, terminal_size=SIZE)


def test_help(snap_compare, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        KonnaApp(bundled_db, remember_theme=False), press=["question_mark", "_"], terminal_size=SIZE
    )
