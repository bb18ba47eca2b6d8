"""Rule authoring without code: `policyx rules validate|test|list`, `policyx explain`,
user rule packs, the config file, time limits, and the worked example of docs/rules.md."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyx.cli import app
from policyx.resources import default_rules_dir
from policyx.rules import SourceText, check_rules, expand

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules.md"
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?:rule (?P<rule>\S+): )?(?P<what>.+); (?P<fix>.+)$")

PATENTS = """\
rules:
  - id: patents.granted
    kind: patents
    priority: 40
    pattern: '专利授权量(?P<num>{{NUM}})(?P<mag>{{MAG}})?(?P<unit>件)'
    examples:
      - text: '专利授权量1.2万件'
        value: 12000
"""


@pytest.fixture(autouse=True)
def in_empty_directory(tmp_path, monkeypatch):
    """Each test runs in its own directory, so relative paths in messages are short
    and no developer's policyx.yaml is picked up."""
    monkeypatch.chdir(tmp_path)


def policyx(*args: str, input: str | None = None):
    result = CliRunner().invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def write(name: str, text: str) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rule_file(pattern: str, rid: str = "patents.granted", extra: str = "") -> Path:
    return write("my.yaml", f"rules:\n  - id: {rid}\n    kind: patents\n    pattern: {pattern}\n{extra}")


def problems(*args: str) -> list[str]:
    result = policyx("rules", "validate", *args)
    assert result.exit_code == 2, result.output
    lines = result.stdout.splitlines()
    for line in lines:
        assert PROBLEM_LINE.match(line), f"not FILE:LINE:COL: rule ID: what; fix: {line}"
    assert result.stderr == f"policyx: {len(lines)} problem(s) in the rules\n"
    return lines


# --- each error class: exact message shape ----------------------------------------


def test_clean_rule_set_exits_0():
    write("my.yaml", PATENTS)
    result = policyx("rules", "validate", "my.yaml")
    assert result.exit_code == 0
    assert re.fullmatch(r"ok: \d+ rules in \d+ file\(s\)\n", result.stdout)


def test_a_rule_searched_at_every_character_gets_a_note():
    rule_file("'[^，]{0,3}(?P<num>[0-9]+)(?P<unit>项)'")
    result = policyx("rules", "validate", "my.yaml")
    assert result.exit_code == 0
    assert result.stderr.startswith("policyx: note: my.yaml:2:5: rule patents.granted is searched at every character")


def test_default_rules_are_all_planned():
    result = policyx("rules", "validate")
    assert (result.exit_code, result.stderr) == (0, "")


def test_unknown_key():
    write("my.yaml", PATENTS.replace("    priority: 40\n", "    priorty: 40\n"))
    assert problems("my.yaml") == [
        "my.yaml:4:5: rule patents.granted: unknown key 'priorty'; did you mean 'priority'? "
        "a rule may have: id, kind, pattern, priority, unit, description, examples, counterexamples"
    ]


def test_unknown_top_level_key():
    write("my.yaml", PATENTS.replace("rules:\n", "rule:\n", 1))
    assert problems("my.yaml") == [
        "my.yaml:1:1: unknown top-level key 'rule'; did you mean 'rules'? a rule file has 'rules:' and optionally 'macros:'",
        "my.yaml:1:1: no 'rules:' list in this file; add 'rules:' followed by '- id: ...' items",
    ]


@pytest.mark.parametrize("key, hint", [
    ("kind", "growth, share, money, count, quantity, rank, or a kind of your own"),
    ("pattern", "the regex, in single quotes"),
])
def test_missing_kind_or_pattern(key, hint):
    text = "\n".join(line for line in PATENTS.splitlines() if not line.startswith(f"    {key}:")) + "\n"
    write("my.yaml", text)
    assert problems("my.yaml") == [f"my.yaml:2:5: rule patents.granted: missing '{key}:'; add it ({hint})"]


def test_missing_id_names_the_rule_by_its_place():
    write("my.yaml", PATENTS + "  - kind: patents\n    pattern: '(?P<num>{{NUM}})项'\n")
    assert problems("my.yaml") == ["my.yaml:9:5: rule #2: missing 'id:'; add it (unique dotted name, e.g. money.amount)"]


