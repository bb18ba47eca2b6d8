"""Cells of pipe tables (markdown, and text copied from one): which row label and
which column header a figure in a cell stands under.

In ``| 新设经营主体 | 3.2万户 | +11.6% |`` under ``| 指标 | 一季度 | 同比 |`` the
clause before 3.2万户 is ``| 新设经营主体 |``, which is not a metric: the row's
label and the column's header are. :mod:`policyx.context` decides what to make of
them (a header may be a measure, a period or a generic word).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

SEPARATOR_CELL = r"\s*:?-{3,}:?\s*"
CELL_SIGNS = "+＋-－−"
"""Signs a cell's number may carry (| -1,214 | under 比上年增减（人）)."""
NUMBER_CELL = r"\s*[" + re.escape(CELL_SIGNS) + r"]?[0-9.,]+\s*(?:[%‰]|[十百千万亿]?(?:[\u4e00-\u9fff]{0,3}|[A-Za-z]{1,4})(?:/[\u4e00-\u9fff]{1,3})*)?\s*"
ORDINAL_CELL = r"\s*第?[0-9一二三四五六七八九十]+[位名]?\s*"
"""A rank or serial cell (| 第1位 |), which labels no row."""
TRAILING_NOTE = r"\s*[(（][^()（）]*[)）]\s*$"
SEPARATOR_ROW = r"\|[ \t]*:?-{3,}"


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> "re.Pattern[str]":
    """The patterns above, compiled on first use: most texts hold no pipe table."""
    return re.compile(pattern)


@dataclass(frozen=True)
class Cell:
    label: str | None
    header: str | None
    row_head: str | None = None
    """The row's first cell, even when it is a number (| 2022 | 112 |)."""


class PipeTables:
    """The pipe-table rows of one text, found on demand per line."""

    def __init__(self, text: str, line_starts: list[int]):
        self.text = text
        self.line_starts = line_starts
        self.has_pipes = "|" in text

    def cell_at(self, pos: int) -> Cell | None:
        """The label and header of the cell holding ``pos``; None outside a table row."""
        if not self.has_pipes:
            return None
        row = bisect_right(self.line_starts, pos) - 1
        cells = self._cells(row)
        if cells is None:
            return None
        index = self.text.count("|", self.line_starts[row], pos) - 1
        if index < 1 or index >= len(cells) - 1:
            return None
        number = _compiled(NUMBER_CELL)
        ordinal = _compiled(ORDINAL_CELL)
        label = next((c for c in cells[:index] if _names_a_row(c, number, ordinal)), None)
        return Cell(_without_note(label), _without_note(self._header(row, index)), cells[0])

    def row_measure(self, pos: int) -> str | None:
        """The header of the row's first figure after its label and before ``pos``
        (| 星辰半导体 | 12.6 | 8.1% | under | 企业 | 纳税额（亿元） | 占全市 | → 纳税额)."""
        row = bisect_right(self.line_starts, pos) - 1
        cells = self._cells(row)
        if cells is None:
            return None
        index = self.text.count("|", self.line_starts[row], pos) - 1
        found = _label_and_figure(cells, index, end=index)
        return _without_note(self._header(row, found[1])) if found and found[1] is not None else None

    def ranked_row(self, pos: int, rank_header: "re.Pattern[str] | None" = None) -> tuple[str, str | None] | None:
        """For a rank in a row's first cell (| 第1 | 岚海重工 | 412.6 |), or in a column
        whose header ``rank_header`` matches (| 澄州市 | 412.6 | 3 | under | 城市 | 收入 |
        排名 |), the row's label (its first cell in words) and the header of the
        first number cell after the label (产值（亿元）→ 产值): what the rank ranks,
        and by what. None for a figure in any other cell."""
        if not self.has_pipes:
            return None
        row = bisect_right(self.line_starts, pos) - 1
        cells = self._cells(row)
        header = self._header_cells(row) if cells is not None else None
        if cells is None or header is None:
            return None
        index = self.text.count("|", self.line_starts[row], pos) - 1
        if index != 0 and not (rank_header and index < len(header) and rank_header.fullmatch(header[index])):
            return None
        found = _label_and_figure(cells, index, end=len(cells) - 1)
        if found is None:
            return None
        at, figure = found
        return cells[at], _without_note(self._header(row, figure)) if figure is not None else None

    def _line(self, row: int) -> str:
        start = self.line_starts[row]
        end = self.line_starts[row + 1] - 1 if row + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def _cells(self, row: int) -> list[str] | None:
        """The cells of a line that is a table row (``| a | b |``), else None."""
        if row < 0 or row >= len(self.line_starts):
            return None
        line = self._line(row).strip()
        if not line.startswith("|") or line.count("|") < 3:
            return None
        return [c.strip() for c in line.split("|")[1:]]

    def header_row(self, pos: int) -> list[str] | None:
        """The header cells of the table whose body row holds ``pos``."""
        if not self.has_pipes:
            return None
        return self._header_cells(bisect_right(self.line_starts, pos) - 1)

    def _header(self, row: int, index: int) -> str | None:
        """The cell in column ``index`` of the header row."""
        header = self._header_cells(row)
        return header[index] if header and index < len(header) else None

    def _header_cells(self, row: int) -> list[str] | None:
        """The cells of the header row: the row above the separator
        (``| --- |``) that opens this row's table."""
        while row >= 1:
            cells = self._cells(row)
            if cells is None:
                return None
            if _is_separator(cells):
                return self._cells(row - 1)
            row -= 1
        return None

    def in_header_row(self, pos: int) -> bool:
        """Whether ``pos`` stands in a table's header row (the row right above a
        ``| --- |`` separator): its periods (| 指标 | 2026年 | 2025年 |) name
        columns, not the time of the text around the table."""
        if not self.has_pipes:
            return False
        row = bisect_right(self.line_starts, pos) - 1
        below = self._cells(row + 1)
        return below is not None and _is_separator(below) and self._cells(row) is not None


