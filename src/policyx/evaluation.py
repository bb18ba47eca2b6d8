"""Scoring extraction against gold annotations (SPEC section 4)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .decoding import read_document
from .extractor import Extractor
from .records import Record

CONTEXT_FIELDS = ("basis", "approx", "unit", "status", "period", "metric")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    overall: Counts = field(default_factory=Counts)
    kinds: dict[str, Counts] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_values: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    context: dict[str, list[int]] = field(default_factory=dict)
    disagreements: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = field(default_factory=dict)

    def kind(self, name: str) -> Counts:
        return self.kinds.setdefault(name, Counts())

    def agreement(self, name: str) -> float | None:
        agree, total = self.context.get(name, [0, 0])
        return agree / total if total else None


def values_agree(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    if a == b:
        return True
    return abs(a - b) <= 1e-4 * max(abs(a), abs(b))


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _squash(s: Any) -> str:
    return "".join(str(s).split())


def context_agrees(name: str, gold: Any, pred: Any) -> bool:
    if name in ("period", "metric"):
        if pred is None:
            return False
        g, p = _squash(gold), _squash(pred)
        return g in p or p in g
    return gold == pred


def load_gold(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object: {exc.msg}") from None
    return out


def score_document(gold: list[dict[str, Any]], preds: list[dict[str, Any]], score: Score) -> None:
    used: set[int] = set()
    matched_preds: set[int] = set()
    real = [g for g in gold if not g.get("ambiguous")]
    ambiguous = [g for g in gold if g.get("ambiguous")]
    for g in real:
        best = None
        for i, p in enumerate(preds):
            if i in used or not overlaps(g, p) or p["kind"] != g["kind"]:
                continue
            if values_agree(p["value"], g["value"]):
                best = i
                break
        if best is None:
            score.overall.fn += 1
            score.kind(g["kind"]).fn += 1
            near = [p for p in preds if overlaps(g, p)]
            if near:
                score.wrong_values.append((g, near[0]))
            else:
                score.misses.append(g)
            continue
        used.add(best)
        matched_preds.add(best)
        score.overall.tp += 1
        score.kind(g["kind"]).tp += 1
        p = preds[best]
        for name in CONTEXT_FIELDS:
            if name == "basis":
                if g["kind"] != "growth":
                    continue
            elif name in ("unit", "status", "period", "metric") and g.get(name) is None:
                continue
            tally = score.context.setdefault(name, [0, 0])
            tally[1] += 1
            if context_agrees(name, g.get(name), p.get(name)):
                tally[0] += 1
            else:
                score.disagreements.setdefault(name, []).append((g, p))
    for i, p in enumerate(preds):
        if i in matched_preds:
            continue
        touching_real = [g for g in real if overlaps(g, p)]
        if not touching_real and any(overlaps(g, p) for g in ambiguous):
            continue
        score.overall.fp += 1
        score.kind(p["kind"]).fp += 1
        if not touching_real:
            score.false_positives.append(p)


def evaluate(gold_dir: Path, docs_dir: Path, extractor: Extractor, encoding: str | None = None) -> Score:
    score = Score()
    gold_files = sorted(gold_dir.glob("*.jsonl"))
    if not gold_files:
        raise ValueError(f"{gold_dir}: no *.jsonl gold files")
    for gf in gold_files:
        doc_path = docs_dir / (gf.stem + ".txt")
        if not doc_path.exists():
            doc_path = docs_dir / (gf.stem + ".md")
        doc = read_document(str(doc_path), encoding)
        preds = [r.to_dict() for r in extractor.extract(doc.text, doc_path.name)]
        gold = load_gold(gf)
        for g in gold:
            g.setdefault("doc", doc_path.name)
        score_document(gold, preds, score)
    return score


def records_as_dicts(records: Iterable[Record]) -> list[dict[str, Any]]:
    return [r.to_dict() for r in records]
