"""Settings: the chosen theme persists in the user config directory; a bad file never stops the app."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from konna_tui.config import Config, config_path, load_config, save_config  # noqa: E402


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    return tmp_path


def test_config_lives_in_the_xdg_config_dir(config_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert config_path() == config_home / "konna-tui" / "config.json"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/not/allowed")
    assert config_path() == Path.home() / ".config" / "konna-tui" / "config.json"


def test_theme_round_trips_and_other_keys_survive(config_home: Path) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"theme": "nord", "future_setting": 3}))
    assert load_config() == Config(theme="nord")
    assert save_config(Config(theme="gruvbox"))
    saved = json.loads(path.read_text())
    assert saved == {"theme": "gruvbox", "future_setting": 3}


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_file_content_loads_as_some_config(config_home: Path, content: bytes) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    config = load_config()
    assert config.theme is None or isinstance(config.theme, str)


def test_unwritable_config_dir_is_not_an_error(config_home: Path) -> None:
    blocker = config_home / "konna-tui"
    blocker.write_text("a file where the directory should be")
    assert save_config(Config(theme="nord")) is False
    assert load_config() == Config()


async def test_the_chosen_theme_is_remembered_between_runs(bundled_db: Path, config_home: Path) -> None:
    from konna_tui.ui.app import KonnaApp

    app = KonnaApp(bundled_db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme != "nord"
        app.theme = "nord"
        await pilot.pause()
    assert load_config().theme == "nord"
    again = KonnaApp(bundled_db)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_an_unknown_saved_theme_falls_back_to_the_default(bundled_db: Path, config_home: Path) -> None:
    from konna_tui.ui.app import KonnaApp

    save_config(Config(theme="no-such-theme"))
    app = KonnaApp(bundled_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme in app.available_themes and app.theme != "no-such-theme"
