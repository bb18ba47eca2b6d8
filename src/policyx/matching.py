"""Running compiled rules over normalized text and turning matches into mentions.

Each rule's named groups are interpreted through the YAML tables: ``num``/``mag``
give the value, ``unit`` the unit (per kind), ``approx``/``approx2`` the qualifier,
``dir`` the sign of a growth figure. Where mentions overlap, one wins by this order:
higher rule priority, then the longer mention, then the earlier one, then the rule
listed first.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from time import perf_counter
from typing import Any, Iterator

import regex

from .numbers import NumberError, magnitude, parse_fraction, parse_number
from .prefilter import Scanner
from .resources import load_table
from .rules import Rule, RuleSet

MENTION_GROUPS = ("approx", "num", "num2", "mag", "mag2", "unit", "unit2", "approx2")


class RuleTimeout(Exception):
    """A rule ran longer than its time limit on one document."""

    def __init__(self, rule: str, seconds: float):
        self.rule, self.seconds = rule, seconds
        super().__init__(
            f"rule {rule} ran longer than {seconds:g}s; its pattern backtracks catastrophically "
            "(nested repeats like (a+)+): simplify it"
        )


@dataclass
class Mention:
    """One interpreted match, with offsets in the normalized text."""

    rule: Rule
    start: int
    end: int
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    approx: str | None
    basis_word: str | None
    dir_word: str | None
    unit_text: str | None
    match_start: int
    match_end: int

    @property
    def kind(self) -> str:
        return self.rule.kind


@dataclass(frozen=True)
class Tables:
    units: dict[str, dict[str, Any]]
    qualifiers: dict[str, str]
    down_words: frozenset[str]


@lru_cache(maxsize=1)
def tables() -> Tables:
    units = load_table("units")
    qualifiers: dict[str, str] = {}
    for code, words in load_table("qualifiers").items():
        for w in words:
            qualifiers[w] = code
    down = frozenset(load_table("directions").get("down") or [])
    return Tables({k: v for k, v in units.items() if isinstance(v, dict)}, qualifiers, down)


def iter_rule_matches(rule: Rule, text: str, timeout: float | None) -> Iterator[regex.Match[str]]:
    try:
        yield from rule.compiled.finditer(text, timeout=timeout)
    except TimeoutError:
        raise RuleTimeout(rule.id, timeout or 0) from None


_scanners: dict[tuple[regex.Pattern[str], ...], Scanner] = {}


def scanner_for(patterns: tuple[regex.Pattern[str], ...]) -> Scanner:
    """The scanner of a rule list, made once per process (or remembered from the
    rule cache, see :func:`remember_scanner`)."""
    found = _scanners.get(patterns)
    if found is None:
        if len(_scanners) >= 8:
            _scanners.clear()
        found = _scanners[patterns] = Scanner(patterns)
    return found


def remember_scanner(scanner: Scanner) -> None:
    _scanners[scanner.patterns] = scanner


def iter_all_matches(rules: list[Rule], text: str, timeout: float | None) -> Iterator[tuple[int, Rule, regex.Match[str]]]:
    """Every match of every rule, as if each rule ran over the whole text, but each
    rule reads only the runs of text it can match in (see :mod:`policyx.prefilter`).
    ``timeout`` bounds the seconds each rule may spend on the text."""
    scanner = scanner_for(tuple(r.compiled for r in rules))
    for i in scanner.unplanned:
        for m in iter_rule_matches(rules[i], text, timeout):
            yield i, rules[i], m
    size = len(text)
    for i, spans in scanner.spans(text).items():
        rule, search, over = rules[i], rules[i].compiled.finditer, scanner.over[i]
        spent = 0.0
        for start, end in spans:
            limit = None if timeout is None else timeout - spent
            if limit is not None and limit <= 0:
                raise RuleTimeout(rule.id, timeout or 0)
            began = perf_counter()
            try:
                found = [m for m in search(text, start, min(size, end + over), timeout=limit) if m.start() < end]
            except TimeoutError:
                raise RuleTimeout(rule.id, timeout or 0) from None
            spent += perf_counter() - began
            for m in found:
                yield i, rule, m


def find_mentions(ruleset: RuleSet, text: str, yuan: str = "CNY", timeout: float | None = None) -> list[Mention]:
    """All winning mentions of every rule in ``text``, in text order."""
    candidates: list[tuple[int, int, int, int, Mention]] = []
    for order, rule, m in iter_all_matches(ruleset.rules, text, timeout):
        mention = interpret(rule, m, yuan)
        if mention is None:
            continue
        length = mention.end - mention.start
        candidates.append((-rule.priority, -length, mention.start, order, mention))
    candidates.sort(key=lambda c: c[:4])
    return resolve_overlaps([c[4] for c in candidates])


def resolve_overlaps(ranked: list[Mention]) -> list[Mention]:
    """Keep mentions in rank order unless they overlap one already kept."""
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in ranked:
        i = bisect_left(taken, (m.start, m.end))
        clash = (i > 0 and taken[i - 1][1] > m.start) or (i < len(taken) and taken[i][0] < m.end)
        if clash:
            continue
        insort(taken, (m.start, m.end))
        kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept


def _group(m: regex.Match[str], name: str) -> tuple[str | None, int, int]:
    if name not in m.re.groupindex:
        return None, -1, -1
    s, e = m.span(name)
    if s < 0:
        return None, -1, -1
    return m.group(name), s, e


def mention_span(m: regex.Match[str]) -> tuple[int, int]:
    text, s, e = _group(m, "span")
    if text is not None:
        return s, e
    starts, ends = [], []
    for name in MENTION_GROUPS:
        value, s, e = _group(m, name)
        if value:
            starts.append(s)
            ends.append(e)
    if not starts:
        return m.span()
    return min(starts), max(ends)


def interpret(rule: Rule, m: regex.Match[str], yuan: str = "CNY") -> Mention | None:
    """Value, unit, approx and sign of one match; None when the number does not parse."""
    t = tables()
    start, end = mention_span(m)
    if end <= start:
        return None
    num = _group(m, "num")[0]
    mag = _group(m, "mag")[0]
    mag2 = _group(m, "mag2")[0]
    unit_text = _group(m, "unit")[0]
    try:
        value, implied_unit = _number_value(num or "", mag)
        value_max = None
        num2 = _group(m, "num2")[0]
        if num2:
            value_max, _ = _number_value(num2, mag)
            if mag2 is None and mag:
                value, _ = _number_value(num or "", mag)
            elif mag2:
                value, _ = _number_value(num or "", mag2)
    except NumberError:
        return None
    if value is None:
        return None
    unit, factor, op = _unit(rule, unit_text if unit_text is not None else implied_unit, yuan)
    if implied_unit == "%" and rule.kind in ("growth", "share"):
        unit, factor, op = "%", Decimal(1), None
    value = _apply(value, factor, op)
    value_max = _apply(value_max, factor, op) if value_max is not None else None
    approx = None
    for name in ("approx2", "approx"):
        word = _group(m, name)[0]
        if word and word in t.qualifiers:
            approx = t.qualifiers[word]
            break
    direction = _group(m, "dir")[0]
    if rule.kind == "growth" and direction and direction in t.down_words:
        value = -value
        if value_max is not None:
            value_max = -value_max
    return Mention(
        rule=rule, start=start, end=end, value=value, value_max=value_max, unit=unit,
        approx=approx, basis_word=_group(m, "basis")[0], dir_word=direction, unit_text=unit_text, match_start=m.start(), match_end=m.end(),
    )


def _number_value(num: str, mag: str | None) -> tuple[Decimal | None, str | None]:
    fraction = parse_fraction(num) if num else None
    if fraction is not None:
        return fraction, "%"
    if not num:
        return (magnitude(mag), None) if mag else (None, None)
    return parse_number(num) * magnitude(mag), None


def _unit(rule: Rule, text: str | None, yuan: str) -> tuple[str | None, Decimal, str | None]:
    if rule.unit is not None:
        return rule.unit, Decimal(1), None
    if rule.kind == "money" and text in (None, "元"):
        return yuan, Decimal(1), None
    if text is None:
        return None, Decimal(1), None
    section = tables().units.get(rule.kind, {})
    entry = section.get(text)
    if entry is None:
        return (text or None), Decimal(1), None
    if isinstance(entry, dict):
        return entry.get("unit"), Decimal(str(entry.get("factor", 1))), entry.get("op")
    return str(entry), Decimal(1), None


def _apply(value: Decimal | None, factor: Decimal, op: str | None) -> Decimal | None:
    if value is None:
        return None
    if op == "doublings":
        return (Decimal(2) ** int(value) - 1) * 100
    return value * factor
