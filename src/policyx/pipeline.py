"""From input names to per-document results: reading, decoding, extracting.

The CLI and other programs iterate :func:`process`; each document's result carries
either its records or the error that stopped it, so one bad file never stops the rest.
With ``jobs`` above 1, documents are read and extracted in worker processes, a few
batches at a time, and results still come out in input order as soon as each batch
is done: memory stays bounded however many documents there are. The worker pool
lives in :mod:`policyx.workers`, imported only when there is more than one document.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Iterable, Iterator

from .decoding import InputError, expand_inputs, read_document
from .extractor import Extractor
from .records import Record

if TYPE_CHECKING:
    from .workers import Workers

BATCH_FILES = 16
BATCH_BYTES = 1 << 19


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
    names = list(paths)
    if jobs <= 1:
        for item in expand_inputs(names):
            yield _error_result(item) if isinstance(item, InputError) else process_one(item, extractor, encoding, keep_text)
        return
    yield from _process_parallel(names, extractor, encoding, jobs, keep_text)


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


def _process_parallel(
    names: list[str], extractor: Extractor, encoding: str | None, jobs: int, keep_text: bool,
) -> Iterator[DocResult]:
    """Workers are started before any folder is listed: forked after it, each
    of them would hold a copy of the listing (+34 MB a worker for 79,260 files
    as ``os.walk`` listed them). Without a folder, they start only when there
    turns out to be more than one document."""
    workers = _start_workers(extractor, jobs, encoding, keep_text) if any(map(_is_folder, names)) else None
    try:
        batches = _batches(expand_inputs(names))
        head = list(islice(batches, 2))
        if workers is None:
            if sum(len(b) for b in head) <= 1:
                for batch in head:
                    yield from run_here(batch, extractor, encoding, keep_text)
                return
            workers = _start_workers(extractor, jobs, encoding, keep_text)
        for batch in _chain(head, batches):
            workers.add(batch)
            while workers.full():
                yield from workers.next_results()
        while workers.window:
            yield from workers.next_results()
    finally:
        if workers is not None:
            workers.close()


def _start_workers(extractor: Extractor, jobs: int, encoding: str | None, keep_text: bool) -> Workers:
    from .workers import Workers

    return Workers(extractor, jobs, encoding, keep_text)


def _is_folder(name: str) -> bool:
    return name != "-" and os.path.isdir(name)


def _chain(head: list[list[str | InputError]], rest: Iterator[list[str | InputError]]) -> Iterator[list[str | InputError]]:
    yield from head
    yield from rest


def run_here(batch: list[str | InputError], extractor: Extractor, encoding: str | None, keep_text: bool) -> list[DocResult]:
    return [_error_result(item) if isinstance(item, InputError) else process_one(item, extractor, encoding, keep_text)
            for item in batch]
