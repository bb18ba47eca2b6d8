"""Where the default rules and data tables live, and loading them once."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .yamlload import load_yaml_file


def default_rules_dir() -> Path:
    """The rules shipped inside the package (a copy of the top-level ``rules/``)."""
    return Path(__file__).resolve().parent / "rules"


@lru_cache(maxsize=None)
def load_table(name: str) -> dict[str, Any]:
    """A data table such as ``units`` or ``text`` from the default rules directory."""
    path = default_rules_dir() / "tables" / f"{name}.yaml"
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data