def test_duplicate_id_across_files():
    write("a.yaml", PATENTS)
    write("b.yaml", "# more patents\n" + PATENTS)
    assert problems("a.yaml", "b.yaml") == [
        "b.yaml:3:5: rule patents.granted: duplicate id; it is already defined at a.yaml:2:5; rename one of them"
    ]


def test_bad_regex_points_into_the_pattern():
    rule_file("'专利授权量(?P<num>{{NUM}})[件'")
    assert problems("my.yaml") == [
        "my.yaml:4:36: rule patents.granted: bad regex: missing ]: the character set opened here is never closed "
        "(at position 22 of the pattern); close the set with ']' or escape the '[' as \\["
    ]
    line = Path("my.yaml").read_text(encoding="utf-8").splitlines()[3]
    assert line[35] == "["


def test_bad_regex_position_counts_quotes_the_author_wrote():
    rule_file("'it''s(?P<num>{{NUM}}))件'")
    (line,) = problems("my.yaml")
    assert line.startswith("my.yaml:4:36: rule patents.granted: bad regex: unbalanced parenthesis (at position 21 of the pattern)")
    assert Path("my.yaml").read_text(encoding="utf-8").splitlines()[3][35] == ")"


def test_bad_regex_in_a_block_scalar():
    rule_file("|-\n      (?P<num>{{NUM}})\n      [件")
    (line,) = problems("my.yaml")
    assert line.startswith("my.yaml:6:7: rule patents.granted: bad regex: missing ]")


def test_bad_regex_in_a_files_macro_is_reported_at_the_macro():
    write("my.yaml", "macros:\n  WORD: '(专利'\n" + PATENTS.replace("'专利授权量", "'{{WORD}}授权量"))
    assert problems("my.yaml") == [
        "my.yaml:2:10: macro WORD: bad regex: missing ): the group opened here is never closed "
        "(at position 1 of the pattern); close the group with ')' or escape the '(' as \\("
    ]


def test_unknown_macro():
    rule_file("'专利授权量(?P<num>{{NUMM}})件'")
    assert problems("my.yaml") == [
        "my.yaml:4:28: rule patents.granted: unknown macro {{NUMM}}; did you mean {{NUM}}? define it under "
        "'macros:' at the top of this file or use a built-in one (see 'policyx rules list --macros')"
    ]


def test_macro_that_refers_to_itself():
    write("my.yaml", "macros:\n  LOOP: 'a{{LOOP}}'\n" + PATENTS)
    assert problems("my.yaml") == [
        "my.yaml:2:11: macro LOOP: macro {{LOOP}} refers to itself; a macro cannot contain its own name"
    ]


def test_unknown_named_group():
    rule_file("'专利授权量(?P<num>{{NUM}})(?P<units>件)'")
    assert problems("my.yaml") == [
        "my.yaml:4:36: rule patents.granted: unknown named group (?P<units>...); did you mean 'unit'? rename it to "
        "one the engine reads (num, num2, mag, mag2, unit, unit2, approx, approx2, per, half, cur, approx_far, dir, basis, span; see "
        "docs/rules.md), or make it unnamed with (?:...)"
    ]


def test_missing_num_group():
    rule_file("'专利授权量{{NUM}}件'")
    assert problems("my.yaml") == [
        "my.yaml:4:15: rule patents.granted: no (?P<num>...) group; the engine needs it for the value: write "
        "(?P<num>{{NUM}}) around the number"
    ]


def test_pattern_matching_the_empty_string():
    rule_file("'(?P<num>[0-9]*)'")
    assert problems("my.yaml") == [
        "my.yaml:4:15: rule patents.granted: pattern matches the empty string; make the number required: "
        "no ?, * or {0,} after the part that matches it"
    ]


def test_yaml_syntax_error():
    rule_file("(?P<num>{{NUM}})件: x")
    assert problems("my.yaml") == [
        "my.yaml:4:31: mapping values are not allowed here; a ': ' inside a value starts a mapping; "
        "put the value in single quotes"
    ]


