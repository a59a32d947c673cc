"""What users and machines throw at `konna-tui build`: killed builds, odd articles, drifted curation."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from konna_tui.build import build_database
from konna_tui.database import inspect
from konna_tui.ingest.pipeline import worker_count
from konna_tui.inputs import bundled_articles, curation_files, data_dir
from konna_tui.queries.db import open_readonly
from tests.cli import one_error_line, run_cli

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "articles"
KONNA = bundled_articles()[0]


def shared_article(name: str) -> Path:
    path = SHARED / name
    return path if path.exists() else REPO / "tests" / "fixtures" / name


def build_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return run_cli("build", *args, timeout=timeout)


def claim_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select count(*) from claims").fetchone()[0]
    finally:
        conn.close()


def title_of(db: Path) -> str:
    conn = open_readonly(db)
    try:
        return conn.execute("select title from documents order by id").fetchone()[0]
    finally:
        conn.close()


def assert_spans_hold(db: Path) -> None:
    """Every claim, figure, mention and event span reads back its own text from the document."""
    conn = sqlite3.connect(db)
    docs = dict(conn.execute("select id, text from documents"))
    for table, text_col, start, end, doc in [
        ("claims", "text", "start", "end", "document_id"),
        ("figures", "raw", "start", "end", "document_id"),
        ("non_quantities", "raw", "start", "end", "document_id"),
        ("events", "raw", "raw_start", "raw_end", "document_id"),
    ]:
        sql = f'select {text_col}, "{start}", "{end}", {doc} from {table}'
        for text, s, e, d in conn.execute(sql):
            assert docs[d][s:e] == text, f"{table}: {text!r} != {docs[d][s:e]!r}"
    sql = 'select m.text, m.start, m."end", c.document_id from mentions m join claims c on c.id = m.claim_id'
    for text, s, e, d in conn.execute(sql):
        assert docs[d][s:e] == text
    conn.close()


# --- a build killed at any moment -------------------------------------------------------------


def _spawn_build(db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "konna_tui", "build", "--db", str(db), "--quiet"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_temp(folder: Path, proc: subprocess.Popen, min_size: int) -> bool:
    """Wait until the build's temporary file exists (and holds ``min_size`` bytes)."""
    while proc.poll() is None:
        for tmp in folder.glob(".konna.db.*.tmp"):
            try:
                if tmp.stat().st_size >= min_size:
                    return True
            except FileNotFoundError:
                pass
        time.sleep(0.0005)
    return False


def test_build_killed_at_any_moment_leaves_the_previous_database_intact(tmp_path):
    db = tmp_path / "konna.db"
    build_database([shared_article("battle_of_diabaly.txt")], db)
    previous = db.read_bytes()

    started = time.perf_counter()
    assert _spawn_build(tmp_path / "timing.db").wait(timeout=300) == 0
    duration = time.perf_counter() - started

    # Moments: during start-up and extraction (fractions of a whole build), the instant the
    # temporary file appears, and mid-write once it holds data.
    moments: list[tuple[str, float | int]] = [
        (f"{f:.0%} of a build", f * duration) for f in (0.1, 0.3, 0.5, 0.7)
    ]
    moments += [("temporary file created", 0), ("temporary file being written", 4096)]
    killed_mid_build = 0
    for label, when in moments:
        proc = _spawn_build(db)
        if isinstance(when, float):
            time.sleep(when)
            hit = proc.poll() is None
        else:
            hit = _wait_for_temp(tmp_path, proc, when)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert inspect(db).kind == "ok", f"killed at {label}: database no longer usable"
        if db.read_bytes() == previous:
            assert title_of(db) == "Battle of Diabaly"
            killed_mid_build += hit and proc.returncode == -signal.SIGKILL
        else:  # the new database was renamed into place before the kill: then it is the whole of it
            where = f"killed at {label}"
            assert title_of(db) == "Battle of Konna", f"{where}: neither the old nor the new database"
            assert claim_count(db) == claim_count(tmp_path / "timing.db"), f"{where}: a partial database"
            build_database([shared_article("battle_of_diabaly.txt")], db)
            previous = db.read_bytes()
    print(f"build takes {duration:.2f} s; {killed_mid_build} of {len(moments)} kills landed mid-build")
    assert killed_mid_build >= 4, f"only {killed_mid_build} kills landed mid-build"
    # And the next build after all those kills just works.
    assert build_cli("--db", str(db), "--quiet").returncode == 0
    assert title_of(db) == "Battle of Konna"


