"""The library's entry point: text in, records out."""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .context import attach_context, newline_starts
from .continued import with_previous_kinds
from .matching import Mention, find_mentions, table_cell_mentions
from .normalize import Normalized, normalize
from .records import Record
from .resources import load_table
from .rules import RuleSet, load_rules
from .tablecells import PipeTables

DEFAULT_TIMEOUT = 10.0


class Extractor:
    """Loads and compiles a rule set once; :meth:`extract` is then cheap to call.

    ``rules`` adds rule files or directories to the defaults (a user rule with a
    default rule's id replaces it); ``use_defaults=False`` uses only the user's.
    ``timeout`` bounds the seconds one rule may run on one document. ``kinds``
    keeps only records of those kinds; every rule still runs, so the records kept
    (and their context) are exactly those of an unfiltered run.
    """

    def __init__(
        self,
        rules: Sequence[str | Path] = (),
        use_defaults: bool = True,
        kinds: Iterable[str] | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        ruleset: RuleSet | None = None,
    ):
        self.rule_paths = [Path(p) for p in rules]
        self.use_defaults = use_defaults
        self.given_ruleset = ruleset is not None
        self.ruleset = ruleset or load_cached_rules(self.rule_paths, use_defaults)
        self.kinds = set(kinds) if kinds else None
        self.timeout = timeout

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Pickle by configuration: a worker process that unpickles the same
        configuration many times (a Dask task per partition) loads and compiles the
        rules once. An extractor made from a RuleSet object carries the rule set."""
        if self.given_ruleset:
            return (Extractor, ((), True, self.kinds, self.timeout, self.ruleset))
        kinds = tuple(sorted(self.kinds)) if self.kinds else None
        return (_rebuild, (tuple(str(p) for p in self.rule_paths), self.use_defaults, kinds, self.timeout))

    def mentions(self, norm: Normalized) -> list[Mention]:
        yuan = regional_yuan(norm)
        found = find_mentions(self.ruleset, norm.text, yuan, self.timeout)
        found = table_cell_mentions(self.ruleset, norm.text, found, yuan, self.timeout)
        return with_previous_kinds(outside_header_rows(found, norm.text), norm.text, yuan)

    def extract(self, text: str, doc: str = "-") -> list[Record]:
        norm = normalize(text)
        mentions = self.mentions(norm)
        lines = newline_starts(text)
        records = []
        for m in mentions:
            start, end = norm.original_span(m.start, m.end)
            line = bisect_right(lines, start)
            records.append(Record(
                doc=doc, rule=m.rule.id, kind=m.kind, text=text[start:end], start=start, end=end,
                line=line, col=start - lines[line - 1] + 1, value=m.value, value_max=m.value_max,
                unit=m.unit, approx=m.approx,
            ))
        attach_context(records, mentions, norm)
        if self.kinds:
            records = [r for r in records if r.kind in self.kinds]
        return records


def outside_header_rows(found: list[Mention], text: str) -> list[Mention]:
    """``found`` without what stands in a table's header row (| 35岁以下（人） | 2025年 |):
    a header names a column, and its numbers are part of the name."""
    if "|" not in text:
        return found
    tables = PipeTables(text, newline_starts(text))
    return [m for m in found if not tables.in_header_row(m.start)]


def load_cached_rules(paths: list[Path], use_defaults: bool) -> RuleSet:
    """``load_rules``, through the disk cache (see :mod:`policyx.rulecache`); the
    rules' scanner comes along, so a cached start compiles nothing."""
    from .matching import remember_scanner, scanner_for
    from .rulecache import cached, rule_inputs

    def build() -> tuple[RuleSet, object]:
        rules = load_rules(paths, use_defaults=use_defaults)
        return rules, scanner_for(tuple(r.compiled for r in rules.rules))

    ruleset, scanner = cached("rules", rule_inputs(paths, use_defaults), build)
    remember_scanner(scanner)
    return ruleset


@lru_cache(maxsize=8)
def _rebuild(rule_paths: tuple[str, ...], use_defaults: bool, kinds: tuple[str, ...] | None,
             timeout: float | None) -> "Extractor":
    return Extractor(rule_paths, use_defaults=use_defaults, kinds=kinds, timeout=timeout)


def regional_yuan(norm: Normalized) -> str:
    """The currency a bare 元 stands for in this document (SPEC: 元 is CNY on the mainland)."""
    table = load_table("units").get("regional_yuan") or {}
    sample = norm.text[:50000]
    best, hits = None, 0
    weight = table.get("currency_weight", 1)
    currencies = set(table.get("currency_words") or ())
    for code, markers in (table.get("regions") or {}).items():
        n = sum(sample.count(w) * (weight if w in currencies else 1) for w in markers)
        if n > hits:
            best, hits = code, n
    if norm.traditional:
        return best or table.get("traditional_default", "TWD")
    return table.get("default", "CNY")


@lru_cache(maxsize=4)
def default_extractor() -> Extractor:
    return Extractor()


def extract(text: str, doc: str = "-") -> list[Record]:
    """All indicator records in ``text`` with the default rules."""
    return default_extractor().extract(text, doc)
