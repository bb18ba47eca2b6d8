"""A disk cache of loaded rule sets and data tables, so a one-file run does not
re-read and re-check the YAML rules and recompile their patterns every time.

A compiled ``regex`` pattern pickles with its compiled program, so a cached rule set
loads in milliseconds. The cache key covers everything loading depends on: every
rule and table file (path, size, modification time), the policyx sources, and the
Python and ``regex`` versions; any change makes a new entry. Set POLICYX_CACHE=0 to
turn the cache off, POLICYX_CACHE_DIR to move it (default: ~/.cache/policyx). A
cache that cannot be read or written is ignored.
"""
from __future__ import annotations

import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable

from .resources import default_rules_dir

KEEP_ENTRIES = 16
PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    if os.environ.get("POLICYX_CACHE", "1") == "0":
        return None
    given = os.environ.get("POLICYX_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policyx"


def cached(name: str, inputs: Iterable[Path], build: Callable[[], Any]) -> Any:
    """``build()``, or what it returned the last time ``inputs`` and the policyx
    sources were the same."""
    folder = cache_dir()
    key = _key(name, inputs) if folder else None
    if folder is None or key is None:
        return build()
    entry = folder / _entry_name(name, key)
    try:
        with open(entry, "rb") as fh:
            stored_key, value = pickle.load(fh)
        if stored_key == key:
            return value
    except Exception:  # noqa: BLE001 - a missing or unreadable entry is rebuilt
        pass
    value = build()
    _store(folder, entry, (key, value))
    return value


def rule_inputs(paths: Iterable[Path], use_defaults: bool) -> list[Path]:
    """Every file loading these rules may read: the default rules and tables, and
    the user's rule files (directories searched recursively)."""
    files = sorted(default_rules_dir().rglob("*.y*ml")) if use_defaults else [default_rules_dir() / "macros.yaml"]
    for p in paths:
        files += sorted(p.rglob("*.y*ml")) if p.is_dir() else [p]
    return files


def _key(name: str, inputs: Iterable[Path]) -> str | None:
    """Everything the cached value depends on, spelled out."""
    import regex

    parts = [name, sys.version, regex.__version__]
    try:
        for path in [*sorted(PACKAGE.glob("*.py")), *inputs]:
            st = os.stat(path)
            parts.append(f"{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}")
    except OSError:
        return None
    return "\0".join(parts)


def _entry_name(name: str, key: str) -> str:
    """A short file name for ``key``. Two checksums rather than a cryptographic hash
    (hashlib's import costs more than a cached start saves); the entry holds the
    whole key, so a collision only costs a rebuild."""
    data = key.encode("utf-8", "surrogatepass")
    return f"{name}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.pickle"


def _store(folder: Path, entry: Path, value: Any) -> None:
    import tempfile

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
        tmp = None
        _prune(folder)
    except Exception:  # noqa: BLE001 - a read-only or full disk only costs speed
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        old.unlink(missing_ok=True)
