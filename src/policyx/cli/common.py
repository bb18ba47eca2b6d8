"""Helpers shared by the commands: one-line errors, exit codes, safe output files."""
from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, NoReturn

EXIT_OK = 0
EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2


def error_line(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    try:
        sys.stderr.write(f"policyx: {message}\n")
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
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
    the block finishes; an interrupted run leaves the old file (or none)."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        fail(f"{path}: directory {directory} does not exist; create it first")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        fail(f"{path}: cannot write here: {exc.strerror or exc}")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
