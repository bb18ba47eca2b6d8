"""Strict, safe YAML loading for rule and data files.

Rule files are data, never code: only the safe loader is used, duplicate keys are
rejected (PyYAML would silently keep the last one), anchors/aliases are refused
so a "billion laughs" file cannot blow up memory, and nesting is limited so a
file of ten thousand ``[`` cannot exhaust the stack.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .marked import MarkedDict


class YamlError(Exception):
    """A YAML file that cannot be used, with the position of the problem."""

    def __init__(self, path: str, line: int, col: int, message: str):
        self.path, self.line, self.col, self.message = path, line, col, message
        super().__init__(f"{path}:{line}:{col}: {message}")


MAX_DEPTH = 50


class _StrictLoader(yaml.SafeLoader):
    depth = 0


_compose_node_orig = yaml.SafeLoader.compose_node


def _compose_node(loader, parent, index):  # type: ignore[no-untyped-def]
    event = loader.peek_event()
    if isinstance(event, yaml.AliasEvent):
        raise yaml.MarkedYAMLError(
            problem="anchors and aliases (*name) are not allowed in rule files; write the value out",
            problem_mark=event.start_mark,
        )
    if loader.depth >= MAX_DEPTH:
        raise yaml.MarkedYAMLError(
            problem=f"nested more than {MAX_DEPTH} levels deep; a rule file never needs that",
            problem_mark=event.start_mark,
        )
    loader.depth += 1
    try:
        return _compose_node_orig(loader, parent, index)
    finally:
        loader.depth -= 1


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key {key!r} (first at line {seen[key].start_mark.line + 1}); "
                "YAML would keep only the last one, so remove or rename one",
                problem_mark=key_node.start_mark,
            )
        seen[key] = key_node
    data = MarkedDict(yaml.SafeLoader.construct_mapping(loader, node, deep=True))
    data.line, data.col = node.start_mark.line + 1, node.start_mark.column + 1
    data.value_marks = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mark = value_node.start_mark
        # a block scalar (| or >) starts on the line after its indicator
        line = mark.line + 1 + (1 if getattr(value_node, "style", None) in ("|", ">") else 0)
        col = mark.column + 1 + (1 if getattr(value_node, "style", None) in ("'", '"') else 0)
        data.value_marks[key] = (line, col)
    return data


_StrictLoader.compose_node = _compose_node  # type: ignore[method-assign]
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str, path: str) -> Any:
    """Parse YAML text strictly; errors carry the file, line and column."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(path, line, col, exc.problem or str(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlError(path, 1, 1, str(exc)) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise YamlError(path, 1, 1, f"cannot be loaded: {exc}") from None


def load_yaml_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise YamlError(str(path), 1, 1, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise YamlError(str(path), 1, 1, "not UTF-8 text; save the rule file as UTF-8") from None
    return load_yaml_text(text, str(path))
