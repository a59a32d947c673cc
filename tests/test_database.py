"""Which database opens: a broken --db is one line and a non-zero exit; a broken bundled one is rebuilt."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from konna_tui import database
from konna_tui.build import build_database
from konna_tui.database import DatabaseError, inspect, resolve_database
from konna_tui.inputs import bundled_articles, inputs_hash
from konna_tui.queries.db import open_readonly
from konna_tui.schema import SCHEMA_VERSION
from tests.cli import one_error_line, run_cli

REPO = Path(__file__).resolve().parents[1]


# --- broken files, each made the way it happens in the wild -----------------------------------


def empty(path: Path) -> None:
    path.write_bytes(b"")


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def truncated(good: Path):
    def make(path: Path) -> None:
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])

    return make


def cut_at_a_page(good: Path):
    """Cut on a page boundary: only the header's page count tells it is short."""

    def make(path: Path) -> None:
        data = good.read_bytes()
        page = int.from_bytes(data[16:18], "big")
        path.write_bytes(data[: page * 2])

    return make


def another_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("create table songs (id integer primary key, title text)")
    conn.execute("insert into songs (title) values ('Mali Sadio')")
    conn.commit()
    conn.close()


def older_schema(good: Path):
    def make(path: Path) -> None:
        shutil.copy(good, path)
        conn = sqlite3.connect(path)
        conn.execute("update meta set value = ? where key = 'schema_version'", (str(SCHEMA_VERSION - 1),))
        conn.commit()
        conn.close()

    return make


def directory(path: Path) -> None:
    path.mkdir()


def broken_cases(good: Path) -> dict[str, tuple]:
    """name -> (make, kind inspect reports, words the one-line message must hold)."""
    return {
        "empty": (empty, "empty", "empty file"),
        "random bytes": (random_bytes, "not_sqlite", "not a SQLite database"),
        "truncated": (truncated(good), "damaged", "damaged database"),
        "cut at a page": (cut_at_a_page(good), "damaged", "damaged database"),
        "another program": (another_program, "foreign", "another program"),
        "older schema": (older_schema(good), "old_schema", f"schema version {SCHEMA_VERSION - 1}"),
        "directory": (directory, "directory", "is a directory"),
    }


CASES = [
    "empty",
    "random bytes",
    "truncated",
    "cut at a page",
    "another program",
    "older schema",
    "directory",
]


def test_a_fresh_build_inspects_ok_with_its_inputs_hash(bundled_db):
    status = inspect(bundled_db)
    assert status.kind == "ok"
    assert status.inputs_hash == inputs_hash(bundled_articles())


