"""policyx extract: records from articles."""
from __future__ import annotations

import sys
from typing import List, Optional

import typer

from . import app
from .common import EXIT_INPUT_FAILED, EXIT_OK, atomic_output, error_line, fail, load_extractor, load_settings


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
    from ..pipeline import default_jobs, process
    from ..progress import tracker
    from ..writers import FORMATS, format_for_path, make_writer, parquet_missing

    if not paths:
        if sys.stdin.isatty():
            fail("no input: give files or directories, or pipe text to standard input")
        paths = ["-"]
    settings = load_settings(config)
    fmt = format or (format_for_path(output) if output else None) or settings.format or ("table" if sys.stdout.isatty() and not output else "jsonl")
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose table, jsonl, json, csv, html or parquet")
    if fmt == "parquet" and (missing := parquet_missing()):
        fail(missing)
    if fmt == "parquet" and not output and sys.stdout.isatty():
        fail("Parquet is binary: write it to a file with -o records.parquet")
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        fail(f"--jobs must be at least 1, not {jobs}")
    extractor = load_extractor(rules, no_default_rules, kind or None, timeout, settings, verbose)
    encoding = encoding or settings.encoding
    failed = 0

    def run(out) -> None:  # type: ignore[no-untyped-def]
        nonlocal failed
        writer = make_writer(fmt, out, bom=bool(bom if bom is not None else output is not None))
        with tracker(paths, progress, quiet, to_terminal=sys.stdout.isatty() and not output) as shown:
            for result in process(paths, extractor, encoding, jobs=jobs, keep_text=fmt == "html"):
                shown.advance(result)
                if not result.ok:
                    error_line(result.error or result.name)
                    failed += 1
                    if strict and output:
                        fail(f"{output}: not written: --strict stops at the first failure", EXIT_INPUT_FAILED)
                    if strict:
                        break
                    continue
                writer.write(result.records, source=result.text)
        writer.close()

    if output:
        with atomic_output(output) as fh:
            run(fh)
    else:
        run(sys.stdout)
    raise SystemExit(EXIT_INPUT_FAILED if failed else EXIT_OK)
