"""``konna-tui build``: build a database from articles and say what was built and what was skipped."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from konna_tui.commands import CommandError, Terminated

SHOWN_WARNINGS = 20
SUMMARY_TABLES = [
    ("claims", "claims"),
    ("figures", "figures"),
    ("non_quantities", "other numbers classified"),
    ("quantities", "quantities"),
    ("sources", "sources"),
    ("attributions", "attributions"),
    ("entities", "entities"),
    ("events", "events"),
]


def run(
    articles: list[Path],
    db: Path | None,
    force: bool = False,
    quiet: bool = False,
    verbose: bool = False,
) -> int:
    """Build ``db`` (default: the bundled database's place) from ``articles`` (default: the bundled one)."""
    from konna_tui.build import build_database
    from konna_tui.database import bundled_target, overwrite_refusal
    from konna_tui.inputs import bundled_articles

    target = db if db is not None else bundled_target()
    paths = articles or bundled_articles()
    if not force:
        refusal = overwrite_refusal(target)
        if refusal:
            raise CommandError(refusal)
    started = time.perf_counter()
    with _terminate_cleanly(), _progress(len(paths), quiet) as progress:
        report = build_database(paths, target, progress=progress)
    elapsed = time.perf_counter() - started
    if not quiet:
        print(summary(target, report.documents, report.counts, elapsed))
    _print_warnings(report.warnings, verbose)
    return 0


def summary(target: Path, documents: int, counts: dict[str, int], elapsed: float) -> str:
    """One line: where, from how many articles, and how many of each record."""
    parts = [f"{counts.get(table, 0):,} {label}" for table, label in SUMMARY_TABLES]
    articles = "1 article" if documents == 1 else f"{documents:,} articles"
    return f"Built {target} from {articles} in {elapsed:.2f} s: " + ", ".join(parts) + "."


def _print_warnings(warnings: list[str], verbose: bool) -> None:
    """What the build skipped or guessed, one line each, on stderr (capped unless --verbose)."""
    shown = warnings if verbose else warnings[:SHOWN_WARNINGS]
    for warning in shown:
        print(f"warning: {' '.join(warning.split())}", file=sys.stderr)
    if len(warnings) > len(shown):
        print(
            f"warning: ... and {len(warnings) - len(shown):,} more (all of them with --verbose)",
            file=sys.stderr,
        )


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into an exception while building, so the build's cleanup runs."""

    def terminated(signum: int, frame: object) -> None:
        raise Terminated("terminated (SIGTERM): the previous database is unchanged")

    try:
        previous = signal.signal(signal.SIGTERM, terminated)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on a terminal for several articles; nothing in scripts."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading articles", total=total)

        def advance(name: str, done: int, count: int) -> None:
            label = "writing the database" if done >= count else name
            bar.update(task, completed=done, description=label)

        yield advance
