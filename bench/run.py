"""The benchmark suite of issue 6: konna-tui against a minimal Textual app, same run, interleaved.

    python3 bench/run.py            # full run (a few minutes): 1k, 10k, 100k-claim builds, 1M-claim query
    python3 bench/run.py --quick    # fewer runs, 1k and 10k only (about a minute)
    python3 bench/run.py --save     # also keep the results as bench/results/<date>.md

Prints one table (medians, ratios, goals with PASS/FAIL) and the build's hot spots per module, and
writes them to bench/results/latest.md. Public tools only: the standard library, tmux for the real
terminal (skipped when absent). See bench/README.md for what each measure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (bench/synth.py)

ARTICLE = ROOT / "data" / "battle_of_konna.txt"
HEAVY = ("sqlite_utils", "click", "pluggy", "dateutil", "tabulate", "yaml", "numpy", "pandas")
SEARCH_QUERIES = [
    "Dacko",
    "Sevare",
    "Konna",
    "soldiers killed",
    "Human Rights Watch",
    "Dakco",
    "malian sol",
    "s",
]
TYPED_QUERIES = ["dacko", "sevare", "human rights"]
ENV = {**os.environ, "TEXTUAL_ANIMATIONS": "none", "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)])}


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    minimal: str = ""
    ours: str = ""
    ratio: str = ""
    goal: str = ""
    verdict: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)

    def add(self, *args: str) -> None:
        self.rows.append(Row(*args))
        print(f"  {args[0]}: {' | '.join(a for a in args[1:] if a)}", flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def verdict(ok: bool, hard: bool | None = None) -> str:
    if ok:
        return "PASS"
    return "FAIL (within hard limit)" if hard else "FAIL"


def ms(value: float) -> str:
    return f"{value:.1f} ms" if value == value else "n/a"


# -- processes ----------------------------------------------------------------------------------


def timed_process(cmd: list[str], read_ready: bool = False) -> dict[str, Any]:
    """Run ``cmd``; wall time to exit (or to its first stdout line), its peak RSS, its JSON lines."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=ROOT, text=True)
    ready = None
    lines: list[dict[str, Any]] = []
    assert proc.stdout is not None
    if read_ready:
        first = proc.stdout.readline()
        ready = time.perf_counter() - start
        if first.strip():
            lines.append(json.loads(first))
    out = proc.stdout.read()
    err = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    for line in out.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return {
        "wall": wall,
        "ready": ready,
        "maxrss_kb": usage.ru_maxrss,
        "lines": lines,
        "returncode": proc.returncode,
        "stderr": err.strip()[-2000:],
    }


def probe(app: str, db: Path | None, markers: list[str], extra: list[str] = ()) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE / "probe.py"), "--app", app]
    if db is not None:
        cmd += ["--db", str(db)]
    for m in markers:
        cmd += ["--marker", m]
    result = timed_process(cmd + list(extra), read_ready=True)
    if not result["lines"] or result["lines"][0].get("event") != "ready":
        detail = result["lines"][0] if result["lines"] else result["stderr"]
        raise RuntimeError(f"{app} never showed {markers}: {str(detail)[-600:]}")
    return result


def compile_bytecode() -> None:
    """Write the bytecode of konna_tui and of the probes, as an installed package has it.

    pip compiles a package's bytecode when it installs it, and Python caches it on the
    first run of a source tree; a machine with PYTHONDONTWRITEBYTECODE set (like CI) would
    otherwise compile konna_tui from source in every measured process (about 20 ms), a cost
    no user pays. The minimal app's own module is compiled too.
    """
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "konna_tui"), str(HERE)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def konna_app_available() -> bool:
    return (ROOT / "konna_tui" / "ui" / "app.py").exists()