def _label_and_figure(cells: list[str], skip: int, end: int) -> tuple[int, int | None] | None:
    """The index of the row's label (its first cell in words, other than cell
    ``skip``) and of its first figure after the label and before ``end`` (other
    than ``skip``); None when no cell labels the row."""
    number, ordinal = _compiled(NUMBER_CELL), _compiled(ORDINAL_CELL)
    at = next((i for i, c in enumerate(cells[:-1]) if i != skip and _names_a_row(c, number, ordinal)), None)
    if at is None:
        return None
    figure = next((i for i in range(at + 1, end) if i != skip and cells[i] and number.fullmatch(cells[i])), None)
    return at, figure


def _names_a_row(cell: str, number: "re.Pattern[str]", ordinal: "re.Pattern[str]") -> bool:
    """Whether a cell can label its row: words (| SUV |), not a figure, a rank or a
    code (| TZCG-2026-0417 |). The first such cell is the row's label: | 村名 | 所属乡镇 |
    rows are villages."""
    if not cell or number.fullmatch(cell) or ordinal.fullmatch(cell):
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in cell) or not any(ch.isdigit() for ch in cell)


def _is_separator(cells: Iterable[str]) -> bool:
    separator = _compiled(SEPARATOR_CELL)
    return all(separator.fullmatch(c) for c in cells if c)


def _without_note(cell: str | None) -> str | None:
    """A cell without its trailing bracketed note (a unit, a code): 收入（亿元） → 收入."""
    if not cell:
        return None
    return _compiled(TRAILING_NOTE).sub("", cell) or None


BARE_NUMBER = r"(?P<number>[+\-]?[0-9][0-9,]*(?:\.[0-9]+)?)(?P<after>以上|左右|以下|以内)?"
CELL_UNIT = r"[(（]([^()（）]+)[)）]\s*$|(%)$"
CAPTION_UNIT = r"单位\s*[:：]\s*([^\s,，;；。)）|]+)"
# a numbered caption ending in its unit in brackets: 表1 主要品种零售均价（元/斤）
CAPTION_BRACKET_UNIT = (r"^\s*表\s*[0-9一二三四五六七八九十]+[^|()（）]*[(（]"
                        r"([万亿千百]?(?:元|美元|港元|澳门元|吨|公斤|千克|斤|亩|公顷|人|户|个|家|辆|台|千瓦时|平方米|%)(?:/[^()（）|]{1,4})?)[)）]\s*$")


@dataclass(frozen=True)
class BareCell:
    """A pipe-table cell that holds only a number, whose unit stands in its column
    header (``| 收入(亿元) |``, ``| 完成预算% |``), failing that in its row label
    (``| 5G基站数（万个） | 0.6 |``), failing that in the table's caption line
    (``单位：万元``). ``start``/``end`` span the number."""

    start: int
    end: int
    number: str
    name: str
    unit: str
    qualifier: str = ""
    prefix: str = ""

    def probe(self) -> str:
        """The cell as the phrase it abbreviates: 收入 + 162.35 + 亿元 (+ 以上), or
        排名 + 第 + 4 + 位 under a ranking column; a name ending in a digit or letter
        is joined by 为 (PM2.5为21微克/立方米), which keeps the two numbers apart."""
        return f"{self.name}{self._joiner}{self.prefix}{self.number}{self.unit}{self.qualifier}"

    @property
    def _joiner(self) -> str:
        return "为" if self.name[-1:].isascii() and self.name[-1:].isalnum() else ""

    @property
    def number_offset(self) -> int:
        return len(self.name) + len(self._joiner)


