"""Loading, checking and compiling YAML rule files.

A rule file holds an optional ``macros:`` mapping and a ``rules:`` list. Each rule's
``pattern`` is a ``regex`` pattern in which ``{{NAME}}`` expands a macro (the built-in
ones live in ``rules/macros.yaml``). Every problem is reported as a :class:`RuleProblem`
that names the file, line, column and rule, and says how to fix it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import regex

from .resources import default_rules_dir
from .yamlload import MarkedDict, YamlError, load_yaml_file

RULE_KEYS = {
    "id": "unique dotted name, e.g. money.amount",
    "kind": "growth, share, money, count, quantity, rank, or a kind of your own",
    "pattern": "the regex, in single quotes or a | block",
    "priority": "a whole number; higher wins an overlap (default 0)",
    "unit": "a fixed unit for every match, instead of looking up the unit group",
    "description": "what the rule is for",
    "examples": "sentences the rule must extract from, with the expected value",
    "counterexamples": "sentences the rule must not fire on",
}
FILE_KEYS = {"rules", "macros"}
GROUPS = {
    "num": "the number", "num2": "the high end of a range", "mag": "magnitude word (万, 亿)",
    "mag2": "magnitude of the high end", "unit": "the unit", "unit2": "unit of the low end of a range",
    "approx": "qualifier before the number", "approx2": "qualifier after the number",
    "dir": "direction word (增长, 下降)", "basis": "comparison cue (同比, 环比)",
    "span": "the exact span to report, when it is not the union of the other groups",
}
MACRO_RE = regex.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
BUILTIN_KINDS = ("growth", "share", "money", "count", "quantity", "rank")


@dataclass
class RuleProblem:
    path: str
    line: int
    col: int
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        return f"{where}: rule {self.rule}: {self.message}" if self.rule else f"{where}: {self.message}"


class RuleError(Exception):
    """An invalid rule set; ``problems`` lists every problem found."""

    def __init__(self, problems: list[RuleProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Rule:
    id: str
    kind: str
    pattern: str
    source: str
    compiled: "regex.Pattern[str]"
    priority: int = 0
    unit: str | None = None
    description: str | None = None
    examples: list[Any] = field(default_factory=list)
    counterexamples: list[Any] = field(default_factory=list)
    path: str = ""
    line: int = 0


@dataclass
class RuleSet:
    rules: list[Rule]
    replaced: list[tuple[str, str]] = field(default_factory=list)

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Rule files named directly, or every *.yaml/*.yml below a directory (sorted)."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(
                f for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and "tables" not in f.relative_to(p).parts
            )
        else:
            files.append(p)
    return files


def builtin_macros() -> dict[str, str]:
    data = load_yaml_file(default_rules_dir() / "macros.yaml")
    return {str(k): str(v) for k, v in (data.get("macros") or {}).items()}


def expand_macros(pattern: str, macros: dict[str, str], depth: int = 0) -> str:
    """Replace every {{NAME}} (recursively); unknown names raise KeyError(name)."""
    if depth > 20:
        raise RecursionError("macro expansion too deep (a macro refers to itself?)")

    def sub(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise KeyError(name)
        return "(?:" + expand_macros(macros[name], macros, depth + 1) + ")"

    return MACRO_RE.sub(sub, pattern)


def _problem(path: str, entry: MarkedDict | None, key: str | None, rule: str | None, msg: str) -> RuleProblem:
    if isinstance(entry, MarkedDict):
        line, col = entry.mark_of(key) if key else (entry.line, entry.col)
    else:
        line, col = 1, 1
    return RuleProblem(path, line, col, rule, msg)


def load_rule_file(path: Path, base_macros: dict[str, str]) -> tuple[list[Rule], list[RuleProblem]]:
    """Rules of one file, with every problem found in it."""
    spath = str(path)
    try:
        data = load_yaml_file(path)
    except YamlError as exc:
        return [], [RuleProblem(exc.path, exc.line, exc.col, None, exc.message)]
    if data is None:
        return [], [RuleProblem(spath, 1, 1, None, "empty rule file; add a 'rules:' list")]
    if not isinstance(data, dict):
        return [], [RuleProblem(spath, 1, 1, None, "a rule file is a mapping with a 'rules:' list")]
    problems: list[RuleProblem] = []
    for key in data:
        if key not in FILE_KEYS:
            problems.append(_problem(spath, data, key, None, f"unknown top-level key {key!r}; use 'rules:' and 'macros:'"))
    macros = dict(base_macros)
    user_macros = data.get("macros") or {}
    if not isinstance(user_macros, dict):
        problems.append(_problem(spath, data, "macros", None, "'macros:' must map NAME: pattern"))
        user_macros = {}
    macros.update({str(k): str(v) for k, v in user_macros.items()})
    entries = data.get("rules")
    if entries is None:
        if "macros" not in data:
            problems.append(_problem(spath, data, None, None, "no 'rules:' list in this file"))
        return [], problems
    if not isinstance(entries, list):
        return [], problems + [_problem(spath, data, "rules", None, "'rules:' must be a list of rules (each starting with '- id:')")]
    rules = []
    for entry in entries:
        rule, found = _build_rule(spath, entry, macros)
        problems += found
        if rule:
            rules.append(rule)
    return rules, problems


def _build_rule(path: str, entry: Any, macros: dict[str, str]) -> tuple[Rule | None, list[RuleProblem]]:
    if not isinstance(entry, MarkedDict):
        return None, [RuleProblem(path, 1, 1, None, "each rule is a mapping with id, kind and pattern")]
    rid = entry.get("id")
    name = str(rid) if rid is not None else None
    problems = []
    for key in entry:
        if key not in RULE_KEYS:
            known = ", ".join(RULE_KEYS)
            problems.append(_problem(path, entry, key, name, f"unknown key {key!r}; a rule may have: {known}"))
    for key in ("id", "kind", "pattern"):
        if entry.get(key) in (None, ""):
            problems.append(_problem(path, entry, None, name, f"missing '{key}:' ({RULE_KEYS[key]})"))
    if problems and any("missing" in p.message for p in problems):
        return None, problems
    if not isinstance(entry["pattern"], str):
        return None, problems + [_problem(path, entry, "pattern", name, "pattern must be a string; quote it with single quotes")]
    priority = entry.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        problems.append(_problem(path, entry, "priority", name, "priority must be a whole number"))
        priority = 0
    line, col = entry.mark_of("pattern")
    try:
        expanded = expand_macros(entry["pattern"], macros)
    except KeyError as exc:
        known = ", ".join(sorted(macros))
        return None, problems + [_problem(path, entry, "pattern", name, f"unknown macro {{{{{exc.args[0]}}}}}; known macros: {known}")]
    except RecursionError as exc:
        return None, problems + [_problem(path, entry, "pattern", name, str(exc))]
    try:
        compiled = regex.compile(expanded, regex.V0)
    except regex.error as exc:
        pos = exc.pos if exc.pos is not None else 0
        where = _position_in_source(entry["pattern"], expanded, pos)
        return None, problems + [RuleProblem(
            path, line, col + where, name,
            f"bad regex: {exc.msg} at pattern position {where}; check brackets and escape special characters with \\",
        )]
    for group in compiled.groupindex:
        if group not in GROUPS:
            known = ", ".join(GROUPS)
            problems.append(_problem(path, entry, "pattern", name, f"unknown named group (?P<{group}>...); use one of: {known}"))
    if "num" not in compiled.groupindex:
        problems.append(_problem(path, entry, "pattern", name, "no (?P<num>...) group; the engine needs it for the value (use {{NUM}})"))
    if compiled.fullmatch("") is not None or compiled.search("") is not None:
        problems.append(_problem(path, entry, "pattern", name, "pattern matches the empty string; make the number required"))
    examples = entry.get("examples") or []
    counter = entry.get("counterexamples") or []
    if not isinstance(examples, list) or not isinstance(counter, list):
        problems.append(_problem(path, entry, "examples", name, "examples and counterexamples must be lists"))
        examples, counter = [], []
    rule = Rule(
        id=str(rid), kind=str(entry["kind"]), pattern=expanded, source=entry["pattern"], compiled=compiled,
        priority=priority, unit=entry.get("unit"), description=entry.get("description"),
        examples=examples, counterexamples=counter, path=path, line=entry.line,
    )
    return rule, problems


def _position_in_source(source: str, expanded: str, pos: int) -> int:
    """Best effort: the error position in the author's pattern rather than the expansion."""
    if source == expanded:
        return pos
    return min(pos, len(source))


