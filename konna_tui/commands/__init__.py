"""The subcommands behind ``konna-tui``; each module is imported only when its command runs."""

from __future__ import annotations


class CommandError(Exception):
    """A failure the user can act on; the CLI prints its one-line message and exits 1."""


class Terminated(Exception):
    """SIGTERM during a build: unwinds like Ctrl+C so the build's temporary file is removed."""
