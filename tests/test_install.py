"""Install the wheel into a fresh venv and use it from outside the source tree, as a user would.

A clean venv (no --system-site-packages): it proves the wheel's own dependency list is
complete and that nothing leaks in from the checkout. pip takes the dependencies from the
package index configured on the machine; the whole test takes well under a minute here.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from konna_tui import __version__
from konna_tui.inputs import curation_files, data_dir

REPO = Path(__file__).resolve().parents[1]
BUNDLED = [
    p.name for p in [data_dir() / "battle_of_konna.txt", *curation_files(data_dir() / "battle_of_konna.txt")]
]


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300):
    result = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """Build the wheel, make a fresh venv, install the wheel into it; returns paths and timings."""
    root = tmp_path_factory.mktemp("install")
    started = time.perf_counter()
    dist = root / "dist"
    wheel_build = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        dist,
        REPO,
        cwd=root,
    )
    assert wheel_build.returncode == 0, wheel_build.stderr[-2000:]
    (wheel,) = dist.glob("konna_tui-*.whl")
    built = time.perf_counter()
    venv = root / "venv"
    made = run(sys.executable, "-m", "venv", venv, cwd=root)
    assert made.returncode == 0, made.stderr
    # A clean environment: no PYTHONPATH pointing back at the checkout, no pip user config.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["XDG_CACHE_HOME"] = str(root / "cache")
    install = run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=root, env=env)
    assert install.returncode == 0, install.stderr[-2000:]
    work = root / "elsewhere"  # outside the source tree
    work.mkdir()
    return {
        "wheel": wheel,
        "venv": venv,
        "bin": venv / "bin",
        "env": env,
        "work": work,
        "timings": (built - started, time.perf_counter() - built),
    }


def test_wheel_ships_the_article_and_curated_data_but_no_database(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for name in BUNDLED:
        assert f"konna_tui/data/{name}" in names
    assert "konna_tui/ui/app.tcss" in names
    assert not [n for n in names if n.endswith((".db", ".tmp", ".pyc"))]
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(installed["wheel"]).read(metadata).decode()
    assert "Requires-Dist: textual" in text and "Requires-Dist: sqlite-utils" in text
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_version_from_anywhere(installed):
    result = run(installed["bin"] / "konna-tui", "--version", cwd=installed["work"], env=installed["env"])
    assert result.returncode == 0
    assert result.stdout.strip() == f"konna-tui {__version__}"


def test_installed_package_is_the_wheel_not_the_checkout(installed):
    code = "import konna_tui, konna_tui.inputs as i; print(konna_tui.__file__); print(i.data_dir())"
    result = run(installed["bin"] / "python", "-c", code, cwd=installed["work"], env=installed["env"])
    assert result.returncode == 0, result.stderr
    module, data = result.stdout.split()
    assert module.startswith(str(installed["venv"]))
    assert data.startswith(str(installed["venv"])) and data.endswith("konna_tui/data")


def test_build_search_and_headless_start_outside_the_source_tree(installed):
    work, env, bin_ = installed["work"], installed["env"], installed["bin"]
    db = work / "konna.db"
    build = run(bin_ / "konna-tui", "build", "--db", db, cwd=work, env=env)
    assert build.returncode == 0, build.stderr
    assert build.stdout.startswith(f"Built {db} from 1 article")

    search = run(bin_ / "konna-tui", "search", "Dacko", "--db", db, cwd=work, env=env)
    assert search.returncode == 0, search.stderr
    assert "Dacko" in search.stdout

    headless = textwrap.dedent(
        f"""
        import asyncio, html, re
        from konna_tui.ui.app import KonnaApp

        def screen_text(app):
            svg = app.export_screenshot()
            return html.unescape(" ".join(re.findall(r">([^<]*)</text>", svg))).replace("\\xa0", " ")

        async def main():
            app = KonnaApp({str(db)!r}, remember_theme=False)
            async with app.run_test(size=(100, 32)) as pilot:
                await pilot.pause()
                text = screen_text(app)
                assert "Overview" in text and "Battle of Konna" in text, text
                await pilot.press("3")
                await pilot.pause()
                assert "Strength" in screen_text(app)
            print("ok")

        asyncio.run(main())
        """
    )
    start = run(bin_ / "python", "-c", headless, cwd=work, env={**env, "TEXTUAL_ANIMATIONS": "none"})
    assert start.returncode == 0, start.stderr[-3000:]
    assert start.stdout.strip() == "ok"


def test_first_run_builds_the_bundled_database_inside_the_install(installed):
    work, env, bin_ = installed["work"], installed["env"], installed["bin"]
    first = run(bin_ / "konna-tui", "search", "Sevare", cwd=work, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stderr.startswith("building the Konna database (first run)...")
    assert list(installed["venv"].glob("lib/python*/site-packages/konna_tui/konna.db"))
    second = run(bin_ / "konna-tui", "search", "Sevare", cwd=work, env=env)
    assert second.returncode == 0 and second.stderr == ""


def test_install_took(installed):
    """Not a timing assert: records how long building and installing took, for the report."""
    wheel_s, install_s = installed["timings"]
    print(f"wheel built in {wheel_s:.1f} s; venv + install in {install_s:.1f} s")
    assert wheel_s > 0 and install_s > 0


# --- the README's commands are true -------------------------------------------------------------


def readme_commands(prefix: str) -> list[str]:
    """Command lines from the README's ```bash blocks that start with ``prefix``."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    return [
        line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith(prefix)
    ]


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed"
    return found


