"""Run every extraction stage over one parsed article, in dependency order; several articles at once.

A build of many articles extracts them in worker processes, one per core, and hands the
results back in the articles' order, so ids and rows are the same as one by one. A single
article, or a few short ones, stay in this process: starting workers would cost more.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

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
T = TypeVar("T")


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
    articles holding at least ``PARALLEL_MIN_BYTES`` of text, unless a profiler
    or debugger is watching this process; ``jobs=n`` asks for up to n whatever
    the size (1: never start workers).
    """
    if len(paths) < 2 or "fork" not in get_all_start_methods():
        return 1
    if jobs is None:
        if sys.getprofile() or sys.gettrace():
            return 1  # a profiler, debugger or coverage tool sees this process only: keep the work here
        if sum(_size(p) for p in paths) < PARALLEL_MIN_BYTES:
            return 1
        jobs = _cores()
    return max(1, min(jobs, len(paths), MAX_WORKERS))


@contextmanager
def extracted(
    paths: list[Path], finish: Callable[[Article, Extraction], T], workers: int = 1
) -> Iterator[Iterator[T]]:
    """``finish(article, extraction)`` for each article of ``paths``, in their order, as an iterator.

    ``workers`` (see ``worker_count``) above 1 extracts in that many processes, which
    also run ``finish``: what it returns is all that comes back, pickled, so it is
    the place to make the results small. An error in an article is raised when the
    iterator reaches it, as it would be one by one. Leaving the block stops the
    workers at once, whatever the reason (an error, Ctrl+C, SIGTERM turned into an exception).
    """
    curated = curated_beside(paths)
    if workers < 2:
        yield (finish(*read_article(p, curated[p])) for p in paths)
        return
    pool = _Pool([(p, curated[p]) for p in paths], finish, workers)
    try:
        yield pool.results()
    finally:
        pool.stop()


class _Pool(Generic[T]):
    """Forked processes reading articles; each is sent its next article as it hands one back.

    Every worker has its own pipe, both ways, and nothing else is shared: a worker
    that dies ends its pipe, which is seen at once, and stopping the workers cannot
    leave a reader waiting for the rest of a message (concurrent.futures' pool can
    hang so at exit). A thread of this process takes results as they come, so no
    worker waits while the database is written; the main thread unpickles them.
    """

    def __init__(
        self, jobs: list[tuple[Path, list[Path]]], finish: Callable[[Article, Extraction], T], count: int
    ) -> None:
        self.jobs = jobs
        self.next_job = 0
        self.inbox: queue.SimpleQueue[tuple[int, bytes | None, _Worker]] = queue.SimpleQueue()
        self.workers: list[_Worker] = []
        self.receiver: threading.Thread | None = None
        try:
            # Ctrl+C and SIGTERM wait until each worker has set its own handlers (it must not
            # run this process's) and the receiver is known to stop(), which must join it before
            # closing the pipes it waits on; one held back is raised as the mask comes back.
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            try:
                for _ in range(count):
                    self.workers.append(_Worker(finish))
                for worker in self.workers:
                    self._give_next(worker)
                receiver = threading.Thread(target=self._receive, name="konna-results", daemon=True)
                receiver.start()  # (it keeps the mask: every stop signal goes to the main thread)
                self.receiver = receiver
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        except BaseException:
            self.stop()
            raise

    def results(self) -> Iterator[T]:
        """Each article's results in the order of the jobs, as soon as it and those before it are in."""
        arrived: dict[int, tuple[bytes | None, _Worker]] = {}
        for index, (path, _) in enumerate(self.jobs):
            while index not in arrived:
                job, data, worker = self.inbox.get()
                arrived.setdefault(job, (data, worker))
            data, worker = arrived.pop(index)
            if data is None:
                worker.process.join(timeout=5)
                code = worker.process.exitcode
                how = "still running" if code is None else f"signal {-code}" if code < 0 else f"status {code}"
                raise ChildProcessError(f"{path}: the process reading it stopped ({how}): out of memory?")
            yield _unwrap(pickle.loads(data))

    def stop(self) -> None:
        """Stop every worker now (nothing they are reading is needed any more), then the receiver."""
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join()
        if self.receiver:
            self.receiver.join()  # every pipe has ended with its worker
        for worker in self.workers:
            worker.conn.close()

    def _give_next(self, worker: _Worker) -> bool:
        """Send ``worker`` the next article, or tell it to finish; False when there is none."""
        job = self.next_job if self.next_job < len(self.jobs) else None
        if job is not None:
            self.next_job += 1
        worker.job = job
        with suppress(OSError):  # it has died: the end of its pipe tells the receiver
            worker.conn.send(None if job is None else self.jobs[job])
        return job is not None

    def _receive(self) -> None:
        """Pass each result to the main thread and give its worker the next article."""
        busy = {worker.conn: worker for worker in self.workers if worker.job is not None}
        try:
            while busy:
                for ready in wait(list(busy)):
                    worker = busy[cast(Connection, ready)]
                    data: bytes | None
                    try:
                        data = worker.conn.recv_bytes()
                    except (EOFError, OSError):
                        data = None  # the worker died (or was stopped) while reading
                    if worker.job is not None:
                        self.inbox.put((worker.job, data, worker))
                    if data is None or not self._give_next(worker):
                        del busy[worker.conn]
        finally:
            for worker in busy.values():  # left early: the main thread must not wait for these
                if worker.job is not None:
                    self.inbox.put((worker.job, None, worker))


class _Worker:
    """A forked process and this process's end of the pipe to it."""

    def __init__(self, finish: Callable[[Article, Extraction], Any]) -> None:
        fork = get_context("fork")
        ours, theirs = fork.Pipe()
        self.process = fork.Process(
            target=_work, args=(theirs, os.getpid(), finish), name="konna-worker", daemon=True
        )
        self.process.start()
        theirs.close()  # only the worker holds its end: when it dies, the pipe ends
        self.conn = ours
        self.job: int | None = None


def _work(conn: Connection, parent: int, finish: Callable[[Article, Extraction], Any]) -> None:
    """A worker's life: read the articles it is sent, send back what ``finish`` makes of each, pickled."""
    _worker_started(parent)
    while True:
        job = conn.recv()
        if job is None:
            return
        path, curated = job
        try:
            data = pickle.dumps(finish(*read_article(path, curated)), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            failure = WorkerFailure(type(exc), exc.args, dict(vars(exc)), traceback.format_exc())
            data = pickle.dumps(failure, pickle.HIGHEST_PROTOCOL)
        conn.send_bytes(data)


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


def _unwrap(result: T | WorkerFailure) -> T:
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
