"""Where the default rules and data tables live, and loading them once."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


def default_rules_dir() -> Path:
    """The rules shipped inside the package (a copy of the top-level ``rules/``)."""
    return Path(__file__).resolve().parent / "rules"


def tables_dir() -> Path:
    return default_rules_dir() / "tables"


def table_files() -> list[Path]:
    """Every data table file: the inputs of anything built from the tables, for
    :func:`policyx.rulecache.cached` (``cached("context", table_files(), build)``)."""
    return sorted(tables_dir().glob("*.yaml"))


@lru_cache(maxsize=None)
def load_table(name: str) -> dict[str, Any]:
    """A data table such as ``units`` or ``text`` from the default rules directory."""
    tables = cached_tables()
    return tables[name] if name in tables else read_table(name)


def read_table(name: str) -> dict[str, Any]:
    from .yamlload import load_yaml_file

    path = tables_dir() / f"{name}.yaml"
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def cached_tables() -> dict[str, dict[str, Any]]:
    """Every table that loads cleanly, through the disk cache (see
    :mod:`policyx.rulecache`): one small pickle instead of six YAML parses. A
    broken table is left out, so :func:`load_table` reads it and raises as usual."""
    from .rulecache import cached

    return cached("tables", table_files(), _readable_tables)


def _readable_tables() -> dict[str, dict[str, Any]]:
    from .yamlload import YamlError

    tables = {}
    for path in table_files():
        try:
            tables[path.stem] = read_table(path.stem)
        except (YamlError, ValueError):
            continue
    return tables
