"""policyx explain: the article with every match highlighted, or why a snippet was missed."""
from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass
from typing import List, Optional

import typer

from .typer_app import app
from .common import EXIT_INPUT_FAILED, EXIT_OK, fail, load_extractor, load_settings

KIND_COLOURS = {"growth": "green", "share": "cyan", "money": "yellow", "count": "magenta", "quantity": "blue", "rank": "red"}
EXTRA_COLOURS = ("dark_orange", "deep_pink2", "turquoise2", "gold3", "purple", "chartreuse3", "salmon1", "steel_blue1")
HEADINGS = {
    "extracted": "extracted",
    "lost": "matched, but lost an overlap",
    "unparsed": "matched, but dropped",
    "shadowed": "hidden by the rule's own earlier match",
    "relaxed": "stopped by a lookaround",
    "alone": "stopped by the text around the snippet",
    "fuzzy": "closest, one or two characters away",
}


def colour_of(kind: str) -> str:
    return KIND_COLOURS.get(kind) or EXTRA_COLOURS[zlib.crc32(kind.encode()) % len(EXTRA_COLOURS)]


@dataclass
class Mark:
    """A highlighted span of the original text and the label printed after it."""

    start: int
    end: int
    kind: str
    label: str
    lost: bool = False


@app.command()
def explain(
    path: str = typer.Argument(..., help="An article file, or - for standard input."),
    rule: Optional[str] = typer.Option(None, "--rule", "-r", help="Only this rule: its records and the matches it lost."),
    near: Optional[str] = typer.Option(None, "--near", help="A snippet you expected to be extracted: which rules came closest, and why each missed."),
    rules: List[str] = typer.Option([], "--rules", help="Rule file or directory to add (repeatable)."),
    no_default_rules: bool = typer.Option(False, "--no-default-rules", help="Use only the rules given with --rules."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Input encoding (default: detected)."),
    config: Optional[str] = typer.Option(None, "--config", help="Config file naming rules and option defaults (default: ./policyx.yaml if present)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds one rule may run on the article (default: 10)."),
    colour: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colours (default: on a terminal). Without colours, matches are marked ⟦like this⟧."),
) -> None:
    """Print the article with every match highlighted in a colour per kind, each followed by its rule id and value."""
    from rich.console import Console

    from ..decoding import InputError, read_document
    from ..matching import RuleTimeout
    from ..rules import did_you_mean

    settings = load_settings(config)
    extractor = load_extractor(rules, no_default_rules, None, timeout, settings)
    if rule is not None and rule not in extractor.ruleset.by_id():
        fail(f"no rule with id {rule!r}; {did_you_mean(rule, extractor.ruleset.by_id())}see 'policyx rules list'")
    try:
        doc = read_document(path, encoding or settings.encoding)
    except InputError as exc:
        fail(str(exc), EXIT_INPUT_FAILED)
    console = Console(file=sys.stdout, force_terminal=colour, no_color=True if colour is False else None, highlight=False)
    plain = not console.is_terminal or console.no_color
    try:
        if near is not None:
            print_near(console, extractor, doc.text, path, near, rule, plain)
        else:
            print_article(console, extractor, doc.text, rule, plain)
    except RuleTimeout as exc:
        fail(f"{path}: {exc}", EXIT_INPUT_FAILED)
    raise SystemExit(EXIT_OK)


def article_marks(extractor, source: str, rule: str | None) -> list[Mark]:  # type: ignore[no-untyped-def]
    from ..explain import candidates, describe_value, why_lost
    from ..normalize import normalize

    norm = normalize(source)
    marks = []
    for c in candidates(extractor, norm):
        if (rule and c.rule.id != rule) or not c.mention or not (c.won or rule):
            continue
        start, end = norm.original_span(c.start, c.end)
        if c.won:
            marks.append(Mark(start, end, c.rule.kind, f"{c.rule.id}: {describe_value(c.mention)}"))
        elif c.lost_to:
            label = f"{c.rule.id}: {describe_value(c.mention)}, lost to {c.lost_to.rule.id}: {why_lost(c, c.lost_to)}"
            marks.append(Mark(start, end, c.rule.kind, label, lost=True))
    marks.sort(key=lambda m: (m.start, m.end))
    kept: list[Mark] = []
    for m in marks:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def highlighted(source: str, marks: list[Mark], plain: bool):  # type: ignore[no-untyped-def]
    from rich.text import Text

    out = Text()
    pos = 0
    for m in marks:
        colour = colour_of(m.kind)
        out.append(source[pos:m.start])
        text = source[m.start:m.end]
        if plain:
            out.append(f"⟦{'~' if m.lost else ''}{text}{'~' if m.lost else ''}⟧")
        else:
            out.append(text, style=f"strike {colour}" if m.lost else f"bold black on {colour}")
        out.append(f"[{m.label}]", style=f"italic {colour}" if not plain else "")
        pos = m.end
    out.append(source[pos:])
    return out


def print_article(console, extractor, source: str, rule: str | None, plain: bool) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    from rich.text import Text

    marks = article_marks(extractor, source, rule)
    console.print(highlighted(source, marks, plain), soft_wrap=True)
    won = [m for m in marks if not m.lost]
    counts = Counter(m.kind for m in won)
    summary = Text(("" if source.endswith("\n") else "\n") + f"{len(won)} record(s)" + (": " if counts else ""))
    for i, (kind, n) in enumerate(sorted(counts.items())):
        summary.append(", " if i else "")
        summary.append(f"{kind} {n}", style="" if plain else f"bold {colour_of(kind)}")
    lost = len(marks) - len(won)
    if lost:
        summary.append(f"; {lost} match(es) of {rule} lost an overlap (marked {'⟦~…~⟧' if plain else 'struck through'})")
    console.print(summary, soft_wrap=True)


def print_near(console, extractor, source: str, path: str, snippet: str, rule: str | None, plain: bool) -> None:  # type: ignore[no-untyped-def]
    from rich.markup import escape
    from rich.text import Text

    from ..explain import near

    occurrences, total = near(extractor, source, snippet)
    if not occurrences:
        fail(f"{path}: {snippet!r} does not occur in the article (compared after normalization)", EXIT_INPUT_FAILED)
    if total > len(occurrences):
        console.print(f"{snippet!r} occurs {total} times; the first {len(occurrences)}:", soft_wrap=True, markup=False)
    for occ in occurrences:
        verdicts = [v for v in occ.verdicts if not rule or v.rule.id == rule]
        head = Text(f"\n{path}:{occ.line}:{occ.col}: ")
        head.append("extracted" if occ.extracted else "not extracted", style="" if plain else ("bold green" if occ.extracted else "bold red"))
        console.print(head, soft_wrap=True)
        console.print(f"  sentence: {occ.sentence}", soft_wrap=True, markup=False)
        for status, heading in HEADINGS.items():
            group = [v for v in verdicts if v.status == status]
            if not group:
                continue
            console.print(f"  {heading}:", soft_wrap=True, markup=False)
            for v in group:
                console.print(f"    {escape(v.rule.id)}[dim] ({escape(v.rule.kind)})[/dim]: {escape(v.detail)}", soft_wrap=True)
        nothing = [v.rule.id for v in verdicts if v.status == "none"]
        if nothing:
            console.print(f"  no match reaches into the snippet: {', '.join(nothing)}", soft_wrap=True, markup=False)