def load_rules(
    extra: Iterable[Path] = (), use_defaults: bool = True, on_replace: Any = None
) -> RuleSet:
    """The default rules plus the user's; a user rule with a default's id replaces it.

    Raises RuleError listing every problem when any file is invalid.
    """
    macros = builtin_macros()
    problems: list[RuleProblem] = []
    ordered: dict[str, Rule] = {}
    replaced: list[tuple[str, str]] = []
    default_ids: set[str] = set()
    sources: list[tuple[Path, bool]] = []
    if use_defaults:
        sources += [(f, True) for f in rule_files([default_rules_dir()]) if f.name != "macros.yaml"]
    user_files = rule_files(list(extra))
    for f in user_files:
        if not f.exists():
            problems.append(RuleProblem(str(f), 1, 1, None, "no such rule file"))
    sources += [(f, False) for f in user_files if f.exists()]
    for path, is_default in sources:
        rules, found = load_rule_file(path, macros)
        problems += found
        for rule in rules:
            if rule.id in ordered:
                if not is_default and rule.id in default_ids:
                    replaced.append((rule.id, rule.path))
                    ordered[rule.id] = rule
                    default_ids.discard(rule.id)
                    continue
                first = ordered[rule.id]
                problems.append(RuleProblem(
                    rule.path, rule.line, 1, rule.id,
                    f"duplicate id; already defined at {first.path}:{first.line}; rename one of them",
                ))
                continue
            ordered[rule.id] = rule
            if is_default:
                default_ids.add(rule.id)
    if problems:
        raise RuleError(problems)
    return RuleSet(list(ordered.values()), replaced)
