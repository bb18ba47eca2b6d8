"""Strict, safe YAML loading for rule and data files.

Rule files are data, never code: only the safe loader is used, duplicate keys are
rejected (PyYAML would silently keep the last one), anchors/aliases are refused
so a "billion laughs" file cannot blow up memory, and nesting is limited so a
file of ten thousand ``[`` cannot exhaust the stack.
"""
from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from .marked import MarkedDict


class YamlError(Exception):
    """A YAML file that cannot be used: where, what is wrong, and how to fix it
    when the loader knows (``fix`` is None for PyYAML's own syntax errors)."""

    def __init__(self, path: str, line: int, col: int, message: str, fix: str | None = None):
        self.path, self.line, self.col, self.message, self.fix = path, line, col, message, fix
        super().__init__(f"{path}:{line}:{col}: {message}" + (f"; {fix}" if fix else ""))


class Refused(yaml.MarkedYAMLError):
    """Something this loader refuses on purpose, with how to fix it."""

    def __init__(self, problem: str, fix: str, mark: Any):
        super().__init__(problem=problem, problem_mark=mark)
        self.fix = fix


MAX_DEPTH = 50


class _StrictLoader(yaml.SafeLoader):
    depth = 0


_compose_node_orig = yaml.SafeLoader.compose_node


def _compose_node(loader, parent, index):  # type: ignore[no-untyped-def]
    event = loader.peek_event()
    if isinstance(event, yaml.AliasEvent):
        raise Refused(f"'*{event.anchor}' is an alias, and anchors and aliases (&name, *name) are not allowed",
                      "write the value out in full, or put it in single quotes if the * is part of the text",
                      event.start_mark)
    anchor = getattr(event, "anchor", None)
    if anchor is not None and anchor in loader.anchors:
        raise Refused(f"anchor '&{anchor}' is defined twice (first at line {loader.anchors[anchor].start_mark.line + 1})",
                      "remove the anchors (&name): without aliases they do nothing", event.start_mark)
    if loader.depth >= MAX_DEPTH:
        raise Refused(f"nested more than {MAX_DEPTH} levels deep",
                      "remove the extra brackets or indentation (a rule file needs only a few levels: rules, "
                      "a rule, its examples)", event.start_mark)
    loader.depth += 1
    try:
        return _compose_node_orig(loader, parent, index)
    finally:
        loader.depth -= 1


_construct_object_orig = yaml.SafeLoader.construct_object


def _construct_object(loader, node, deep=False):  # type: ignore[no-untyped-def]
    """A value PyYAML reads as a date or number it cannot make (2024-13-45) is
    reported at that value, not at the top of the file."""
    try:
        return _construct_object_orig(loader, node, deep)
    except (ValueError, TypeError, OverflowError) as exc:
        raise Refused(f"cannot read this value: {exc}", "put it in single quotes to keep it as text",
                      node.start_mark) from None


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):
            raise Refused("a list or a mapping is used as a key",
                          "write a plain word before the ':', in single quotes if it has [ or {", key_node.start_mark)
        if key in seen:
            raise Refused(f"duplicate key {key!r} (first at line {seen[key].start_mark.line + 1})",
                          "YAML would keep only the last one, so remove or rename one", key_node.start_mark)
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
_StrictLoader.construct_object = _construct_object  # type: ignore[method-assign]
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str, path: str) -> Any:
    """Parse YAML text strictly; errors carry the file, line and column."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except Refused as exc:
        line, col = _position(exc.problem_mark)
        raise YamlError(path, line, col, exc.problem, exc.fix) from None
    except yaml.MarkedYAMLError as exc:
        line, col = _position(exc.problem_mark or exc.context_mark)
        raise YamlError(path, line, col, _what(exc)) from None
    except yaml.reader.ReaderError as exc:
        line, col = _text_position(text, exc.position)
        raise YamlError(path, line, col, f"character U+{exc.character:04X} is not allowed in YAML",
                        "delete it (rule and config files are plain text)") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, 1, 1, str(exc).split("\n")[0]) from None
    except RecursionError:
        raise YamlError(path, 1, 1, "nested too deeply to read", "remove the extra brackets or indentation") from None


def _what(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, with its context when the problem alone reads as half a
    sentence ("but found another document")."""
    problem = exc.problem or str(exc).split("\n")[0]
    return f"{exc.context}, {problem}" if exc.context and problem.startswith("but ") else problem


def _position(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``text[offset]``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def load_yaml_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise YamlError(str(path), 1, 1, f"cannot read: {exc.strerror or exc}",
                        "check that the file exists and that you may read it") from None
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc) from None
    return load_yaml_text(text, str(path))


def _not_utf8(path: Path, exc: UnicodeDecodeError) -> YamlError:
    before = bytes(exc.object[:exc.start]).decode("utf-8", errors="replace")
    line, col = _text_position(before, len(before))
    return YamlError(str(path), line, col, f"not UTF-8 text (byte 0x{exc.object[exc.start]:02X})",
                     "save the file as UTF-8")