@pytest.mark.parametrize("content, expected", [
    ("rules:\n  - id: a.b\n    kind: count\n    pattern: *num\n",
     "my.yaml:4:14: '*num' is an alias, and anchors and aliases (&name, *name) are not allowed; write the value out "
     "in full, or put it in single quotes if the * is part of the text"),
    ("a: &x 1\nb: &x 2\nrules: []\n",
     "my.yaml:2:4: anchor '&x' is defined twice (first at line 1); remove the anchors (&name): without aliases "
     "they do nothing"),
    ("rules: " + "[" * 60 + "]" * 60 + "\n",
     "my.yaml:1:57: nested more than 50 levels deep; remove the extra brackets or indentation (a rule file needs "
     "only a few levels: rules, a rule, its examples)"),
    ("rules:\n  - id: a.b\n    kind: count\n    id: c.d\n",
     "my.yaml:4:5: duplicate key 'id' (first at line 2); YAML would keep only the last one, so remove or rename one"),
    ("rules:\n  - id: a.b\n    ? [a]\n    : b\n",
     "my.yaml:3:7: a list or a mapping is used as a key; write a plain word before the ':', in single quotes if it "
     "has [ or {"),
    ("rules:\n  - id: a.b\n    kind: count\n    description: 2024-13-45\n",
     "my.yaml:4:18: cannot read this value: month must be in 1..12; put it in single quotes to keep it as text"),
    ("rules:\n  - id: a.b\n    kind: co\x01unt\n",
     "my.yaml:3:13: character U+0001 is not allowed in YAML; delete it (rule and config files are plain text)"),
    ("rules:\n  - !!python/object/apply:os.system [x]\n",
     "my.yaml:2:5: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'; "
     "remove the tag (tags like !!python are not allowed), or put the value in single quotes if the !! is part of "
     "the text"),
    ("rules: []\n---\nrules: []\n",
     "my.yaml:2:1: expected a single document in the stream, but found another document; remove the '---' line and "
     "what follows it (a rule file is one YAML document)"),
    ("rules:\n  - id: a.b\n    pattern: @x\n",
     "my.yaml:3:14: found character '@' that cannot start any token; put the value in single quotes"),
    ("rules:\n  - id: a.b\n    kind: count\n  pattern: 'x'\n",
     "my.yaml:4:3: expected <block end>, but found '?'; check the indentation: the keys of one rule line up under "
     "its 'id:'"),
])
def test_yaml_errors_each_have_their_own_fix(content, expected):
    write("my.yaml", content)
    assert problems("my.yaml") == [expected]


