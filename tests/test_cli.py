"""The command line as a script or a person meets it: help, version, exit codes, one-line errors."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konna_tui import __version__, cli
from konna_tui.commands import build as build_command
from konna_tui.inputs import bundled_articles

COMMANDS = ["build", "search", "screenshots", "serve", "datasette-metadata"]
HEAVY = ("textual", "rich", "sqlite_utils")


def konna(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120):
    """Run ``python -m konna_tui`` as a user's shell would, with no terminal attached."""
    return subprocess.run(
        [sys.executable, "-m", "konna_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


def one_line_error(stderr: str) -> str:
    """The error as a user sees it: exactly one line, no traceback."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert "Traceback" not in stderr
    return lines[0]


def test_version_answers_without_importing_textual_rich_or_sqlite_utils():
    code = (
        "import sys\n"
        "from konna_tui.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as exit:\n    assert exit.code == 0\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [f"konna-tui {__version__}", "[]"]


def test_python_dash_m_prints_the_version():
    result = konna("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"konna-tui {__version__}"


def test_top_level_help_lists_every_command_and_what_no_command_does():
    result = konna("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout
    assert "opens the dashboard" in result.stdout
    assert "exit codes" in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help_that_explains_itself(name):
    result = konna(name, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: konna-tui {name}")
    description = result.stdout.split("\n\n")[1]
    assert len(description.split()) >= 8, f"{name} --help explains too little: {description!r}"
    if name != "datasette-metadata":
        assert "--db PATH" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["bogus"], ["search"], ["search", "x", "--limit", "0"], ["serve", "--port", "70000"], ["--nope"]],
)
def test_usage_errors_exit_2_with_one_line(args):
    result = konna(*args)
    assert result.returncode == 2
    line = one_line_error(result.stderr)
    assert line.startswith("konna-tui")
    assert "--help" in line


def test_screenshot_size_must_look_like_a_terminal_size():
    result = konna("screenshots", "--size", "big")
    assert result.returncode == 2
    assert "WIDTHxHEIGHT" in one_line_error(result.stderr)


def test_build_writes_the_database_and_prints_a_summary(tmp_path):
    db = tmp_path / "konna.db"
    result = konna("build", "--db", str(db))
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip()
    assert summary.startswith(f"Built {db} from 1 article")
    conn = sqlite3.connect(db)
    claims = conn.execute("select count(*) from claims").fetchone()[0]
    assert f"{claims:,} claims" in summary
    assert "\x1b[" not in result.stdout + result.stderr, "no terminal codes when not on a terminal"


def test_build_quiet_prints_nothing_on_success(tmp_path):
    result = konna("build", "--db", str(tmp_path / "k.db"), "--quiet")
    assert result.returncode == 0
    assert result.stdout == ""


def test_build_says_what_it_skipped_on_stderr(tmp_path):
    article = tmp_path / "headless.txt"
    article.write_text("= Headless =\n\nA sentence with 12 soldiers.\n\n==Empty==\n\n==Next==\nMore text.\n")
    result = konna("build", str(article), "--db", str(tmp_path / "h.db"))
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.strip().splitlines()
    assert any("no infobox" in w for w in warnings)
    assert any("'Empty' has no text under it" in w for w in warnings)
    assert all(w.startswith("warning: ") for w in warnings)


def test_build_stops_with_one_line_naming_the_missing_file(tmp_path):
    db = tmp_path / "k.db"
    result = konna("build", str(tmp_path / "nowhere.txt"), "--db", str(db))
    assert result.returncode == 1
    assert one_line_error(result.stderr) == f"konna-tui: {tmp_path / 'nowhere.txt'}: no such file"
    assert not db.exists()


def test_build_will_not_replace_a_database_of_another_program_without_force(tmp_path):
    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("create table photos (id integer primary key, path text)")
    conn.execute("insert into photos (path) values ('holiday.jpg')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    refused = konna("build", "--db", str(other))
    assert refused.returncode == 1
    assert "another program" in one_line_error(refused.stderr)
    assert other.read_bytes() == before
    forced = konna("build", "--db", str(other), "--force", "--quiet")
    assert forced.returncode == 0
    assert sqlite3.connect(other).execute("select value from meta where key='title'").fetchone()


def test_build_will_not_replace_a_file_that_is_not_a_database(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    result = konna("build", "--db", str(notes))
    assert result.returncode == 1
    assert "not a SQLite database" in one_line_error(result.stderr)
    assert notes.read_text() == "my notes\n"


def test_missing_db_is_one_line_that_says_what_to_run(tmp_path):
    missing = tmp_path / "missing.db"
    for args in (["--db", str(missing)], ["search", "Dacko", "--db", str(missing)]):
        result = konna(*args)
        assert result.returncode == 1
        line = one_line_error(result.stderr)
        assert line == f"konna-tui: {missing}: no such database (run: konna-tui build --db {missing})"


def test_db_given_before_the_command_is_used_by_the_command(tmp_path):
    missing = tmp_path / "before.db"
    result = konna("--db", str(missing), "search", "Dacko")
    assert result.returncode == 1
    assert str(missing) in one_line_error(result.stderr)


def test_dashboard_without_a_terminal_says_so_in_one_line(bundled_db):
    result = konna("--db", str(bundled_db))
    assert result.returncode == 1
    assert "needs a terminal" in one_line_error(result.stderr)


ARG_WORDS = st.sampled_from(["--db", "--db=", "--db=x.db", "x.db", "-", "--", "", " ", "~/k.db", "search"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ARG_WORDS | st.text(max_size=8), max_size=3))
def test_the_dashboard_shortcut_reads_arguments_as_the_full_grammar_does(words):
    """Whatever the shortcut takes as "just the dashboard", argparse would read the same way."""
    from konna_tui.arguments import make_parser

    plain, db = cli.dashboard_only(list(words))
    if not plain:
        return
    args = make_parser().parse_args(list(words))
    assert args.command is None
    assert args.db == db


def test_opening_the_dashboard_does_not_build_the_argument_grammar(bundled_db):
    code = (
        "import sys; from konna_tui import cli; "
        "cli.open_dashboard = lambda db: print(db, 'argparse' in sys.modules) or 0; "
        "sys.exit(cli.main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--db", str(bundled_db)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(bundled_db), "False"]


def test_search_finds_dacko_and_exits_0(bundled_db):
    result = konna("search", "Dacko", "--db", str(bundled_db))
    assert result.returncode == 0, result.stderr
    assert "Dacko" in result.stdout


def test_search_json_is_valid_json_for_scripts(bundled_db):
    result = konna("search", "Dacko", "--json", "--db", str(bundled_db))
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)


def test_search_that_matches_nothing_exits_1(bundled_db):
    result = konna("search", "zzqxjvw", "--db", str(bundled_db))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_datasette_metadata_prints_json_with_the_licence():
    result = konna("datasette-metadata")
    assert result.returncode == 0
    assert json.loads(result.stdout)["license"] == "CC BY-SA 4.0"


def test_reader_that_goes_away_is_not_an_error():
    """``konna-tui datasette-metadata | head -0``: the pipe closes, no traceback, exit 0."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "konna_tui", "datasette-metadata"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader is gone before anything is written
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert err == b""


def test_interrupt_exits_130_with_one_line(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "dispatch", interrupted)
    assert cli.main(["search", "x"]) == 130
    assert capsys.readouterr().err == "konna-tui: interrupted\n"


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys):
    def broken(args):
        raise ValueError("something\nunexpected")

    monkeypatch.setattr(cli, "dispatch", broken)
    monkeypatch.delenv("KONNA_TUI_DEBUG", raising=False)
    assert cli.main(["search", "x"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: ValueError: something unexpected" in err
    assert "KONNA_TUI_DEBUG=1" in err


def test_debug_variable_shows_the_traceback(monkeypatch):
    def broken(args):
        raise ValueError("boom")

    monkeypatch.setattr(cli, "dispatch", broken)
    monkeypatch.setenv("KONNA_TUI_DEBUG", "1")
    with pytest.raises(ValueError):
        cli.main(["search", "x"])


def test_os_errors_read_as_file_and_reason():
    err = PermissionError(13, "Permission denied", "/srv/konna.db")
    assert cli.error_line(err) == "/srv/konna.db: Permission denied"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_for_several_articles_on_a_terminal(monkeypatch):
    with build_command._progress(3, quiet=False) as progress:
        assert progress is None, "not a terminal (pytest captures stderr): no bar"
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with build_command._progress(1, quiet=False) as progress:
        assert progress is None, "one article: nothing to show"
    with build_command._progress(3, quiet=True) as progress:
        assert progress is None
    with build_command._progress(3, quiet=False) as progress:
        assert progress is not None
        progress("a.txt", 1, 3)
        progress("b.txt", 2, 3)
        progress("c.txt", 3, 3)
    assert "writing the database" in terminal.getvalue()


def test_summary_counts_read_naturally():
    counts = {"claims": 1234, "figures": 5, "sources": 1}
    line = build_command.summary(Path("k.db"), 2, counts, 0.5)
    assert line.startswith("Built k.db from 2 articles in 0.50 s: 1,234 claims, 5 figures, 0 other numbers")


def test_default_build_reads_the_bundled_article(monkeypatch, tmp_path):
    seen = {}

    def fake_target():
        return tmp_path / "bundled.db"

    monkeypatch.setattr("konna_tui.database.bundled_target", fake_target)
    assert cli.main(["build", "--quiet"]) == 0
    conn = sqlite3.connect(tmp_path / "bundled.db")
    seen["file"] = conn.execute("select source_file from documents").fetchone()[0]
    assert seen["file"] == bundled_articles()[0].name


# --- Datasette metadata: generated from the schema, shipped, and true of the built database ---


def test_shipped_datasette_metadata_is_the_generated_one():
    from konna_tui.commands.datasette import render

    shipped = (Path(__file__).resolve().parents[1] / "datasette" / "metadata.json").read_text(
        encoding="utf-8"
    )
    assert shipped == render(), "regenerate: konna-tui datasette-metadata --out datasette/metadata.json"


def test_datasette_metadata_describes_every_table_and_column_of_the_built_database(bundled_db):
    from konna_tui.commands.datasette import metadata
    from konna_tui.schema import FOREIGN_KEYS

    meta = metadata()
    assert meta["license"] == "CC BY-SA 4.0"
    assert meta["source_url"] == "https://en.wikipedia.org/wiki/Battle_of_Konna"
    tables = meta["databases"][bundled_db.stem]["tables"]
    conn = sqlite3.connect(bundled_db)
    real = {
        r[0]: [c[1] for c in conn.execute(f"pragma table_info([{r[0]}])")]
        for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like '%_fts%'"
        )
    }
    assert set(tables) == set(real)
    for name, table in tables.items():
        assert table["description"]
        assert set(table["columns"]) == set(real[name]), name
        for column in [table.get("label_column"), table.get("sort"), *table.get("facets", [])]:
            assert column is None or column in real[name], (name, column)
        if "fts_table" in table:
            assert conn.execute(
                "select 1 from sqlite_master where name = ?", (table["fts_table"],)
            ).fetchone()
    for other, _ in FOREIGN_KEYS.values():
        assert "label_column" in tables[other], f"foreign keys to {other} would show bare ids"
    assert tables["figures"]["facets"] == ["quantity_key", "side", "qualifier"]
    assert tables["sources"]["facets"] == ["type", "side"]
    assert tables["entities"]["facets"] == ["type"]
    assert tables["claims"]["fts_table"] == "claims_fts"


def test_database_meta_carries_title_source_and_licence(bundled_db):
    conn = sqlite3.connect(bundled_db)
    meta = dict(conn.execute("select key, value from meta"))
    assert meta["title"] == "Battle of Konna"
    assert meta["source_url"] == "https://en.wikipedia.org/wiki/Battle_of_Konna"
    assert meta["licence"] == "CC BY-SA 4.0"


def test_screenshots_command_writes_svgs_and_lists_them(bundled_db, tmp_path):
    out = tmp_path / "shots"
    result = konna("screenshots", "--db", str(bundled_db), "--out", str(out), "--size", "100x32")
    assert result.returncode == 0, result.stderr
    written = [Path(line) for line in result.stdout.splitlines()]
    assert written and all(p.parent == out and p.suffix == ".svg" for p in written)
    assert all(p.read_text(encoding="utf-8").lstrip().startswith("<svg") for p in written)


# --- any text typed on the command line -------------------------------------------------------

ARGV_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=200)
TRICKY = st.sampled_from(
    ['"', "*", "-", "(", "NEAR", "AND OR NOT", "'; drop table claims; --", "Sévaré", "ⵣ", "١٢"]
)


@settings(max_examples=300, deadline=None)
@given(term=st.one_of(ARGV_TEXT, TRICKY, st.lists(TRICKY).map(" ".join)))
def test_search_from_the_shell_takes_any_text(bundled_db, term):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["search", "--db", str(bundled_db), "--json", "--", term])
    assert code in (0, 1)
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
    assert len(err.getvalue().strip().splitlines()) <= 1
    if code == 0:
        json.loads(out.getvalue())
