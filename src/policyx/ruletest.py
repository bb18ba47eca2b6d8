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
from .records import Record
from .rules import Rule

EXAMPLE_KEYS = {"text", "span", "value", "value_max", "unit", "approx", "kind"}


@dataclass
class ExampleResult:
    rule: Rule
    sentence: str
    counter: bool
    passed: bool
    expected: str
    got: str


def _describe(records: list[Record]) -> str:
    if not records:
        return "no record"
    return "; ".join(f"{r.text!r} value={r.to_dict()['value']} unit={r.unit} approx={r.approx}" for r in records)


def check_example(extractor: Extractor, rule: Rule, example: Any) -> ExampleResult:
    if isinstance(example, str):
        example = {"text": example}
    if not isinstance(example, dict) or "text" not in example:
        return ExampleResult(rule, str(example), False, False, "a sentence, or a mapping with 'text:'", "invalid example")
    unknown = set(example) - EXAMPLE_KEYS
    if unknown:
        return ExampleResult(rule, str(example.get("text")), False, False,
                             f"only keys {', '.join(sorted(EXAMPLE_KEYS))}", f"unknown key(s) {', '.join(sorted(unknown))}")
    sentence = str(example["text"])
    records = [r for r in extractor.extract(sentence) if r.rule == rule.id]
    want = {k: example[k] for k in ("span", "value", "value_max", "unit", "approx") if k in example}
    expected = ", ".join(f"{k}={v!r}" for k, v in want.items()) or "a record"
    for r in records:
        d = r.to_dict()
        if "span" in want and r.text != want["span"]:
            continue
        if "value" in want and not values_agree(d["value"], want["value"]):
            continue
        if "value_max" in want and not values_agree(d["value_max"], want["value_max"]):
            continue
        if "unit" in want and r.unit != want["unit"]:
            continue
        if "approx" in want and r.approx != want["approx"]:
            continue
        return ExampleResult(rule, sentence, False, True, expected, _describe([r]))
    others = [r for r in extractor.extract(sentence) if r.rule != rule.id]
    got = _describe(records)
    if not records and others:
        got += f" (other rules won: {', '.join(sorted({r.rule for r in others}))})"
    return ExampleResult(rule, sentence, False, False, expected, got)


def check_counterexample(extractor: Extractor, rule: Rule, sentence: Any) -> ExampleResult:
    sentence = str(sentence.get("text") if isinstance(sentence, dict) else sentence)
    records = [r for r in extractor.extract(sentence) if r.rule == rule.id]
    return ExampleResult(rule, sentence, True, not records, "no record", _describe(records))


def run_rule_tests(extractor: Extractor, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    results = []
    for rule in extractor.ruleset.rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        results += [check_example(extractor, rule, ex) for ex in rule.examples]
        results += [check_counterexample(extractor, rule, ce) for ce in rule.counterexamples]
    return results
