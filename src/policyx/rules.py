"""Rules, rule sets and macro expansion: what a loaded rule set is made of.

Reading and checking the YAML rule files lives in :mod:`policyx.rulefiles`, which
is imported only when rules are actually loaded (a cached rule set needs none of
it); its names can still be imported from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, NamedTuple

import regex

MACRO = r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}"


@lru_cache(maxsize=1)
def macro_re() -> "regex.Pattern[str]":
    """MACRO compiled on first use: a run whose rules come from the disk cache expands no macro."""
    return regex.compile(MACRO)

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
class Example:
    """A sentence a rule must (or, as a counterexample, must not) extract from."""

    text: str
    expect: dict[str, Any] = field(default_factory=dict)
    line: int = 0


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
    examples: list[Example] = field(default_factory=list)
    counterexamples: list[Example] = field(default_factory=list)
    path: str = ""
    line: int = 0
    col: int = 0
    macros: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class Replacement(NamedTuple):
    """A user rule that took the place of a default rule with the same id."""

    id: str
    path: str
    where: str
    default_where: str


@dataclass
class RuleSet:
    rules: list[Rule]
    replaced: list[Replacement] = field(default_factory=list)

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}


def did_you_mean(word: str, choices: Iterable[str], shape: str = "'{}'") -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {shape.format(close[0])}? " if close else ""


# --- macro expansion with a map back to the author's pattern ---------------------


class MacroError(Exception):
    """An unknown or self-referring macro; ``offset`` is where the author wrote it."""

    def __init__(self, message: str, offset: int, chain: tuple[str, ...] = ()):
        self.message, self.offset, self.chain = message, offset, chain
        super().__init__(message)


@dataclass
class Expansion:
    """An expanded pattern; ``origin[i]`` is the offset in the author's pattern that
    produced character ``i`` (the ``{{`` of a macro for everything it expanded to),
    ``via[i]`` the macro it came from, if any. Both have one extra entry for the end."""

    text: str
    origin: list[int]
    via: list[str | None]
    used: set[str]

    def source_offset(self, i: int) -> int:
        return self.origin[min(max(i, 0), len(self.origin) - 1)]

    def macro_at(self, i: int) -> str | None:
        return self.via[min(max(i, 0), len(self.via) - 1)]


def expand(pattern: str, macros: dict[str, str], stack: tuple[str, ...] = ()) -> Expansion:
    """Replace every {{NAME}} recursively, each wrapped in (?:...)."""
    text: list[str] = []
    origin: list[int] = []
    via: list[str | None] = []
    used: set[str] = set()
    pos = 0
    for m in macro_re().finditer(pattern):
        literal = pattern[pos:m.start()]
        text.append(literal)
        origin += range(pos, m.start())
        via += [None] * len(literal)
        name = m.group(1)
        if name not in macros:
            hint = did_you_mean(name, macros, "{{{{{}}}}}")
            raise MacroError(f"unknown macro {{{{{name}}}}}; {hint}define it under 'macros:' at the top of this "
                             "file or use a built-in one (see 'policyx rules list --macros')", m.start())
        if name in stack:
            raise MacroError(f"macro {{{{{name}}}}} refers to itself; a macro cannot contain its own name",
                             m.start(), (name,))
        try:
            inner = expand(macros[name], macros, stack + (name,))
        except MacroError as exc:
            raise MacroError(exc.message, m.start(), (name,) + exc.chain) from None
        body = "(?:" + inner.text + ")"
        text.append(body)
        origin += [m.start()] * len(body)
        via += [name] * len(body)
        used |= inner.used | {name}
        pos = m.end()
    text.append(pattern[pos:])
    origin += range(pos, len(pattern) + 1)
    via += [None] * (len(pattern) - pos + 1)
    return Expansion("".join(text), origin, via, used)


def expand_macros(pattern: str, macros: dict[str, str]) -> str:
    """The pattern with every {{NAME}} expanded; raises MacroError."""
    return expand(pattern, macros).text


def load_rules(extra: Iterable[Path] = (), use_defaults: bool = True) -> RuleSet:
    """The default rules plus the user's; a user rule with a default's id replaces it.

    Raises RuleError listing every problem when any file is invalid.
    """
    from .rulefiles import check_rules

    ruleset, problems = check_rules(extra, use_defaults)
    if problems:
        raise RuleError(problems)
    return ruleset


FILE_NAMES = frozenset({
    "RULE_KEYS", "FILE_KEYS", "GROUPS", "EXAMPLE_KEYS", "APPROX_CODES", "CHECK_TIMEOUT", "SourceText", "FileContext",
    "YAML_FIXES", "yaml_problem", "load_rule_file", "REGEX_FIXES", "unclosed_opening", "regex_problem", "build_rule",
    "rule_files", "builtin_macros", "rule_sources", "check_rules", "MacroDefinition", "macro_definitions",
})


def __getattr__(name: str) -> Any:
    """The names that moved to :mod:`policyx.rulefiles`, imported on first use."""
    if name in FILE_NAMES:
        from . import rulefiles

        return getattr(rulefiles, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
