"""Key-mashing: thousands of seeded random key presses across panes and views; no crash, still responsive."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from textual import events  # noqa: E402

from konna_tui.ui.app import PANE_IDS, KonnaApp  # noqa: E402

CHARS = {"enter": "\r", "tab": "\t", "space": " ", "escape": "\x1b", "backspace": "\x7f"}

# Every key the app binds, plus keys it does not (they must be harmless), weighted
# towards moving and opening so that the walk reaches deep into the views.
KEYS = (
    ["j"] * 12
    + ["k"] * 6
    + ["down", "up", "tab", "shift+tab", "home", "end", "pagedown", "pageup"] * 2
    + ["enter"] * 8
    + ["escape", "backspace"] * 4
    + [str(n) for n in range(1, 7)] * 2
    + ["left", "right", "left_square_bracket", "right_square_bracket"] * 2
    + ["question_mark", "x", "space", "ctrl+x", "f5", "delete", "insert", "z", "0", "9", "shift+enter"]
)


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.mark.parametrize("seed", [1, 2])
async def test_key_mashing_never_crashes(bundled_db: Path, seed: int) -> None:
    rng = random.Random(seed)
    app = KonnaApp(bundled_db, remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for burst in range(40):  # 1,000 keys a seed
            # A burst arrives faster than the app can answer, as it does from a mashing hand.
            keys = [rng.choice(KEYS) for _ in range(25)]
            for key in keys:
                app.post_message(events.Key(key, CHARS.get(key, key if len(key) == 1 else None)))
            await pilot.pause()
            if burst % 10 == 9:
                await pilot.resize_terminal(rng.choice([60, 80, 130]), rng.choice([16, 24, 40]))
            assert app.is_running, f"the app stopped after {keys}"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        # Still responsive: home from anywhere, then every pane answers its number key.
        for _ in range(len(app.screen_stack)):
            await pilot.press("escape")
        for number, pane in enumerate(PANE_IDS, start=1):
            await pilot.press(str(number))
            await pilot.pause()
            assert app.current_pane == pane
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