def bare_number_cells(text: str) -> list[BareCell]:
    """Every cell of the pipe tables in ``text`` (rows under a ``| --- |``
    separator) that is a bare number with a unit in its header, label or caption,
    or a bare position under a ranking column (| 位次 | over | 4 |)."""
    if "|" not in text or not _compiled(SEPARATOR_ROW).search(text):
        return []
    found: list[BareCell] = []
    header: list[str] | None = None
    previous: list[str] | None = None
    caption: str | None = None
    lines_before: list[str] = []
    in_body = False
    pos = 0
    for line in text.split("\n"):
        cells = _row_cells(line)
        if cells is None:
            header, previous, in_body = None, None, False
            if line.strip():
                lines_before = [*lines_before[-1:], line]
        elif _is_separator(c for _, c in cells):
            header, in_body = ([c for _, c in previous] if previous else None), True
            caption = _caption_unit(lines_before)
        elif in_body and header:
            found.extend(_bare_cells_of_row(pos, cells, header, caption))
        previous = cells if not in_body else previous
        pos += len(line) + 1
    return found


def _caption_unit(lines: list[str]) -> str | None:
    """The unit a table's caption gives (表1 …（单位：亿元）, 表1 主要品种零售均价（元/斤）),
    from the two lines above its header."""
    for line in reversed(lines):
        found = _compiled(CAPTION_UNIT).search(line) or _compiled(CAPTION_BRACKET_UNIT).search(line)
        if found:
            return found.group(1)
    return None


def _row_cells(line: str) -> list[tuple[int, str]] | None:
    """The cells of a table row with their offsets in the line (inner cells
    only), or None when the line is no row."""
    stripped = line.strip()
    if not stripped.startswith("|") or stripped.count("|") < 3:
        return None
    cells, start = [], line.index("|") + 1
    for part in line[start:].split("|")[:-1]:
        lead = len(part) - len(part.lstrip())
        cells.append((start + lead, part.strip()))
        start += len(part) + 1
    return cells


@lru_cache(maxsize=None)
def _header_pattern(key: str) -> "re.Pattern[str]":
    """context.yaml's header pattern ``key`` (table_code_header, table_rank_header,
    table_count_header, table_two_way_header), compiled once."""
    from .resources import load_table

    return re.compile(load_table("context")[key])


RANK_CELL = r"[1-9][0-9]{0,2}"


def _name_and_unit(cell: str) -> tuple[str, str] | None:
    """收入（亿元） → (收入, 亿元); 完成预算% → (完成预算, %); None without a unit."""
    found = _compiled(CELL_UNIT).search(cell)
    if not found:
        return None
    return cell[:found.start()].strip(), (found.group(1) or found.group(2)).strip()


def _bare_cells_of_row(line_start: int, cells: list[tuple[int, str]], header: list[str],
                       caption: str | None) -> list[BareCell]:
    number = _compiled(BARE_NUMBER)
    found = []
    for index, (offset, cell) in enumerate(cells):
        bare = number.fullmatch(cell)
        if not bare:
            continue
        head = header[index] if index < len(header) else ""
        if _header_pattern("table_rank_header").search(head) and _compiled(RANK_CELL).fullmatch(cell):
            found.append(BareCell(line_start + offset, line_start + offset + len(cell), cell, "排名", "位", prefix="第"))
            continue
        if index == 0:
            continue
        label = next((c for _, c in reversed(cells[:index]) if c and not number.fullmatch(c)), "")
        named = _name_and_unit(head) or _name_and_unit(label)
        if named is None and caption and head and not _header_pattern("table_code_header").search(head):
            named = (head, caption)
        if named is None and head and bare.group("number").isdigit():
            counted = _header_pattern("table_count_header").search(head)
            named = (head, counted.group("unit")) if counted else None
        if named is None:
            continue
        name, unit = named
        name = _header_pattern("table_two_way_header").sub(r"\g<up>", name)
        found.append(BareCell(line_start + offset, line_start + offset + len(cell), bare.group("number"), name, unit,
                              bare.group("after") or ""))
    return found
