"""``konna-tui serve``: the dashboard for a web browser, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from konna_tui.commands.serve import app_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Addresses a TCP socket listens on for ``port``, read from /proc/net/tcp (IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hexport = local.split(":")
        if state == "0A" and int(hexport, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"serve exited early: {proc.stderr.read().decode() if proc.stderr else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"nothing listened on port {port}")


@pytest.fixture
def server(bundled_db):
    procs: list[subprocess.Popen] = []

    def start(*args: str) -> tuple[subprocess.Popen, int]:
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "konna_tui", "serve", "--db", str(bundled_db), "--port", str(port), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        procs.append(proc)
        wait_for_port(port, proc)
        return proc, port

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_serves_the_app_page_on_loopback_only_by_default(server):
    proc, port = server()
    assert listening_addresses(port) == {"127.0.0.1"}
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
        assert page.status == 200
        html = page.read().decode()
    assert f"ws://127.0.0.1:{port}/ws" in html
    assert "konna-tui" in html


def test_host_option_changes_where_it_listens(server):
    _, port = server("--host", "0.0.0.0")
    assert listening_addresses(port) == {"0.0.0.0"}


def test_ctrl_c_stops_the_server_cleanly(server):
    proc, _ = server()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0
    assert b"Traceback" not in proc.stderr.read()


def test_each_browser_session_runs_this_python_on_this_database(bundled_db):
    command = app_command(bundled_db)
    assert command.startswith(sys.executable)
    assert command.endswith(f"-m konna_tui --db {bundled_db.resolve()}")


def test_port_in_use_is_one_line(bundled_db):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "konna_tui", "serve", "--db", str(bundled_db), "--port", str(port)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=30,
        )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.stderr
    assert last.startswith("konna-tui: ") and "address already in use" in last.lower()


def test_without_textual_serve_it_says_what_to_install(bundled_db):
    code = (
        "import sys; sys.modules['textual_serve'] = None\n"
        "from konna_tui.cli import main\n"
        f"raise SystemExit(main(['serve', '--db', {str(bundled_db)!r}]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert (
        result.stderr
        == "konna-tui: serving to a browser needs textual-serve: pip install 'konna-tui[serve]'\n"
    )


def test_serve_bound_to_loopback_is_the_documented_default():
    result = subprocess.run(
        [sys.executable, "-m", "konna_tui", "serve", "--help"], capture_output=True, text=True, env=os.environ
    )
    assert "default: 127.0.0.1" in result.stdout


# --- a real browser: Debian's Chromium driven by Playwright ---------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_or_skip():
    """Playwright and Debian's chromium; CI installs both (.ci/run), so there they must be present."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is missing: pip install -e '.[test]'")
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return sync_playwright


class BrowserTerminal:
    """What the page's terminal shows, rebuilt from the app output the browser receives."""

    def __init__(self) -> None:
        import pyte

        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    def sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            import json

            size = json.loads(payload)[1]
            self.screen.resize(size["height"], size["width"])

    def received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    def text(self) -> str:
        return "\n".join(self.screen.display)


def test_browser_loads_the_page_shows_the_overview_and_switches_pane_on_a_key(server):
    sync_playwright = browser_or_skip()
    _, port = server()
    base = f"http://127.0.0.1:{port}"
    term = BrowserTerminal()

    def wait_for(page, *needles: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = term.text()
            if all(n in text for n in needles):
                return text
            page.wait_for_timeout(100)
        pytest.fail(f"the browser's terminal never showed {needles!r}; it shows:\n{term.text()}")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            # Only the local server: web fonts and anything else outside would hang a closed network.
            page.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
            )

            def watch(ws) -> None:
                ws.on("framesent", term.sent)
                ws.on("framereceived", term.received)

            page.on("websocket", watch)
            response = page.goto(base + "/", wait_until="domcontentloaded")
            assert response is not None and response.status == 200
            assert "konna-tui" in page.content()
            wait_for(page, "[1 Overview]", "Battle of Konna")
            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("3")
            wait_for(page, "[3 Forces]", "Strength")
        finally:
            browser.close()
