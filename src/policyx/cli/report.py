"""policyx report: one HTML page showing every record in its article."""
from __future__ import annotations

import sys
from typing import List, Optional

import typer

from .typer_app import app
from .common import EXIT_INPUT_FAILED, EXIT_OK, atomic_output, error_line, fail, load_extractor


@app.command()
def report(
    paths: List[str] = typer.Argument(None, help="Files, directories (*.txt, *.md, recursively) or - for stdin."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="The HTML file to write (default: standard output when piped)."),
    title: Optional[str] = typer.Option(None, "--title", help="Page title (default: policyx report)."),
    rules: List[str] = typer.Option([], "--rules", help="Rule file or directory to add (repeatable)."),
    no_default_rules: bool = typer.Option(False, "--no-default-rules", help="Use only the rules given with --rules."),
    kind: List[str] = typer.Option([], "--kind", "-k", help="Only records of this kind (repeatable)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Input encoding (default: detected)."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first input that fails."),
) -> None:
    """Write a self-contained HTML page: each article with its indicators highlighted, and a sortable table."""
    from ..pipeline import process
    from ..report import render_report

    if not paths:
        if sys.stdin.isatty():
            fail("no input: give files or directories, or pipe text to standard input")
        paths = ["-"]
    if output in (None, "-") and sys.stdout.isatty():
        fail("the report is an HTML page: write it to a file with -o report.html")
    extractor = load_extractor(rules, no_default_rules, kind or None)
    docs, failures = [], []
    for result in process(paths, extractor, encoding):
        if not result.ok:
            error_line(result.error or result.name)
            failures.append(result.error or result.name)
            if strict:
                break
            continue
        docs.append((result.name, result.text, result.records))
    page = render_report(docs, title=title, failures=failures)
    if output in (None, "-"):
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        with atomic_output(output) as fh:
            fh.write(page)
    raise SystemExit(EXIT_INPUT_FAILED if failures else EXIT_OK)
