"""Run the konna-tui command as a user would, in a child process, for the tests."""

from __future__ import annotations

import subprocess
import sys


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m konna_tui ARGS`` with no standard input, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "konna_tui", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line a failed command printed on stderr (asserting there is one, no traceback)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]
