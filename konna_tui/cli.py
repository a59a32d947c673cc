"""The ``konna-tui`` command: the dashboard, and ``build``, ``search``, ``screenshots``, ``serve``.

Only the standard library is imported here, so ``--version`` and ``--help`` answer
at once; each command imports what it needs when it runs. A plain ``konna-tui`` or
``konna-tui --db PATH`` opens the dashboard without building the argparse grammar
(``konna_tui.arguments``), which would cost every start about 6 ms.
Exit codes scripts can trust: 0 done, 1 nothing found or an error, 2 a usage
error, 130 interrupted, 143 terminated. Errors are one line on stderr, never a traceback
(set KONNA_TUI_DEBUG=1 to see one).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

PROG = "konna-tui"
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    plain, db = dashboard_only(words)
    if plain:
        return guarded(open_dashboard, db)
    from konna_tui.arguments import make_parser

    return guarded(dispatch, make_parser().parse_args(words))


def dashboard_only(words: list[str]) -> tuple[bool, Path | None]:
    """Whether ``words`` only ask for the dashboard (nothing, or ``--db PATH``), and the PATH.

    Anything else, including every mistake, goes to the argparse grammar, which
    answers it as it always has.
    """
    if not words:
        return True, None
    if len(words) == 2 and words[0] == "--db":
        text = words[1]
    elif len(words) == 1 and words[0].startswith("--db="):
        text = words[0][len("--db=") :]
    else:
        return False, None
    db = None if text.startswith("-") else named_db(text)
    return db is not None, db


def named_db(text: str) -> Path | None:
    """The database a ``--db`` value names, or None when it is blank (argparse says so)."""
    return Path(text).expanduser() if text.strip() else None


def guarded(run: Callable[[Any], int], arg: Any) -> int:
    """``run(arg)``, with every way it can end turned into an exit code and at most one line."""
    try:
        return run(arg)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        from konna_tui.commands import Terminated

        if isinstance(exc, Terminated):
            print(f"{PROG}: {exc}", file=sys.stderr)
            return EXIT_TERMINATED
        if os.environ.get("KONNA_TUI_DEBUG"):
            raise
        print(f"{PROG}: {error_line(exc)}", file=sys.stderr)
        return EXIT_ERROR


def dispatch(args: argparse.Namespace) -> int:
    db: Path | None = args.db
    if args.command == "build":
        from konna_tui.commands import build

        return build.run(args.articles, db, force=args.force, quiet=args.quiet, verbose=args.verbose)

    if args.command == "datasette-metadata":
        from konna_tui.commands import datasette

        return datasette.run(args.out)

    from konna_tui.database import resolve_database

    if args.command == "search":
        path = resolve_database(db)
        from konna_tui.commands.search import run as search

        return search(path, args.term, args.as_json, args.limit)
    if args.command == "screenshots":
        path = resolve_database(db)
        from konna_tui.commands.screenshots import take_screenshots

        written = take_screenshots(path, args.out, args.size)
        for shot in written or []:
            print(shot)
        return EXIT_OK
    if args.command == "serve":
        path = resolve_database(db)
        from konna_tui.commands import serve

        return serve.run(path, args.host, args.port)
    return open_dashboard(db)


def open_dashboard(db: Path | None) -> int:
    """Resolve (and on first run build) the database, then run the Textual app on it."""
    from konna_tui.commands import CommandError
    from konna_tui.database import resolve_database

    path = resolve_database(db)
    served = bool(os.environ.get("TEXTUAL_DRIVER"))  # textual-serve and tests drive the app without a TTY
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError("the dashboard needs a terminal; for scripts use: konna-tui search TERM")
    from konna_tui.ui.app import KonnaApp

    app = KonnaApp(path)
    app.run()
    return app.return_code or EXIT_OK


def error_line(exc: BaseException) -> str:
    """The exception as one line a user can act on."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        text = f"{where}{exc.strerror}"
    else:
        text = str(exc) or type(exc).__name__
        if not _expected(exc):
            text = f"internal error: {type(exc).__name__}: {text} (KONNA_TUI_DEBUG=1 shows the traceback)"
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip()


def _expected(exc: BaseException) -> bool:
    """Errors that are about the user's input or files, not a bug in konna-tui."""
    from konna_tui.commands import CommandError
    from konna_tui.ingest.article import ArticleError
    from konna_tui.ingest.curation import CurationError
    from konna_tui.queries.db import DatabaseError

    return isinstance(exc, CommandError | ArticleError | CurationError | DatabaseError | OSError)