@pytest.mark.parametrize(
    ("sig", "code", "words"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated (SIGTERM)")],
    ids=["Ctrl+C", "SIGTERM"],
)
def test_build_stopped_by_a_signal_cleans_up_and_says_so(tmp_path, sig, code, words):
    db = tmp_path / "konna.db"
    build_database([shared_article("battle_of_diabaly.txt")], db)
    previous = db.read_bytes()
    stopped_mid_write = 0
    for moment in (0, 4096):  # as the temporary file appears, and once it holds data
        proc = subprocess.Popen(
            [sys.executable, "-m", "konna_tui", "build", "--db", str(db)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        hit = _wait_for_temp(tmp_path, proc, moment)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        if not hit or proc.returncode == 0:
            continue  # finished before the signal: nothing to check for this moment
        stopped_mid_write += 1
        assert proc.returncode == code
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"konna-tui: {words}"), err
        assert db.read_bytes() == previous
        assert not list(tmp_path.glob(".konna.db.*.tmp")), "the temporary file is removed"
    assert stopped_mid_write >= 1


def test_build_that_fails_leaves_the_previous_database_intact(tmp_path):
    db = tmp_path / "konna.db"
    build_database(bundled_articles(), db)
    previous = db.read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"= Bad =\n\x00\x01\x02")
    result = build_cli(str(KONNA), str(bad), "--db", str(db))
    assert result.returncode == 1
    assert db.read_bytes() == previous
    assert not list(tmp_path.glob(".konna.db.*.tmp")), "no temporary file left behind"


# --- articles that are odd or broken ------------------------------------------------------------

BODY = (
    "The Battle of Testville was fought in January 2013. About 1,200 fighters in 300 vehicles "
    "attacked the town, according to Human Rights Watch.\n\n"
    "==Battle==\n\n===First phase===\nOn 10 January, at least 13 soldiers were killed.\n\n"
    "===Second phase===\nThe army said 25 soldiers died and dozens were wounded.\n"
)
INFOBOX = (
    "Infobox\n- Conflict: Battle of Testville\n- Strength1: 1,200 fighters\n- Casualties1: 25 killed\n\n"
)


def article(title: str = "Battle of Testville", infobox: str = INFOBOX, body: str = BODY) -> str:
    return f"= {title} =\n\n{infobox}{body}"


STOPS = {
    # name: (file bytes or None for "do not create", words of the one-line error)
    "missing file": (None, "no such file"),
    "empty file": (b"", "empty article"),
    "only blank lines": (b"\n \n\t\n", "empty article"),
    "binary junk": (os.urandom(2048) + b"\x00" + os.urandom(2048), "binary data"),
    "not UTF-8": (article().replace("Testville", "Tést").encode("latin-1"), "not UTF-8"),
    "title and nothing else": (b"= Just a title =\n", "nothing to build"),
}


@pytest.mark.parametrize("case", list(STOPS))
def test_article_that_cannot_be_built_stops_with_one_line_naming_the_file(case, tmp_path):
    content, words = STOPS[case]
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    db = tmp_path / "out.db"
    result = build_cli(str(path), "--db", str(db))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"konna-tui: {path}")
    assert words in lines[0]
    assert not db.exists()


