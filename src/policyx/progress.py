"""Progress of a long run on standard error: documents, characters per second,
records, errors and time left.

On a terminal it is a rich progress bar; elsewhere (a log file) it is a plain line
every few seconds and one at the end.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Any, Iterable

from .decoding import InputError, expand_inputs
from .pipeline import DocResult

LINE_EVERY = 5.0


@dataclass
class Tally:
    docs: int = 0
    chars: int = 0
    records: int = 0
    errors: int = 0


def wanted(progress: bool, quiet: bool, docs: int, to_terminal: bool) -> bool:
    """Show progress when asked to, or by default when standard error is a
    terminal, more than one document is read and the records are not printed on
    that same terminal; never with ``quiet``."""
    if quiet:
        return False
    if progress:
        return True
    return docs > 1 and sys.stderr.isatty() and not to_terminal


def inputs_size(paths: Iterable[str]) -> tuple[int, int]:
    """How many documents and bytes the inputs hold (standard input counts as one
    document of unknown size)."""
    docs = size = 0
    for item in expand_inputs(list(paths)):
        docs += 1
        if not isinstance(item, InputError) and item != "-":
            size += _size(item)
    return docs, size


def _size(name: str) -> int:
    try:
        return os.stat(name).st_size
    except OSError:
        return 0


class NoProgress:
    def __enter__(self) -> "NoProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def advance(self, result: DocResult) -> None:
        pass


def tracker(paths: list[str], progress: bool, quiet: bool, to_terminal: bool) -> "Progress | NoProgress":
    """A :class:`Progress` when one should be shown (see :func:`wanted`), else a no-op."""
    if quiet or not (progress or sys.stderr.isatty()):
        return NoProgress()
    docs, size = inputs_size(paths)
    return Progress(docs, size) if wanted(progress, quiet, docs, to_terminal) else NoProgress()


class Progress:
    """A context manager; call :meth:`advance` once per finished document."""

    def __init__(self, docs: int, size: int):
        self.total_docs, self.total_size = docs, size
        self.tally = Tally()
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.last_line = self.started

    def __enter__(self) -> "Progress":
        return self

    def _start_bar(self) -> None:
        """The bar starts with the first result, once worker processes exist: they
        are forked before the bar's refresh thread runs."""
        self.bar = _rich_bar()
        self.bar.start()
        self.task = self.bar.add_task("extracting", total=self.total_size or None, **self._fields())

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.update(self.task, **self._fields())
            self.bar.stop()
        elif not sys.stderr.isatty():
            self._line()

    def advance(self, result: DocResult) -> None:
        t = self.tally
        t.docs += 1
        t.chars += result.chars
        t.records += len(result.records)
        t.errors += 0 if result.ok else 1
        if self.bar is None and sys.stderr.isatty():
            self._start_bar()
        if self.bar is not None:
            self.bar.update(self.task, advance=_size(result.name) if result.name != "-" else 0, **self._fields())
        elif time.monotonic() - self.last_line >= LINE_EVERY:
            self._line()

    def chars_per_second(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.tally.chars / elapsed if elapsed > 0 else 0.0

    def _fields(self) -> dict[str, Any]:
        t = self.tally
        return {"docs": f"{t.docs:,}/{self.total_docs:,}", "speed": _si(self.chars_per_second()),
                "records": f"{t.records:,}", "errors": f"{t.errors:,}"}

    def _line(self) -> None:
        self.last_line = time.monotonic()
        f = self._fields()
        try:
            sys.stderr.write(f"policyx: {f['docs']} documents, {f['speed']} chars/s, {f['records']} records, "
                             f"{f['errors']} errors\n")
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):
            pass


def _si(n: float) -> str:
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}{unit}"
    return f"{n:.0f}"


def _rich_bar():  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

    return RichProgress(
        TextColumn("{task.fields[docs]} documents"),
        BarColumn(),
        TextColumn("{task.fields[speed]} chars/s"),
        TextColumn("{task.fields[records]} records"),
        TextColumn("{task.fields[errors]} errors"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
