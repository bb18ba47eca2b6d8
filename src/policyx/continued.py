"""Figures that leave out what they count because the figure before them says it.

Speech names a unit once and then drops it: 一个月到手七千来块，好的时候能有八千出头
(八千出头 is money too), 平常一天卖三百来碗，周末能到四百出头 (碗). A rule of kind
``previous`` matches such a bare figure; :func:`with_previous_kinds` gives it the kind
and unit of the figure just before it, or leaves it out when that figure is not one it
can continue (``previous_figure`` in ``rules/tables/units.yaml``): a bare 五十多 after
种了三十亩地 or four hundred times smaller than the figure before is no figure.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .matching import Mention, unit_of
from .resources import load_table

PREVIOUS = "previous"


@dataclass(frozen=True)
class PreviousFigure:
    """What a figure must be for a ``previous`` match after it to continue it."""

    within: int
    ratio: Decimal
    kinds: frozenset[str]
    not_units: frozenset[str]
    rule_kinds: dict[str, frozenset[str]]
    """The kinds a given rule continues, where they are fewer than ``kinds``."""
    rule_ratio: dict[str, Decimal]
    """A given rule's own ``ratio``, where its figures may differ more (a change
    against the level before it)."""
    passed_over: frozenset[str]
    """Kinds of mention looked past to the figure before them (rates carry no unit)."""
    rule_passed_over: dict[str, frozenset[str]]
    """Further kinds a given rule looks past (a list price looks past the count of
    what it buys: 再加上两箱酒六百六)."""
    unless_continuing: dict[str, tuple[frozenset[str], Decimal]]
    """Rules of another kind whose figure takes the kind and unit of a figure of one of
    these kinds just before it, within this ratio of it, and keeps its own otherwise."""


@lru_cache(maxsize=1)
def previous_figure() -> PreviousFigure:
    table = load_table("units")["previous_figure"]
    return PreviousFigure(
        int(table["within"]), Decimal(str(table["ratio"])), frozenset(table["kinds"]), frozenset(table["not_units"]),
        {rule: frozenset(kinds) for rule, kinds in (table.get("rule_kinds") or {}).items()},
        {rule: Decimal(str(ratio)) for rule, ratio in (table.get("rule_ratio") or {}).items()},
        frozenset(table.get("passed_over") or ()),
        {rule: frozenset(kinds) for rule, kinds in (table.get("rule_passed_over") or {}).items()},
        {rule: (frozenset(spec["kinds"]), Decimal(str(spec["ratio"])))
         for rule, spec in (table.get("unless_continuing") or {}).items()},
    )


def with_previous_kinds(found: list[Mention], text: str, yuan: str) -> list[Mention]:
    """``found`` (in text order) with each mention of a ``previous`` rule given the
    kind and unit of the mention kept before it, or left out when it continues none."""
    limits = previous_figure()
    if not any(m.rule.kind == PREVIOUS or m.rule.id in limits.unless_continuing for m in found):
        return found
    kept: list[Mention] = []
    for m in found:
        if m.rule.id in limits.unless_continuing:
            _continue_if_close(m, kept, text, yuan, limits)
            kept.append(m)
            continue
        if m.rule.kind != PREVIOUS:
            kept.append(m)
            continue
        for before in _figures_continued(kept, limits, m.rule.id, m.start):
            factor = _continuing_factor(before, m, text, yuan, limits)
            if factor is not None:
                _take_unit_of(before, m, factor)
                kept.append(m)
                break
    return kept


def _figures_continued(kept: list[Mention], limits: PreviousFigure, rule_id: str, start: int) -> list[Mention]:
    """The figure before a bare one, then the earlier figures of its kind and unit
    right before it: a bare figure may continue any of them (一头牛一天光精料就得吃二十多块，
    …去年一吨青贮四百五，今年涨到五百二，一头一天成本得四十出头 continues 二十多块; the
    kind is the same whichever it continues). Only figures within reach of
    ``start`` are tried."""
    same: list[Mention] = []
    passed_over = limits.passed_over | limits.rule_passed_over.get(rule_id, frozenset())
    for before in reversed(kept):
        if before.kind in passed_over and not same or before.kind in limits.passed_over:
            continue
        if same and (before.kind != same[0].kind or before.unit != same[0].unit or start - before.end > limits.within):
            break
        same.append(before)
    return same


def _continue_if_close(m: Mention, kept: list[Mention], text: str, yuan: str, limits: PreviousFigure) -> None:
    """Give ``m`` the kind and unit of the figure before it when it continues one of
    the kinds its rule names in ``unless_continuing``."""
    kinds, ratio = limits.unless_continuing[m.rule.id]
    before = _figure_before(kept, limits)
    if before is None or before.kind not in kinds:
        return
    factor = _continuing_factor(before, m, text, yuan, limits, kinds, ratio)
    if factor is not None:
        _take_unit_of(before, m, factor)


def _figure_before(kept: list[Mention], limits: PreviousFigure, rule_id: str | None = None) -> Mention | None:
    """The last kept mention, passing over rates (比去年多了两成) that stand between a
    figure and the bare figure continuing it: 一个月到手七千来块，比去年多了两成，好的时候能有八千出头."""
    for before in reversed(kept):
        if before.kind not in limits.passed_over and before.kind not in limits.rule_passed_over.get(rule_id or "", ()):
            return before
    return None


def _continuing_factor(before: Mention, m: Mention, text: str, yuan: str, limits: PreviousFigure,
                       kinds: frozenset[str] | None = None, ratio: Decimal | None = None) -> Decimal | None:
    """The factor ``before``'s unit scales a value by (五十港仙 … 六十多: 0.01) when
    ``m`` continues ``before``, else None. ``kinds`` and ``ratio`` default to the
    rule's own or the table's."""
    kinds = kinds or limits.rule_kinds.get(m.rule.id, limits.kinds)
    ratio = ratio or limits.rule_ratio.get(m.rule.id, limits.ratio)
    if before.kind not in kinds or before.unit in limits.not_units:
        return None
    if m.start - before.end > limits.within or text.find("\n", before.end, m.start) >= 0:
        return None
    factor = Decimal(1)
    if before.rule.unit is None and before.unit_text is not None:
        _, factor, op = unit_of(before.kind, before.unit_text, yuan)
        if op is not None:
            return None
    if m.value is None or before.value is None or not _comparable(m.value * factor, before.value, ratio):
        return None
    return factor


def _take_unit_of(before: Mention, m: Mention, factor: Decimal) -> None:
    m.kind_of, m.unit = before.kind, before.unit
    m.value = m.value * factor if m.value is not None else None
    m.value_max = m.value_max * factor if m.value_max is not None else None


def _comparable(a: Decimal, b: Decimal, ratio: Decimal) -> bool:
    a, b = abs(a), abs(b)
    return a > 0 and b > 0 and a <= b * ratio and b <= a * ratio
