"""One measured run of an app, headless, in a fresh process (so that its imports are counted).

    python3 bench/probe.py --app minimal|tabs|echo|konna [--db PATH] [--marker TEXT ...]
                           [--tabs 2 3 1 ...] [--search "dacko" ...] [--dump]

Prints JSON lines on stdout. The first, ``ready``, is written the moment a
frame holding every marker has been composed; the parent process times the
whole run from its own clock (interpreter start, imports, first frame), so no
clock inside this process is trusted for startup. Later lines time the
interactions from inside: a key is pressed, and the time counted is until the
first frame that already shows what the screen finally settles on.

How a frame is seen: Textual calls ``App._display`` with every screen update,
headless or not (the headless driver then writes nothing). The probe wraps it
and reads the composed screen as text at that moment.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
HERE = Path(__file__).resolve().parent
QUIET = 0.15  # seconds without a new frame after which the screen counts as settled
TIMEOUT = 5.0


def peak_rss_kb() -> int | None:
    """Peak resident memory of this process image (VmHWM), in KB.

    Not ``ru_maxrss``: that survives ``exec`` and so includes the parent's size at
    fork time, which says nothing about the app.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def emit(**record: Any) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def make_app(name: str, db: str | None, cold: bool = False) -> Any:
    """The app under test, imported here so that its imports count towards startup.

    ``cold``: konna-tui does not prepare its other panes after the first frame, so each
    first opening builds its pane on the key press (a key pressed before preparation).
    """
    if name == "konna":
        import konna_tui.ui.app as konna_app
        from konna_tui.ui.app import KonnaApp

        if cold:
            konna_app.PREPARE_AFTER = 24 * 3600.0

        try:
            return KonnaApp(db, remember_theme=False)
        except TypeError:
            return KonnaApp(db)
    sys.path.insert(0, str(HERE))
    from minimal_app import APPS

    return APPS[{"minimal": "static"}.get(name, name)]()


class FrameSpy:
    """Records (time, screen text) for every frame the app composes."""

    def __init__(self, app: Any, markers: list[str]) -> None:
        self.frames: list[tuple[float, str]] = []
        self.markers = markers
        self.ready = asyncio.Event()
        self.ready_at: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            text = screen_text(screen)
            self.frames.append((now, text))
            if self.ready_at is None and all(m in text for m in self.markers):
                self.ready_at = now
                # Said now, from inside the frame: the probe's own task may resume only after
                # the app's next frames, which would count work done after the first one.
                emit(event="ready", modules=sorted(sys.modules), peak_rss_kb=peak_rss_kb())
                self.ready.set()

        app._display = display

    @property
    def text(self) -> str:
        return self.frames[-1][1] if self.frames else ""

    async def settle(self, since: float) -> tuple[float | None, str]:
        """Wait for the screen to settle; time from ``since`` to the first frame showing the final text."""
        started = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            last = self.frames[-1][0] if self.frames else since
            if now - max(last, since) >= QUIET or now - started > TIMEOUT:
                break
        after = [(t, text) for t, text in self.frames if t >= since]
        if not after:
            return None, self.text
        final = after[-1][1]
        first = next(t for t, text in after if text == final)
        return first - since, final


def screen_text(screen: Any) -> str:
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


KEY_NAMES = {" ": "space", "/": "slash", "-": "minus", ",": "comma", ".": "full_stop", "'": "apostrophe"}


async def run(args: argparse.Namespace) -> None:
    app = make_app(args.app, args.db, args.cold)
    spy = FrameSpy(app, args.marker)
    width, height = (int(n) for n in args.size.lower().split("x"))
    async with app.run_test(size=(width, height)) as pilot:
        try:
            await asyncio.wait_for(spy.ready.wait(), TIMEOUT * 2)
        except TimeoutError:
            emit(event="error", message=f"markers {args.marker!r} never shown", screen=spy.text)
            return
        if args.dump:
            await spy.settle(time.perf_counter())
            emit(event="screen", name="start", text=spy.text)
        await spy.settle(time.perf_counter())
        for key in args.tabs:
            since = time.perf_counter()
            await pilot.press(key)
            elapsed, text = await spy.settle(since)
            emit(event="tab", key=key, ms=None if elapsed is None else elapsed * 1000)
            if args.dump:
                emit(event="screen", name=f"tab {key}", text=text)
        if args.search:
            if args.open_search:
                await pilot.press(args.open_search)
                await spy.settle(time.perf_counter())
            for query in args.search:
                await pilot.press("ctrl+u")
                await spy.settle(time.perf_counter())
                for n, char in enumerate(query):
                    since = time.perf_counter()
                    await pilot.press(KEY_NAMES.get(char, char))
                    elapsed, text = await spy.settle(since)
                    emit(
                        event="key",
                        query=query,
                        typed=query[: n + 1],
                        ms=None if elapsed is None else elapsed * 1000,
                    )
                if args.dump:
                    emit(event="screen", name=f"search {query}", text=text)
        emit(event="done", peak_rss_kb=peak_rss_kb())
        app.exit()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--app", default="minimal", choices=["minimal", "static", "tabs", "echo", "konna"])
    parser.add_argument("--db", help="database for --app konna")
    parser.add_argument("--marker", action="append", default=[], help="text the first frame must show")
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--tabs", nargs="*", default=[], help="keys to press, one tab switch each")
    parser.add_argument("--search", nargs="*", default=[], help="queries to type, one key at a time")
    parser.add_argument("--open-search", default="", help="key that opens the search (konna: slash)")
    parser.add_argument("--cold", action="store_true", help="konna: panes not prepared after the first frame")
    parser.add_argument("--dump", action="store_true", help="also print the screen text at each step")
    args = parser.parse_args()
    if not args.marker:
        args.marker = [""]
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
