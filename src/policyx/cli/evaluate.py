"""policyx eval: score extraction against gold annotations."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .typer_app import app
from .common import fail, load_extractor


@app.command("eval")
def eval_command(
    gold_dir: Path = typer.Argument(..., help="Directory of gold *.jsonl files (SPEC section 4)."),
    docs: Path = typer.Option(..., "--docs", help="Directory holding the articles the gold files annotate."),
    rules: List[str] = typer.Option([], "--rules", help="Rule file or directory to add (repeatable)."),
    no_default_rules: bool = typer.Option(False, "--no-default-rules", help="Use only the rules given with --rules."),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", help="Exit 1 when overall F1 is below this."),
    show: int = typer.Option(30, "--show", help="How many misses and false positives to list."),
    context: bool = typer.Option(True, "--context/--no-context", help="Print agreement of the context fields."),
    disagree: List[str] = typer.Option([], "--disagree", help="List matched pairs whose FIELD differs from gold (repeatable)."),
) -> None:
    """Score extraction against gold: P/R/F1 overall and per kind, with misses and false positives."""
    from ..decoding import InputError
    from ..evaluation import CONTEXT_FIELDS, evaluate

    if not gold_dir.is_dir():
        fail(f"{gold_dir}: not a directory of gold files")
    if not docs.is_dir():
        fail(f"{docs}: not a directory of articles")
    extractor = load_extractor(rules, no_default_rules, None)
    try:
        score = evaluate(gold_dir, docs, extractor)
    except (InputError, ValueError) as exc:
        fail(str(exc))

    def clip(s: str) -> str:
        return s.replace("\n", "⏎")

    print(f"misses ({len(score.misses)}), first {show}:")
    for g in score.misses[:show]:
        print(f"  {g['doc']}:{g['start']} {g['kind']} {clip(g['text'])!r} = {g['value']} {g.get('unit')}")
    print(f"wrong kind or value ({len(score.wrong_values)}), first {show}:")
    for g, p in score.wrong_values[:show]:
        print(f"  {g['doc']}:{g['start']} gold {g['kind']} {clip(g['text'])!r} = {g['value']}; got {p['kind']} {clip(p['text'])!r} = {p['value']} ({p['rule']})")
    print(f"false positives ({len(score.false_positives)}), first {show}:")
    for p in score.false_positives[:show]:
        print(f"  {p['doc']}:{p['start']} {p['kind']} {clip(p['text'])!r} = {p['value']} ({p['rule']})")
    for name in disagree:
        pairs = score.disagreements.get(name, [])
        print(f"{name} disagreements ({len(pairs)}), first {show}:")
        for g, p in pairs[:show]:
            print(f"  {g['doc']}:{g['start']} {clip(g['text'])!r} gold {g.get(name)!r} got {p.get(name)!r} | {clip(p.get('sentence') or '')[:60]}")
    if context:
        print("context agreement on matched pairs:")
        for name in CONTEXT_FIELDS:
            a = score.agreement(name)
            if a is not None:
                agree, total = score.context[name]
                print(f"  {name:<7} {a:.3f} ({agree}/{total})")
    print("per kind:")
    for name in sorted(score.kinds):
        c = score.kinds[name]
        print(f"  {name:<9} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f} (tp={c.tp} fp={c.fp} fn={c.fn})")
    o = score.overall
    print(f"overall P={o.precision:.3f} R={o.recall:.3f} F1={o.f1:.3f} (tp={o.tp} fp={o.fp} fn={o.fn})")
    if min_f1 is not None and o.f1 < min_f1:
        fail(f"overall F1 {o.f1:.3f} is below --min-f1 {min_f1}", code=1)
