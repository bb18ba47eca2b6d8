"""Running compiled rules over normalized text and turning matches into mentions.

Each rule's named groups are interpreted through the YAML tables: ``num``/``mag``
give the value, ``unit`` the unit (per kind), ``approx``/``approx2`` the qualifier,
``dir`` the sign of a growth figure. Where mentions overlap, one wins by this order:
higher rule priority, then the longer mention, then the earlier one, then the rule
listed first.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any, Iterator

import regex

from .numbers import NumberError, magnitude, parse_fraction, scaled_number, spoken_range
from .prefilter import Scanner
from .resources import load_table
from .rules import Rule, RuleSet
from .tablecells import CELL_SIGNS, bare_number_cells

MENTION_GROUPS = ("approx", "num", "num2", "mag", "mag2", "unit", "unit2", "per", "half", "approx2")


class RuleTimeout(Exception):
    """A rule ran longer than its time limit on one document."""

    def __init__(self, rule: str, seconds: float):
        self.rule, self.seconds = rule, seconds
        super().__init__(
            f"rule {rule} ran longer than {seconds:g}s; its pattern backtracks catastrophically "
            "(nested repeats like (a+)+): simplify it"
        )


@dataclass(slots=True)
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
    kind_of: str | None = None
    """The kind taken from the figure before, for a rule of kind ``previous``
    (see :mod:`policyx.continued`)."""

    @property
    def kind(self) -> str:
        return self.kind_of or self.rule.kind


@dataclass(frozen=True)
class Tables:
    units: dict[str, dict[str, Any]]
    qualifiers: dict[str, str]
    down_words: frozenset[str]
    down_by_unit: dict[str, frozenset[str]]
    below_zero: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def tables() -> Tables:
    units = load_table("units")
    qualifiers: dict[str, str] = {}
    for code, words in load_table("qualifiers").items():
        for w in words:
            qualifiers[w] = code
    directions = load_table("directions")
    down = frozenset(directions.get("down") or [])
    by_unit = {unit: frozenset(words) for unit, words in (directions.get("down_for_unit") or {}).items()}
    below_zero = frozenset(directions.get("below_zero") or [])
    return Tables({k: v for k, v in units.items() if isinstance(v, dict)}, qualifiers, down, by_unit, below_zero)


def iter_rule_matches(rule: Rule, text: str, timeout: float | None,
                      pattern: regex.Pattern[str] | None = None) -> Iterator[regex.Match[str]]:
    """Every match of ``rule`` in ``text``, as ``finditer`` finds them, with the
    time limit applying to each search for the next match (a finditer's limit
    counts from its start, which a long document with many matches exceeds)."""
    compiled = pattern or rule.compiled
    pos, size = 0, len(text)
    try:
        while pos <= size:
            m = compiled.search(text, pos, timeout=timeout)
            if m is None:
                return
            yield m
            if m.end() > m.start():
                pos = m.end()
                continue
            pos = yield from _after_empty_match(compiled, text, m, timeout)
            if pos < 0:
                return
    except TimeoutError:
        raise RuleTimeout(rule.id, timeout or 0) from None


def _after_empty_match(compiled: regex.Pattern[str], text: str, empty: regex.Match[str],
                       timeout: float | None) -> Iterator[regex.Match[str]]:
    """After an empty match, ``finditer`` does not match empty at the same place
    again; its own iterator, started there, handles that up to the next non-empty
    match. Returns where to search next (-1: the text is done)."""
    found = compiled.finditer(text, empty.start(), timeout=timeout)
    first = next(found, None)
    if first is not None and first.span() != empty.span():
        yield first
        if first.end() > first.start():
            return first.end()
    for m in found:
        yield m
        if m.end() > m.start():
            return m.end()
    return -1


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
    ``timeout`` bounds the seconds of each search: one window of a rule, or for a
    rule without a plan, the search for its next match."""
    for i, found in matches_by_rule(rules, text, timeout):
        for m in found:
            yield i, rules[i], m