def test_binary_junk_names_the_line_of_the_first_nul(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(b"= Junk =\n\nfine line\nbad \x00 line\n")
    result = build_cli(str(path), "--db", str(tmp_path / "j.db"))
    assert result.returncode == 1
    assert f"{path}:4: binary data" in result.stderr


def test_directory_given_as_an_article_stops_in_one_line(tmp_path):
    result = build_cli(str(tmp_path), "--db", str(tmp_path / "d.db"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"konna-tui: {tmp_path}: is a directory, not an article file"


def test_article_over_the_size_limit_stops_at_once(tmp_path):
    path = tmp_path / "enormous.txt"
    with path.open("wb") as fh:
        fh.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    result = build_cli(str(path), "--db", str(tmp_path / "e.db"), timeout=60)
    assert result.returncode == 1
    assert "too large" in result.stderr


def _variant(name: str) -> str:
    a = article()
    return {
        "no infobox": article(infobox=""),
        "duplicate headings": a + "\n==Battle==\nA second section with the same name and 40 men.\n",
        "unclosed heading": a.replace("==Battle==", "==Battle"),
        "heading with no body": a + "\n==Aftermath==\n\n==See also==\nMore.\n",
        "CRLF line endings": a.replace("\n", "\r\n"),
        "byte-order mark": "\ufeff" + a,
        "tabs": a.replace("About 1,200", "About\t1,200").replace("- Strength1:", "-\tStrength1:"),
        "non-breaking spaces": a.replace("1,200 fighters", "1\u00a0200\u00a0fighters").replace(
            "13 soldiers", "13\u00a0soldiers"
        ),
        "Cyrillic and Arabic": a
        + "\n==Источники==\nВ бою погибли 25 солдат. وقال الجيش إن 58 جنديا قتلوا.\n",
        "Chinese": a + "\n==战斗==\n约有一千二百名战士参加了战斗。他们说有25名士兵阵亡。\n",
        "cut off mid-word": a[: a.index("dozens") + 3],
        "no title line": a[a.index("\n\n") + 2 :],
        "Windows-1252 punctuation in UTF-8": a.replace("fought", "fought \u201cfiercely\u201d \u2013 so"),
    }[name]


BUILDS = [
    "no infobox",
    "duplicate headings",
    "unclosed heading",
    "heading with no body",
    "CRLF line endings",
    "byte-order mark",
    "tabs",
    "non-breaking spaces",
    "Cyrillic and Arabic",
    "Chinese",
    "cut off mid-word",
    "no title line",
    "Windows-1252 punctuation in UTF-8",
]
WARNS = {
    "no infobox": "no infobox",
    "unclosed heading": "is not closed",
    "heading with no body": "'Aftermath' has no text under it",
    "no title line": "no '= Title =' line",
}


@pytest.mark.parametrize("case", BUILDS)
def test_odd_article_builds_what_it_can_and_says_what_it_skipped(case, tmp_path):
    path = tmp_path / "battle_of_testville.txt"
    path.write_bytes(_variant(case).encode("utf-8"))
    db = tmp_path / "t.db"
    result = build_cli(str(path), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith(f"Built {db}")
    if case in WARNS:
        assert WARNS[case] in result.stderr
        warning = next(ln for ln in result.stderr.splitlines() if WARNS[case] in ln)
        assert str(path) in warning, "the warning names the file"
    assert inspect(db).kind == "ok"
    assert_spans_hold(db)
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from claims where kind = 'sentence'").fetchone()[0] > 0
    title = conn.execute("select title from documents").fetchone()[0]
    assert "\ufeff" not in title and title.strip() == title and title


def test_crlf_and_lf_give_the_same_claims(tmp_path):
    texts = []
    for name, content in [("lf", article()), ("crlf", article().replace("\n", "\r\n"))]:
        path = tmp_path / f"{name}.txt"
        path.write_bytes(content.encode())
        db = tmp_path / f"{name}.db"
        assert build_cli(str(path), "--db", str(db), "--quiet").returncode == 0
        texts.append([r for r in sqlite3.connect(db).execute("select text from claims order by ordinal")])
    assert texts[0] == texts[1]


def test_duplicate_headings_are_both_kept(tmp_path):
    path = tmp_path / "dup.txt"
    path.write_text(_variant("duplicate headings"))
    db = tmp_path / "dup.db"
    assert build_cli(str(path), "--db", str(db), "--quiet").returncode == 0
    titles = [r[0] for r in sqlite3.connect(db).execute("select title from sections where level = 2")]
    assert titles.count("Battle") == 2


def test_other_scripts_are_searchable(tmp_path):
    path = tmp_path / "scripts.txt"
    path.write_text(_variant("Cyrillic and Arabic"))
    db = tmp_path / "s.db"
    assert build_cli(str(path), "--db", str(db), "--quiet").returncode == 0
    conn = sqlite3.connect(db)
    found = conn.execute(
        "select c.text from claims_fts f join claims c on c.id = f.rowid where f.text match ?", ("солдат",)
    )
    assert any("погибли" in r[0] for r in found)


def test_uncurated_articles_of_the_same_format_build_together(tmp_path):
    names = ["battle_of_diabaly.txt", "battle_of_ifoghas.txt", "second_battle_of_gao.txt"]
    paths = [Path(shutil.copy(shared_article(n), tmp_path / n)) for n in names]
    db = tmp_path / "mali.db"
    result = build_cli(*map(str, paths), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Built {db} from 3 articles")
    assert_spans_hold(db)


def test_one_bad_article_among_several_stops_the_build_and_names_it(tmp_path):
    good = Path(shutil.copy(shared_article("battle_of_diabaly.txt"), tmp_path / "battle_of_diabaly.txt"))
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"")
    db = tmp_path / "two.db"
    result = build_cli(str(good), str(bad), "--db", str(db))
    assert result.returncode == 1
    assert result.stderr.strip() == f"konna-tui: {bad}: empty article: nothing to build"
    assert not db.exists()


def test_fifty_megabytes_of_repeated_text_finishes(tmp_path):
    """A 50 MB article (the parser's limit is 64 MiB) must end, built or refused, not hang."""
    text = KONNA.read_text(encoding="utf-8")
    body = text[text.index("The Battle of Konna was") :]
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        written = len(text.encode())
        while written < 50_000_000:
            fh.write("\n\n" + body)
            written += len(body.encode()) + 2
    db = tmp_path / "huge.db"
    result = build_cli(str(path), "--db", str(db), "--quiet", timeout=180)
    if result.returncode == 0:
        assert inspect(db).kind == "ok"
    else:
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1 and lines[-1].startswith(f"konna-tui: {path}")


# --- a build of many articles, extracted in worker processes -----------------------------------

several_cores = pytest.mark.skipif(
    not Path("/proc/self/status").exists() or len(os.sched_getaffinity(0)) < 2,
    reason="worker processes start only with two cores or more (and /proc tells their ids)",
)


def _many_articles(folder: Path, copies: int = 16) -> list[Path]:
    """Uncurated copies of the Konna article: text enough for the build to start worker processes."""
    paths = [Path(shutil.copy(KONNA, folder / f"copy_{n:02d}.txt")) for n in range(copies)]
    assert worker_count(paths) > 1
    return paths


def _children(pid: int) -> list[int]:
    try:
        return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _start_build_with_workers(paths: list[Path], db: Path) -> tuple[subprocess.Popen, list[int]]:
    """A CLI build in a session of its own (as a terminal's job), once its workers have started."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "konna_tui", "build", "--db", str(db), *map(str, paths)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    workers: list[int] = []
    while len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.001)
    assert len(workers) >= 2, "the build finished before its workers could be seen"
    return proc, workers


@several_cores
@pytest.mark.parametrize(
    ("how", "code", "words"),
    [
        ("Ctrl+C", 130, "interrupted"),
        ("SIGTERM", 143, "terminated (SIGTERM)"),
        ("kill -9", -signal.SIGKILL, ""),
    ],
)
def test_build_with_workers_stopped_leaves_the_previous_database_and_no_process(tmp_path, how, code, words):
    db = tmp_path / "konna.db"
    build_database([shared_article("battle_of_diabaly.txt")], db)
    previous = db.read_bytes()
    proc, workers = _start_build_with_workers(_many_articles(tmp_path), db)
    if how == "Ctrl+C":
        os.killpg(proc.pid, signal.SIGINT)  # a terminal sends it to the whole job, workers included
    else:
        proc.send_signal(signal.SIGTERM if how == "SIGTERM" else signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    if how == "Ctrl+C" and proc.returncode == -signal.SIGINT:
        # Also right: CPython ends by SIGINT when the Ctrl+C landed inside exec() of a string
        # (an import making dataclasses), though the message was printed and 130 returned.
        code = -signal.SIGINT
    assert proc.returncode == code, err
    if words:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"konna-tui: {words}"), err
        assert not list(tmp_path.glob(".konna.db.*.tmp"))
    assert db.read_bytes() == previous
    deadline = time.monotonic() + 10
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _running(w)], f"workers left running after {how}"


@several_cores
def test_a_worker_killed_from_outside_stops_the_build_in_one_line(tmp_path):
    """The out-of-memory killer may pick a worker: the build says so, it does not hang."""
    db = tmp_path / "konna.db"
    build_database([shared_article("battle_of_diabaly.txt")], db)
    previous = db.read_bytes()
    proc, workers = _start_build_with_workers(_many_articles(tmp_path), db)
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "copy_" in lines[0] and "stopped (signal 9)" in lines[0], err
    assert db.read_bytes() == previous
    assert not list(tmp_path.glob(".konna.db.*.tmp"))
    assert not [w for w in workers if _running(w)]


@several_cores
def test_one_bad_article_among_many_stops_a_build_with_workers_and_names_it(tmp_path):
    paths = _many_articles(tmp_path)
    bad = tmp_path / "copy_05.txt"
    bad.write_bytes(b"")
    db = tmp_path / "many.db"
    result = build_cli(*map(str, paths), "--db", str(db))
    assert result.returncode == 1
    assert one_error_line(result) == f"konna-tui: {bad}: empty article: nothing to build"
    assert not db.exists()


# --- curated data that no longer matches its article --------------------------------------------


def test_curated_row_that_no_longer_matches_stops_the_build_naming_file_line_and_text(tmp_path):
    curated = curation_files(KONNA)
    assert curated, "the bundled article ships curated files"
    for original in curated:
        folder = tmp_path / original.stem
        folder.mkdir()
        art = Path(shutil.copy(KONNA, folder / KONNA.name))
        for other in curated:
            shutil.copy(other, folder / other.name)
        copy = folder / original.name
        lines = copy.read_text(encoding="utf-8").splitlines(keepends=True)
        header_seen = False
        for n, line in enumerate(lines):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                header = [h.strip() for h in line.rstrip("\n").split(",")]
                continue
            row = next(iter(csv.reader([line])))
            text = row[header.index("text")]
            if not text.strip():
                continue
            drifted = text + " (edited away)"
            row[header.index("text")] = drifted
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(row)
            lines[n] = buf.getvalue()
            lineno = n + 1
            break
        else:
            pytest.fail(f"{original.name} has no data row")
        copy.write_text("".join(lines), encoding="utf-8")
        db = folder / "k.db"
        result = build_cli(str(art), "--db", str(db))
        assert result.returncode == 1, f"{original.name}: drifted row was accepted"
        line = result.stderr.strip()
        assert "\n" not in line and "Traceback" not in line
        assert f"{copy}:{lineno}:" in line, line
        assert drifted in line or repr(drifted) in line, line
        assert not db.exists()


# --- nothing the program does touches its data -------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


async def test_a_full_run_modifies_neither_the_data_nor_the_database_it_reads(tmp_path):
    from konna_tui.ui.app import KonnaApp

    data_before = tree_digest(data_dir())
    db = tmp_path / "konna.db"
    assert build_cli("--db", str(db), "--quiet").returncode == 0
    db_before = db.read_bytes()
    subprocess.run(
        [sys.executable, "-m", "konna_tui", "search", "Dacko", "--db", str(db)], capture_output=True
    )
    app = KonnaApp(db)
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ["2", "3", "4", "5", "6", "1", "right", "left", "]", "[", "enter", "escape"]:
            await pilot.press(key)
        await pilot.press("slash")
        await pilot.press(*"Dacko", "enter", "escape", "escape")
        await pilot.pause()
    assert db.read_bytes() == db_before
    assert tree_digest(data_dir()) == data_before


async def test_rebuild_while_the_app_is_open_does_not_disturb_it(tmp_path):
    """The app keeps reading the database it opened, even when a build replaces the file."""
    import html
    import re

    from konna_tui.ui.app import KonnaApp

    db = tmp_path / "konna.db"
    build_database(bundled_articles(), db)

    def screen_text(app) -> str:
        return html.unescape(" ".join(re.findall(r">([^<]*)</text>", app.export_screenshot()))).replace(
            "\xa0", " "
        )

    app = KonnaApp(db, remember_theme=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("2")
        build_database([shared_article("battle_of_diabaly.txt")], db)  # replaces the file under the app
        for key in ["3", "4", "5", "6", "1"]:
            await pilot.press(key)
            await pilot.pause()
        assert "Battle of Konna" in screen_text(app)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert "Who says it" in screen_text(app)
    assert title_of(db) == "Battle of Diabaly", "the next start opens the new database"
