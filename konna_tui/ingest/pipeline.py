"""Run every extraction stage over one parsed article, in dependency order; several articles at once.

A build of many articles extracts them in worker processes, one per core, and hands the
results back in the articles' order, so ids and rows are the same as one by one. A single
article, or a few short ones, stay in this process: starting workers would cost more.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from konna_tui.ingest import entities, events, links, numbers, quantities, sources
from konna_tui.ingest.article import Article, parse_file
from konna_tui.ingest.curation import load_curation
from konna_tui.ingest.records import Extraction
from konna_tui.inputs import curated_beside

# Below this much text in all, extraction takes less than starting workers and shipping results back.
PARALLEL_MIN_BYTES = 64_000
MAX_WORKERS = 8
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}

Extracted = tuple[Article, Extraction]


def extract(article: Article, curated: list[Path] | None = None) -> Extraction:
    """Everything the database holds about one article, before ids are given.

    ``curated``: the curated files beside it, when they are listed already.
    """
    curation = load_curation(article, curated)
    out = Extraction(warnings=list(article.warnings))
    out.figures, out.non_quantities = numbers.extract_numbers(article)
    out.quantities = quantities.assign_quantities(article, out.figures, curation)
    out.supports = quantities.link_infobox(article, out.figures)
    out.entities, out.mentions, out.roles = entities.extract_entities(article, curation)
    out.sources, out.attributions = sources.attribute(article, out.entities, curation)
    out.figure_attributions = links.link_figure_attributions(article, out.figures, out.attributions)
    out.events = events.extract_events(article)
    return out


def read_article(path: Path, curated: list[Path] | None = None) -> Extracted:
    """Parse one article file and extract everything from it."""
    article = parse_file(path)
    return article, extract(article, curated)


def worker_count(paths: list[Path], jobs: int | None = None) -> int:
    """How many processes extract ``paths``: 1 means this one.

    ``jobs=None`` decides: one worker per available core when there are several
    articles holding at least ``PARALLEL_MIN_BYTES`` of text; ``jobs=n`` asks for
    up to n whatever the size (1: never start workers).
    """
    if len(paths) < 2 or "fork" not in get_all_start_methods():
        return 1
    if sys.getprofile() or sys.gettrace():
        return 1  # a profiler, debugger or coverage tool sees this process only: keep the work here
    if jobs is None:
        if sum(_size(p) for p in paths) < PARALLEL_MIN_BYTES:
            return 1
        jobs = _cores()
    return max(1, min(jobs, len(paths), MAX_WORKERS))


@contextmanager
def extracted(paths: list[Path], workers: int = 1) -> Iterator[Iterator[Extracted]]:
    """The articles parsed and extracted, in the order of ``paths``, as an iterator.

    ``workers`` (see ``worker_count``) above 1 extracts in that many processes. An
    error in an article is raised when the iterator reaches it, as it would be one
    by one. Leaving the block stops the workers at once, whatever the reason (an
    error, Ctrl+C, SIGTERM turned into an exception).
    """
    curated = curated_beside(paths)
    if workers < 2:
        yield (read_article(p, curated[p]) for p in paths)
        return
    pool = ProcessPoolExecutor(workers, get_context("fork"), _worker_started, (os.getpid(),))
    try:
        # The workers are forked by the first submit. Ctrl+C and SIGTERM wait until each has
        # set its own handlers (it must not run the parent's), then reach this process.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            results = pool.map(_read_in_worker, paths, [curated[p] for p in paths])
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        yield (_unwrap(result) for result in results)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


@dataclass
class WorkerFailure:
    """An exception raised in a worker, sent back as plain data.

    Exceptions are pickled by calling their class with ``args``, which fails for
    those whose ``__init__`` takes other arguments (``ArticleError(path, message)``);
    this rebuilds the same exception, message and attributes without calling it.
    """

    kind: type[BaseException]
    args: tuple[Any, ...]
    state: dict[str, Any]
    trace: str

    def rebuild(self) -> BaseException:
        exc = self.kind.__new__(self.kind)
        exc.args = self.args
        exc.__dict__.update(self.state)
        exc.__cause__ = WorkerTraceback(self.trace)
        return exc


class WorkerTraceback(Exception):
    """Where the worker's exception came from (shown with KONNA_TUI_DEBUG=1)."""


def _read_in_worker(path: Path, curated: list[Path]) -> Extracted | WorkerFailure:
    try:
        return read_article(path, curated)
    except Exception as exc:
        return WorkerFailure(type(exc), exc.args, dict(vars(exc)), traceback.format_exc())


def _unwrap(result: Extracted | WorkerFailure) -> Extracted:
    if isinstance(result, WorkerFailure):
        raise result.rebuild()
    return result


def _worker_started(parent: int) -> None:
    """Set up a forked worker: signals, terminal streams, and an exit when the parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the process group: the parent answers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent stops workers with SIGTERM
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    # A progress bar's thread may have held the terminal streams' locks when this process was
    # forked; a worker has nothing to print, so it never touches them.
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the worker)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A parent killed with SIGKILL cannot stop its workers: they notice and go themselves."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now: after an error or an interruption nothing they compute is needed."""
    # Python 3.11 has no public call for this (3.14 adds terminate_workers()).
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # parse_file reports it, in the article's turn


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
