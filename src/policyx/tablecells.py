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

SEPARATOR_CELL = r"\s*:?-{3,}:?\s*"
NUMBER_CELL = r"\s*[+＋\-－−]?[0-9.,]+\s*(?:[%‰]|[十百千万亿]?(?:[\u4e00-\u9fff]{0,3}|[A-Za-z]{1,4}))?\s*"
TRAILING_NOTE = r"\s*[(（][^()（）]*[)）]\s*$"


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> "re.Pattern[str]":
    """The patterns above, compiled on first use: most texts hold no pipe table."""
    return re.compile(pattern)


@dataclass(frozen=True)
class Cell:
    label: str | None
    header: str | None


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
        label = next((c for c in reversed(cells[:index]) if c and not number.fullmatch(c)), None)
        return Cell(_without_note(label), _without_note(self._header(row, index)))

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

    def _header(self, row: int, index: int) -> str | None:
        """The cell in column ``index`` of the header row: the row above the
        separator (``| --- |``) that opens this row's table."""
        while row >= 1:
            cells = self._cells(row)
            if cells is None:
                return None
            separator = _compiled(SEPARATOR_CELL)
            if all(separator.fullmatch(c) for c in cells if c):
                header = self._cells(row - 1)
                return header[index] if header and index < len(header) else None
            row -= 1
        return None


def _without_note(cell: str | None) -> str | None:
    """A cell without its trailing bracketed note (a unit, a code): 收入（亿元） → 收入."""
    if not cell:
        return None
    return _compiled(TRAILING_NOTE).sub("", cell) or None