def matches_by_rule(rules: list[Rule], text: str, timeout: float | None) -> Iterator[tuple[int, list[regex.Match[str]]]]:
    """:func:`iter_all_matches` as one list per rule (a rule with no match may
    give an empty list or none)."""
    scanner = scanner_for(tuple(r.compiled for r in rules))
    for i in scanner.unplanned:
        yield i, list(iter_rule_matches(rules[i], text, timeout, scanner.searchers[i]))
    for i, spans in scanner.spans(text).items():
        yield i, _window_matches(rules[i], scanner.searchers[i], text, spans, scanner.over[i], timeout)


def _window_matches(rule: Rule, pattern: regex.Pattern[str], text: str, spans: list[tuple[int, int]], over: int,
                    timeout: float | None) -> list[regex.Match[str]]:
    """The matches of ``pattern`` that start in one of ``spans``, each searched
    with ``over`` characters after it for lookaheads to read."""
    size = len(text)
    finditer = pattern.finditer
    out: list[regex.Match[str]] = []
    try:
        for start, end in spans:
            stop = end + over
            for m in finditer(text, start, stop if stop < size else size, timeout=timeout):
                if m.start() < end:
                    out.append(m)
    except TimeoutError:
        raise RuleTimeout(rule.id, timeout or 0) from None
    return out


Candidate = tuple[int, int, int, int, int, Rule, "Groups", regex.Match[str]]
"""A match ranked for :func:`resolve_overlaps`: its rule's priority and its
mention's length (both negated), the mention's start, the rule's order, and the
match's place among the candidates (so that sorting never compares what follows:
the rule, its pattern's groups and the match)."""


def find_mentions(ruleset: RuleSet, text: str, yuan: str = "CNY", timeout: float | None = None) -> list[Mention]:
    """All winning mentions of every rule in ``text``, in text order; a figure inside
    a book title (《关于稳外贸的十二条措施》) names a document and is none."""
    rules = ruleset.rules
    candidates: list[Candidate] = []
    titles = "《" in text
    quotes = "“" in text
    for order, found in matches_by_rule(rules, text, timeout):
        if not found:
            continue
        rule = rules[order]
        rank = -rule.priority
        g = groups_of(found[0].re)
        for m in found:
            start, end = _mention_span(m, g)
            if end > start and not (titles and in_book_title(text, start)) \
                    and not (quotes and in_quoted_name(text, start, end)):
                candidates.append((rank, start - end, start, order, len(candidates), rule, g, m))
    candidates.sort()
    return resolve_overlaps(candidates, yuan)


def resolve_overlaps(ranked: list[Candidate], yuan: str) -> list[Mention]:
    """Interpret candidates in rank order, keeping each whose mention overlaps none
    already kept. A candidate that loses is never interpreted (interpreting only
    decides whether it takes part at all, so the winners are the same)."""
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for _, negative_length, start, _, _, rule, g, m in ranked:
        end = start - negative_length
        i = bisect_left(taken, (start, end))
        if _overlaps(taken, i, start, end):
            continue
        mention = _interpret(rule, m, g, start, end, yuan)
        if mention is None:
            continue
        taken.insert(i, (start, end))
        kept.append(mention)
    kept.sort(key=attrgetter("start"))
    return kept


def _overlaps(taken: list[tuple[int, int]], i: int, start: int, end: int) -> bool:
    """Whether ``start``-``end`` overlaps a span of sorted, disjoint ``taken``
    around its insertion point ``i``."""
    return (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end)


@dataclass(frozen=True)
class Groups:
    """The group numbers of the names :func:`interpret` reads in one pattern (None:
    the pattern has no such group), looked up once per pattern instead of by name
    for every match."""

    span: int | None
    num: int | None
    num2: int | None
    mag: int | None
    mag2: int | None
    unit: int | None
    unit2: int | None
    approx: tuple[int, ...]
    dir: int | None
    basis: int | None
    half: int | None
    cur: int | None
    mention: tuple[int, ...]


_groups: dict[regex.Pattern[str], Groups] = {}


BOOK_TITLE_MAX = 60


def in_book_title(text: str, pos: int) -> bool:
    """Whether ``pos`` stands inside a title in 《》 (《2026年岚城电子竞技产业发展报告》
    names a report: its numbers are neither figures nor the period of the text)."""
    opened = text.rfind("《", max(0, pos - BOOK_TITLE_MAX), pos)
    return opened >= 0 and text.find("》", opened, pos) < 0 and text.find("》", pos, pos + BOOK_TITLE_MAX) >= 0


