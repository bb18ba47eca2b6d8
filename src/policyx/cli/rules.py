"""policyx rules validate|test|list: check, test and list rule files without Python."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional, Sequence

import typer

from .typer_app import app
from .common import EXIT_INPUT_FAILED, EXIT_OK, EXIT_USAGE, error_line, fail, load_extractor, load_settings

if TYPE_CHECKING:
    from ..rules import Rule

rules_app = typer.Typer(
    name="rules", help="Check, test and list rule files.", no_args_is_help=True, rich_markup_mode=None,
)
app.add_typer(rules_app, name="rules")

PATHS_HELP = "Rule files or directories, added to the default rules (and to the config file's)."
NO_DEFAULTS_HELP = "Leave out the default rules."
CONFIG_HELP = "Config file naming rules and option defaults (default: ./policyx.yaml if present)."
VERBOSE_HELP = "Say which default rules your rules replace."


def display_path(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path


def display_where(where: str) -> str:
    path, line, col = where.rsplit(":", 2)
    return f"{display_path(path)}:{line}:{col}"


def console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    out = Console(file=sys.stdout)
    return out if out.is_terminal else Console(file=sys.stdout, width=200)


def named_files(paths: list[str]) -> set[Path]:
    from ..rules import rule_files

    return {f.resolve() for f in rule_files([Path(p) for p in paths]) if f.exists()}


@rules_app.command("validate")
def validate(
    paths: List[str] = typer.Argument(None, help=PATHS_HELP),
    no_default_rules: bool = typer.Option(False, "--no-default-rules", help=NO_DEFAULTS_HELP),
    config: Optional[str] = typer.Option(None, "--config", help=CONFIG_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
) -> None:
    """Check the schema and every pattern; print each problem as FILE:LINE:COL: rule ID: what is wrong.

    Exit 0 when the rule set is clean, 2 otherwise. A clean set also gets a note on
    stderr for each rule that is searched at every character (slow, not wrong)."""
    from ..rules import check_rules, rule_sources

    settings = load_settings(config)
    extra = [*settings.rules, *(Path(p) for p in paths or [])]
    use_defaults = not (no_default_rules or settings.no_default_rules)
    ruleset, problems = check_rules(extra, use_defaults)
    for p in problems:
        print(p)
    if verbose:
        for r in ruleset.replaced:
            error_line(f"{r.where}: rule {r.id} replaces the default rule at {r.default_where}")
    files = len(rule_sources(extra, use_defaults)[0])
    if problems:
        fail(f"{len(problems)} problem(s) in the rules", EXIT_USAGE)
    for rule in unplanned_rules(ruleset.rules):
        error_line(f"note: {display_where(rule.where)}: rule {rule.id} is searched at every character: the "
                   "prefilter cannot bound where it matches (a negated class, \\p{..}, '.' or an unbounded "
                   "lookahead outside a lookbehind, or an empty match); it works, only slower")
    print(f"ok: {len(ruleset.rules)} rules in {files} file(s)")
    raise SystemExit(EXIT_OK)


def unplanned_rules(rules: Sequence[Rule]) -> list[Rule]:
    """The rules the prefilter cannot restrict to windows of the text (see policyx.prefilter)."""
    from ..prefilter import plan_for

    return [r for r in rules if plan_for(r.compiled) is None]


@rules_app.command("test")
def test(
    paths: List[str] = typer.Argument(None, help=PATHS_HELP),
    no_default_rules: bool = typer.Option(False, "--no-default-rules", help=NO_DEFAULTS_HELP),
    rule: List[str] = typer.Option([], "--rule", "-r", help="Only this rule's examples (repeatable)."),
    config: Optional[str] = typer.Option(None, "--config", help=CONFIG_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
) -> None:
    """Run every rule's examples and counterexamples through the whole rule set.

    Prints a pass/fail table and, for each failure, the expected and the actual
    result. Exit 0 when all pass, 1 when any fails, 2 when the rules are invalid."""
    from ..ruletest import run_rule_tests, summarize

    settings = load_settings(config)
    extractor = load_extractor(list(paths or []), no_default_rules, None, None, settings, verbose)
    rules = extractor.ruleset.rules
    unknown = [r for r in rule if r not in extractor.ruleset.by_id()]
    if unknown:
        fail(f"no rule with id {', '.join(unknown)}; see 'policyx rules list'")
    results = run_rule_tests(extractor, set(rule) or None)
    rows = summarize([r for r in rules if not rule or r.id in rule], results)
    mine = named_files(list(paths or []))
    shown = [row for row in rows if not mine or Path(row.rule.path).resolve() in mine or row.status == "FAIL"]
    print_test_table(shown)
    others = len(rows) - len(shown)
    if others:
        print(f"(also ran the examples of {others} other rule(s) in the set: all pass)")
    failures = [res for res in results if not res.passed]
    for res in failures:
        what = "counterexample" if res.counter else "example"
        print(f"\nFAIL {res.rule.id}: {what} at {display_path(res.where)}")
        print(f"  sentence: {res.sentence}")
        print(f"  expected: {res.expected}")
        print(f"  got:      {res.got}")
    untested = sum(1 for row in rows if row.status == "untested")
    note = f", {untested} rule(s) without examples" if untested else ""
    print(f"\n{len(results)} check(s): {len(results) - len(failures)} passed, {len(failures)} failed{note}")
    raise SystemExit(EXIT_INPUT_FAILED if failures else EXIT_OK)


def print_test_table(rows) -> None:  # type: ignore[no-untyped-def]
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("rule", "kind", "file", "examples", "counterexamples", "result"):
        table.add_column(col)
    style = {"ok": "green", "FAIL": "bold red", "untested": "yellow"}
    for row in rows:
        table.add_row(
            escape(row.rule.id), escape(row.rule.kind), escape(f"{display_path(row.rule.path)}:{row.rule.line}"),
            f"{row.examples_passed}/{row.examples}", f"{row.counter_passed}/{row.counter}",
            f"[{style[row.status]}]{row.status}[/]",
        )
    console().print(table)


@rules_app.command("list")
def list_rules(
    paths: List[str] = typer.Argument(None, help=PATHS_HELP),
    no_default_rules: bool = typer.Option(False, "--no-default-rules", help=NO_DEFAULTS_HELP),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
    macros: bool = typer.Option(False, "--macros", help="List the {{MACROS}} rules can use instead."),
    config: Optional[str] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """List the rules in the set: id, kind, file, number of examples."""
    if format not in ("table", "json"):
        fail(f"unknown format {format!r}; choose table or json")
    settings = load_settings(config)
    if macros:
        from ..rules import macro_definitions

        extra = [*settings.rules, *(Path(p) for p in paths or [])]
        items = [d._asdict() for d in macro_definitions(extra, not (no_default_rules or settings.no_default_rules))]
        print_items(items, ("name", "where", "pattern"), format)
        return
    extractor = load_extractor(list(paths or []), no_default_rules, None, None, settings)
    replaced = {r.id: r.default_where for r in extractor.ruleset.replaced}
    items = [
        {
            "id": r.id, "kind": r.kind, "priority": r.priority, "file": r.path, "line": r.line,
            "examples": len(r.examples), "counterexamples": len(r.counterexamples),
            "replaces": replaced.get(r.id), "description": r.description,
        }
        for r in extractor.ruleset.rules
    ]
    print_items(items, ("id", "kind", "priority", "file", "examples", "counterexamples", "replaces"), format)


def print_items(items: list[dict], columns: tuple[str, ...], format: str) -> None:
    if format == "json":
        json.dump(items, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table()
    for col in columns:
        table.add_column(col, overflow="fold")
    for item in items:
        cells = []
        for col in columns:
            value = item[col]
            if col == "file":
                value = f"{display_path(value)}:{item['line']}"
            elif col in ("where", "replaces") and value:
                value = display_where(value)
            cells.append(escape("" if value is None else str(value)))
        table.add_row(*cells)
    console().print(table)
