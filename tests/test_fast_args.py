"""The quick parser of `policyx extract` command lines gives the command exactly
the values typer gives it, and leaves everything else to typer."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

import policyx.cli.extract as extract_command
from policyx.cli import app
from policyx.cli.fast_args import EXTRACT_OPTIONS, extract_arguments

NEWS = Path(__file__).resolve().parent.parent / "samples" / "industry_news.txt"

TAKEN = [
    ["a.txt"],
    [],
    ["-"],
    ["a.txt", "b.txt", "-", ""],
    ["a.txt", "-f", "jsonl", "-o", "out.csv"],
    ["--format=csv", "--output=x.csv", "a.txt"],
    ["--rules", "r1.yaml", "--rules=r2", "-k", "growth", "--kind", "money", "a.txt"],
    ["--no-default-rules", "--strict", "--verbose", "-v", "--progress", "--quiet", "-q", "a.txt"],
    ["--bom", "a.txt"],
    ["--no-bom", "a.txt"],
    ["--bom", "--no-bom", "a.txt"],
    ["--encoding", "gbk", "--config", "p.yaml", "a.txt"],
    ["--timeout", "2.5", "--jobs", "3", "a.txt"],
    ["--timeout=10", "-j", "0", "a.txt"],
    ["--timeout", "0.000001", "a.txt"],
    ["-f", "json", "-f", "csv", "a.txt"],
    ["-o", "-", "a.txt"],
    ["-o", "--help", "a.txt"],
    ["--format", "", "a.txt"],
    ["a.txt", "--format", "table", "b.txt"],
]
LEFT_TO_TYPER = [
    ["--help"],
    ["a.txt", "--help"],
    ["--", "-a.txt"],
    ["-vq", "a.txt"],
    ["-fjsonl", "a.txt"],
    ["-f=jsonl", "a.txt"],
    ["--strict=yes", "a.txt"],
    ["--jobs", "-1", "a.txt"],
    ["--jobs", "1e3", "a.txt"],
    ["--jobs", "007", "a.txt"],
    ["--jobs", "١٢", "a.txt"],
    ["--timeout", "1e-3", "a.txt"],
    ["--timeout", ".5", "a.txt"],
    ["--timeout", "inf", "a.txt"],
    ["--format"],
    ["--unknown", "a.txt"],
    ["-x", "a.txt"],
    ["--form", "jsonl", "a.txt"],
]


def typer_values(args: list[str], monkeypatch) -> dict | None:
    """What typer passes the command for ``extract ARGS``, or None when it stops first."""
    seen: list[dict] = []
    monkeypatch.setattr(extract_command, "run_extract", lambda **values: seen.append(values))
    CliRunner().invoke(app, ["extract", *args])
    return seen[0] if seen else None


@pytest.mark.parametrize("args", TAKEN, ids=" ".join)
def test_same_values_as_typer(args, monkeypatch):
    fast = extract_arguments(["extract", *args])
    assert fast is not None
    expected = typer_values(args, monkeypatch)
    assert fast == expected
    assert {k: type(v) for k, v in fast.items()} == {k: type(v) for k, v in expected.items()}


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=" ".join)
def test_anything_else_goes_to_typer(args):
    assert extract_arguments(["extract", *args]) is None


@pytest.mark.parametrize("argv", [[], ["--help"], ["rules", "list"], ["report", "a.txt"], ["Extract", "a.txt"]])
def test_other_commands_go_to_typer(argv):
    assert extract_arguments(argv) is None


def test_every_option_of_the_command_is_known():
    """The quick parser's table lists exactly the typer command's options."""
    command = typer.main.get_command(app).commands["extract"]
    declared = {}
    for param in command.params:
        if param.param_type_name != "option" or param.name == "help":
            continue
        declared[param.name] = (sorted(param.opts), sorted(param.secondary_opts), param.is_flag, param.multiple)
    table = {o.dest: (sorted(o.names), sorted(o.off), o.kind == "flag", o.kind == "many") for o in EXTRACT_OPTIONS}
    assert table == declared


def test_plain_extract_imports_neither_typer_nor_the_rule_loader(tmp_path):
    """A plain extract run skips typer; with the rules and tables cached it also
    skips PyYAML and the rule-file checker."""
    code = (
        "import sys\n"
        "from policyx.cli import main\n"
        f"sys.argv = ['policyx', 'extract', {str(NEWS)!r}, '-f', 'jsonl', '-o', {str(tmp_path / 'out.jsonl')!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    heavy = ('typer', 'click', 'pydantic', 'rich', 'yaml', 'policyx.rulefiles', 'policyx.yamlload',\n"
        "             'policyx.workers', 'multiprocessing', 'concurrent', 'charset_normalizer')\n"
        "    print(exc.code, sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy))\n"
    )
    env = {**os.environ, "POLICYX_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("POLICYX_CACHE", None)
    first, second = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
                     for _ in range(2))
    assert first.stdout.startswith("0 ") and "'yaml'" in first.stdout and "typer" not in first.stdout, first.stderr
    assert second.stdout == "0 []\n", second.stderr
    records = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(records[0])["text"] == "6.8%"
