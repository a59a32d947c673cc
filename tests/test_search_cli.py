"""`konna-tui search TERM`: a table or JSON, exit 0 when something matched and 1 when nothing did."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from konna_tui.commands.search import run
from konna_tui.queries.db import open_readonly
from tests.test_search import HOSTILE, entity_named

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db_path(bundled_db: Path) -> Path:
    return bundled_db


def test_a_match_prints_a_table_and_exits_0(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "Dacko") == 0
    out = capsys.readouterr().out
    assert "Didier Dacko" in out
    assert "People" in out and "Claims" in out


def test_nothing_matched_exits_1_with_one_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "zzqxw") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "nothing matches" in captured.err


def test_json_is_valid_and_complete(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "Sevare", as_json=True) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["query"] == "Sevare" and doc["terms"] == ["sevare"]
    assert doc["count"] == len(doc["results"]) > 1
    first = doc["results"][0]
    conn = open_readonly(db_path)
    assert (first["kind"], first["id"]) == ("entity", entity_named(conn, "Sévaré"))
    for hit in doc["results"]:
        for start, end in hit["spans"]:
            assert hit["text"][start:end].lower().replace("é", "e") == "sevare"
        if hit["kind"] == "claim":
            text = conn.execute("select text from claims where id = ?", (hit["id"],)).fetchone()[0]
            assert text == hit["text"]


def test_json_when_nothing_matched_is_still_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "zzqxw", as_json=True) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["count"] == 0 and doc["results"] == []


def test_limit_is_per_group(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "ma", as_json=True, limit=2) == 0
    groups = [hit["group"] for hit in json.loads(capsys.readouterr().out)["results"]]
    assert len(set(groups)) > 1
    assert all(groups.count(g) <= 2 for g in groups)
    assert groups.count("claim") == 2


def test_typo_is_corrected_and_said(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "Boiteaux") == 0
    out = capsys.readouterr().out
    assert "boiteux" in out and "Damien Boiteux" in out


@pytest.mark.parametrize("term", HOSTILE)
def test_hostile_terms_exit_cleanly(db_path: Path, term: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, term, as_json=True) in (0, 1)
    json.loads(capsys.readouterr().out)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "konna_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


def test_the_command_line(db_path: Path) -> None:
    found = cli("search", "red berets", "--db", str(db_path))
    assert found.returncode == 0, found.stderr
    assert "33rd Commando-Parachutist Regiment" in found.stdout
    assert "\x1b[" not in found.stdout  # piped: plain text
    as_json = cli("search", "MOJWA", "--json", "--limit", "3", "--db", str(db_path))
    assert as_json.returncode == 0
    doc = json.loads(as_json.stdout)
    assert doc["results"][0]["text"] == "Movement of Oneness and Jihad in Western Africa"
    missing = cli("search", "zzqxw", "--db", str(db_path))
    assert missing.returncode == 1
    assert missing.stdout == "" and len(missing.stderr.splitlines()) == 1
    assert "Traceback" not in missing.stderr
