"""Open the database read-only and check that it is one of ours, of this schema version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from konna_tui.schema import SCHEMA_VERSION


class DatabaseError(Exception):
    """A database that cannot be read; the message is one line a user can act on."""


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Open ``path`` read-only (the app never writes what it reads) and validate it."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path}: no such database (run: konna-tui build --db {path})")
    if path.is_dir():
        raise DatabaseError(f"{path}: is a directory, not a database")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot open database ({exc})") from None
    try:
        version = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(
            f"{path}: not a SQLite database or damaged ({exc}); rebuild it with: konna-tui build --db {path}"
        ) from None
    if version is None:
        conn.close()
        raise DatabaseError(
            f"{path}: not a konna-tui database (no meta table); build one with: konna-tui build --db {path}"
        )
    if version != SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"{path}: schema version {version}, this konna-tui reads "
            f"{SCHEMA_VERSION}; rebuild it with: konna-tui build --db {path}"
        )
    conn.row_factory = sqlite3.Row
    return conn


def schema_version(conn: sqlite3.Connection) -> int | None:
    """The schema version recorded in ``meta``, or None when there is no meta table."""
    has_meta = conn.execute("select 1 from sqlite_master where type = 'table' and name = 'meta'").fetchone()
    if not has_meta:
        return None
    row = conn.execute("select value from meta where key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else None
    except (TypeError, ValueError):
        return None
