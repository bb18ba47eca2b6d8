"""The worker processes of :func:`policyx.pipeline.process` with ``jobs`` above 1,
in a module of their own: a run over one document never imports them."""
from __future__ import annotations

import os
from collections import deque
from typing import TYPE_CHECKING

from . import pipeline
from .decoding import InputError
from .extractor import Extractor
from .pipeline import DocResult, run_here
from .stopping import held

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

BATCHES_PER_JOB = 4
WARM_UP = "2024年全省生产总值达到1.2万亿元，同比增长6.2%。"


_worker_extractor: Extractor | None = None


def _start_worker(extractor: Extractor) -> None:
    """A worker runs in its own process group and ignores Ctrl-C: a signal sent
    to the whole job (Ctrl-C, a SIGTERM to the group) reaches only the main
    process, which stops the pool cleanly. A worker killed while sending a
    result would leave half a message in the pipe and hang the pool."""
    import signal

    global _worker_extractor
    _worker_extractor = extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "setpgrp"):
        os.setpgrp()


def _run_batch(names: list[str], encoding: str | None, keep_text: bool) -> list[DocResult]:
    assert _worker_extractor is not None
    return [pipeline.process_one(name, _worker_extractor, encoding, keep_text) for name in names]


def _pool(extractor: Extractor, jobs: int) -> ProcessPoolExecutor:
    """Worker processes (imported here: a one-file run never pays for them),
    started now rather than at the first batch, so that they are forked before
    the caller lists any folder. They inherit the tables and cue lists the
    warm-up loads."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    extractor.extract(WARM_UP)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(extractor,))
    for started in [pool.submit(os.getpid) for _ in range(jobs)]:
        started.result()
    return pool


class Workers:
    """A process pool with a window of batches in flight, collected in order."""

    def __init__(self, extractor: Extractor, jobs: int, encoding: str | None, keep_text: bool):
        self.extractor, self.jobs, self.encoding, self.keep_text = extractor, jobs, encoding, keep_text
        with held():
            self.pool = _pool(extractor, jobs)
        self.window: deque[tuple[list[str | InputError], Future[list[DocResult]] | list[DocResult]]] = deque()

    def add(self, batch: list[str | InputError]) -> None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            outcome = self._submit(batch)
        except BrokenProcessPool:
            self._restart()
            outcome = self._submit(batch)
        self.window.append((batch, outcome))

    def full(self) -> bool:
        return len(self.window) >= self.jobs * BATCHES_PER_JOB

    def next_results(self) -> list[DocResult]:
        """The oldest batch's results, waiting for its worker if need be."""
        from concurrent.futures.process import BrokenProcessPool

        batch, outcome = self.window.popleft()
        if isinstance(outcome, list):
            return outcome
        try:
            with held():
                return outcome.result()
        except BrokenProcessPool:
            self._restart()
            return [self._retry_alone(item) for item in batch]

    def close(self) -> None:
        """Stop the workers: batches not started are dropped, running ones (one
        per worker at most) finish first. Killing a worker could cut a result in
        half in the pipe and hang the pool; not waiting races with Python's exit
        hook for process pools (OSError: Bad file descriptor on Python 3.11)."""
        with held():
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, batch: list[str | InputError]) -> Future[list[DocResult]] | list[DocResult]:
        if len(batch) == 1 and (isinstance(batch[0], InputError) or batch[0] == "-"):
            return run_here(batch, self.extractor, self.encoding, self.keep_text)
        with held():
            return self.pool.submit(_run_batch, batch, self.encoding, self.keep_text)

    def _restart(self) -> None:
        """A worker died: a fresh pool, and the batches in flight sent to it again."""
        with held():
            self.close()
            self.pool = _pool(self.extractor, self.jobs)
            self.window = deque((batch, self._kept_or_again(batch, outcome)) for batch, outcome in self.window)

    def _kept_or_again(self, batch: list[str | InputError],
                       outcome: Future[list[DocResult]] | list[DocResult]) -> Future[list[DocResult]] | list[DocResult]:
        if isinstance(outcome, list):
            return outcome
        if outcome.done() and not outcome.cancelled() and outcome.exception() is None:
            return outcome.result()
        return self._submit(batch)

    def _retry_alone(self, item: str | InputError) -> DocResult:
        """One document of a batch whose worker died, run on its own so that only
        the document that kills a worker fails."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            outcome = self._submit([item])
            if isinstance(outcome, list):
                return outcome[0]
            with held():
                return outcome.result()[0]
        except BrokenProcessPool:
            self._restart()
            return DocResult(str(item), error=f"{item}: the worker process extracting it stopped (out of memory?)")