@pytest.mark.parametrize("case", CASES)
def test_explicit_db_that_is_broken_is_refused_in_one_line(case, bundled_db, tmp_path):
    make, kind, words = broken_cases(bundled_db)[case]
    path = tmp_path / "given.db"
    make(path)
    assert inspect(path).kind == kind
    with pytest.raises(DatabaseError) as info:
        resolve_database(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    assert words in message
    if kind in ("damaged", "old_schema", "empty"):
        assert f"konna-tui build --db {path}" in message, "says what to run"


@pytest.mark.parametrize("case", CASES)
def test_explicit_broken_db_exits_1_from_the_command_line(case, bundled_db, tmp_path):
    make, _, words = broken_cases(bundled_db)[case]
    path = tmp_path / "given.db"
    make(path)
    result = run_cli("search", "Dacko", "--db", str(path))
    assert result.returncode == 1
    assert words in one_error_line(result)


def test_explicit_db_that_is_fine_is_returned_as_given(bundled_db):
    assert resolve_database(bundled_db) == bundled_db


@pytest.fixture
def bundled_places(tmp_path, monkeypatch):
    """Point the bundled database's two homes (package folder, user cache) at temporary folders."""
    package = tmp_path / "package"
    cache = tmp_path / "cache"
    package.mkdir()
    monkeypatch.setattr(database, "package_db_dir", lambda: package)
    monkeypatch.setattr(database, "cache_dir", lambda: cache)
    return package / "konna.db", cache / "konna.db"


def test_missing_bundled_db_is_built_into_the_package_folder_and_announced(bundled_places):
    package_db, cache_db = bundled_places
    said: list[str] = []
    assert resolve_database(None, announce=said.append) == package_db
    assert said == ["building the Konna database (first run)..."]
    assert inspect(package_db).kind == "ok"
    assert not cache_db.exists()
    said.clear()
    assert resolve_database(None, announce=said.append) == package_db
    assert said == [], "a fresh database is opened, not rebuilt"


def test_first_run_message_is_one_line_on_stderr(bundled_places, capsys):
    resolve_database(None)
    assert capsys.readouterr().err == "building the Konna database (first run)...\n"


@pytest.mark.parametrize("case", [c for c in CASES if c != "directory"])
def test_broken_bundled_db_is_rebuilt(case, bundled_places, bundled_db):
    package_db, _ = bundled_places
    make, _, _ = broken_cases(bundled_db)[case]
    make(package_db)
    said: list[str] = []
    assert resolve_database(None, announce=said.append) == package_db
    assert said, "rebuilt"
    assert inspect(package_db).kind == "ok"
    conn = open_readonly(package_db)
    assert conn.execute("select count(*) from claims").fetchone()[0] > 0
    conn.close()


def test_stale_bundled_db_is_rebuilt(bundled_places, bundled_db):
    package_db, _ = bundled_places
    shutil.copy(bundled_db, package_db)
    conn = sqlite3.connect(package_db)
    conn.execute("update meta set value = 'an older article' where key = 'inputs_hash'")
    conn.commit()
    conn.close()
    said: list[str] = []
    resolve_database(None, announce=said.append)
    assert said
    assert inspect(package_db).inputs_hash == inputs_hash(bundled_articles())


def test_read_only_package_folder_falls_back_to_the_user_cache(bundled_places, monkeypatch, tmp_path):
    package_db, cache_db = bundled_places
    # A package folder that cannot hold a new file: its path runs through a regular file.
    blocker = tmp_path / "site-packages-file"
    blocker.write_text("")
    monkeypatch.setattr(database, "package_db_dir", lambda: blocker / "konna_tui")
    assert resolve_database(None, announce=lambda _: None) == cache_db
    assert inspect(cache_db).kind == "ok"
    assert database.bundled_target() == cache_db


def test_fresh_db_in_the_cache_is_used_without_a_rebuild(bundled_places, bundled_db):
    _, cache_db = bundled_places
    cache_db.parent.mkdir(parents=True)
    shutil.copy(bundled_db, cache_db)
    said: list[str] = []
    assert resolve_database(None, announce=said.append) == cache_db
    assert said == []


def test_cache_dir_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert database.cache_dir() == tmp_path / "konna-tui"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec says ignore relative paths
    assert database.cache_dir() == Path.home() / ".cache" / "konna-tui"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert database.cache_dir() == Path.home() / ".cache" / "konna-tui"


def test_nowhere_writable_is_one_line_saying_what_to_run(bundled_places, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(database, "package_db_dir", lambda: blocker / "pkg")
    monkeypatch.setattr(database, "cache_dir", lambda: blocker / "cache")
    with pytest.raises(DatabaseError) as info:
        resolve_database(None, announce=lambda _: None)
    assert "\n" not in str(info.value)
    assert "konna-tui build --db PATH" in str(info.value)


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder nobody can create files in: a read-only mount as root, chmod 555 otherwise."""
    folder = tmp_path / "site-packages" / "konna_tui"
    folder.mkdir(parents=True)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a read-only folder here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_really_read_only_package_folder_builds_into_the_cache(bundled_places, read_only_dir, monkeypatch):
    """Installed system-wide or on a read-only filesystem: the database goes to the user cache."""
    _, cache_db = bundled_places
    monkeypatch.setattr(database, "package_db_dir", lambda: read_only_dir)
    assert not database.writable(read_only_dir)
    assert resolve_database(None, announce=lambda _: None) == cache_db
    assert inspect(cache_db).kind == "ok"
    assert not (read_only_dir / "konna.db").exists()


def test_write_that_fails_in_the_package_folder_falls_back_to_the_cache(
    bundled_places, read_only_dir, monkeypatch
):
    """Even when the folder looks writable (permissions can lie), a failed write is not the end."""
    _, cache_db = bundled_places
    monkeypatch.setattr(database, "package_db_dir", lambda: read_only_dir)
    monkeypatch.setattr(database, "writable", lambda directory: True)
    assert resolve_database(None, announce=lambda _: None) == cache_db
    assert inspect(cache_db).kind == "ok"


def test_fast_path_does_not_import_sqlite_utils(bundled_db, tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    shutil.copy(bundled_db, package / "konna.db")
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from konna_tui import database
        database.package_db_dir = lambda: Path({str(package)!r})
        print(database.resolve_database(None))
        print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlite_utils', 'textual', 'rich')))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(package / "konna.db"), "[]"]
    assert result.stderr == ""


def test_app_side_open_is_read_only(bundled_db, tmp_path):
    copy = tmp_path / "ro.db"
    shutil.copy(bundled_db, copy)
    before = copy.read_bytes()
    conn = open_readonly(copy)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("delete from claims")
    conn.close()
    assert copy.read_bytes() == before


def test_rebuild_while_a_reader_has_the_database_open_does_not_disturb_it(tmp_path):
    """The app keeps reading the database it opened; the next start sees the new one."""
    db = tmp_path / "konna.db"
    shared = REPO.parent / "shared" / "articles"
    other = shared / "battle_of_diabaly.txt"
    if not other.exists():
        other = REPO / "tests" / "fixtures" / "battle_of_diabaly.txt"
    build_database(bundled_articles(), db)
    reader = open_readonly(db)
    title = reader.execute("select title from documents").fetchone()[0]
    claims = reader.execute("select id, text from claims order by id").fetchall()
    build_database([other], db)  # replaces the file under the open reader
    assert reader.execute("select title from documents").fetchone()[0] == title
    assert [tuple(r) for r in reader.execute("select id, text from claims order by id")] == [
        tuple(r) for r in claims
    ]
    assert reader.execute("select count(*) from claims_fts where claims_fts match 'Konna'").fetchone()[0] > 0
    reader.close()
    fresh = open_readonly(db)
    assert fresh.execute("select title from documents").fetchone()[0] == "Battle of Diabaly"
    fresh.close()


def test_build_into_a_read_only_folder_is_one_line(read_only_dir):
    target = read_only_dir / "konna.db"
    result = run_cli("build", "--db", str(target))
    assert result.returncode == 1
    line = one_error_line(result)
    assert line.startswith(f"konna-tui: {read_only_dir}")
    assert "Read-only file system" in line or "Permission denied" in line
