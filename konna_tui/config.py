"""User settings (the theme) as JSON in the user config directory; a bad file is ignored, never fatal.

``$XDG_CONFIG_HOME/konna-tui/config.json``, or ``~/.config/konna-tui/config.json``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

APP_DIR = "konna-tui"


@dataclass
class Config:
    theme: str | None = None


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base.strip() and Path(base).is_absolute() else Path.home() / ".config"
    return root / APP_DIR / "config.json"


def load_config(path: Path | None = None) -> Config:
    """The saved settings, or defaults when the file is missing, unreadable or malformed."""
    path = path or config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return Config()
    if not isinstance(data, dict):
        return Config()
    theme = data.get("theme")
    return Config(theme=theme if isinstance(theme, str) and theme.strip() else None)


def save_config(config: Config, path: Path | None = None) -> bool:
    """Write the settings atomically; False (and nothing raised) when the directory is not writable."""
    import tempfile  # only when saving: keeps it out of the app's startup

    path = path or config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            existing = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError, UnicodeDecodeError):
            pass
        existing.update(asdict(config))
        fd, tmp = tempfile.mkstemp(prefix=".config.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(existing, out, indent=2)
            out.write("\n")
        os.replace(tmp, path)
    except OSError:
        return False
    return True
