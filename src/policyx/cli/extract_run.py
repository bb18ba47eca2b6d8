"""The work of ``policyx extract``, free of typer: the typer command in
:mod:`.extract` and the quick path of :mod:`.fast_args` both call
:func:`run_extract` with the same values."""
from __future__ import annotations

import sys

from .common import EXIT_INPUT_FAILED, EXIT_OK, atomic_output, error_line, fail, load_extractor, load_settings


def run_extract(
    paths: list[str] | None,
    format: str | None,
    output: str | None,
    rules: list[str],
    no_default_rules: bool,
    kind: list[str],
    encoding: str | None,
    bom: bool | None,
    strict: bool,
    config: str | None,
    timeout: float | None,
    verbose: bool,
    jobs: int | None,
    progress: bool,
    quiet: bool,
) -> None:
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
