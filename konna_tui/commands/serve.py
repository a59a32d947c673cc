"""``konna-tui serve``: the same dashboard in a web browser, through textual-serve."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from konna_tui.commands import CommandError


def app_command(db_path: Path) -> str:
    """The shell command textual-serve runs for each browser session: this Python, this database."""
    return shlex.join([sys.executable, "-m", "konna_tui", "--db", str(db_path.resolve())])


def run(db_path: Path, host: str, port: int) -> int:
    """Serve the app on ``http://host:port`` until interrupted (Ctrl+C)."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CommandError(
            "serving to a browser needs textual-serve: pip install 'konna-tui[serve]'"
        ) from None
    server = Server(app_command(db_path), host=host, port=port, title="konna-tui: Battle of Konna")
    server.serve()
    return 0
