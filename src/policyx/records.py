"""The record: one numeric indicator mention, as SPEC section 2 defines it."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FIELDS: tuple[str, ...] = (
    "doc", "rule", "kind", "text", "start", "end", "line", "col",
    "value", "value_max", "unit", "approx",
    "metric", "period", "basis", "status", "sentence",
)


@dataclass(slots=True)
class Record:
    """One indicator mention.

    ``text == source[start:end]`` always holds for the decoded source. ``value`` and
    ``value_max`` are kept as exact ``Decimal`` values; :meth:`to_dict` turns them into
    JSON numbers (an int when the value is whole).
    """

    doc: str
    rule: str
    kind: str
    text: str
    start: int
    end: int
    line: int
    col: int
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: str | None = None
    approx: str | None = None
    metric: str | None = None
    period: str | None = None
    basis: str | None = None
    status: str | None = None
    sentence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in FIELDS}
        out["value"] = json_number(self.value)
        out["value_max"] = json_number(self.value_max)
        return out


def json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as the JSON number a reader expects: whole values become ints."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)