def test_rule_file_that_is_not_utf8():
    Path("my.yaml").write_bytes("rules:\n  - id: a.b\n    kind: 专利\xff\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    assert problems("my.yaml") == ["my.yaml:3:13: not UTF-8 text (byte 0xFF); save the file as UTF-8"]


def test_bad_examples():
    extra = "    examples:\n      - text: '专利1件'\n        value: '1件'\n        approx: roughly\n        span: '2件'\n"
    rule_file("'专利(?P<num>{{NUM}})件'", extra=extra)
    assert problems("my.yaml") == [
        "my.yaml:7:17: rule patents.granted: 'value:' is not a number; write it like 12000, without unit or "
        "magnitude word",
        "my.yaml:8:17: rule patents.granted: 'approx:' is not a known qualifier; use one of about, more_than, "
        "nearly, less_than, at_least, at_most, or null",
        "my.yaml:9:16: rule patents.granted: 'span:' is not part of the example's text; copy it from the text",
    ]


def test_missing_rule_file():
    assert problems("nothere.yaml") == ["nothere.yaml:1:1: no such rule file; check the path"]


def test_every_problem_of_every_file_is_listed():
    write("a.yaml", PATENTS.replace("patents.granted", "a.one").replace("{{NUM}}", "{{NUMM}}"))
    write("b.yaml", PATENTS.replace("patents.granted", "b.one").replace("(?P<unit>件)", "(?P<units>件)"))
    lines = problems("a.yaml", "b.yaml")
    assert [line.split(":")[0] for line in lines] == ["a.yaml", "b.yaml"]


# --- extract refuses an invalid rule set with the same messages ------------------------


def test_extract_refuses_invalid_rules_with_the_same_messages():
    rule_file("'专利授权量(?P<num>{{NUMM}})[件'")
    expected = problems("my.yaml")
    result = policyx("extract", "--rules", "my.yaml", "-", input="专利授权量1.2万件")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[:-1] == [f"policyx: {line}" for line in expected]
    assert lines[-1] == f"policyx: {len(expected)} problem(s) in the rules; fix them (see 'policyx rules validate')"


@pytest.mark.parametrize("command", [("rules", "test"), ("rules", "list"), ("explain", "-")])
def test_other_commands_refuse_invalid_rules(command):
    rule_file("'(?P<num>{{NUMM}})件'")
    args = [*command, "my.yaml"] if command[0] == "rules" else [*command, "--rules", "my.yaml"]
    result = policyx(*args, input="专利授权量1.2万件")
    assert result.exit_code == 2
    assert "my.yaml:4:23: rule patents.granted: unknown macro {{NUMM}}" in result.stderr


# --- rules test ----------------------------------------------------------------------


def test_default_rules_pass_their_examples():
    result = policyx("rules", "test")
    assert result.exit_code == 0, result.stdout
    assert re.search(r"\n(\d+) check\(s\): \1 passed, 0 failed\n$", result.stdout)
    assert "FAIL" not in result.stdout


def test_default_rules_directory_named_explicitly_passes():
    result = policyx("rules", "test", str(ROOT / "rules"))
    assert result.exit_code == 0, result.stdout


def test_every_default_rule_carries_examples():
    rules = json.loads(policyx("rules", "list", "--format", "json").stdout)
    assert rules
    assert [r["id"] for r in rules if r["examples"] == 0] == []


def test_failing_example_prints_expected_and_got():
    write("my.yaml", PATENTS.replace("value: 12000", "value: 1200"))
    result = policyx("rules", "test", "my.yaml")
    assert result.exit_code == 1
    assert "FAIL patents.granted: example at my.yaml:7\n" in result.stdout
    assert "  sentence: 专利授权量1.2万件\n" in result.stdout
    assert "  expected: value=1200\n" in result.stdout
    assert "  got:      '1.2万件' value=12000 unit='件' approx=None\n" in result.stdout
    assert re.search(r"\d+ check\(s\): \d+ passed, 1 failed", result.stdout)


def test_failing_counterexample():
    write("my.yaml", PATENTS + "    counterexamples:\n      - '专利授权量3件'\n")
    result = policyx("rules", "test", "my.yaml")
    assert result.exit_code == 1
    assert "FAIL patents.granted: counterexample at my.yaml:10\n" in result.stdout
    assert "  expected: no record\n" in result.stdout


def test_rule_that_loses_every_overlap_fails_its_example():
    write("my.yaml", PATENTS.replace("priority: 40", "priority: 1"))
    result = policyx("rules", "test", "my.yaml")
    assert result.exit_code == 1
    assert "got:      no record (other rules: '1.2万件' value=12000 unit='件'" in result.stdout


def test_rules_test_table_lists_the_named_files_rules():
    write("my.yaml", PATENTS)
    result = policyx("rules", "test", "my.yaml")
    assert result.exit_code == 0
    assert re.search(r"patents\.granted\s*│\s*patents\s*│\s*my\.yaml:2\s*│\s*1/1\s*│\s*0/0\s*│\s*ok", result.stdout)
    assert "count.measure" not in result.stdout


# --- user packs replacing defaults, -v ---------------------------------------------


def test_user_rule_replaces_default_and_verbose_says_so():
    write("my.yaml", "rules:\n  - id: money.amount\n    kind: money\n    pattern: '(?P<num>{{NUM}})(?P<unit>大洋)'\n")
    quiet = policyx("extract", "--rules", "my.yaml", "-", input="交了30大洋，收入6022.9亿元")
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    loud = policyx("extract", "--rules", "my.yaml", "-v", "-", input="交了30大洋，收入6022.9亿元")
    default = default_rules_dir() / "money.yaml"
    assert re.fullmatch(rf"policyx: my\.yaml:2:5: rule money\.amount replaces the default rule at {re.escape(str(default))}:\d+:\d+\n",
                        loud.stderr)
    records = [json.loads(line) for line in loud.stdout.splitlines()]
    assert [(r["rule"], r["text"]) for r in records] == [("money.amount", "30大洋")]
    listed = json.loads(policyx("rules", "list", "my.yaml", "--format", "json").stdout)
    assert [r["replaces"] is not None for r in listed if r["id"] == "money.amount"] == [True]


def test_no_default_rules_uses_only_the_users():
    write("my.yaml", PATENTS)
    result = policyx("extract", "--rules", "my.yaml", "--no-default-rules", "-", input="专利授权量1.2万件，增长8.5%")
    assert [json.loads(line)["rule"] for line in result.stdout.splitlines()] == ["patents.granted"]


# --- config file -----------------------------------------------------------------


def test_config_in_working_directory_names_rules_and_defaults():
    write("packs/my.yaml", PATENTS)
    write("policyx.yaml", "rules: [packs/my.yaml]\nno_default_rules: true\nformat: csv\n")
    write("a.txt", "专利授权量1.2万件，增长8.5%")
    result = policyx("extract", "a.txt")
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert header.startswith("doc,rule,kind,text")
    assert row.startswith("a.txt,patents.granted,patents,1.2万件")


def test_command_line_wins_over_config():
    write("my.yaml", PATENTS)
    write("policyx.yaml", "rules: my.yaml\nformat: csv\n")
    result = policyx("extract", "--format", "jsonl", "-", input="专利授权量1.2万件")
    assert json.loads(result.stdout.splitlines()[0])["rule"] == "patents.granted"


def test_config_option_names_another_file(tmp_path):
    write("conf/my.yaml", PATENTS)
    write("conf/team.yaml", "rules: [my.yaml]\n")
    assert policyx("rules", "validate", "--config", "conf/team.yaml").exit_code == 0
    listed = json.loads(policyx("rules", "list", "--config", "conf/team.yaml", "--format", "json").stdout)
    assert "patents.granted" in [r["id"] for r in listed]
    assert "patents.granted" not in policyx("rules", "list", "--format", "json").stdout


def test_config_rules_are_validated():
    write("my.yaml", PATENTS.replace("{{NUM}}", "{{NUMM}}"))
    write("policyx.yaml", "rules: [my.yaml]\n")
    assert problems()[0].startswith("my.yaml:5:")


@pytest.mark.parametrize("text, message", [
    ("rule: [my.yaml]\n", "policyx.yaml:1:1: unknown key 'rule'; did you mean 'rules'? a config file may have: "
                          "rules, no_default_rules, timeout, kinds, format, encoding"),
    ("timeout: soon\n", "policyx.yaml:1:10: timeout must be a number of seconds above 0, like 5"),
    ("no_default_rules: 1\n", "policyx.yaml:1:19: no_default_rules must be true or false"),
])
def test_bad_config_is_a_one_line_error(text, message):
    write("policyx.yaml", text)
    result = policyx("extract", "-", input="增长8.5%")
    assert result.exit_code == 2
    assert result.stderr == f"policyx: {message}\n"


def test_missing_config_file():
    result = policyx("extract", "--config", "nope.yaml", "-", input="增长8.5%")
    assert result.exit_code == 2
    assert result.stderr == "policyx: nope.yaml: no such config file\n"


# --- time limit --------------------------------------------------------------------

CATASTROPHIC = "rules:\n  - id: bad.backtrack\n    kind: count\n    pattern: '(?P<num>a+)+b'\n"


def run_module(*args: str) -> subprocess.CompletedProcess:
    # the subprocess timeout only guards the test run against a hang
    return subprocess.run([sys.executable, "-m", "policyx", *args], capture_output=True, text=True, timeout=300)


def test_catastrophic_pattern_fails_the_document_with_a_clear_error():
    write("cat.yaml", CATASTROPHIC)
    write("big.txt", "b" + "a" * 100_000)
    write("ok.txt", "同比增长6.2%")
    result = run_module("extract", "--rules", "cat.yaml", "--timeout", "0.5", "big.txt", "ok.txt")
    assert result.returncode == 1
    assert result.stderr == (
        "policyx: big.txt: rule bad.backtrack ran longer than 0.5s; its pattern backtracks catastrophically "
        "(nested repeats like (a+)+): simplify it\n"
    )
    assert [json.loads(line)["doc"] for line in result.stdout.splitlines()] == ["ok.txt"]


def test_timeout_from_config():
    write("cat.yaml", CATASTROPHIC)
    write("policyx.yaml", "rules: [cat.yaml]\ntimeout: 0.25\n")
    write("big.txt", "b" + "a" * 100_000)
    result = run_module("extract", "big.txt")
    assert result.returncode == 1
    assert "rule bad.backtrack ran longer than 0.25s" in result.stderr


def test_timeout_must_be_positive():
    result = policyx("extract", "--timeout", "0", "-", input="增长8.5%")
    assert result.exit_code == 2
    assert result.stderr == "policyx: --timeout must be above 0 seconds, not 0\n"


# --- rules list --------------------------------------------------------------------


def test_rules_list_table_and_json():
    write("my.yaml", PATENTS)
    table = policyx("rules", "list", "my.yaml")
    assert table.exit_code == 0
    assert re.search(r"patents\.granted\s*│\s*patents\s*│\s*40\s*│\s*my\.yaml:2\s*│\s*1\s*│\s*0", table.stdout)
    items = json.loads(policyx("rules", "list", "my.yaml", "--format", "json").stdout)
    mine = [i for i in items if i["id"] == "patents.granted"]
    assert mine == [{"id": "patents.granted", "kind": "patents", "priority": 40, "file": "my.yaml", "line": 2,
                     "examples": 1, "counterexamples": 0, "replaces": None, "description": None}]
    assert {i["kind"] for i in items} >= {"growth", "share", "money", "count", "quantity", "rank", "patents"}


def test_rules_list_macros():
    write("my.yaml", "macros:\n  WORD: '专利'\n" + PATENTS)
    items = json.loads(policyx("rules", "list", "my.yaml", "--macros", "--format", "json").stdout)
    names = {i["name"]: i for i in items}
    assert "NUM" in names and "MAG" in names
    assert names["WORD"] == {"name": "WORD", "pattern": "专利", "where": "my.yaml:2:10"}


# --- explain -------------------------------------------------------------------------

ARTICLE = "全年专利授权量1.2万件，同比增长8.5%。\n排名第3季度。占比达到45.2%。\n"


def test_explain_highlights_every_match_with_rule_and_value():
    result = policyx("explain", "-", input=ARTICLE)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "全年专利授权量⟦1.2万件⟧[count.measure: 12000 件]，同比增长⟦8.5%⟧[growth.percent: 8.5 %]。\n"
        "排名第3季度。占比达到⟦45.2%⟧[share.percent: 45.2 %]。\n"
    )
    assert result.stdout.endswith("3 record(s): count 1, growth 1, share 1\n")


