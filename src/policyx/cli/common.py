"""Helpers shared by the commands: one-line errors, exit codes, safe output files,
and the entry point that turns every way a run can end into a one-line message and
an exit code (0 done, 1 some input or the output failed, 2 usage or rule errors,
130 interrupted, 143 terminated)."""
from __future__ import annotations

import os
import signal
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Callable, Iterator, NoReturn

from ..stopping import Stopped, stop as _stop

EXIT_OK = 0
EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r"})


def error_line(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    try:
        sys.stderr.write(f"policyx: {message.translate(ONE_LINE)}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    error_line(message)
    raise SystemExit(code)


def silence_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so Python's exit flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@contextmanager
def atomic_output(path: str, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and rename it into place only when
    the block finishes; an interrupted run leaves the old file (or none). The new
    file keeps the old one's permissions (or gets the usual ones for a new file)."""
    import tempfile

    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        fail(f"{path}: directory {directory} does not exist; create it first")
    if target.is_dir():
        fail(f"{path}: is a directory; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        fail(f"{path}: cannot write here: {exc.strerror or exc}")
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _new_file_mode(target))
        with os.fdopen(fd, "w", encoding=encoding, errors="backslashreplace", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _new_file_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _stop_on_signals() -> None:
    main_pid = os.getpid()

    def stop(signum: int, frame: Any) -> None:
        if os.getpid() != main_pid:  # a forked worker: behave as if no handler were set
            if signum == signal.SIGINT:
                signal.default_int_handler(signum, frame)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        _stop(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(signum, stop)
        except (ValueError, OSError):
            pass


def _utf8_streams() -> None:
    """Records are UTF-8 whatever the locale; a file name that is not valid UTF-8
    (kept by Python as lone surrogates) is written as a \\udcXX escape, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def _ended_by_closed_pipe(exc: BaseException) -> bool:
    """Whether an exit was made while handling a closed pipe: click, typer and rich
    each catch BrokenPipeError and exit 1 themselves."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, BrokenPipeError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def run_cli(app: Callable[[], Any]) -> NoReturn:
    """Run the typer app so that no traceback ever reaches the user."""
    _stop_on_signals()
    _utf8_streams()
    try:
        app()
    except Stopped as stop:
        error_line("interrupted" if stop.signum == signal.SIGINT else "terminated")
        sys.exit(EXIT_INTERRUPTED if stop.signum == signal.SIGINT else EXIT_TERMINATED)
    except KeyboardInterrupt:
        error_line("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        silence_stdout()
        sys.exit(EXIT_OK)
    except SystemExit as exc:
        if exc.code not in (0, None) and _ended_by_closed_pipe(exc):
            silence_stdout()
            sys.exit(EXIT_OK)
        raise
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        error_line(f"{where}{exc.strerror or exc}")
        sys.exit(EXIT_INPUT_FAILED)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("POLICYX_DEBUG"):
            raise
        error_line(f"internal error: {type(exc).__name__}: {exc} (set POLICYX_DEBUG=1 to see where)")
        sys.exit(EXIT_INPUT_FAILED)
    sys.exit(EXIT_OK)


def load_settings(config: str | None = None):  # type: ignore[no-untyped-def]
    """The config file (``--config``, else policyx.yaml in the working directory), or a clean exit 2."""
    from ..config import ConfigError, load_config

    try:
        return load_config(config)
    except ConfigError as exc:
        fail(str(exc))


def load_extractor(rules: list[str], no_default_rules: bool, kinds: list[str] | None, timeout: float | None = None,
                   settings=None, verbose: bool = False):  # type: ignore[no-untyped-def]
    """The library's Extractor, or a clean exit 2 listing every rule problem.

    Options given here win over the config file's; ``rules`` adds to its rules."""
    from ..extractor import DEFAULT_TIMEOUT, Extractor
    from ..rules import RuleError

    cfg = settings if settings is not None else load_settings()
    if timeout is None:
        timeout = cfg.timeout if cfg.timeout is not None else DEFAULT_TIMEOUT
    if timeout <= 0:
        fail(f"--timeout must be above 0 seconds, not {timeout:g}")
    try:
        extractor = Extractor([*cfg.rules, *rules], use_defaults=not (no_default_rules or cfg.no_default_rules),
                              kinds=kinds or cfg.kinds or None, timeout=timeout)
    except RuleError as exc:
        for p in exc.problems:
            error_line(str(p))
        fail(f"{len(exc.problems)} problem(s) in the rules; fix them (see 'policyx rules validate')")
    if verbose:
        for r in extractor.ruleset.replaced:
            error_line(f"{r.where}: rule {r.id} replaces the default rule at {r.default_where}")
    return extractor
