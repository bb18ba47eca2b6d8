"""Running the examples and counterexamples that rules carry.

An example is either a sentence string (the rule must fire on it) or a mapping::

    - text: '新增“小巨人”企业100户'   # the sentence
      span: '100户'                   # optional: the expected record text
      value: 100                      # optional: expected value, unit, approx
      unit: '户'
      approx: null

A counterexample is a sentence on which the rule must not produce a record.
Examples run through the whole rule set, so a rule that loses every overlap to
another rule fails its own examples: the rule that silently never fires is caught.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .evaluation import values_agree
from .extractor import Extractor
from .matching import RuleTimeout
from .records import Record
from .rules import Example, Rule

CHECKED = ("span", "value", "value_max", "unit", "approx", "kind")


@dataclass
class ExampleResult:
    rule: Rule
    sentence: str
    counter: bool
    passed: bool
    expected: str
    got: str
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.rule.path}:{self.line or self.rule.line}"


@dataclass
class RuleSummary:
    rule: Rule
    examples_passed: int = 0
    examples: int = 0
    counter_passed: int = 0
    counter: int = 0

    @property
    def status(self) -> str:
        if not self.examples and not self.counter:
            return "untested"
        if self.examples_passed == self.examples and self.counter_passed == self.counter:
            return "ok"
        return "FAIL"


def describe(records: list[Record]) -> str:
    if not records:
        return "no record"
    return "; ".join(
        f"{r.text!r} value={r.to_dict()['value']!r} unit={r.unit!r} approx={r.approx!r}" for r in records
    )


def _agrees(record: Record, key: str, want: Any) -> bool:
    d = record.to_dict()
    if key in ("value", "value_max"):
        return values_agree(d[key], want)
    if key == "span":
        return record.text == want
    return d[key] == want


def _extract(extractor: Extractor, sentence: str) -> tuple[list[Record], str | None]:
    try:
        return extractor.extract(sentence), None
    except RuleTimeout as exc:
        return [], str(exc)


def check_example(extractor: Extractor, rule: Rule, example: Example) -> ExampleResult:
    want = {k: example.expect[k] for k in CHECKED if k in example.expect}
    expected = ", ".join(f"{k}={v!r}" for k, v in want.items()) or "a record"
    everything, error = _extract(extractor, example.text)
    if error:
        return ExampleResult(rule, example.text, False, False, expected, error, example.line)
    records = [r for r in everything if r.rule == rule.id]
    for r in records:
        if all(_agrees(r, k, v) for k, v in want.items()):
            return ExampleResult(rule, example.text, False, True, expected, describe([r]), example.line)
    got = describe(records)
    others = [r for r in everything if r.rule != rule.id]
    if others:
        got += f" (other rules: {describe(others)})"
    return ExampleResult(rule, example.text, False, False, expected, got, example.line)


def check_counterexample(extractor: Extractor, rule: Rule, example: Example) -> ExampleResult:
    everything, error = _extract(extractor, example.text)
    if error:
        return ExampleResult(rule, example.text, True, False, "no record", error, example.line)
    records = [r for r in everything if r.rule == rule.id]
    return ExampleResult(rule, example.text, True, not records, "no record", describe(records), example.line)


def run_rule_tests(extractor: Extractor, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    results = []
    for rule in extractor.ruleset.rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        results += [check_example(extractor, rule, ex) for ex in rule.examples]
        results += [check_counterexample(extractor, rule, ce) for ce in rule.counterexamples]
    return results


def summarize(rules: list[Rule], results: list[ExampleResult]) -> list[RuleSummary]:
    """One row per rule, in rule order."""
    rows = {r.id: RuleSummary(r) for r in rules}
    for res in results:
        row = rows.get(res.rule.id)
        if row is None:
            continue
        if res.counter:
            row.counter += 1
            row.counter_passed += res.passed
        else:
            row.examples += 1
            row.examples_passed += res.passed
    return list(rows.values())
