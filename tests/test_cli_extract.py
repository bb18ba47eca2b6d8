"""`policyx extract` as a user runs it: inputs, formats, output files, filters, rules, encodings."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from policyx.cli import app
from policyx.records import FIELDS

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
NEWS = SAMPLES / "industry_news.txt"
SENTENCE = "规模以上工业增加值同比增长6.2%，进出口总值6022.9亿元，新增企业128家。"

USER_RULES = """\
macros:
  VISITS: '人次'
rules:
  - id: tourism.visitors
    kind: visitors
    priority: 100
    unit: 人次
    pattern: '接待游客(?P<num>{{ARABIC}})(?P<mag>{{MAG}})?{{VISITS}}'
"""
TOURISM = "全年接待游客3200万人次，旅游收入412.6亿元。"


@pytest.fixture(autouse=True)
def no_config_file(tmp_path, monkeypatch):
    """Run from an empty directory, so no policyx.yaml of the developer's is picked up."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def news_records(tmp_path_factory) -> list[dict]:
    """The unfiltered JSON Lines records of the news sample, to compare other runs with."""
    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("news"))
    try:
        return jsonl(run(str(NEWS)).stdout)
    finally:
        os.chdir(here)


def run(*args: str, input: str | bytes | None = None):
    result = CliRunner().invoke(app, ["extract", *args], input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_file_piped_gives_json_lines():
    result = run(str(NEWS))
    assert result.exit_code == 0
    records = jsonl(result.stdout)
    assert records
    assert all(list(r) == list(FIELDS) for r in records)
    assert {r["doc"] for r in records} == {str(NEWS)}
    source = NEWS.read_text(encoding="utf-8")
    assert all(source[r["start"]:r["end"]] == r["text"] for r in records)


def test_stdin_dash():
    result = run("-", input=SENTENCE)
    assert result.exit_code == 0
    records = jsonl(result.stdout)
    assert [(r["doc"], r["text"], r["value"]) for r in records] == [
        ("-", "6.2%", 6.2), ("-", "6022.9亿元", 602290000000), ("-", "128家", 128),
    ]


def test_stdin_without_arguments():
    result = run(input=SENTENCE)
    assert result.exit_code == 0
    assert [r["kind"] for r in jsonl(result.stdout)] == ["growth", "money", "count"]


def test_directory_recursion(tmp_path):
    root = tmp_path / "docs"
    write(root / "b.txt", "同比增长6.2%。")
    write(root / "a.md", "增长**5.4%**。")
    write(root / "sub" / "deeper" / "c.txt", "新增企业128家。")
    write(root / "notes.csv", "增长9.9%")
    write(root / "sub" / "readme.rst", "增长8.8%")
    write(root / "sub" / "D.TXT", "增长7.7%")
    write(root / "sub.txt", "增长1.1%")
    result = run(str(root))
    assert result.exit_code == 0
    docs = [Path(r["doc"]).relative_to(root).as_posix() for r in jsonl(result.stdout)]
    assert docs == ["a.md", "b.txt", "sub.txt", "sub/D.TXT", "sub/deeper/c.txt"]


def test_format_json(news_records):
    result = run(str(NEWS), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == news_records


def test_format_json_with_no_records_is_an_empty_array(tmp_path):
    empty = write(tmp_path / "empty.txt", "这里没有数字。")
    result = run(str(empty), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_format_csv(news_records):
    result = run(str(NEWS), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(FIELDS)
    assert [row[FIELDS.index("text")] for row in rows[1:]] == [r["text"] for r in news_records]
    assert not result.stdout.startswith("\ufeff")


@pytest.mark.parametrize("name, fmt", [("out.jsonl", "jsonl"), ("out.json", "json"), ("out.csv", "csv")])
def test_output_format_from_extension(news_records, tmp_path, name, fmt):
    out = tmp_path / name
    result = run(str(NEWS), "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8-sig")
    if fmt == "jsonl":
        assert jsonl(text) == news_records
    elif fmt == "json":
        assert json.loads(text) == news_records
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["text"] for r in rows] == [r["text"] for r in news_records]


def test_csv_file_starts_with_bom_for_excel(tmp_path):
    out = tmp_path / "out.csv"
    run(str(NEWS), "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_format_option_wins_over_extension(tmp_path):
    out = tmp_path / "out.txt"
    result = run(str(NEWS), "-o", str(out), "--format", "jsonl")
    assert result.exit_code == 0
    assert jsonl(out.read_text(encoding="utf-8"))


def test_unknown_format_is_a_usage_error():
    result = run(str(NEWS), "--format", "yaml")
    assert result.exit_code == 2
    assert "yaml" in result.stderr
    assert "Traceback" not in result.stderr


SETTLED = [f for f in FIELDS if f not in ("metric", "period", "basis", "status", "sentence")]


@pytest.mark.parametrize("kinds", [["money"], ["money", "growth"], ["rank"]])
def test_kind_filter(news_records, kinds):
    args = [a for k in kinds for a in ("--kind", k)]
    records = jsonl(run(str(NEWS), *args).stdout)
    assert records
    assert {r["kind"] for r in records} == set(kinds)
    expected = [r for r in news_records if r["kind"] in kinds]
    assert [{k: r[k] for k in SETTLED} for r in records] == [{k: r[k] for k in SETTLED} for r in expected]


def test_kind_filter_keeps_context_fields(news_records):
    records = jsonl(run(str(NEWS), "--kind", "growth").stdout)
    assert records == [r for r in news_records if r["kind"] == "growth"]


def test_rules_file_added_to_defaults(tmp_path):
    rules = write(tmp_path / "tourism.yaml", USER_RULES)
    records = jsonl(run("--rules", str(rules), "-", input=TOURISM).stdout)
    assert [(r["kind"], r["rule"], r["value"], r["unit"]) for r in records] == [
        ("visitors", "tourism.visitors", 32000000, "人次"),
        ("money", "money.amount", 41260000000, "CNY"),
    ]


def test_rules_directory(tmp_path):
    write(tmp_path / "mine" / "tourism.yaml", USER_RULES)
    records = jsonl(run("--rules", str(tmp_path / "mine"), "-", input=TOURISM).stdout)
    assert "visitors" in {r["kind"] for r in records}


def test_no_default_rules(tmp_path):
    rules = write(tmp_path / "tourism.yaml", USER_RULES)
    result = run("--rules", str(rules), "--no-default-rules", "-", input=TOURISM)
    assert result.exit_code == 0
    assert [(r["kind"], r["value"]) for r in jsonl(result.stdout)] == [("visitors", 32000000)]


def test_invalid_rule_file_names_file_and_line(tmp_path):
    rules = write(tmp_path / "bad.yaml", "rules:\n  - id: broken.rule\n    kind: money\n    pattern: '(?P<num>[0-9'\n")
    result = run("--rules", str(rules), "-", input=TOURISM)
    assert result.exit_code == 2
    assert "bad.yaml:4" in result.stderr
    assert "broken.rule" in result.stderr
    assert "Traceback" not in result.stderr


def test_gbk_detected_and_encoding_option(tmp_path):
    path = write(tmp_path / "gbk.txt", SENTENCE, encoding="gbk")
    detected = jsonl(run(str(path)).stdout)
    forced = jsonl(run(str(path), "--encoding", "gbk").stdout)
    assert [r["text"] for r in detected] == ["6.2%", "6022.9亿元", "128家"]
    assert forced == detected


def test_wrong_encoding_is_a_one_line_error(tmp_path):
    path = write(tmp_path / "gbk.txt", SENTENCE, encoding="gbk")
    result = run(str(path), "--encoding", "utf-8")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"policyx: {path}:")


def test_utf16_and_bom_files(tmp_path):
    utf16 = write(tmp_path / "u16.txt", SENTENCE, encoding="utf-16")
    bom = write(tmp_path / "bom.txt", "\ufeff" + SENTENCE)
    for path in (utf16, bom):
        assert [r["text"] for r in jsonl(run(str(path)).stdout)] == ["6.2%", "6022.9亿元", "128家"]


def test_missing_file_does_not_stop_the_others(tmp_path):
    missing = tmp_path / "missing.txt"
    result = run(str(missing), str(NEWS))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"policyx: {missing}: no such file"]
    assert {r["doc"] for r in jsonl(result.stdout)} == {str(NEWS)}


def test_directory_without_text_files(tmp_path):
    (tmp_path / "nothing").mkdir()
    result = run(str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert str(tmp_path / "nothing") in result.stderr


def policyx(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policyx", *args], input=input, capture_output=True, timeout=60)


def test_pipe_into_a_json_reader_like_jq():
    """`policyx extract x.txt | jq .value` must just work: one JSON object per line."""
    done = policyx("extract", str(NEWS))
    assert done.returncode == 0
    assert done.stderr == b""
    values = [json.loads(line)["value"] for line in done.stdout.decode("utf-8").splitlines()]
    assert values and all(isinstance(v, (int, float)) for v in values)
    assert 285630000000 in values


def test_real_stdin_pipe():
    done = policyx("extract", "-", input=SENTENCE.encode("gbk"))
    assert done.returncode == 0
    assert [json.loads(line)["text"] for line in done.stdout.decode("utf-8").splitlines()] == ["6.2%", "6022.9亿元", "128家"]


def test_python_dash_m_help():
    done = policyx("--help")
    assert done.returncode == 0
    assert b"extract" in done.stdout


def command_paths(command, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every runnable command below ``command``, as the words a user types."""
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [" ".join(prefix)]
    return [p for name, sub in sorted(subcommands.items()) for p in command_paths(sub, (*prefix, name))]


COMMANDS = command_paths(typer.main.get_command(app))


def test_commands_are_found():
    assert "extract" in COMMANDS and "eval" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_command_documented_in_readme(command):
    """Every command has a heading of its own in README.md's command reference."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = [line for line in readme.splitlines() if line.startswith("#")]
    pattern = re.compile(rf"`policyx {re.escape(command)}(?:[ `])")
    assert any(pattern.search(h) for h in headings), f"README.md has no '### `policyx {command} ...`' heading"
