"""Stopping a run on SIGINT or SIGTERM at a point where stopping is safe.

The CLI turns either signal into :class:`Stopped`, raised in the main thread at
whatever line it was running. Inside a process pool's own code (submitting a
batch, waiting for one, shutting the pool down) that line may hold one of the
pool's locks or be halfway through updating its queues, and the clean-up that
follows then waits forever. Such code runs inside :func:`held`: a signal that
arrives there is kept and raised when the section ends."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Stopped(BaseException):
    """SIGINT or SIGTERM in the main process. A BaseException of our own, so that no
    library's ``except KeyboardInterrupt`` turns it into another exit, while every
    ``finally`` (and the CLI's clean-up of a half-written output) still runs."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)


_depth = 0
_pending: int | None = None


def stop(signum: int) -> None:
    """Raise :class:`Stopped` now, or when the innermost :func:`held` section ends."""
    global _pending
    if _depth:
        if _pending is None:
            _pending = signum
        return
    raise Stopped(signum)


@contextmanager
def held() -> Iterator[None]:
    """A section that a signal never interrupts; one that arrived during it is
    raised as :class:`Stopped` as the section ends."""
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth and _pending is not None:
            signum, _pending = _pending, None
            raise Stopped(signum)
