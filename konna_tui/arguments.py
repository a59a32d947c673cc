"""The ``konna-tui`` command line's grammar: every command, option and help text (argparse).

Kept apart from ``cli`` so that a plain ``konna-tui`` or ``konna-tui --db PATH``, the
dashboard with nothing else to read, starts without building this parser (about 6 ms
of every start, importing argparse included).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from konna_tui import __version__
from konna_tui.cli import EXIT_USAGE, PROG, named_db

DESCRIPTION = """\
A source-critical explorer of the Battle of Konna (Mali, January 2013): every
figure in the Wikipedia article, the sentence it comes from, and who said it.

With no command, opens the dashboard on the bundled database (built on first
run) or on the database given with --db."""

EPILOG = """\
examples:
  konna-tui                          open the dashboard
  konna-tui search Dacko             search people, units, places, sources, claims
  konna-tui build --db konna.db      build the database into konna.db
  konna-tui serve                    serve the dashboard to a browser on 127.0.0.1:8000
  konna-tui datasette-metadata       metadata for: datasette konna.db -m metadata.json

exit codes: 0 ok, 1 nothing found or an error, 2 usage error, 130 interrupted, 143 terminated"""


class Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors (exit 2) that point at --help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def port_number(text: str) -> int:
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port (1-65535): {value}")
    return value


def terminal_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,4})\s*[xX×]\s*(\d{1,4})\s*", text)
    if not m or int(m.group(1)) < 20 or int(m.group(2)) < 6:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT of at least 20x6, e.g. 100x32, not {text!r}")
    return int(m.group(1)), int(m.group(2))


def db_path(text: str) -> Path:
    path = named_db(text)
    if path is None:
        raise argparse.ArgumentTypeError("empty path")
    return path


def make_parser() -> Parser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG, formatter_class=raw)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    db_help = "database to open (default: the bundled one, built on first run)"
    parser.add_argument("--db", metavar="PATH", type=db_path, default=None, help=db_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def command(name: str, summary: str, description: str, epilog: str = "", db: str = db_help) -> Parser:
        p = sub.add_parser(name, help=summary, description=description, epilog=epilog, formatter_class=raw)
        # SUPPRESS: a --db given before the command is not overwritten by this one's default.
        p.add_argument("--db", metavar="PATH", type=db_path, default=argparse.SUPPRESS, help=db)
        return p

    build = command(
        "build",
        "build the database from articles",
        "Build the database from articles in the Wikipedia plain-text format (a '= Title =' line,\n"
        "an Infobox block of '- Key: value' lines, '==Section==' headings). Curated files named\n"
        "<article stem>.<kind>.csv beside an article are used when present. The database is\n"
        "written to a temporary file and renamed into place: a failed build changes nothing.",
        "examples:\n"
        "  konna-tui build                                rebuild the bundled database\n"
        "  konna-tui build --db konna.db                  the bundled article into konna.db\n"
        "  konna-tui build a.txt b.txt --db battles.db    several articles into one database\n\n"
        "exit codes: 0 built (warnings say what was skipped), 1 stopped (file and line named)",
        db="database to write (default: konna.db in the package folder, or in ~/.cache/konna-tui "
        "when that folder is read-only)",
    )
    build.add_argument(
        "articles",
        nargs="*",
        metavar="ARTICLE",
        type=Path,
        help="article files (default: the bundled Battle of Konna)",
    )
    build.add_argument(
        "--force", action="store_true", help="replace --db even when it is not a konna-tui database"
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but warnings and errors")
    build.add_argument(
        "-v", "--verbose", action="store_true", help="print every warning, not only the first 20"
    )

    search = command(
        "search",
        "search people, units, places, sources and claims",
        "Search entities (by any alias), sources and claims; accent- and case-insensitive,\n"
        "prefixes and small typos allowed. Prints a table, or JSON with --json.",
        "examples:\n  konna-tui search Sevare\n  konna-tui search 'Human Rights Watch' --json\n\n"
        "exit codes: 0 something matched, 1 nothing matched or an error",
    )
    search.add_argument("term", metavar="TERM", help="what to look for")
    search.add_argument("--json", dest="as_json", action="store_true", help="print JSON for scripts")
    search.add_argument(
        "--limit",
        type=positive_int,
        default=20,
        metavar="N",
        help="at most N results per group (default: 20)",
    )

    shots = command(
        "screenshots",
        "save an SVG of each pane and of a claim view",
        "Run the dashboard headless and save an SVG screenshot of each pane and of a claim view.",
    )
    shots.add_argument(
        "--out",
        type=Path,
        default=Path("screenshots"),
        metavar="DIR",
        help="folder to write to (default: screenshots)",
    )
    shots.add_argument(
        "--size", type=terminal_size, default=(100, 32), metavar="WxH", help="terminal size (default: 100x32)"
    )

    serve = command(
        "serve",
        "serve the dashboard to a web browser (textual-serve)",
        "Serve the dashboard to web browsers with textual-serve. Bound to 127.0.0.1 by default:\n"
        "only this machine can connect. Needs the 'serve' extra: pip install 'konna-tui[serve]'.",
        "examples:\n  konna-tui serve\n  konna-tui serve --port 8080",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=8000, help="port to listen on (default: 8000)")

    meta = sub.add_parser(
        "datasette-metadata",
        help="print Datasette metadata (descriptions, labels, facets) for the database",
        description="Print the Datasette metadata for a konna-tui database: title, source, licence,\n"
        "a description of every table and column, readable foreign-key labels, facets and\n"
        "full-text search. Datasette names a database after its file, so call it konna.db.",
        epilog="example:\n  konna-tui build --db konna.db\n"
        "  konna-tui datasette-metadata > metadata.json\n  datasette konna.db -m metadata.json",
        formatter_class=raw,
    )
    meta.add_argument(
        "--out", type=Path, default=None, metavar="FILE", help="write to FILE instead of stdout"
    )
    return parser
