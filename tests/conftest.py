"""Settings every test shares: no animations, colour on, and one bundled database per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Textual reads these when an app starts: animations off makes pilot presses immediate
# (the tab underline animation alone costs ~330 ms a press); NO_COLOR from the caller's
# shell would change every snapshot, so tests that want it set it themselves.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_COLOR_SYSTEM", None)

REPO = Path(__file__).resolve().parents[1]
SHARED_ARTICLES = REPO.parent / "shared" / "articles"


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built from the bundled article, once per test session (read it, never write it)."""
    from konna_tui.build import build_database
    from konna_tui.inputs import bundled_articles

    db = tmp_path_factory.mktemp("bundled") / "konna.db"
    build_database(bundled_articles(), db)
    return db