def test_explain_colours_each_kind():
    result = policyx("explain", "--color", "-", input=ARTICLE)
    assert "⟦" not in result.stdout
    assert "\x1b[1;30;42m8.5%\x1b[0m" in result.stdout      # growth: green
    assert "\x1b[1;30;46m45.2%\x1b[0m" in result.stdout     # share: cyan


def test_explain_one_rule_shows_its_lost_matches():
    result = policyx("explain", "--rule", "share.percent", "-", input=ARTICLE)
    assert "同比增长⟦~8.5%~⟧[share.percent: 8.5 %, lost to growth.percent: its priority is higher (20 > 10)]" in result.stdout
    assert "⟦45.2%⟧[share.percent: 45.2 %]" in result.stdout
    assert "1.2万件⟦" not in result.stdout and "⟦1.2万件" not in result.stdout


def test_explain_unknown_rule():
    result = policyx("explain", "--rule", "share.percnt", "-", input=ARTICLE)
    assert result.exit_code == 2
    assert result.stderr == "policyx: no rule with id 'share.percnt'; did you mean 'share.percent'? see 'policyx rules list'\n"


def near(snippet: str, *extra: str) -> str:
    result = policyx("explain", *extra, "--near", snippet, "-", input=ARTICLE)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_near_reports_the_rule_that_lost_the_overlap():
    out = near("8.5%")
    assert "-:1:18: extracted\n" in out
    assert "    growth.percent (growth): extracted '8.5%' = 8.5 %\n" in out
    assert ("  matched, but lost an overlap:\n    share.percent (share): matched '8.5%' = 8.5 %, but lost the overlap "
            "to growth.percent '8.5%': its priority is higher (20 > 10)\n") in out