@pytest.fixture(scope="module")
def readme_db(tmp_path_factory) -> Path:
    """The database the README's own build line makes, in a folder of its own."""
    folder = tmp_path_factory.mktemp("readme")
    (line,) = readme_commands("konna-tui build --db konna.db")
    args = shlex.split(line)[1:]
    result = run(sys.executable, "-m", "konna_tui", *args, cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "konna.db"


def run_readme_line(line: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run one README line as a shell would, with ``> file`` redirection."""
    words = shlex.split(line)
    out = None
    if ">" in words:
        at = words.index(">")
        words, out = words[:at], words[at + 1]
    result = run(tool(words[0]), *words[1:], cwd=cwd)
    if out is not None:
        (cwd / out).write_text(result.stdout, encoding="utf-8")
    return result


def test_readme_sqlite_utils_examples_run_and_answer_their_questions(readme_db):
    folder = readme_db.parent
    lines = readme_commands("sqlite-utils ")
    assert len(lines) >= 5
    results = {}
    for line in lines:
        result = run_readme_line(line, folder)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
        results[line] = result.stdout
    islamists = next(out for line, out in results.items() if "'islamists_killed'" in line)
    rows = islamists.strip().splitlines()[2:]  # after the table's header and rule
    assert len(rows) >= 5, "several competing estimates of Islamists killed"
    assert "Malian army" in islamists and "Human Rights Watch" not in islamists
    hrw = next(out for line, out in results.items() if "'Human Rights Watch'" in line)
    assert hrw.count("\n") >= 4 and "summarily executed" in hrw
    search = next(out for line, out in results.items() if " search " in line)
    assert "Sévaré" in search
    with (folder / "estimates.csv").open(newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["label", "raw", "low", "best", "high", "source"]
    assert {"Malian soldiers killed", "Islamists killed"} <= {row[0] for row in table[1:]}
    sources = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    assert {"Human Rights Watch", "Malian army"} <= {s["name"] for s in sources}


def test_readme_datasette_line_names_the_shipped_metadata():
    (line,) = readme_commands("datasette ")
    assert shlex.split(line) == ["datasette", "konna.db", "-m", "datasette/metadata.json"]
    assert (REPO / "datasette" / "metadata.json").is_file()


def test_readme_quick_start_is_exactly_two_lines_and_ci_runs_the_second():
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Quick start")[1].split("\n## ")[0]
    lines = [
        ln for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S) for ln in block.splitlines()
    ]
    assert lines == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/konna-tui",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest",
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1] in ci


def test_every_file_the_readme_links_to_exists():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)\)", readme)
    local = [t for t in targets if not re.match(r"[a-z]+://", t)]
    assert any(t.startswith("screenshots/") for t in local), "the README shows the screenshots"
    missing = [t for t in local if not (REPO / t).exists()]
    assert not missing, f"README links to missing files: {missing}"


def test_readme_names_every_kind_of_curated_file():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    article = data_dir() / "battle_of_konna.txt"
    kinds = {p.name[len(article.stem) + 1 : -len(".csv")] for p in curation_files(article)}
    assert kinds and all(f"`{kind}`" in readme for kind in kinds), kinds
