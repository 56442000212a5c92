"""Render PDFs away from the web process: WeasyPrint holds on to memory after large documents.

`RenderPool` is a small process pool whose workers are replaced after `max_tasks_per_child`
renders, so whatever a render leaks is given back to the system. `render_job` does the same work in-process
(tests, scripts, a queue worker that is itself recycled).

A job names its instrument by file path (instruments hold read-only mappings that do not pickle)
and carries the scored `Result`; its `gettext` must pickle too (`reports.i18n.identity`,
`reports.i18n.CatalogueGettext`, or a bound method of a babel `Translations` object).
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from multiprocessing.context import BaseContext
from pathlib import Path

from forms.loader import load_cached
from forms.model import Instrument
from forms.result import Result
from reports.context import ReportMeta
from reports.i18n import Gettext, identity


@dataclass(frozen=True)
class RenderJob:
    instrument_path: str
    result: Result
    meta: ReportMeta
    language: str = "en"
    page_size: str = "A4"
    gettext: Gettext = identity

    @classmethod
    def for_result(
        cls,
        instrument: Instrument,
        result: Result,
        meta: ReportMeta,
        language: str = "en",
        page_size: str = "A4",
        gettext: Gettext = identity,
    ) -> RenderJob:
        """A job for an instrument loaded from a file (its `source`)."""
        if not instrument.source or not Path(instrument.source).is_file():
            raise ValueError(f"instrument '{instrument.slug}' was not loaded from a file; a worker cannot reload it")
        return cls(str(Path(instrument.source).resolve()), result, meta, language, page_size, gettext)


def render_job(job: RenderJob) -> bytes:
    """Render one job in this process; refuses an instrument file whose version differs from the result's."""
    from reports.pdf import render_recommendation_pdf

    instrument = load_cached(job.instrument_path)
    if instrument.version != job.result.record.instrument_version:
        raise ValueError(
            f"{job.instrument_path} is version {instrument.version}, but the result was scored on version "
            f"{job.result.record.instrument_version}"
        )
    return render_recommendation_pdf(instrument, job.result, job.meta, job.language, job.page_size, job.gettext)


class RenderError(RuntimeError):
    """A render failed in a worker with an exception that cannot travel back between processes."""


def _render_in_worker(job: RenderJob) -> bytes:
    """`render_job`, with any exception made picklable so that one bad job does not break the pool."""
    try:
        return render_job(job)
    except Exception as error:
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:  # noqa: BLE001 - any failure to round-trip means it cannot be sent back
            raise RenderError(f"{type(error).__name__}: {error}") from None
        raise


def _warm_up() -> None:
    """Import WeasyPrint and the templates once per worker, not in its first render."""
    import reports.pdf  # noqa: F401


class RenderPool:
    """A process pool for PDF renders whose worker processes are replaced after a number of renders.

    At most `max_workers` renders run at once; further jobs wait in this pool's own queue, so the
    executor underneath never holds a backlog. Recycling is by generations: after
    `max_tasks_per_child` renders the next job goes to a fresh executor while the old one finishes
    what it is rendering and exits, so no process renders more than `max_tasks_per_child` PDFs and
    at most 2 x `max_workers` processes exist, briefly. (The executor's own `max_tasks_per_child`
    deadlocks on Python 3.11 when work is queued behind a retiring worker: CPython gh-115634.)
    Created lazily; a broken executor (a worker killed, say, for memory) is replaced on next use.
    """

    def __init__(self, max_workers: int = 2, max_tasks_per_child: int = 50, mp_context: BaseContext | None = None) -> None:
        if max_workers < 1 or max_tasks_per_child < 1:
            raise ValueError("max_workers and max_tasks_per_child must be at least 1")
        self.max_workers = max_workers
        self.max_tasks_per_child = max_tasks_per_child
        # spawn: safe from a threaded web server; the initializer pays the imports once per worker.
        self.mp_context = mp_context or multiprocessing.get_context("spawn")
        self.generations = 0
        self._executor: ProcessPoolExecutor | None = None
        self._submitted = 0
        self._in_flight = 0
        self._backlog: deque[tuple[RenderJob, Future[bytes]]] = deque()
        self._closed = False
        self._condition = threading.Condition()
        self._dispatcher: threading.Thread | None = None

    def submit(self, job: RenderJob) -> Future[bytes]:
        """Queue a render; the future gives the PDF bytes (or the render's exception)."""
        outer: Future[bytes] = Future()
        with self._condition:
            if self._closed:
                raise RuntimeError("the render pool is shut down")
            self._backlog.append((job, outer))
            if self._dispatcher is None:
                self._dispatcher = threading.Thread(target=self._dispatch, name="report-render-pool", daemon=True)
                self._dispatcher.start()
            self._condition.notify_all()
        return outer

    def render(self, job: RenderJob, timeout: float | None = 120) -> bytes:
        """Render and wait; raises TimeoutError after `timeout` seconds."""
        return self.submit(job).result(timeout=timeout)

    def _executor_for_next_job(self) -> ProcessPoolExecutor:
        executor = self._executor
        if executor is None or self._submitted >= self.max_tasks_per_child or getattr(executor, "_broken", False):
            if executor is not None:
                executor.shutdown(wait=False)  # renders under way still complete, then its processes exit
            executor = self._executor = ProcessPoolExecutor(
                max_workers=self.max_workers, mp_context=self.mp_context, initializer=_warm_up
            )
            self._submitted = 0
            self.generations += 1
        return executor

    def _dispatch(self) -> None:
        """The one thread that feeds the executor; it never holds the condition while submitting."""
        while True:
            with self._condition:
                self._condition.wait_for(self._ready)
                if not self._backlog:
                    return
                job, outer = self._backlog.popleft()
                if not outer.set_running_or_notify_cancel():
                    continue
                self._in_flight += 1
            try:
                inner = self._submit_inner(job)
            except Exception as error:  # noqa: BLE001 - handed to the caller through its future
                with self._condition:
                    self._in_flight -= 1
                outer.set_exception(error)
                continue
            inner.add_done_callback(partial(self._finished, outer=outer))

    def _ready(self) -> bool:
        """A job can go to a free worker, or the pool is closing with nothing left to do."""
        return bool(self._backlog and self._in_flight < self.max_workers) or (self._closed and not self._backlog)

    def _submit_inner(self, job: RenderJob) -> Future[bytes]:
        try:
            inner = self._executor_for_next_job().submit(_render_in_worker, job)
        except BrokenProcessPool:
            self._submitted = self.max_tasks_per_child  # start a new generation
            inner = self._executor_for_next_job().submit(_render_in_worker, job)
        self._submitted += 1
        return inner

    def _finished(self, inner: Future[bytes], *, outer: Future[bytes]) -> None:
        with self._condition:
            self._in_flight -= 1
            self._condition.notify_all()
        error = inner.exception()
        if error is not None:
            outer.set_exception(error)
        else:
            outer.set_result(inner.result())

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking jobs; with `wait`, finish the queued ones first, else cancel them."""
        with self._condition:
            self._closed = True
            if not wait:
                while self._backlog:
                    self._backlog.popleft()[1].cancel()
            self._condition.notify_all()
            dispatcher = self._dispatcher
        if dispatcher is not None:
            dispatcher.join()
        with self._condition:
            if wait:
                self._condition.wait_for(lambda: self._in_flight == 0)
            if self._executor is not None:
                self._executor.shutdown(wait=wait, cancel_futures=not wait)
                self._executor = None

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()