def test_near_reports_the_lookaround_that_refused():
    out = near("第3")
    assert "-:2:3: not extracted\n  sentence: 排名第3季度。\n" in out
    assert ("    rank.ordinal (rank): would match '第3' without its negative lookahead (?![0-9零〇一二两三四五六七八九十百千季产批条次届期款章节号个大家轮年天方"
            "周部项款阶档场孩胎件户套]|地段|地块…, which refuses the text after that point, '季度。'\n") in out


def test_near_reports_the_closest_rule_and_the_character_it_wants():
    write("my.yaml", PATENTS)
    result = policyx("explain", "--rules", "my.yaml", "--rule", "patents.granted", "--near", "1.5万项", "-",
                     input="专利授权量1.5万项。")
    assert result.stdout == (
        "\n-:1:6: extracted\n  sentence: 专利授权量1.5万项。\n  closest, one or two characters away:\n"
        "    patents.granted (patents): would match '专利授权量1.5万项' if '项' were another character (1 change)\n"
    )


def test_near_snippet_not_in_article():
    result = policyx("explain", "--near", "9.9%", "-", input=ARTICLE)
    assert result.exit_code == 1
    assert result.stderr == "policyx: -: '9.9%' does not occur in the article (compared after normalization)\n"


def test_near_matches_the_snippet_in_any_script():
    result = policyx("explain", "--near", "８.５％", "-", input=ARTICLE)
    assert "growth.percent (growth): extracted '8.5%'" in result.stdout