QUOTED_NAME_MAX = 12
APPROXIMATE_WORDS = ("出头", "多", "左右", "上下", "来", "余")
"""A quoted phrase whose figure is approximate is a quotation (“一个月落六千出头”), not a name."""


SPOKEN_BREAKS = "，。！？；,!?;"
"""A quotation holding one of these (“一天杀三头，还不够卖”) quotes speech, not a name."""


def in_quoted_name(text: str, start: int, end: int) -> bool:
    """Whether a figure written in Chinese numerals stands inside a short phrase
    in quotation marks (“最后一公里”, “一带一路”): the phrase is a name, its
    numeral no figure. A quoted Arabic figure (“超过3万家”) or an approximate one
    (“一个月落六千出头”) still counts."""
    opened = text.rfind("“", max(0, start - QUOTED_NAME_MAX), start)
    if opened < 0 or "”" in text[opened:start]:
        return False
    closed = text.find("”", end, end + QUOTED_NAME_MAX)
    figure = text[start:end]
    return (0 <= closed - opened <= QUOTED_NAME_MAX and not any(c.isdigit() for c in figure)
            and not any(word in figure for word in APPROXIMATE_WORDS)
            and not any(ch in SPOKEN_BREAKS for ch in text[opened:closed]))


def groups_of(pattern: regex.Pattern[str]) -> Groups:
    found = _groups.get(pattern)
    if found is None:
        if len(_groups) > 512:
            _groups.clear()
        index = pattern.groupindex
        approx = tuple(index[n] for n in ("approx2", "approx", "approx_far") if n in index)
        found = _groups[pattern] = Groups(
            index.get("span"), index.get("num"), index.get("num2"), index.get("mag"), index.get("mag2"),
            index.get("unit"), index.get("unit2"), approx, index.get("dir"), index.get("basis"), index.get("half"),
            index.get("cur"), tuple(index[n] for n in MENTION_GROUPS if n in index),
        )
    return found


def _text(m: regex.Match[str], group: int | None) -> str | None:
    return None if group is None else m.group(group)


def _group(m: regex.Match[str], name: str) -> tuple[str | None, int, int]:
    if name not in m.re.groupindex:
        return None, -1, -1
    s, e = m.span(name)
    if s < 0:
        return None, -1, -1
    return m.group(name), s, e


def mention_span(m: regex.Match[str]) -> tuple[int, int]:
    return _mention_span(m, groups_of(m.re))


def _mention_span(m: regex.Match[str], g: Groups) -> tuple[int, int]:
    if g.span is not None:
        s, e = m.span(g.span)
        if s >= 0:
            return s, e
    start = end = -1
    for group in g.mention:
        s, e = m.span(group)
        if e > s:
            if start < 0 or s < start:
                start = s
            if e > end:
                end = e
    if start < 0:
        return m.span()
    return start, end


def interpret(rule: Rule, m: regex.Match[str], yuan: str = "CNY") -> Mention | None:
    """Value, unit, approx and sign of one match; None when the number does not parse."""
    g = groups_of(m.re)
    start, end = _mention_span(m, g)
    if end <= start:
        return None
    return _interpret(rule, m, g, start, end, yuan)


