"""From input names to per-document results: reading, decoding, extracting.

The CLI and other programs iterate :func:`process`; each document's result carries
either its records or the error that stopped it, so one bad file never stops the rest.
With ``jobs`` above 1, documents are read and extracted in worker processes, a few
batches at a time, and results still come out in input order as soon as each batch
is done: memory stays bounded however many documents there are.
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Iterable, Iterator

from .decoding import InputError, expand_inputs, read_document
from .extractor import Extractor
from .records import Record

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

BATCH_FILES = 16
BATCH_BYTES = 1 << 19
BATCHES_PER_JOB = 4
WARM_UP = "2024年全省生产总值达到1.2万亿元，同比增长6.2%。"


@dataclass
class DocResult:
    name: str
    text: str = ""
    records: list[Record] = field(default_factory=list)
    error: str | None = None
    chars: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def process_one(name: str, extractor: Extractor, encoding: str | None = None, keep_text: bool = True) -> DocResult:
    try:
        doc = read_document(name, encoding)
        records = extractor.extract(doc.text, name)
        return DocResult(name, doc.text if keep_text else "", records, chars=len(doc.text))
    except InputError as exc:
        return DocResult(name, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the rest
        return DocResult(name, error=f"{name}: {exc}")


def process(
    paths: Iterable[str], extractor: Extractor, encoding: str | None = None, jobs: int = 1, keep_text: bool = True,
) -> Iterator[DocResult]:
    """Results in input order. ``jobs`` above 1 extracts in that many worker
    processes; ``keep_text=False`` leaves :attr:`DocResult.text` empty (less to
    copy between processes when the caller does not need the text)."""
    items = expand_inputs(list(paths))
    if jobs <= 1:
        for item in items:
            yield _error_result(item) if isinstance(item, InputError) else process_one(item, extractor, encoding, keep_text)
        return
    yield from _process_parallel(items, extractor, encoding, jobs, keep_text)


def _error_result(item: InputError) -> DocResult:
    return DocResult(item.name, error=str(item))


def _batches(items: Iterator[str | InputError]) -> Iterator[list[str | InputError]]:
    """Consecutive inputs grouped so that one batch is worth a trip to a worker:
    up to BATCH_FILES files or BATCH_BYTES bytes. Standard input and input
    errors travel alone (they are handled here, not in a worker)."""
    batch: list[str | InputError] = []
    size = 0
    for item in items:
        if isinstance(item, InputError) or item == "-":
            if batch:
                yield batch
                batch, size = [], 0
            yield [item]
            continue
        batch.append(item)
        size += _file_size(item)
        if len(batch) >= BATCH_FILES or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _file_size(name: str) -> int:
    try:
        return os.stat(name).st_size
    except OSError:
        return 0


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
    return [process_one(name, _worker_extractor, encoding, keep_text) for name in names]


def _pool(extractor: Extractor, jobs: int) -> ProcessPoolExecutor:
    """Worker processes (imported here: a one-file run never pays for them).
    Forked workers inherit the tables and cue lists the warm-up loads."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    extractor.extract(WARM_UP)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(extractor,))


class _Workers:
    """A process pool with a window of batches in flight, collected in order."""

    def __init__(self, extractor: Extractor, jobs: int, encoding: str | None, keep_text: bool):
        self.extractor, self.jobs, self.encoding, self.keep_text = extractor, jobs, encoding, keep_text
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
            return outcome.result()
        except BrokenProcessPool:
            self._restart()
            return [self._retry_alone(item) for item in batch]

    def close(self) -> None:
        """Stop the workers: batches not started are dropped, running ones (one
        per worker at most) finish first. Killing a worker could cut a result in
        half in the pipe and hang the pool; not waiting races with Python's exit
        hook for process pools (OSError: Bad file descriptor on Python 3.11)."""
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, batch: list[str | InputError]) -> Future[list[DocResult]] | list[DocResult]:
        if len(batch) == 1 and (isinstance(batch[0], InputError) or batch[0] == "-"):
            return _run_here(batch, self.extractor, self.encoding, self.keep_text)
        return self.pool.submit(_run_batch, batch, self.encoding, self.keep_text)

    def _restart(self) -> None:
        """A worker died: a fresh pool, and the batches in flight sent to it again."""
        self.pool.shutdown(wait=True, cancel_futures=True)
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
            return self._submit([item]).result()[0]  # type: ignore[union-attr]
        except BrokenProcessPool:
            self._restart()
            return DocResult(str(item), error=f"{item}: the worker process extracting it stopped (out of memory?)")


def _process_parallel(
    items: Iterator[str | InputError], extractor: Extractor, encoding: str | None, jobs: int, keep_text: bool,
) -> Iterator[DocResult]:
    batches = _batches(items)
    head = list(islice(batches, 2))
    if sum(len(b) for b in head) <= 1:
        for batch in head:
            yield from _run_here(batch, extractor, encoding, keep_text)
        return
    workers = _Workers(extractor, jobs, encoding, keep_text)
    try:
        for batch in _chain(head, batches):
            workers.add(batch)
            while workers.full():
                yield from workers.next_results()
        while workers.window:
            yield from workers.next_results()
    finally:
        workers.close()


def _chain(head: list[list[str | InputError]], rest: Iterator[list[str | InputError]]) -> Iterator[list[str | InputError]]:
    yield from head
    yield from rest


def _run_here(batch: list[str | InputError], extractor: Extractor, encoding: str | None, keep_text: bool) -> list[DocResult]:
    return [_error_result(item) if isinstance(item, InputError) else process_one(item, extractor, encoding, keep_text)
            for item in batch]