# --- positions in the author's file (library) ----------------------------------------


def test_expansion_maps_back_to_the_authors_pattern():
    exp = expand("a{{X}}b", {"X": "{{Y}}c", "Y": "d"})
    assert exp.text == "a(?:(?:d)c)b"
    assert [exp.source_offset(i) for i in range(len(exp.text) + 1)] == [0] + [1] * 10 + [6, 7]
    assert exp.macro_at(3) == "X" and exp.macro_at(0) is None


@pytest.mark.parametrize("raw, value, offset, where", [
    ("  pattern: 'ab''c(d'\n", "ab'c(d", 4, (1, 18)),
    ('  pattern: "a\\\\d(x"\n', "a\\d(x", 3, (1, 17)),
    ("  pattern: |-\n    abc\n    d(e\n", "abc\nd(e", 5, (3, 6)),
])
def test_scalar_position(raw, value, offset, where):
    source = SourceText(raw.split("\n"))
    line, col = (3, 5) if raw.endswith("d(e\n") else (1, 13)
    if raw.startswith("  pattern: |"):
        line, col = 2, 12
    assert source.scalar_position(line, col, value, offset) == where


def test_file_macro_named_like_a_builtin_is_checked_at_its_definition():
    path = write("my.yaml", "macros:\n  NUM: '[0-9'\nrules:\n  - id: x.y\n    kind: patents\n    pattern: '(?P<num>{{NUM}})件'\n")
    _, found = check_rules([path])
    assert [str(p) for p in found] == [
        "my.yaml:2:9: macro NUM: bad regex: missing ]: the character set opened here is never closed "
        "(at position 1 of the pattern); close the set with ']' or escape the '[' as \\["
    ]


# --- docs/rules.md: the worked example works as written ------------------------------


def doc_blocks() -> dict[str, str]:
    doc = DOCS.read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"<!-- (\S+: [^>]+?) -->\n```\w+\n(.*?)```", doc, re.S)}


def test_docs_example_files_are_present():
    blocks = doc_blocks()
    assert {"file: article.txt", "file: my.yaml", "file: broken.yaml"} <= set(blocks)


def test_docs_worked_example_adds_a_new_kind():
    blocks = doc_blocks()
    for key, text in blocks.items():
        if key.startswith("file: "):
            write(key[len("file: "):], text)
    assert policyx("rules", "validate", "my.yaml").exit_code == 0
    tested = policyx("rules", "test", "my.yaml")
    assert tested.exit_code == 0, tested.stdout
    result = policyx("extract", "--rules", "my.yaml", "article.txt", "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert "patents" in {r["kind"] for r in records}
    shown = [json.loads(line) for line in blocks["expect: policyx extract --rules my.yaml article.txt"].splitlines()]
    assert [{k: r[k] for k in ("kind", "text", "value", "unit")} for r in records] == shown


def test_docs_error_example_prints_what_the_docs_show():
    blocks = doc_blocks()
    write("broken.yaml", blocks["file: broken.yaml"])
    assert problems("broken.yaml") == blocks["expect-exact: policyx rules validate broken.yaml"].splitlines()


def test_docs_near_example_prints_what_the_docs_show():
    blocks = doc_blocks()
    write("my.yaml", blocks["file: my.yaml"])
    write("article2.txt", "全年授权专利数1.5万项。\n")
    out = policyx("explain", "--rules", "my.yaml", "article2.txt", "--near", "1.5万项").stdout.splitlines()
    shown = blocks["expect-lines: policyx explain --rules my.yaml article2.txt --near 1.5万项"].splitlines()
    positions = [out.index(line) for line in shown]
    assert positions == sorted(positions)
