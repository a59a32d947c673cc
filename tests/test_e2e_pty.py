"""The installed ``konna-tui`` command in a real pseudo-terminal, driven by keys as a person types them.

The screen is read back through pyte (a VT100 emulator), so these tests see what a user
sees at 80x24: the app opens, panes switch, a claim opens, search finds, q quits with exit
code 0 and the terminal is handed back as it was found.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pyte
import pytest

WAIT = 30.0  # seconds to wait for something to appear: generous, this is not a timing test


def konna_command() -> str:
    """The console script installed beside this Python (a venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "konna-tui"
    found = str(beside) if beside.exists() else shutil.which("konna-tui")
    if not found:
        pytest.fail("konna-tui is not installed: pip install -e '.[test]'")
    return found


class Terminal:
    """A pseudo-terminal running one command, with a pyte screen reading its output."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 80, rows: int = 24) -> None:
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.modes_before = termios.tcgetattr(self.slave)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.lock = threading.Lock()
        self.exited = threading.Event()
        self.proc = subprocess.Popen(
            argv,
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        # Our copy of the slave keeps the master open after the program exits, so no EOF comes:
        # once the program has exited, stop at the first quiet moment instead.
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                if self.exited.is_set():
                    return
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.raw += data
                self.stream.feed(data)

    def text(self) -> str:
        with self.lock:
            return "\n".join(self.screen.display)

    def wait_for(self, *needles: str, gone: str | None = None, timeout: float = WAIT) -> str:
        """Wait until every needle is on screen (and ``gone`` is not); fail showing the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if all(n in screen for n in needles) and (gone is None or gone not in screen):
                return screen
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"waited for {needles!r} (gone: {gone!r}); the screen shows:\n{self.text()}")

    def type(self, keys: str | bytes, pause: float = 0.15) -> None:
        """Type as a person would: one key at a time."""
        data = keys.encode() if isinstance(keys, str) else keys
        for byte in data:
            os.write(self.master, bytes([byte]))
            time.sleep(0.02)
        time.sleep(pause)

    def key(self, name: str) -> None:
        """A named key; Escape is followed by a pause so it is not read as the start of a sequence."""
        sequences = {"enter": b"\r", "escape": b"\x1b", "down": b"\x1b[B", "right": b"\x1b[C", "tab": b"\t"}
        os.write(self.master, sequences[name])
        time.sleep(0.4 if name == "escape" else 0.15)

    def finish(self, timeout: float = 20) -> int:
        code = self.proc.wait(timeout=timeout)
        self.exited.set()
        self.reader.join(timeout=5)
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.exited.set()
        self.reader.join(timeout=5)
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def output(self) -> bytes:
        with self.lock:
            return bytes(self.raw)


def environment(**overrides: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_COLOR_SYSTEM", "TEXTUAL_DRIVER")
    }
    env.update({"TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", "COLUMNS": "", "LINES": ""})
    env.update(overrides)
    return {k: v for k, v in env.items() if v != ""}


@pytest.fixture
def terminal(bundled_db):
    opened: list[Terminal] = []

    def start(**env: str) -> Terminal:
        term = Terminal([konna_command(), "--db", str(bundled_db)], environment(**env))
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def last(output: bytes, sequence: bytes) -> int:
    return output.rfind(sequence)


def assert_terminal_restored(term: Terminal) -> None:
    """Line discipline as before; alternate screen left, mouse reporting off, cursor shown."""
    assert termios.tcgetattr(term.slave) == term.modes_before, "terminal modes not restored"
    out = term.output()
    assert last(out, b"\x1b[?1049h") < last(out, b"\x1b[?1049l"), "still on the alternate screen"
    assert last(out, b"\x1b[?1000h") < last(out, b"\x1b[?1000l"), "mouse reporting left on"
    assert last(out, b"\x1b[?25l") < last(out, b"\x1b[?25h"), "cursor left hidden"


def test_a_reader_opens_the_app_moves_around_searches_and_quits(terminal):
    term = terminal()
    term.wait_for("[1 Overview]", "Battle of Konna")

    term.type("3")
    term.wait_for("[3 Forces]", "Strength")
    term.type("4")
    term.wait_for("[4 Battle phases]")
    term.key("right")
    term.wait_for("[5 Aftermath]")
    term.type("1")
    term.wait_for("[1 Overview]", "Infobox", "Strength")  # the Overview's card, wherever it is scrolled

    # Open the claim behind the first figure, by keyboard only, then come back.
    term.type("j")
    term.key("enter")
    claim = term.wait_for("Who says it", gone="[1 Overview]")
    assert "⟦" in claim, "the figure is marked without colour"
    term.key("escape")
    term.wait_for("[1 Overview]", gone="Who says it")

    # Search as you type.
    term.type("/")
    term.type("Dacko", pause=0.5)
    term.wait_for("Didier Dacko")
    term.key("escape")
    term.wait_for("[1 Overview]", gone="Didier Dacko")

    term.type("q")
    assert term.finish() == 0
    assert_terminal_restored(term)


SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
GREYS_256 = {0, 7, 8, 15, 16, 231, *range(232, 256)}


def colours_sent(output: bytes) -> list[tuple]:
    """Every 256-colour and truecolor foreground/background that the program sent."""
    found = []
    for match in SGR.finditer(output):
        params = [int(p) if p else 0 for p in match.group(1).replace(b":", b";").split(b";")]
        i = 0
        while i < len(params):
            if params[i] in (38, 48) and i + 1 < len(params):
                if params[i + 1] == 5 and i + 2 < len(params):
                    found.append(("256", params[i + 2]))
                    i += 3
                    continue
                if params[i + 1] == 2 and i + 4 < len(params):
                    found.append(("rgb", tuple(params[i + 2 : i + 5])))
                    i += 5
                    continue
            i += 1
    return found


def is_grey(colour: tuple) -> bool:
    kind, value = colour
    return value in GREYS_256 if kind == "256" else len(set(value)) == 1


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "xterm-256color"},
        {"TERM": "xterm"},
        {"TERM": "linux"},
        {"TERM": "screen"},
        {"TERM": "tmux-256color"},
        {"NO_COLOR": "1"},
        {"TEXTUAL_COLOR_SYSTEM": "standard"},
    ],
    ids=lambda env: ",".join(f"{k}={v}" for k, v in env.items()),
)
def test_usable_in_every_common_terminal_setting(terminal, env):
    term = terminal(**env)
    term.wait_for("[1 Overview]", "Battle of Konna")
    term.type("3")
    term.wait_for("[3 Forces]", "Strength")
    term.type("q")
    assert term.finish() == 0
    assert_terminal_restored(term)
    colours = colours_sent(term.output())
    if "NO_COLOR" in env:
        hues = [c for c in colours if not is_grey(c)]
        assert not hues, f"NO_COLOR is set, yet colours were sent: {hues[:5]}"
    if "TEXTUAL_COLOR_SYSTEM" in env:
        assert not colours, f"asked for 16 colours, got others: {colours[:5]}"
