"""A disk cache of loaded rule sets and data tables, so a one-file run does not
re-read and re-check the YAML rules and recompile their patterns every time.

A compiled ``regex`` pattern pickles with its compiled program, and so, here, does a
``re`` pattern (see :func:`_reduce_re_pattern`), so a cached rule set loads in
milliseconds. The cache key covers everything loading depends on: every
rule and table file (path, size, modification time), the policyx sources, and the
Python and ``regex`` versions; any change makes a new entry. Set POLICYX_CACHE=0 to
turn the cache off, POLICYX_CACHE_DIR to move it (default: ~/.cache/policyx). A
cache that cannot be read or written is ignored.
"""
from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable

from .resources import default_rules_dir

try:
    from _pickle import load as _load_pickle  # CPython's, without importing pickle
except ImportError:
    from pickle import load as _load_pickle

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
            stored_key, value = _load_pickle(fh)
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
        parts += _source_parts()
        parts += map(_file_part, inputs)
    except OSError:
        return None
    return "\0".join(parts)


_sources: list[str] = []


def _source_parts() -> list[str]:
    """The policyx sources' part of every key, read once a process: the code
    running is the code imported, whatever happens to the files later."""
    if not _sources:
        _sources.extend([_file_part(p) for p in sorted(PACKAGE.glob("*.py"))])
    return _sources


def _file_part(path: Path) -> str:
    st = os.stat(path)
    return f"{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}"


def _entry_name(name: str, key: str) -> str:
    """A short file name for ``key``. Two checksums rather than a cryptographic hash
    (hashlib's import costs more than a cached start saves); the entry holds the
    whole key, so a collision only costs a rebuild."""
    data = key.encode("utf-8", "surrogatepass")
    return f"{name}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.pickle"


def _store(folder: Path, entry: Path, value: Any) -> None:
    import pickle
    import tempfile

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = _dispatch_table()
            pickler.dump(value)
        os.replace(tmp, entry)
        tmp = None
        _prune(folder)
    except Exception:  # noqa: BLE001 - a read-only or full disk only costs speed
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def _dispatch_table() -> dict[Any, Any]:
    import copyreg
    import re

    table = copyreg.dispatch_table.copy()
    table[re.Pattern] = _reduce_re_pattern
    return table


def _reduce_re_pattern(pattern: Any) -> tuple[Any, tuple[Any, ...]]:
    """A ``re`` pattern pickled with its compiled program, as ``regex`` pickles its
    own: the default pickling recompiles the pattern on every load (a few
    milliseconds for a long alternation). The arguments are those
    ``re._compiler.compile`` hands ``_sre.compile``; the cache key holds the Python
    version they belong to. Should the result differ from ``re.compile``'s, the
    pattern is pickled the usual way."""
    import re

    source, flags = pattern.pattern, pattern.flags
    try:
        import _sre
        from re import _compiler, _parser  # Python 3.11+; older ones pickle the usual way

        parsed = _parser.parse(source, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (source, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        if _sre.compile(*args) == pattern:
            return _sre.compile, args
    except Exception:  # noqa: BLE001 - any surprise: the usual way
        pass
    return re.compile, (source, flags)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        old.unlink(missing_ok=True)
