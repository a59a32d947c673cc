"""Find the database to open: the one the user named, or the bundled one, rebuilt when needed.

Runs before every start of the app, so the common case (the bundled database
exists and matches its inputs) costs one read-only open and one hash of the
inputs; sqlite-utils is imported only when a rebuild is really needed.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from konna_tui.inputs import PACKAGE_DIR, bundled_articles, inputs_hash
from konna_tui.queries.db import DatabaseError, open_readonly

DB_NAME = "konna.db"
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Status:
    """What a file on disk is, as far as konna-tui is concerned."""

    kind: str  # ok, missing, directory, empty, not_sqlite, damaged, foreign, old_schema
    message: str = ""
    inputs_hash: str | None = None


def cache_dir() -> Path:
    """The user cache directory: ``$XDG_CACHE_HOME/konna-tui`` or ``~/.cache/konna-tui``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "konna-tui"


def package_db_dir() -> Path:
    """Where the bundled database goes when the package directory is writable."""
    return PACKAGE_DIR


def writable(directory: Path) -> bool:
    """Whether a new file can be created in ``directory`` (or in the folder that will hold it)."""
    probe = directory
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


def bundled_candidates() -> list[Path]:
    """Places the bundled database may live, in the order they are tried."""
    return [package_db_dir() / DB_NAME, cache_dir() / DB_NAME]


def bundled_target() -> Path:
    """Where ``konna-tui build`` (no --db) and a first-run rebuild write the bundled database."""
    package, cache = bundled_candidates()
    return package if writable(package.parent) else cache


def inspect(path: Path) -> Status:
    """Classify ``path`` without writing to it: is it a konna-tui database of this schema?"""
    if not path.exists():
        return Status("missing", f"{path}: no such database (run: konna-tui build --db {path})")
    if path.is_dir():
        return Status("directory", f"{path}: is a directory, not a database")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return Status("damaged", f"{path}: cannot read ({exc.strerror or exc})")
    if size == 0:
        return Status("empty", f"{path}: empty file, not a database (run: konna-tui build --db {path})")
    if not header.startswith(SQLITE_MAGIC):
        return Status(
            "not_sqlite",
            f"{path}: not a SQLite database (wrong file?); build one with: konna-tui build --db NEW.db",
        )
    truncated = _truncated(header, size)
    if truncated:
        return Status("damaged", f"{path}: damaged database ({truncated}); {_rebuild(path)}")
    try:
        conn = open_readonly(path)
    except DatabaseError as exc:
        text = str(exc)
        if "no meta table" in text:
            return Status(
                "foreign",
                f"{path}: a SQLite database of another program, not of konna-tui; "
                "build one with: konna-tui build --db NEW.db",
            )
        if "schema version" in text:
            return Status("old_schema", text)
        return Status("damaged", f"{path}: damaged database; {_rebuild(path)}")
    try:
        row = conn.execute("select value from meta where key = 'inputs_hash'").fetchone()
        # Touch every table's first page: a file cut short fails here, not in the app.
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            conn.execute(f'select 1 from "{table}" limit 1').fetchall()
    except sqlite3.DatabaseError as exc:
        return Status("damaged", f"{path}: damaged database ({exc}); {_rebuild(path)}")
    finally:
        conn.close()
    return Status("ok", inputs_hash=row[0] if row else None)


def _rebuild(path: Path) -> str:
    return f"rebuild it with: konna-tui build --db {path}"


def _truncated(header: bytes, size: int) -> str:
    """Say so when the file is shorter than the page count its header records."""
    if len(header) < 100:
        return f"only {size} bytes, shorter than a SQLite header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter = header[24:28]
    valid_for = header[92:96]
    if page_size < 512 or size % page_size:
        return f"{size} bytes is not a whole number of {page_size}-byte pages"
    if pages and change_counter == valid_for and pages * page_size > size:
        return f"{size} bytes where its header records {pages * page_size}"
    return ""


def resolve_database(db: Path | None, announce: Callable[[str], None] | None = None) -> Path:
    """The database to open.

    With ``db`` (the user's ``--db``): it must be a konna-tui database of this
    schema; otherwise DatabaseError with one line saying what is wrong and
    what to run. Without it: the bundled database, rebuilt from the bundled
    article when it is missing, stale, damaged, foreign or of an older schema.
    ``announce(message)`` is told before a rebuild (default: one line on stderr).
    """
    if db is not None:
        status = inspect(db)
        if status.kind != "ok":
            raise DatabaseError(status.message)
        return db
    articles = bundled_articles()
    wanted = inputs_hash(articles)
    for candidate in bundled_candidates():
        status = inspect(candidate)
        if status.kind == "ok" and status.inputs_hash == wanted:
            return candidate
    return rebuild_bundled(announce)


def rebuild_bundled(announce: Callable[[str], None] | None = None) -> Path:
    """Build the bundled database into the package directory, or the cache when that fails."""
    say = announce or (lambda message: print(message, file=sys.stderr, flush=True))
    say("building the Konna database (first run)...")
    from konna_tui.build import build_database  # build path only: imports sqlite-utils

    package, cache = bundled_candidates()
    targets = [package, cache] if writable(package.parent) else [cache]
    last: OSError | None = None
    for target in targets:
        try:
            build_database(bundled_articles(), target)
            return target
        except OSError as exc:
            last = exc
    assert last is not None
    raise DatabaseError(
        f"cannot write the database to {' or '.join(str(t.parent) for t in targets)} "
        f"({last.strerror or last}); build one elsewhere with: konna-tui build --db PATH"
    )


def overwrite_refusal(path: Path) -> str:
    """Why ``konna-tui build --db path`` must not replace ``path`` (empty when it may).

    A missing or empty file, or any konna-tui database (also a damaged or older
    one), may be replaced; a file of another program may not, without --force.
    """
    status = inspect(path)
    if status.kind == "directory":
        return status.message
    if status.kind == "not_sqlite":
        return f"{path}: exists and is not a SQLite database; not replacing it (use --force to)"
    if status.kind == "foreign":
        return f"{path}: a SQLite database of another program; not replacing it (use --force to)"
    return ""