def _interpret(rule: Rule, m: regex.Match[str], g: Groups, start: int, end: int, yuan: str) -> Mention | None:
    """:func:`interpret`, given the match's groups and mention span."""
    num = _text(m, g.num)
    mag = _text(m, g.mag)
    mag2 = _text(m, g.mag2)
    unit_text = _text(m, g.unit)
    try:
        value_max = None
        num2 = _text(m, g.num2)
        spoken = None if num2 or not num or num[0].isdigit() else spoken_range(num)
        if spoken:
            value, implied_unit = _number_value(spoken[0], mag)
            value_max, _ = _number_value(spoken[1], mag)
        else:
            value, implied_unit = _number_value(num or "", mag)
        if num2:
            value_max, _ = _number_value(num2, mag)
            if mag2:
                value, _ = _number_value(num or "", mag2)
            elif _text(m, g.unit2):
                value, _ = _number_value(num or "", None)
    except NumberError:
        return None
    if value is None:
        return None
    if _text(m, g.half):
        value += HALF
    kind = rule.kind
    if unit_text == "元" and g.cur is not None:
        unit_text = m.group(g.cur) or unit_text
    unit, factor, op = _unit(rule.unit, kind, unit_text if unit_text is not None else implied_unit, yuan)
    if implied_unit == "%" and kind in ("growth", "share"):
        unit, factor, op = "%", ONE, None
    value = _apply(value, factor, op)
    value_max = _apply(value_max, factor, op) if value_max is not None else None
    approx = None
    if g.approx:
        qualifiers = tables().qualifiers
        for group in g.approx:
            word = m.group(group)
            if word and word in qualifiers:
                approx = qualifiers[word]
                break
    direction = _text(m, g.dir)
    if kind == "growth" and direction and (direction in tables().down_words
                                           or direction in tables().down_by_unit.get(unit or "", ())) \
            or kind == "quantity" and direction in tables().below_zero:
        value = -value
        if value_max is not None:
            value_max = -value_max
    return Mention(
        rule=rule, start=start, end=end, value=value, value_max=value_max, unit=unit,
        approx=approx, basis_word=_text(m, g.basis), dir_word=direction, unit_text=unit_text, match_start=m.start(),
        match_end=m.end(),
    )


ONE = Decimal(1)
HALF = Decimal("0.5")


@lru_cache(maxsize=2048)
def _number_value(num: str, mag: str | None) -> tuple[Decimal | None, str | None]:
    """Cached: documents repeat the same few thousand number strings, and Decimals
    are immutable (a NumberError is not cached, so it is raised every time)."""
    fraction = parse_fraction(num) if num else None
    if fraction is not None:
        return fraction, "%"
    if not num:
        return (magnitude(mag), None) if mag else (None, None)
    return scaled_number(num, mag), None


def unit_of(kind: str, unit_text: str | None, yuan: str) -> tuple[str | None, Decimal, str | None]:
    """The normalized unit of ``unit_text`` for a figure of ``kind``, the factor its
    value is multiplied by and its operation (see ``rules/tables/units.yaml``)."""
    return _unit(None, kind, unit_text, yuan)


@lru_cache(maxsize=4096)
def _unit(rule_unit: str | None, kind: str, text: str | None, yuan: str) -> tuple[str | None, Decimal, str | None]:
    if rule_unit is not None:
        return rule_unit, ONE, None
    if kind == "money" and text in (None, "元"):
        return yuan, ONE, None
    if text is None:
        return None, ONE, None
    section = tables().units.get(kind, {})
    entry = section.get(text)
    if entry is None:
        return (text or None), ONE, None
    if isinstance(entry, dict):
        return entry.get("unit"), Decimal(str(entry.get("factor", 1))), entry.get("op")
    return str(entry), ONE, None


def _apply(value: Decimal | None, factor: Decimal, op: str | None) -> Decimal | None:
    if value is None:
        return None
    if op == "doublings":
        return (Decimal(2) ** int(value) - 1) * 100
    return value * factor


def table_cell_mentions(ruleset: RuleSet, text: str, found: list[Mention], yuan: str = "CNY",
                        timeout: float | None = None) -> list[Mention]:
    """``found`` plus the bare numbers of pipe-table cells whose unit stands in
    their column header or row label (``| 收入(亿元) |`` over ``| 162.35 |``).

    Each such cell is read by the rules as the phrase it abbreviates (收入162.35亿元),
    and kept when one mention covers exactly its number and the unit; the mention
    spans the number in the cell."""
    cells = bare_number_cells(text)
    if not cells:
        return found
    taken = sorted((m.start, m.end) for m in found)
    added = []
    for cell in cells:
        if _overlaps(taken, bisect_left(taken, (cell.start, cell.end)), cell.start, cell.end):
            continue
        probe = cell.probe()
        start = cell.number_offset
        # a rule that reads no sign (a count) still covers a signed cell, sign and all
        starts = (start, start + 1) if probe[start:start + 1] in CELL_SIGNS else (start,)
        whole = next((m for m in find_mentions(ruleset, probe, yuan, timeout)
                      if m.start in starts and m.end == len(probe)), None)
        if whole is None:
            continue
        whole.start, whole.end = cell.start, cell.end
        whole.match_start, whole.match_end = cell.start, cell.end
        added.append(whole)
    if not added:
        return found
    return sorted(found + added, key=attrgetter("start"))
