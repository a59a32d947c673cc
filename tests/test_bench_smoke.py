"""The benchmark scripts run on tiny inputs (no timing is asserted here: timings live in bench/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from konna_tui.ingest.article import parse_file

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))

import run as bench_run  # noqa: E402  (bench/run.py)
import synth  # noqa: E402  (bench/synth.py)


def test_synthetic_articles_parse_into_the_claims_promised(tmp_path: Path) -> None:
    paths, claims = synth.generate(450, tmp_path, seed=3, per_article=200)
    assert len(paths) == 3
    parsed = [parse_file(p) for p in paths]
    assert sum(len(a.claims) for a in parsed) == claims >= 450
    for article in parsed:
        assert article.infobox and not article.warnings
        assert sum(1 for s in article.sections if s.phase) == 3


def test_synthetic_corpus_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first, _ = synth.generate(100, tmp_path / "a", seed=5)
    again, _ = synth.generate(100, tmp_path / "b", seed=5)
    assert [p.read_text() for p in first] == [p.read_text() for p in again]


def test_probe_reports_the_first_frame_and_times_keys() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(BENCH / "probe.py"),
            "--app",
            "tabs",
            "--marker",
            "minimal app ready",
            "--tabs",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert records[0]["event"] == "ready" and "textual.app" in records[0]["modules"]
    tab = next(r for r in records if r["event"] == "tab")
    assert tab["key"] == "2" and tab["ms"] is not None and tab["ms"] >= 0
    assert records[-1]["event"] == "done"


def test_probe_says_when_the_markers_never_show() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / "probe.py"), "--app", "minimal", "--marker", "text no app shows"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert records[0]["event"] == "error" and "minimal app ready" in records[0]["screen"]


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    from konna_tui.build import build_database

    paths, _ = synth.generate(300, tmp_path / "corpus", seed=2)
    db = tmp_path / "small.db"
    build_database(paths, db)
    return db


def test_bulk_claims_reach_the_target_and_stay_searchable(small_db: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.db"
    bench_run.bulk_claims(small_db, big, 2_000)
    assert bench_run.claim_count(big) == 2_000
    times = bench_run.query_times(big, ["soldiers", "Dacko"], repeat=2)
    assert set(times) == {"soldiers", "Dacko"}
    from konna_tui.queries.db import open_readonly
    from konna_tui.queries.search import search

    conn = open_readonly(big)
    try:
        hits = search(conn, "withdrew towards").hits
    finally:
        conn.close()
    assert any(h.kind == "claim" and h.id > 300 for h in hits)  # an inserted claim is found


def test_overview_markers_come_from_the_database(small_db: Path) -> None:
    markers = bench_run.overview_markers(small_db)
    assert markers and all(markers)
    assert markers[-1].startswith("Battle of ")


def test_hot_spots_charge_library_time_to_the_calling_module(tmp_path: Path) -> None:
    paths, claims = synth.generate(60, tmp_path / "corpus", seed=4)
    stats = tmp_path / "build.prof"
    bench_run.profile_build(paths, tmp_path / "p.db", stats)
    table = bench_run.hot_spots(stats, claims)
    assert "| konna_tui.build |" in table and "| konna_tui.ingest.article |" in table
    assert "sqlite_utils" not in [
        line.split("|")[1].strip() for line in table.splitlines() if line.startswith("|")
    ]