def overview_markers(db: Path) -> list[str]:
    """Data the Overview shows at 80x24 once it has read the database: two short infobox values."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        values = [
            r[0] for r in conn.execute("select value from infobox_fields order by document_id, ordinal")
        ]
        title = conn.execute("select title from documents order by id limit 1").fetchone()
    finally:
        conn.close()
    short = [v.strip() for v in values[:6] if 4 <= len(v.strip()) <= 24 and "," in v]
    markers = short[:1] or [v.strip() for v in values[:3] if 4 <= len(v.strip()) <= 24][:1]
    if title:
        markers.append(title[0])
    return markers or [""]


# -- builds -------------------------------------------------------------------------------------


def build_command(db: Path, articles: list[Path]) -> list[str]:
    """The whole-process build: the CLI when it exists, else build_database through python -c."""
    if (ROOT / "konna_tui" / "cli.py").exists():
        return [sys.executable, "-m", "konna_tui", "build", "--db", str(db), "-q", *map(str, articles)]
    code = "import sys; from konna_tui.build import build_database as b; b(sys.argv[2:], sys.argv[1])"
    return [sys.executable, "-c", code, str(db), *map(str, articles)]


def run_build(db: Path, articles: list[Path]) -> dict[str, Any]:
    db.unlink(missing_ok=True)
    if len(articles) > 200:  # keep the command line short: a folder of articles through python -c
        code = (
            "import sys, pathlib; from konna_tui.build import build_database as b; "
            "b(sorted(pathlib.Path(sys.argv[2]).glob('*.txt')), sys.argv[1])"
        )
        cmd = [sys.executable, "-c", code, str(db), str(articles[0].parent)]
    else:
        cmd = build_command(db, articles)
    result = timed_process(cmd)
    if result["returncode"] != 0 or not db.exists():
        raise RuntimeError(f"build failed ({result['returncode']}): {result['stderr'][-800:]}")
    return result


def claim_count(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("select count(*) from claims").fetchone()[0])
    finally:
        conn.close()


def bulk_claims(src: Path, dst: Path, target: int, seed: int = 7) -> float:
    """Copy ``src`` and add synthetic claims straight into claims and claims_fts until ``target``.

    The full build would take too long at a million claims on these machines; what the search
    query sees (the claims table, its FTS5 index and the optional vocabulary table) is the same.
    """
    import random

    start = time.perf_counter()
    dst.unlink(missing_ok=True)
    shutil.copy(src, dst)
    conn = sqlite3.connect(dst)
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")
    have, top = conn.execute("select count(*), max(id) from claims").fetchone()
    doc, sec, para = conn.execute(
        "select document_id, section_id, paragraph_id from claims where kind = 'sentence' "
        "order by id desc limit 1"
    ).fetchone()
    rng = random.Random(seed)
    gen = synth.Generator(rng, 2013, 1)
    next_id = top + 1
    batch: list[tuple[Any, ...]] = []
    for n in range(target - have):
        if n % 500 == 0:
            gen = synth.Generator(rng, rng.randint(1990, 2020), rng.randint(1, 12))
        text = gen.sentence()
        batch.append((next_id, doc, sec, para, next_id, "sentence", 0, len(text), text))
        next_id += 1
        if len(batch) >= 20_000:
            _insert_claims(conn, batch)
            batch = []
    if batch:
        _insert_claims(conn, batch)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if "claims_terms" in tables:
        cols = [r[1] for r in conn.execute("pragma table_info(claims_terms)")]
        conn.execute("create virtual table temp.vocab using fts5vocab(main, claims_fts, row)")
        conn.execute("delete from claims_terms")
        conn.execute(f"insert into claims_terms({cols[0]}, {cols[1]}) select term, doc from temp.vocab")
    conn.commit()
    conn.execute("insert into claims_fts(claims_fts) values ('optimize')")
    conn.commit()
    conn.close()
    return time.perf_counter() - start


def _insert_claims(conn: sqlite3.Connection, batch: list[tuple[Any, ...]]) -> None:
    conn.executemany(
        'insert into claims (id, document_id, section_id, paragraph_id, ordinal, kind, start, "end", text) '
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    conn.executemany("insert into claims_fts(rowid, text) values (?, ?)", [(r[0], r[8]) for r in batch])


def query_times(db: Path, queries: list[str], repeat: int) -> dict[str, float]:
    """Median milliseconds per query, timed in a child process (this one stays small: see probe.py)."""
    code = (
        "import json, sys, run\n"
        "print(json.dumps(run.time_queries(sys.argv[1], sys.argv[3:], int(sys.argv[2]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(db), str(repeat), *queries],
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def time_queries(db: str | Path, queries: list[str], repeat: int) -> dict[str, float]:
    """Median milliseconds of ``konna_tui.queries.search.search`` per query (after one warm-up)."""
    from konna_tui.queries.db import open_readonly
    from konna_tui.queries.search import search

    conn = open_readonly(db)
    out = {}
    try:
        for q in queries:
            search(conn, q)
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                search(conn, q)
                times.append((time.perf_counter() - t) * 1000)
            out[q] = median(times)
    finally:
        conn.close()
    return out


# -- profile ------------------------------------------------------------------------------------


def profile_build(articles: list[Path], db: Path, out: Path) -> None:
    """cProfile the build of ``articles`` in a child process; the stats go to ``out``."""
    code = (
        "import cProfile, sys, pathlib\n"
        "from konna_tui.build import build_database\n"
        "paths = sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))\n"
        "cProfile.run('build_database(paths, sys.argv[2])', sys.argv[3])\n"
    )
    db.unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-c", code, str(articles[0].parent), str(db), str(out)],
        env=ENV,
        cwd=ROOT,
        check=True,
    )


def module_of(filename: str) -> str:
    path = Path(filename)
    try:
        rel = path.resolve().relative_to(ROOT)
        return ".".join(rel.with_suffix("").parts)
    except (ValueError, OSError):
        pass
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if filename.startswith("<") or filename == "~":
        return "(python)"
    return path.stem if path.parent.name.startswith("python") else path.parent.name


def hot_spots(stats_file: Path, claims: int, top: int = 12) -> str:
    """Time per owner module (its own code plus the library calls it makes), with its top functions."""
    stats = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]
    total = max(v[3] for v in stats.values())
    own: dict[str, float] = defaultdict(float)
    funcs: dict[tuple[str, str], float] = defaultdict(float)
    for func, (_cc, _nc, tt, _ct, callers) in stats.items():
        mod = module_of(func[0])
        name = f"{func[2]} ({Path(func[0]).name}:{func[1]})" if func[0] != "~" else func[2]
        if mod.startswith("konna_tui"):
            own[mod] += tt
            funcs[(mod, name)] += tt
            continue
        for caller, centry in callers.items():  # library time goes to the project module that called it
            cmod = module_of(caller[0])
            if cmod.startswith("konna_tui"):
                cname = f"{caller[2]} ({Path(caller[0]).name}:{caller[1]})"
                share = centry[3]  # cumulative time of this callee under this caller
                own[cmod] += share
                funcs[(cmod, cname)] += share
    lines = [
        f"Profile of the build of {claims:,} synthetic claims ({total:.2f} s under cProfile; "
        f"{total / claims * 1e6:.0f} µs per claim). Time per project module: its own code plus the "
        "library calls it makes directly (re, sqlite-utils, sqlite3...).",
        "",
        "| module | seconds | µs/claim | share | hottest functions (seconds) |",
        "|---|---:|---:|---:|---|",
    ]
    for mod, secs in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        best = sorted(((s, f) for (m, f), s in funcs.items() if m == mod), reverse=True)[:3]
        hot = "; ".join(f"{f} {s:.2f}" for s, f in best)
        lines.append(f"| {mod} | {secs:.2f} | {secs / claims * 1e6:.0f} | {secs / total:.0%} | {hot} |")
    return "\n".join(lines)


# -- tmux ---------------------------------------------------------------------------------------


class Tmux:
    """A private tmux server (own socket) to launch apps in a real 80x24 terminal."""

    def __init__(self) -> None:
        self.socket = f"konna-bench-{os.getpid()}"
        self.run("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 100000")
        self.count = 0

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=ENV)

    def launch_until(self, command: str, markers: list[str], timeout: float = 20) -> float:
        """Seconds from launch until every marker is on the pane."""
        self.count += 1
        name = f"run{self.count}"
        env_args = ["-e", "TEXTUAL_ANIMATIONS=none", "-e", f"PYTHONPATH={ENV['PYTHONPATH']}"]
        start = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", "80", "-y", "24", *env_args, "-c", str(ROOT), command)
        try:
            while time.perf_counter() - start < timeout:
                screen = self.run("capture-pane", "-p", "-t", name).stdout
                if all(m in screen for m in markers):
                    return time.perf_counter() - start
                time.sleep(0.002)
            raise RuntimeError(f"tmux: {markers} not shown within {timeout} s; screen:\n{screen}")
        finally:
            self.run("kill-session", "-t", name)

    def close(self) -> None:
        self.run("kill-server")


# -- the suite ----------------------------------------------------------------------------------


def interleaved(runs: int) -> list[str]:
    """minimal, konna, konna, minimal, minimal, konna...: neither app always runs first."""
    order: list[str] = []
    for i in range(runs):
        order += ["minimal", "konna"] if i % 2 == 0 else ["konna", "minimal"]
    return order


def startup_row(report: Report, label: str, times: dict[str, list[float]]) -> None:
    m_min, m_ours = median(times["minimal"]), median(times["konna"])
    ratio = m_ours / m_min
    report.add(
        label,
        ms(m_min),
        ms(m_ours),
        f"{ratio:.2f}x",
        "≤ 1.3x (hard 1.6x)",
        verdict(ratio <= 1.3, ratio <= 1.6),
    )


def startup(report: Report, konna_db: Path, runs: int) -> dict[str, Any]:
    """Headless startup and memory, minimal and ours alternating (ABBA), fresh processes."""
    markers = overview_markers(konna_db)
    minimal_marker = ["konna-bench minimal app ready"]
    probe("minimal", None, minimal_marker)  # warm the file cache and the bytecode
    probe("konna", konna_db, markers)
    walls: dict[str, list[float]] = {"minimal": [], "konna": []}
    rss: dict[str, list[float]] = {"minimal": [], "konna": []}
    modules: dict[str, list[str]] = {}
    for app in interleaved(runs):
        r = probe(app, konna_db if app == "konna" else None, markers if app == "konna" else minimal_marker)
        walls[app].append(r["ready"] * 1000)
        rss[app].append(r["lines"][0]["peak_rss_kb"] / 1024)
        modules[app] = r["lines"][0]["modules"]
    startup_row(report, "Startup to Overview data on screen, headless (run_test, fresh process)", walls)
    r_min, r_ours = median(rss["minimal"]), median(rss["konna"])
    report.add(
        "Peak memory at the first frame (VmHWM of the process)",
        f"{r_min:.1f} MB",
        f"{r_ours:.1f} MB",
        f"+{r_ours - r_min:.1f} MB",
        "≤ minimal + 8 MB",
        verdict(r_ours - r_min <= 8),
    )
    stdlib = set(sys.stdlib_module_names)
    extra = sorted(set(modules["konna"]) - set(modules["minimal"]))
    tops = sorted({m.split(".")[0] for m in extra} - stdlib)
    heavy = sorted({m.split(".")[0] for m in modules["konna"]} & set(HEAVY))
    std_extra = sorted({m.split(".")[0] for m in extra} & stdlib)
    report.add(
        "Modules imported before the first frame (beyond the minimal app's)",
        f"{len(modules['minimal'])}",
        f"{len(modules['konna'])} (+{len(extra)})",
        "",
        "textual + stdlib only; none of " + "/".join(HEAVY[:4]),
        verdict(not heavy) + (f": {', '.join(heavy)}" if heavy else ""),
    )
    report.sections.append(
        (
            "Imports before the first frame",
            f"Packages beyond the minimal app's: {', '.join(tops) or 'none'}.\n\n"
            f"Standard-library modules beyond the minimal app's: {', '.join(std_extra) or 'none'}.\n\n"
            f"Flagged heavy packages present: {', '.join(heavy) or 'none'}.",
        )
    )
    return {"markers": markers}


def startup_tmux(report: Report, konna_db: Path, markers: list[str], runs: int) -> None:
    if not shutil.which("tmux"):
        report.note("tmux not installed: the real-terminal startup was not measured")
        return
    tmux = Tmux()
    try:
        minimal_cmd = f"{sys.executable} {HERE / 'minimal_app.py'} static"
        konna_cmd = f"{sys.executable} -m konna_tui --db {konna_db}"
        minimal_marker = ["konna-bench minimal app ready"]
        tmux.launch_until(minimal_cmd, minimal_marker)
        tmux.launch_until(konna_cmd, markers)
        times: dict[str, list[float]] = {"minimal": [], "konna": []}
        for app in interleaved(runs):
            command, shown = (minimal_cmd, minimal_marker) if app == "minimal" else (konna_cmd, markers)
            times[app].append(tmux.launch_until(command, shown) * 1000)
    finally:
        tmux.close()
    startup_row(
        report, "Startup to Overview data on screen, real terminal 80x24 (tmux, `konna-tui --db`)", times
    )


def tab_switch(report: Report, konna_db: Path, markers: list[str], runs: int) -> None:
    keys = ["2", "3", "4", "5", "6", "1"]
    first: list[float] = []
    again: list[float] = []
    per_key: dict[str, list[float]] = defaultdict(list)
    floor: list[float] = []
    for _ in range(runs):
        r = probe("tabs", None, ["konna-bench minimal app ready"], ["--tabs", "2", "1", "2", "1", "2", "1"])
        floor += [x["ms"] for x in r["lines"] if x.get("event") == "tab" and x["ms"] is not None]
        r = probe("konna", konna_db, markers, ["--tabs", *keys, *keys])
        tabs = [x for x in r["lines"] if x.get("event") == "tab" and x["ms"] is not None]
        for n, x in enumerate(tabs):
            (first if n < len(keys) else again).append(x["ms"])
            if n < len(keys):
                per_key[x["key"]].append(x["ms"])
    m_floor = median(floor)
    for label, values in (("first opening of each pane", first), ("pane opened before", again)):
        m = median(values)
        report.add(
            f"Tab switch, key to new pane on screen ({label}; worst {max(values):.0f} ms)",
            ms(m_floor),
            ms(m),
            f"{m / m_floor:.1f}x",
            "≤ 50 ms",
            verdict(m <= 50),
        )
    worst = ", ".join(f"{k}: {median(v):.0f} ms" for k, v in sorted(per_key.items()))
    report.note(f"first opening per pane key (median): {worst}")
    cold: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        r = probe("konna", konna_db, markers, ["--cold", "--tabs", *keys])
        for x in r["lines"]:
            if x.get("event") == "tab" and x["ms"] is not None:
                cold[x["key"]].append(x["ms"])
    every = [v for values in cold.values() for v in values]
    report.note(
        "panes are built in the background right after the first frame; a key pressed before that "
        f"builds the pane on the spot: median {median(every):.0f} ms, worst {max(every):.0f} ms "
        f"({', '.join(f'{k}: {median(v):.0f} ms' for k, v in sorted(cold.items()))})"
    )


def search_keystroke(report: Report, dbs: list[tuple[str, Path]], runs: int) -> None:
    floor: list[float] = []
    for _ in range(runs):
        r = probe("echo", None, ["konna-bench minimal app ready"], ["--search", *TYPED_QUERIES])
        floor += [x["ms"] for x in r["lines"] if x.get("event") == "key" and x["ms"] is not None]
    m_floor = median(floor)
    for label, db in dbs:
        keys: list[tuple[float, str]] = []
        for _ in range(runs):
            r = probe(
                "konna", db, overview_markers(db), ["--open-search", "slash", "--search", *TYPED_QUERIES]
            )
            keys += [
                (x["ms"], x["typed"]) for x in r["lines"] if x.get("event") == "key" and x["ms"] is not None
            ]
        values = [k[0] for k in keys]
        m = median(values)
        p95 = sorted(values)[max(0, math.ceil(len(values) * 0.95) - 1)]
        worst, typed = max(keys)
        # The goal is the median; the verdict also asks 95% of the keys to make it, which one
        # scheduling spike on a shared 2-core machine cannot fail (the worst is still shown).
        report.add(
            f"Search, keystroke to results on screen, {label} (95% in {p95:.0f} ms; worst {worst:.0f} ms)",
            ms(m_floor),
            ms(m),
            f"{m / m_floor:.1f}x",
            "≤ 100 ms",
            verdict(m <= 100 and p95 <= 100),
        )
        slow = sorted({t for v, t in keys if v > 100})
        if slow:
            report.note(
                f"{label}: keystrokes over 100 ms: {len([v for v in values if v > 100])} of {len(values)}, "
                f"worst “{typed}” {worst:.0f} ms; typed so far when slow: {', '.join(repr(t) for t in slow)}"
            )


def builds(report: Report, work: Path, runs: int, sizes: list[int], budget: float) -> dict[int, Path]:
    """Whole-process builds: the Konna article, then synthetic corpora of growing size."""
    konna_db = work / "konna.db"
    times = []
    for _ in range(runs):
        times.append(run_build(konna_db, [ARTICLE])["wall"] * 1000)
    m = median(times)
    report.add(
        "Build of the bundled Konna database, whole process (`konna-tui build`)",
        "",
        ms(m),
        "",
        "< 1000 ms",
        verdict(m < 1000),
    )
    built: dict[int, Path] = {}
    rows = [
        "| claims | articles | build (s) | µs per claim | marginal µs per claim | database (MB) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    per_claim: dict[int, float] = {}
    previous: tuple[int, float] | None = None
    for size in sizes:
        corpus = work / f"synth_{size}"
        if not corpus.exists():
            synth.generate(size, corpus)
        articles = sorted(corpus.glob("*.txt"))
        if previous and budget:
            predicted = previous[1] / previous[0] * size
            if predicted > budget:
                report.note(
                    f"synthetic build of {size:,} claims skipped: about {predicted:.0f} s predicted "
                    f"(budget {budget:.0f} s, --build-budget)"
                )
                continue
        db = work / f"synth_{size}.db"
        result = run_build(db, articles)
        claims = claim_count(db)
        secs = result["wall"]
        per_claim[claims] = secs / claims * 1e6
        marginal = ""
        if previous:
            marginal = f"{(secs - previous[1]) / (claims - previous[0]) * 1e6:.0f}"
        rows.append(
            f"| {claims:,} | {len(articles)} | {secs:.2f} | {per_claim[claims]:.0f} | {marginal} | "
            f"{db.stat().st_size / 1e6:.1f} |"
        )
        print(f"  synthetic build {claims:,} claims: {secs:.1f} s", flush=True)
        previous = (claims, secs)
        built[size] = db
    report.sections.append(("Build growth (synthetic corpora, whole process)", "\n".join(rows)))
    if per_claim:
        sizes_built = sorted(per_claim)
        largest = sizes_built[-1]
        base = sizes_built[-2] if len(sizes_built) > 1 else largest
        growth = per_claim[largest] / per_claim[base]
        report.add(
            f"Synthetic build, µs per claim at {largest:,} claims (per-claim cost ×{growth:.2f} "
            f"from {base:,} claims)",
            "",
            f"{per_claim[largest]:.0f} µs",
            "",
            "≤ 20 µs/claim, linear",
            verdict(per_claim[largest] <= 20 and growth <= 1.25),
        )
    return built


def queries(report: Report, targets: list[tuple[str, Path, str]], repeat: int) -> None:
    rows = ["| database | claims | median query | worst query | slowest |", "|---|---:|---:|---:|---|"]
    for label, db, goal in targets:
        times = query_times(db, SEARCH_QUERIES, repeat)
        worst_q = max(times, key=times.__getitem__)
        m, worst = median(list(times.values())), times[worst_q]
        rows.append(f"| {label} | {claim_count(db):,} | {m:.2f} ms | {worst:.2f} ms | “{worst_q}” |")
        if goal:
            limit = float(goal.split()[1])
            report.add(
                f"Search query alone (`queries.search.search`), {label}; worst of {len(times)} queries",
                "",
                f"{m:.2f} ms (worst {worst:.2f})",
                "",
                goal,
                verdict(worst < limit),
            )
    report.sections.append(
        (
            "Search query cost by database size",
            f"Queries: {', '.join(repr(q) for q in SEARCH_QUERIES)}; median of {repeat} runs each.\n\n"
            + "\n".join(rows),
        )
    )


def render(report: Report, args: argparse.Namespace, seconds: float) -> str:
    lines = [
        f"# konna-tui benchmark, {dt.date.today().isoformat()}",
        "",
        f"`python3 bench/run.py{' --quick' if args.quick else ''}` on {platform.node() or 'this machine'}: "
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}; textual {textual_version()}; "
        f"{args.runs} interleaved runs per startup measure; whole suite {seconds:.0f} s; "
        f"load average {args.load_before} at the start, {load_average()} at the end "
        "(other work on the machine slows both apps alike: read the ratios).",
        "",
        "| measure | minimal Textual app | konna-tui | ratio | goal | verdict |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in report.rows:
        lines.append(f"| {r.measure} | {r.minimal} | {r.ours} | {r.ratio} | {r.goal} | {r.verdict} |")
    if report.notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in report.notes]
    for title, body in report.sections:
        lines += ["", f"## {title}", "", body]
    return "\n".join(lines) + "\n"


def load_average() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def textual_version() -> str:
    try:
        from importlib.metadata import version

        return version("textual")
    except Exception:  # noqa: BLE001 - only for the report header
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller corpora")
    parser.add_argument("--runs", type=int, help="interleaved runs per startup measure (default 15, quick 5)")
    parser.add_argument("--workdir", type=Path, help="where corpora and databases go (kept between runs)")
    parser.add_argument("--save", action="store_true", help="also write bench/results/<date>.md")
    parser.add_argument(
        "--build-budget", type=float, default=300, help="skip a synthetic build predicted longer"
    )
    parser.add_argument("--no-million", action="store_true", help="skip the 1,000,000-claim query database")
    parser.add_argument(
        "--only", nargs="*", default=[], help="run only: build startup tmux tabs search query profile"
    )
    args = parser.parse_args(argv)
    args.runs = args.runs or (5 if args.quick else 15)
    work = args.workdir or Path(tempfile.gettempdir()) / "konna-bench"
    work.mkdir(parents=True, exist_ok=True)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    want = set(args.only) or {"build", "startup", "tmux", "tabs", "search", "query", "profile"}
    began = time.perf_counter()
    args.load_before = load_average()
    report = Report()

    print("builds", flush=True)
    if "build" in want or not (work / "konna.db").exists():
        built = builds(report, work, 3 if args.quick else 7, sizes, args.build_budget)
    else:
        built = {s: work / f"synth_{s}.db" for s in sizes if (work / f"synth_{s}.db").exists()}
    konna_db = work / "konna.db"

    big = built.get(100_000)
    if big is None and not args.quick and built:
        big = work / "bulk_100000.db"
        secs = bulk_claims(built[max(built)], big, 100_000)
        report.note(f"the 100,000-claim database was made by inserting claims directly ({secs:.0f} s)")
    million = None
    if not args.quick and not args.no_million and built and "query" in want:
        million = work / "bulk_1000000.db"
        if not million.exists():
            secs = bulk_claims(big or built[max(built)], million, 1_000_000)
            report.note(
                f"the 1,000,000-claim database was made by inserting synthetic claims directly into claims "
                f"and claims_fts of the {claim_count(big or built[max(built)]):,}-claim database "
                f"({secs:.0f} s), not by a full build"
            )

    if "query" in want:
        print("queries", flush=True)
        targets: list[tuple[str, Path, str]] = [("Konna", konna_db, "")]
        for size, db in sorted(built.items()):
            targets.append((f"synthetic {size:,}", db, "< 5 ms" if size == 100_000 else ""))
        if big is not None and 100_000 not in built:
            targets.append(("synthetic 100,000 (bulk)", big, "< 5 ms"))
        if million is not None:
            targets.append(("synthetic 1,000,000 (bulk)", million, "< 20 ms"))
        queries(report, targets, 5 if args.quick else 15)

    if konna_app_available():
        compile_bytecode()
        markers = overview_markers(konna_db)
        if "startup" in want:
            print("startup (headless)", flush=True)
            markers = startup(report, konna_db, args.runs)["markers"]
        if "tmux" in want:
            print("startup (tmux)", flush=True)
            startup_tmux(report, konna_db, markers, max(3, args.runs * 2 // 3))
        if "tabs" in want:
            print("tab switch", flush=True)
            tab_switch(report, konna_db, markers, 2 if args.quick else 5)
        if "search" in want:
            print("search keystrokes", flush=True)
            dbs = [("Konna database", konna_db)]
            if big is not None:
                dbs.append((f"{claim_count(big):,}-claim database", big))
            elif built:
                dbs.append((f"{claim_count(built[max(built)]):,}-claim database", built[max(built)]))
            search_keystroke(report, dbs, 1 if args.quick else 3)
    else:
        report.note("konna_tui/ui/app.py does not exist yet: app measures skipped")

    if "profile" in want and built:
        print("profile", flush=True)
        size = 10_000 if 10_000 in built else min(built)
        stats_file = work / "build.prof"
        profile_build(sorted((work / f"synth_{size}").glob("*.txt")), work / "profiled.db", stats_file)
        report.sections.append(("Build hot spots", hot_spots(stats_file, claim_count(work / "profiled.db"))))

    text = render(report, args, time.perf_counter() - began)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(text, encoding="utf-8")
    if args.save:
        (results / f"{dt.date.today().isoformat()}.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
