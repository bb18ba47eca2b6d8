"""Output formats. Every writer streams: records are written as documents finish."""
from __future__ import annotations

import json
from typing import IO, Any, Iterable

from .records import FIELDS, Record

FORMATS = ("table", "jsonl", "json", "csv", "html", "parquet")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_FIELDS = {"start", "end", "line", "col", "value", "value_max"}


def format_for_path(path: str) -> str | None:
    """The format an output file's extension implies, if any."""
    lower = path.lower()
    for ext, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"), (".csv", "csv"),
                     (".html", "html"), (".htm", "html"), (".parquet", "parquet")):
        if lower.endswith(ext):
            return fmt
    return None


class Writer:
    def write(self, records: Iterable[Record], source: str | None = None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class JsonLinesWriter(Writer):
    def __init__(self, out: IO[str]):
        self.out = out

    def write(self, records: Iterable[Record], source: str | None = None) -> None:
        for r in records:
            self.out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        self.out.flush()


class JsonWriter(Writer):
    """One JSON array, written element by element."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.first = True
        self.out.write("[")

    def write(self, records: Iterable[Record], source: str | None = None) -> None:
        for r in records:
            self.out.write(("\n  " if self.first else ",\n  ") + json.dumps(r.to_dict(), ensure_ascii=False))
            self.first = False
        self.out.flush()

    def close(self) -> None:
        self.out.write("\n]\n" if not self.first else "]\n")
        self.out.flush()


def safe_cell(name: str, value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula: a text field starting with
    = + - @ tab or CR gets a leading apostrophe (OWASP's advice), so its text is then
    no longer ``source[start:end]`` exactly. Numbers stay numbers, and a lone ``-``
    (the name of standard input) is no formula."""
    if value is None:
        return ""
    if name in NUMERIC_FIELDS:
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and text != "-":
        return "'" + text
    return text


class CsvWriter(Writer):
    def __init__(self, out: IO[str], bom: bool = False):
        import csv

        self.out = out
        if bom:
            out.write("\ufeff")
        self.csv = csv.writer(out, lineterminator="\r\n")
        self.csv.writerow(FIELDS)

    def write(self, records: Iterable[Record], source: str | None = None) -> None:
        for r in records:
            d = r.to_dict()
            self.csv.writerow([safe_cell(k, d[k]) for k in FIELDS])
        self.out.flush()


class TableWriter(Writer):
    """A rich table on the terminal, one per document batch."""

    def __init__(self, out: IO[str]):
        from rich.console import Console

        self.console = Console(file=out)

    def write(self, records: Iterable[Record], source: str | None = None) -> None:
        from rich.table import Table

        rows = list(records)
        if not rows:
            return
        table = Table(title=rows[0].doc, show_lines=False)
        for col in ("line", "kind", "text", "value", "unit", "approx", "metric", "period", "basis", "status"):
            table.add_column(col, overflow="fold")
        for r in rows:
            d = r.to_dict()
            table.add_row(*["" if d[c] is None else str(d[c]).replace("\n", "⏎") for c in
                            ("line", "kind", "text", "value", "unit", "approx", "metric", "period", "basis", "status")])
        self.console.print(table)


class HtmlWriter(Writer):
    """The HTML report (policyx.report): documents are kept until ``close`` writes the page.
    A document without records has no name to take from them, so it is listed by position."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.docs: list[tuple[str, str, list[Record]]] = []

    def write(self, records: Iterable[Record], source: str | None = None) -> None:
        rows = list(records)
        name = rows[0].doc if rows else f"document {len(self.docs) + 1}"
        self.docs.append((name, source or "", rows))

    def close(self) -> None:
        from .report import render_report

        self.out.write(render_report(self.docs))
        self.out.flush()


class ParquetWriter(Writer):
    """Apache Parquet (needs pyarrow, the ``parquet`` extra): a row group every
    ROW_GROUP records, so memory stays bounded. Offsets are int64, values float64
    (as JSON readers see them), every other field a string."""

    ROW_GROUP = 65536

    def __init__(self, out: IO[str]):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = pa.schema([(name, parquet_type(pa, name)) for name in FIELDS])
        self.file = pq.ParquetWriter(out.buffer, self.schema)  # type: ignore[attr-defined]
        self.rows: list[dict[str, Any]] = []

    def write(self, records: Iterable[Record], source: str | None = None) -> None:
        self.rows.extend(r.to_dict() for r in records)
        if len(self.rows) >= self.ROW_GROUP:
            self._flush()

    def close(self) -> None:
        self._flush()
        self.file.close()

    def _flush(self) -> None:
        if self.rows:
            self.file.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []


def parquet_type(pa: Any, name: str) -> Any:
    if name in ("start", "end", "line", "col"):
        return pa.int64()
    if name in ("value", "value_max"):
        return pa.float64()
    return pa.string()


def parquet_missing() -> str | None:
    """Why Parquet output cannot be written here, or None when it can."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return "--format parquet needs pyarrow: pip install 'policyx[parquet]'"
    return None


def make_writer(fmt: str, out: IO[str], bom: bool = False) -> Writer:
    if fmt == "jsonl":
        return JsonLinesWriter(out)
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "csv":
        return CsvWriter(out, bom=bom)
    if fmt == "table":
        return TableWriter(out)
    if fmt == "html":
        return HtmlWriter(out)
    if fmt == "parquet":
        return ParquetWriter(out)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
