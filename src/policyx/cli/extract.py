"""policyx extract: records from articles."""
from __future__ import annotations

from typing import List, Optional

import typer

from .extract_run import run_extract
from .typer_app import app


@app.command()
def extract(
    paths: List[str] = typer.Argument(None, help="Files, directories (*.txt, *.md, recursively) or - for stdin."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="table, jsonl, json, csv, html or parquet (default: table on a terminal, jsonl when piped, or from -o's extension)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file (replaced only when complete)."),
    rules: List[str] = typer.Option([], "--rules", help="Rule file or directory to add (repeatable)."),
    no_default_rules: bool = typer.Option(False, "--no-default-rules", help="Use only the rules given with --rules."),
    kind: List[str] = typer.Option([], "--kind", "-k", help="Only records of this kind (repeatable)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Input encoding (default: detected)."),
    bom: Optional[bool] = typer.Option(None, "--bom/--no-bom", help="CSV: start with a UTF-8 BOM (default: yes for -o files, no on stdout)."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first input that fails."),
    config: Optional[str] = typer.Option(None, "--config", help="Config file naming rules and option defaults (default: ./policyx.yaml if present)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds one rule may run on one document before that document fails (default: 10)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Say which default rules your rules replace."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes extracting in parallel (default: one per core); output stays in input order."),
    progress: bool = typer.Option(False, "--progress", help="Report progress on standard error even when it is not a terminal."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display (errors are still reported)."),
) -> None:
    """Extract every numeric indicator from the inputs."""
    run_extract(
        paths=paths,
        format=format,
        output=output,
        rules=rules,
        no_default_rules=no_default_rules,
        kind=kind,
        encoding=encoding,
        bom=bom,
        strict=strict,
        config=config,
        timeout=timeout,
        verbose=verbose,
        jobs=jobs,
        progress=progress,
        quiet=quiet,
    )
