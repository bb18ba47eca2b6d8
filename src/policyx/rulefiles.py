"""Reading, checking and compiling YAML rule files.

A rule file holds an optional ``macros:`` mapping and a ``rules:`` list. Each rule's
``pattern`` is a ``regex`` pattern in which ``{{NAME}}`` expands a macro (the built-in
ones live in ``rules/macros.yaml``). Every problem is reported as a :class:`RuleProblem`
that names the file, line, column and rule, and says how to fix it. Positions point
into the file as the author wrote it: a bad regex inside a macro expansion is
reported at the ``{{NAME}}`` that brought it in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, NamedTuple

import regex

from .resources import default_rules_dir
from .rules import Example, Expansion, MacroError, Replacement, Rule, RuleProblem, RuleSet, did_you_mean, expand
from .yamlload import MarkedDict, YamlError, load_yaml_file

RULE_KEYS = {
    "id": "unique dotted name, e.g. money.amount",
    "kind": "growth, share, money, count, quantity, rank, or a kind of your own",
    "pattern": "the regex, in single quotes",
    "priority": "a whole number; higher wins an overlap (default 0)",
    "unit": "a fixed unit for every match, instead of looking up the unit group",
    "description": "what the rule is for",
    "examples": "sentences the rule must extract from, with the expected value",
    "counterexamples": "sentences the rule must not fire on",
}
FILE_KEYS = {"rules": "the list of rules", "macros": "NAME: pattern fragments for {{NAME}}"}
GROUPS = {
    "num": "the number", "num2": "the high end of a range", "mag": "magnitude word (万, 亿)",
    "mag2": "magnitude of the high end", "unit": "the unit", "unit2": "unit of the low end of a range",
    "approx": "qualifier before the number", "approx2": "qualifier after the number",
    "per": "what a price is per, after the unit (/克), part of the record's text",
    "half": "半 after the unit (一升半, 两袋半): adds a half to the number",
    "cur": "a currency written before the number (新台币3671亿元): the unit of a bare 元 after it, outside the record's text",
    "approx_far": "qualifier written apart from the number (约占…的2.4%), outside the record's text",
    "dir": "direction word (增长, 下降)", "basis": "comparison cue (同比, 环比)",
    "span": "the exact span to report, when it is not the union of the other groups",
}
EXAMPLE_KEYS = {
    "text": "the sentence", "span": "the expected record text", "value": "the expected value",
    "value_max": "the expected high end of a range", "unit": "the expected unit",
    "approx": "the expected qualifier", "kind": "the expected kind",
}
APPROX_CODES = ("about", "more_than", "nearly", "less_than", "at_least", "at_most")
CHECK_TIMEOUT = 2.0


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



# --- positions in the file ----------------------------------------------------


_BLOCK_OPENER = regex.compile(r"[|>][-+0-9]*\s*(?:#.*)?$")


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


def _escape_width(row: str, c: int) -> int:
    return {"x": 4, "u": 6, "U": 10}.get(row[c + 1:c + 2], 2)


@dataclass
class SourceText:
    """The raw lines of a rule file, to turn offsets in a value into file positions."""

    lines: list[str]

    @classmethod
    def read(cls, path: Path) -> "SourceText":
        try:
            return cls(path.read_text(encoding="utf-8-sig").split("\n"))
        except (OSError, UnicodeDecodeError):
            return cls([])

    def scalar_position(self, line: int, col: int, value: str, offset: int) -> tuple[int, int]:
        """File line and column of ``value[offset]`` for a scalar whose text starts at
        (line, col), walking the raw YAML so quotes, '' and line breaks are counted."""
        lines, r, c = self.lines, line - 1, col - 1
        if r >= len(lines):
            return line, col + offset
        quote = lines[r][c - 1] if 0 < c <= len(lines[r]) and lines[r][c - 1] in "'\"" else ""
        block = not quote and r > 0 and bool(_BLOCK_OPENER.search(lines[r - 1]))
        indent = _indent(lines[r]) if block else 0
        if block:
            c = indent
        for ch in value[:offset]:
            row = lines[r] if r < len(lines) else ""
            if c >= len(row):
                if ch not in "\n " or r + 1 >= len(lines):
                    return line, col
                r += 1
                c = min(indent, _indent(lines[r])) if block else _indent(lines[r])
                continue
            raw = row[c]
            if quote == "'" and raw == "'" and row[c + 1:c + 2] == "'" and ch == "'":
                c += 2
            elif quote == '"' and raw == "\\":
                c += _escape_width(row, c)
            elif raw == ch:
                c += 1
            else:
                return line, col
        return r + 1, c + 1

    def key_position(self, entry: MarkedDict, key: str) -> tuple[int, int]:
        """Where ``key:`` itself is written in a mapping (its value's line or above)."""
        vline, vcol = entry.mark_of(key)
        pattern = regex.compile(r"^(\s*(?:-\s+)?)['\"]?" + regex.escape(str(key)) + r"['\"]?\s*:")
        for r in range(min(vline, len(self.lines)) - 1, max(entry.line - 2, -1), -1):
            m = pattern.match(self.lines[r])
            if m:
                return r + 1, len(m.group(1)) + 1
        return vline, vcol

    def line_holding(self, text: str, start: int, default: int) -> int:
        """The first line at or after ``start`` that holds ``text`` (for list items,
        whose positions the loader does not keep)."""
        for r in range(max(start - 1, 0), len(self.lines)):
            if text and text in self.lines[r]:
                return r + 1
        return default


# --- one rule file --------------------------------------------------------------


@dataclass
class FileContext:
    path: str
    source: SourceText
    macros: dict[str, str]
    broken_macros: set[str] = field(default_factory=set)

    def at_entry(self, entry: Any, rule: str | None, msg: str) -> RuleProblem:
        line, col = (entry.line, entry.col) if isinstance(entry, MarkedDict) else (1, 1)
        return RuleProblem(self.path, line, col, rule, msg)

    def at_value(self, entry: MarkedDict, key: str, rule: str | None, msg: str, offset: int = 0) -> RuleProblem:
        line, col = entry.mark_of(key)
        value = entry.get(key)
        if isinstance(value, str):
            line, col = self.source.scalar_position(line, col, value, offset)
        return RuleProblem(self.path, line, col, rule, msg)

    def at_key(self, entry: MarkedDict, key: str, rule: str | None, msg: str) -> RuleProblem:
        line, col = self.source.key_position(entry, key)
        return RuleProblem(self.path, line, col, rule, msg)


YAML_FIXES = (
    ("mapping values are not allowed", "a ': ' inside a value starts a mapping; put the value in single quotes"),
    ("found character '\\t'", "YAML does not allow tabs; indent with spaces"),
    ("tab character", "YAML does not allow tabs; indent with spaces"),
    ("that cannot start any token", "put the value in single quotes"),
    ("found unknown escape character", "in double quotes a backslash starts an escape; use single quotes for patterns"),
    ("found unexpected end of stream", "a quote is not closed; close it, and write a ' inside single quotes as ''"),
    ("could not find expected ':'", "each key ends with ':'; check the line above too"),
    ("expected <block end>", "check the indentation: the keys of one rule line up under its 'id:'"),
    ("did not find expected", "check the indentation: rules start with '- ' under 'rules:', their keys line up"),
    ("expected alphabetic or numeric character", "'*' or '&' starts an alias or anchor in YAML; put the value in single quotes"),
    ("found unexpected ':'", "put the value in single quotes"),
    ("could not determine a constructor", "remove the tag (tags like !!python are not allowed), or put the value in "
     "single quotes if the !! is part of the text"),
    ("but found another document", "remove the '---' line and what follows it (a rule file is one YAML document)"),
)
SYNTAX_FIX = "check the quotes and the indentation here and on the line above"


def yaml_problem(exc: YamlError) -> RuleProblem:
    """The loader's own refusals say how to fix them; PyYAML's syntax errors get
    the fix for their message, or the usual suspects."""
    fix = exc.fix or next((f for key, f in YAML_FIXES if key in exc.message), SYNTAX_FIX)
    return RuleProblem(exc.path, exc.line, exc.col, None, f"{exc.message}; {fix}")


def load_rule_file(path: Path, base_macros: dict[str, str]) -> tuple[list[Rule], list[RuleProblem]]:
    """Rules of one file, with every problem found in it."""
    spath = str(path)
    try:
        data = load_yaml_file(path)
    except YamlError as exc:
        return [], [yaml_problem(exc)]
    if data is None:
        return [], [RuleProblem(spath, 1, 1, None, "empty rule file; add a 'rules:' list (see docs/rules.md)")]
    if not isinstance(data, dict):
        return [], [RuleProblem(spath, 1, 1, None, "a rule file is a mapping with a 'rules:' list; start the file with 'rules:'")]
    ctx = FileContext(spath, SourceText.read(path), dict(base_macros))
    problems: list[RuleProblem] = []
    for key in data:
        if key not in FILE_KEYS:
            problems.append(ctx.at_key(data, key, None, f"unknown top-level key {key!r}; {did_you_mean(str(key), FILE_KEYS)}"
                                       "a rule file has 'rules:' and optionally 'macros:'"))
    problems += _file_macros(ctx, data)
    entries = data.get("rules")
    if entries is None:
        if "macros" not in data:
            problems.append(ctx.at_entry(data, None, "no 'rules:' list in this file; add 'rules:' followed by '- id: ...' items"))
        return [], problems
    if not isinstance(entries, list):
        return [], problems + [ctx.at_value(data, "rules", None, "'rules:' is not a list; start each rule with '- id:'")]
    rules = []
    for index, entry in enumerate(entries, 1):
        rule, found = build_rule(ctx, entry, index)
        problems += found
        if rule:
            rules.append(rule)
    return rules, problems


def _file_macros(ctx: FileContext, data: MarkedDict) -> list[RuleProblem]:
    """Adds the file's own macros to ``ctx``; each must expand and compile on its own."""
    own = data.get("macros")
    if own is None:
        return []
    if not isinstance(own, MarkedDict):
        return [ctx.at_value(data, "macros", None, "'macros:' is not a mapping; write one NAME: 'pattern' per line")]
    problems = []
    for name, value in own.items():
        if not regex.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
            problems.append(ctx.at_key(own, name, None, f"macro name {name!r} is not usable in {{{{NAME}}}}; use letters, digits and _"))
        if not isinstance(value, str):
            problems.append(ctx.at_value(own, name, None, f"macro {name} must be a pattern string; quote it with single quotes"))
            ctx.broken_macros.add(str(name))
            continue
        ctx.macros[str(name)] = value
    for name in own:
        if str(name) in ctx.broken_macros:
            continue
        problem = _check_macro(ctx, own, str(name))
        if problem:
            problems.append(problem)
            ctx.broken_macros.add(str(name))
    return problems


def _check_macro(ctx: FileContext, own: MarkedDict, name: str) -> RuleProblem | None:
    value = ctx.macros[name]
    try:
        exp = expand(value, ctx.macros, (name,))
    except MacroError as exc:
        return ctx.at_value(own, name, None, f"macro {name}: {exc.message}", exc.offset)
    try:
        regex.compile(exp.text, regex.V0)
    except regex.error as exc:
        offset, msg = regex_problem(exc, exp)
        return ctx.at_value(own, name, None, f"macro {name}: {msg}", offset)
    return None


REGEX_FIXES = (
    ("missing )", "close the group with ')' or escape the '(' as \\("),
    ("unbalanced parenthesis", "remove the extra ')' or escape it as \\)"),
    ("unterminated character set", "close the set with ']' or escape the '[' as \\["),
    ("nothing to repeat", "put something before the quantifier or escape it (\\+, \\*, \\?, \\{)"),
    ("multiple repeat", "use one quantifier, or escape the extra one (\\+, \\*, \\?)"),
    ("bad escape", "remove the backslash or double it (\\\\)"),
    ("missing group name", "name the group like (?P<num>...)"),
    ("bad character in group name", "group names are letters, digits and _, like (?P<num>...)"),
    ("unknown group", "refer only to groups the pattern defines"),
    ("bad character range", "write ranges low to high, like [0-9]"),
    ("unknown extension", "after '(?' use ':', 'P<name>', '=', '!', '<=' or '<!'"),
)


def unclosed_opening(pattern: str, limit: int, char: str) -> int | None:
    """Offset of the innermost ``(`` (or the ``[``) still open at ``limit``."""
    groups: list[int] = []
    open_set: int | None = None
    i = 0
    while i < min(limit, len(pattern)):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if open_set is not None:
            first = open_set + 1 + (pattern[open_set + 1:open_set + 2] == "^")
            if ch == "]" and i > first:
                open_set = None
        elif ch == "[":
            open_set = i
        elif ch == "(":
            groups.append(i)
        elif ch == ")" and groups:
            groups.pop()
        i += 1
    if char == "[":
        return open_set
    return groups[-1] if groups else None


def regex_problem(exc: regex.error, exp: Expansion) -> tuple[int, str]:
    """Offset in the author's pattern and the message for a pattern that does not compile.

    A missing ``)`` or ``]`` is reported where the group or set was opened, not at the
    end of the pattern where the regex engine noticed it."""
    pos = exc.pos if exc.pos is not None else 0
    msg = exc.msg
    opener = {"missing )": "(", "unterminated character set": "["}.get(msg)
    opened = unclosed_opening(exp.text, pos, opener) if opener else None
    if opened is not None:
        pos = opened
        msg = f"missing {')' if opener == '(' else ']'}: the {'group' if opener == '(' else 'character set'} opened here is never closed"
    offset = exp.source_offset(pos)
    fix = next((f for key, f in REGEX_FIXES if exc.msg.startswith(key)), "check brackets and escape special characters with \\")
    macro = exp.macro_at(pos)
    where = f"in macro {{{{{macro}}}}} used at" if macro else "at"
    return offset, f"bad regex: {msg} ({where} position {offset + 1} of the pattern); {fix}"


def build_rule(ctx: FileContext, entry: Any, index: int) -> tuple[Rule | None, list[RuleProblem]]:
    if not isinstance(entry, MarkedDict):
        return None, [ctx.at_entry(entry, f"#{index}", "this rule is not a mapping; start it with '- id: ...' and indent 'kind:' and 'pattern:' under it")]
    rid = entry.get("id")
    name = str(rid) if rid not in (None, "") else f"#{index}"
    problems = _schema_problems(ctx, entry, name)
    if problems:
        return None, problems
    source = entry["pattern"]
    priority = entry.get("priority", 0)
    try:
        exp = expand(source, ctx.macros)
    except MacroError as exc:
        if exc.chain and exc.chain[0] in ctx.broken_macros:
            return None, []
        msg = exc.message if not exc.chain else f"{exc.message} (inside macro {{{{{exc.chain[-1]}}}}})"
        return None, [ctx.at_value(entry, "pattern", name, msg, exc.offset)]
    if exp.used & ctx.broken_macros:
        return None, []
    try:
        compiled = regex.compile(exp.text, regex.V0)
    except regex.error as exc:
        offset, msg = regex_problem(exc, exp)
        return None, [ctx.at_value(entry, "pattern", name, msg, offset)]
    problems += _group_problems(ctx, entry, name, compiled, exp)
    examples, found = _examples(ctx, entry, "examples", name)
    counter, found2 = _examples(ctx, entry, "counterexamples", name)
    problems += found + found2
    problems += _empty_match_problems(ctx, entry, name, compiled, examples + counter)
    rule = Rule(
        id=str(rid), kind=str(entry["kind"]), pattern=exp.text, source=source, compiled=compiled,
        priority=priority, unit=entry.get("unit"), description=entry.get("description"),
        examples=examples, counterexamples=counter, path=ctx.path, line=entry.line, col=entry.col,
        macros=ctx.macros,
    )
    return rule, problems


def _schema_problems(ctx: FileContext, entry: MarkedDict, name: str) -> list[RuleProblem]:
    problems = []
    for key in entry:
        if key not in RULE_KEYS:
            hint = did_you_mean(str(key), RULE_KEYS)
            problems.append(ctx.at_key(entry, key, name, f"unknown key {key!r}; {hint}a rule may have: {', '.join(RULE_KEYS)}"))
    for key in ("id", "kind", "pattern"):
        if entry.get(key) in (None, ""):
            problems.append(ctx.at_entry(entry, name, f"missing '{key}:'; add it ({RULE_KEYS[key]})"))
    for key in ("id", "kind", "pattern", "unit", "description"):
        value = entry.get(key)
        if value not in (None, "") and not isinstance(value, str):
            problems.append(ctx.at_value(entry, key, name, f"'{key}:' must be text; put it in single quotes"))
    rid = entry.get("id")
    if isinstance(rid, str) and rid and not regex.fullmatch(r"[\w.\-]+", rid):
        problems.append(ctx.at_value(entry, "id", name, "the id has spaces or punctuation; write one word with dots, like patents.granted"))
    priority = entry.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        problems.append(ctx.at_value(entry, "priority", name, "'priority:' is not a whole number; write it like 20"))
    pattern = entry.get("pattern")
    if isinstance(pattern, str) and pattern.endswith("\n") and not pattern.lstrip().startswith("(?x)"):
        problems.append(ctx.at_value(entry, "pattern", name, "pattern ends with a line break, which the regex would "
                                     "require; write '|-' instead of '|', or put the pattern in single quotes"))
    return problems


def _group_problems(ctx: FileContext, entry: MarkedDict, name: str, compiled: "regex.Pattern[str]",
                    exp: Expansion) -> list[RuleProblem]:
    problems = []
    for group in compiled.groupindex:
        if group not in GROUPS:
            at = regex.search(r"\(\?P?<" + regex.escape(group) + ">", exp.text)
            offset = exp.source_offset(at.start()) if at else 0
            problems.append(ctx.at_value(
                entry, "pattern", name,
                f"unknown named group (?P<{group}>...); {did_you_mean(group, GROUPS)}rename it to one the engine "
                f"reads ({', '.join(GROUPS)}; see docs/rules.md), or make it unnamed with (?:...)", offset))
    if "num" not in compiled.groupindex:
        problems.append(ctx.at_value(entry, "pattern", name, "no (?P<num>...) group; the engine needs it for the "
                                     "value: write (?P<num>{{NUM}}) around the number"))
    return problems


def _empty_match_problems(ctx: FileContext, entry: MarkedDict, name: str, compiled: "regex.Pattern[str]",
                          examples: list[Example]) -> list[RuleProblem]:
    fix = "make the number required: no ?, * or {0,} after the part that matches it"
    for probe in [""] + [e.text for e in examples]:
        try:
            for m in compiled.finditer(probe, timeout=CHECK_TIMEOUT):
                if m.end() == m.start():
                    where = "the empty string" if not probe else f"an empty string in {probe!r}"
                    return [ctx.at_value(entry, "pattern", name, f"pattern matches {where}; {fix}")]
        except TimeoutError:
            return [ctx.at_value(entry, "pattern", name, f"pattern ran longer than {CHECK_TIMEOUT:g}s on the example "
                                 f"{probe!r}; it backtracks catastrophically: remove nested repeats like (a+)+")]
    return []


def _examples(ctx: FileContext, entry: MarkedDict, key: str, name: str) -> tuple[list[Example], list[RuleProblem]]:
    items = entry.get(key)
    if items in (None, ""):
        return [], []
    if not isinstance(items, list):
        return [], [ctx.at_value(entry, key, name, f"'{key}:' must be a list; start each item with '- '")]
    base = entry.mark_of(key)[0]
    examples, problems = [], []
    for item in items:
        if isinstance(item, str):
            examples.append(Example(item, {}, ctx.source.line_holding(item, base, base)))
            continue
        if not isinstance(item, MarkedDict) or not isinstance(item.get("text"), str):
            problems.append(ctx.at_value(entry, key, name, f"an item of '{key}:' is neither a sentence nor a mapping with 'text:'; write it as - text: '...'"))
            continue
        found = _example_problems(ctx, item, key, name)
        problems += found
        if not found:
            examples.append(Example(item["text"], {k: v for k, v in item.items() if k != "text"}, item.line))
    return examples, problems


def _example_problems(ctx: FileContext, item: MarkedDict, key: str, name: str) -> list[RuleProblem]:
    allowed = {"text"} if key == "counterexamples" else set(EXAMPLE_KEYS)
    problems = []
    for k in item:
        if k not in allowed:
            hint = did_you_mean(str(k), allowed)
            problems.append(ctx.at_key(item, k, name, f"unknown key {k!r} in {key}; {hint}use: {', '.join(sorted(allowed))}"))
    for k in ("value", "value_max"):
        v = item.get(k)
        if k in item and v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            problems.append(ctx.at_value(item, k, name, f"'{k}:' is not a number; write it like 12000, without unit or magnitude word"))
    approx = item.get("approx")
    if approx is not None and approx not in APPROX_CODES:
        problems.append(ctx.at_value(item, "approx", name, f"'approx:' is not a known qualifier; use one of {', '.join(APPROX_CODES)}, or null"))
    span = item.get("span")
    if isinstance(span, str) and span not in item["text"]:
        problems.append(ctx.at_value(item, "span", name, "'span:' is not part of the example's text; copy it from the text"))
    return problems


# --- the whole rule set ---------------------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def rule_sources(extra: Iterable[Path], use_defaults: bool) -> tuple[list[tuple[Path, bool]], list[RuleProblem]]:
    """(file, is_default) in load order; a file named twice is read once."""
    sources: list[tuple[Path, bool]] = []
    problems: list[RuleProblem] = []
    if use_defaults:
        sources += [(f, True) for f in rule_files([default_rules_dir()]) if f.name != "macros.yaml"]
    for given in extra:
        if given.is_dir() and not rule_files([given]):
            problems.append(RuleProblem(str(given), 1, 1, None, "no rule files (*.yaml) in this directory; name a .yaml file or another directory"))
        for f in rule_files([given]):
            if not f.exists():
                problems.append(RuleProblem(str(f), 1, 1, None, "no such rule file; check the path"))
            elif not any(_same_file(f, seen) for seen, _ in sources):
                sources.append((f, False))
    return sources, problems


def check_rules(extra: Iterable[Path] = (), use_defaults: bool = True) -> tuple[RuleSet, list[RuleProblem]]:
    """The rule set (valid rules only) and every problem found in the files."""
    macros = builtin_macros()
    sources, problems = rule_sources(list(extra), use_defaults)
    ordered: dict[str, Rule] = {}
    replaced: list[Replacement] = []
    default_ids: set[str] = set()
    for path, is_default in sources:
        rules, found = load_rule_file(path, macros)
        problems += found
        for rule in rules:
            first = ordered.get(rule.id)
            if first is None:
                ordered[rule.id] = rule
                if is_default:
                    default_ids.add(rule.id)
            elif not is_default and rule.id in default_ids:
                replaced.append(Replacement(rule.id, rule.path, rule.where, first.where))
                ordered[rule.id] = rule
                default_ids.discard(rule.id)
            else:
                problems.append(RuleProblem(
                    rule.path, rule.line, rule.col, rule.id,
                    f"duplicate id; it is already defined at {first.where}; rename one of them",
                ))
    files = {p.path: i for i, p in reversed(list(enumerate(problems)))}
    problems.sort(key=lambda p: (files[p.path], p.line, p.col))
    return RuleSet(list(ordered.values()), replaced), problems


class MacroDefinition(NamedTuple):
    name: str
    pattern: str
    where: str


def macro_definitions(extra: Iterable[Path] = (), use_defaults: bool = True) -> list[MacroDefinition]:
    """Built-in macros, then those the rule files define (a file's own win inside it)."""
    files = [default_rules_dir() / "macros.yaml"]
    sources, _ = rule_sources(list(extra), use_defaults)
    files += [path for path, _ in sources]
    found = []
    for path in files:
        try:
            data = load_yaml_file(path)
        except YamlError:
            continue
        own = data.get("macros") if isinstance(data, MarkedDict) else None
        if isinstance(own, MarkedDict):
            for name, value in own.items():
                line, col = own.mark_of(name)
                found.append(MacroDefinition(str(name), str(value), f"{path}:{line}:{col}"))
    return found
