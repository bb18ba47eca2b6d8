"""The optional config file: ``policyx.yaml`` in the working directory, or ``--config``.

It names rule files and defaults for options; an option given on the command line
wins over the file, and ``--rules`` adds to the file's rules::

    rules: [my_rules/, extra.yaml]   # relative to the config file
    no_default_rules: false
    timeout: 5                       # seconds one rule may run on one document
    kinds: [money, patents]
    format: jsonl
    encoding: gb18030
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .yamlload import MarkedDict

CONFIG_NAME = "policyx.yaml"
CONFIG_KEYS = {
    "rules": "a rule file or directory, or a list of them",
    "no_default_rules": "true to use only the rules named here and with --rules",
    "timeout": "seconds one rule may run on one document",
    "kinds": "only records of these kinds",
    "format": "table, jsonl, json or csv",
    "encoding": "input encoding",
}


class ConfigError(Exception):
    """An unusable config file; the message is one line naming the file and position."""


@dataclass
class Config:
    path: Path | None = None
    rules: list[Path] = field(default_factory=list)
    no_default_rules: bool = False
    timeout: float | None = None
    kinds: list[str] = field(default_factory=list)
    format: str | None = None
    encoding: str | None = None


def find_config(explicit: str | Path | None = None, cwd: Path | None = None) -> Path | None:
    """``--config`` when given (it must exist), else ``policyx.yaml`` in ``cwd`` if present."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: no such config file")
        return path
    candidate = cwd / CONFIG_NAME if cwd else Path(CONFIG_NAME)
    return candidate if candidate.is_file() else None


def load_config(explicit: str | Path | None = None, cwd: Path | None = None) -> Config:
    path = find_config(explicit, cwd)
    if path is None:
        return Config()
    from .yamlload import MarkedDict, YamlError, load_yaml_file

    try:
        data = load_yaml_file(path)
    except YamlError as exc:
        raise ConfigError(str(exc)) from None
    if data is None:
        return Config(path)
    if not isinstance(data, MarkedDict):
        raise ConfigError(f"{path}:1:1: a config file is a mapping of option: value; see 'policyx extract --help'")
    return _config_from(path, data)


def _config_from(path: Path, data: MarkedDict) -> Config:
    from .rules import SourceText, did_you_mean

    def bad(key: str, message: str) -> ConfigError:
        line, col = data.mark_of(key)
        return ConfigError(f"{path}:{line}:{col}: {message}")

    for key in data:
        if key not in CONFIG_KEYS:
            known = ", ".join(CONFIG_KEYS)
            line, col = SourceText.read(path).key_position(data, key)
            raise ConfigError(f"{path}:{line}:{col}: " f"unknown key {key!r}; {did_you_mean(str(key), CONFIG_KEYS)}a config file may have: {known}")
    cfg = Config(path)
    cfg.rules = [path.parent / p for p in _strings(data, "rules", bad)]
    cfg.kinds = _strings(data, "kinds", bad)
    no_default = data.get("no_default_rules", False)
    if not isinstance(no_default, bool):
        raise bad("no_default_rules", "no_default_rules must be true or false")
    cfg.no_default_rules = no_default
    timeout = data.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
        raise bad("timeout", "timeout must be a number of seconds above 0, like 5")
    cfg.timeout = float(timeout) if timeout is not None else None
    for key in ("format", "encoding"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise bad(key, f"{key} must be text, like {'jsonl' if key == 'format' else 'gb18030'}")
        setattr(cfg, key, value)
    return cfg


def _strings(data: MarkedDict, key: str, bad: Any) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and v for v in items):
        raise bad(key, f"{key} must be a name or a list of names, like [a, b]")
    return list(items)
