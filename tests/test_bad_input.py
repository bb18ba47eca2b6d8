"""Bad input never stops a run or loses a record (issue 7).

Each case runs the installed ``policyx extract`` on one bad input between two good
documents, and checks the exit code, the one stderr line naming the file and the
reason, and that the good documents' records are exactly the library's.
"""
from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import policyx
from policyx.decoding import read_document
from policyx.pipeline import process

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOOD = {"good_news.txt": SAMPLES / "industry_news.txt", "good_budget.txt": SAMPLES / "gbk_budget.txt"}
BIG5_TEXT = (
    "今年夏季用電吃緊，台電預估七月尖峰負載將達3,820萬瓩，較去年同期成長2.6%。\n"
    "經濟部指出，今年上半年全台用電量1,320億度，年成長3.1%；再生能源發電占比提高到11.5%。\n"
    "台電今年資本支出約1,950億元，將新增兩部燃氣機組。\n"
)
GBK_TEXT = (
    "××区2025年一般公共预算收入86.42亿元，同比增长4.6%。其中，税收收入61.75亿元，增长3.9%，税收占比71.5%。\r\n"
    "全年新增减税降费9.3亿元，惠及市场主体5.6万户。\r\n"
)
SENTENCE = "规模以上工业增加值同比增长6.2%，\r\n进出口总值6022.9亿元，新增企业128家。\r\n"


def policyx_command() -> list[str]:
    script = Path(sys.executable).with_name("policyx")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policyx"]


def run(*args: str, cwd: Path, prefix: tuple[str, ...] = (), input: bytes | None = None,
        timeout: float = 300, jobs: str | None = "1") -> subprocess.CompletedProcess[str]:
    """``policyx extract``, in one process unless ``jobs`` says otherwise: these cases
    test reading and per-document isolation; the worker pool has its own test below."""
    options = ["-j", jobs] if jobs else []
    done = subprocess.run([*prefix, *policyx_command(), "extract", *options, *args], cwd=cwd, input=input,
                          capture_output=True, timeout=timeout)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                       done.stderr.decode("utf-8"))


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def extractor() -> policyx.Extractor:
    return policyx.Extractor()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A directory holding the good documents, where policyx runs (no config file)."""
    for name, sample in GOOD.items():
        shutil.copyfile(sample, tmp_path / name)
    return tmp_path


def expected(extractor: policyx.Extractor, path: Path, doc: str) -> list[dict]:
    text = read_document(str(path)).text
    return [json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in extractor.extract(text, doc)]


def by_doc(records: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for r in records:
        grouped.setdefault(r["doc"], []).append(r)
    return grouped


def assert_good_documents_complete(extractor: policyx.Extractor, workdir: Path, stdout: str) -> None:
    grouped = by_doc(jsonl(stdout))
    for name in GOOD:
        assert grouped.get(name) == expected(extractor, workdir / name, name), name
        assert grouped[name]


def run_between_good(workdir: Path, bad: str, *options: str) -> subprocess.CompletedProcess[str]:
    return run("good_news.txt", bad, "good_budget.txt", *options, cwd=workdir)


def assert_one_error(stderr: str, name: str, reason: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"policyx: {name}: "), stderr
    assert reason in lines[0], stderr
    assert "Traceback" not in stderr


BINARY_CASES = {
    "png_header.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file (NUL byte at offset 8)"),
    "nul_in_text.txt": ("增长6.2%".encode() + b"\x00" + "新增企业128家".encode(), "binary file (NUL byte at offset"),
    "control_chars.txt": (bytes(range(1, 9)) * 200 + b"abc", "binary file (mostly control characters"),
    "random_high_bytes.txt": (bytes((i * 7919) % 127 + 128 for i in range(4000)), "nor clearly GB18030/GBK or Big5"),
}


@pytest.mark.parametrize("name", sorted(BINARY_CASES))
def test_binary_file_is_reported_and_skipped(extractor, workdir, name):
    data, reason = BINARY_CASES[name]
    (workdir / name).write_bytes(data)
    done = run_between_good(workdir, name)
    assert done.returncode == 1
    assert_one_error(done.stderr, name, reason)
    assert name not in by_doc(jsonl(done.stdout))
    assert_good_documents_complete(extractor, workdir, done.stdout)


def test_truncated_utf8_names_the_byte_and_line(extractor, workdir):
    data = "规模以上工业增加值同比增长6.2%。\n进出口总值6022.9亿元".encode()
    cut = data + "元".encode()[:2]
    (workdir / "cut.txt").write_bytes(cut)
    done = run_between_good(workdir, "cut.txt")
    assert done.returncode == 1
    assert_one_error(done.stderr, "cut.txt", f"ends inside a UTF-8 character (byte {len(data)}, line 2)")
    assert_good_documents_complete(extractor, workdir, done.stdout)


def test_invalid_utf8_in_the_middle_is_not_decoded_as_something_else(extractor, workdir):
    first_line = "规模以上工业增加值同比增长6.2%。\n".encode()
    (workdir / "bad_byte.txt").write_bytes(first_line + b"\xff" + "进出口总值6022.9亿元。".encode())
    done = run_between_good(workdir, "bad_byte.txt")
    assert done.returncode == 1
    assert_one_error(done.stderr, "bad_byte.txt", f"not UTF-8 (byte 0xFF at offset {len(first_line)}, line 2)")
    assert_good_documents_complete(extractor, workdir, done.stdout)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\xe3\x80\x80\n\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_empty_and_blank_files_succeed_with_no_records(extractor, workdir, content):
    (workdir / "blank.txt").write_bytes(content)
    done = run_between_good(workdir, "blank.txt")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "blank.txt" not in by_doc(jsonl(done.stdout))
    assert_good_documents_complete(extractor, workdir, done.stdout)


@pytest.mark.parametrize(
    "text, encoding, detected",
    [
        (GBK_TEXT, "gbk", "gb18030"),
        (GBK_TEXT, "gb18030", "gb18030"),
        (BIG5_TEXT, "big5", "big5"),
        (SENTENCE, "utf-16", "utf-16"),
        (SENTENCE, "utf-16-le", "utf-16"),
        (SENTENCE, "utf-16-be", "utf-16"),
        (SENTENCE, "utf-8-sig", "utf-8-sig"),
    ],
)
def test_encodings_detected_with_offsets_into_the_decoded_text(extractor, workdir, text, encoding, detected):
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    (workdir / "enc.txt").write_bytes(data)
    assert read_document(str(workdir / "enc.txt")).encoding == detected
    done = run_between_good(workdir, "enc.txt")
    assert done.returncode == 0, done.stderr
    records = by_doc(jsonl(done.stdout))["enc.txt"]
    assert records == [json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in extractor.extract(text, "enc.txt")]
    assert [r["text"] for r in records] == [text[r["start"]:r["end"]] for r in records]
    assert len(records) >= 3
    assert_good_documents_complete(extractor, workdir, done.stdout)


def test_carriage_returns_are_kept_in_offsets(workdir):
    (workdir / "crlf.txt").write_bytes(SENTENCE.encode("utf-16"))
    done = run("crlf.txt", cwd=workdir)
    money = [r for r in jsonl(done.stdout) if r["kind"] == "money"][0]
    assert SENTENCE[money["start"]:money["end"]] == "6022.9亿元"
    assert (money["line"], money["col"]) == (2, 6)


@pytest.mark.parametrize(
    "text, encoding, reason",
    [
        ("日本の経済産業省は、今年度の国内総生産が前年比で1.5%増加する見通しを発表した。輸出は好調である。", "euc_jp", "Japanese (EUC-JP)"),
        ("한국 정부는 올해 경제 성장률이 2.1%에 이를 것으로 전망했다. 수출은 반도체를 중심으로 증가하고 있다.", "euc_kr", "Korean (EUC-KR)"),
    ],
)
def test_other_cjk_encodings_are_reported_not_read_as_chinese(extractor, workdir, text, encoding, reason):
    (workdir / "foreign.txt").write_bytes(text.encode(encoding))
    done = run_between_good(workdir, "foreign.txt")
    assert done.returncode == 1
    assert_one_error(done.stderr, "foreign.txt", reason)
    assert_good_documents_complete(extractor, workdir, done.stdout)
    forced = run("foreign.txt", "--encoding", encoding, cwd=workdir)
    assert forced.returncode == 0, forced.stderr


def test_worker_pool_reports_bad_input_the_same_way(extractor, workdir):
    (workdir / "nul.txt").write_bytes(b"abc\x00def")
    names = ["good_news.txt", "missing.txt", "nul.txt", "good_budget.txt"] * 8
    done = run(*names, cwd=workdir, jobs="2")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "policyx: missing.txt: no such file", "policyx: nul.txt: binary file (NUL byte at offset 3), skipped",
    ] * 8
    grouped = by_doc(jsonl(done.stdout))
    for name in GOOD:
        assert grouped[name] == expected(extractor, workdir / name, name) * 8


def test_missing_file_among_good_ones(extractor, workdir):
    done = run_between_good(workdir, "missing.txt")
    assert done.returncode == 1
    assert done.stderr == "policyx: missing.txt: no such file\n"
    assert_good_documents_complete(extractor, workdir, done.stdout)


def test_strict_stops_at_the_first_failure_and_keeps_the_old_output(workdir):
    (workdir / "out.jsonl").write_text("previous\n", encoding="utf-8")
    done = run_between_good(workdir, "missing.txt", "--strict", "-o", "out.jsonl")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "policyx: missing.txt: no such file",
        "policyx: out.jsonl: not written: --strict stops at the first failure",
    ]
    assert (workdir / "out.jsonl").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in workdir.iterdir()) == ["good_budget.txt", "good_news.txt", "out.jsonl"]


def test_file_removed_between_listing_and_reading(extractor, tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copyfile(GOOD["good_news.txt"], tmp_path / name)
    results = process([str(tmp_path)], extractor, jobs=1)
    first = next(results)
    (tmp_path / "b.txt").unlink()
    rest = list(results)
    assert first.ok and first.records
    assert [r.error for r in rest] == [f"{tmp_path / 'b.txt'}: no such file", None]
    assert rest[1].records == extractor.extract(read_document(str(tmp_path / "c.txt")).text, str(tmp_path / "c.txt"))


def test_directory_with_a_bad_file_among_good_ones(extractor, workdir):
    tree = workdir / "tree"
    (tree / "sub").mkdir(parents=True)
    shutil.copyfile(GOOD["good_news.txt"], tree / "a.txt")
    (tree / "sub" / "b.txt").write_bytes(b"\x00\x01binary")
    shutil.copyfile(GOOD["good_budget.txt"], tree / "sub" / "c.md")
    done = run("tree", cwd=workdir)
    assert done.returncode == 1
    assert_one_error(done.stderr, "tree/sub/b.txt", "binary file")
    grouped = by_doc(jsonl(done.stdout))
    assert list(grouped) == ["tree/a.txt", "tree/sub/c.md"]
    assert grouped["tree/a.txt"] == expected(extractor, tree / "a.txt", "tree/a.txt")
    assert grouped["tree/sub/c.md"] == expected(extractor, tree / "sub" / "c.md", "tree/sub/c.md")


def test_file_name_that_is_not_utf8(workdir):
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    tree = workdir / "names"
    tree.mkdir()
    raw = os.fsencode(str(tree)) + b"/\xff\xfe.txt"
    with open(raw, "wb") as fh:
        fh.write(SENTENCE.encode())
    done = run("names", cwd=workdir)
    assert done.returncode == 0, done.stderr
    records = jsonl(done.stdout)
    assert {r["doc"] for r in records} == {"names/\udcff\udcfe.txt"}
    assert [r["text"] for r in records] == ["6.2%", "6022.9亿元", "128家"]


def test_binary_standard_input():
    done = run("-", cwd=Path.cwd(), input=b"\x7fELF\x02\x01\x01\x00" + bytes(64))
    assert done.returncode == 1
    assert done.stderr == "policyx: -: binary file (NUL byte at offset 7), skipped\n"


def as_another_user() -> tuple[str, ...] | None:
    """A command prefix that drops root (permission bits do not bind root), or None
    when this system cannot run policyx as another user."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups")
    probe = subprocess.run([*prefix, *policyx_command(), "--help"], capture_output=True, cwd="/")
    return prefix if probe.returncode == 0 else None


@pytest.fixture
def shared_workdir():
    """A work directory another user may enter (pytest's own are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="policyx-perm-"))
    path.chmod(0o755)
    for name, sample in GOOD.items():
        shutil.copyfile(sample, path / name)
        (path / name).chmod(0o644)
    yield path
    for p in path.rglob("*"):
        if p.is_dir():
            p.chmod(0o755)
    shutil.rmtree(path)


def test_directory_and_file_without_permission(extractor, shared_workdir):
    prefix = as_another_user()
    if prefix is None:
        pytest.skip("running as root, and policyx cannot be run as another user here (no setpriv, "
                    "or the interpreter is private to root): permission bits cannot be tested")
    tree = shared_workdir / "tree"
    (tree / "locked").mkdir(parents=True)
    shutil.copyfile(GOOD["good_news.txt"], tree / "a.txt")
    shutil.copyfile(GOOD["good_news.txt"], tree / "locked" / "hidden.txt")
    shutil.copyfile(GOOD["good_news.txt"], tree / "secret.txt")
    tree.chmod(0o755)
    (tree / "a.txt").chmod(0o644)
    (tree / "secret.txt").chmod(0o000)
    (tree / "locked").chmod(0o000)
    done = run("good_news.txt", "tree", "good_budget.txt", cwd=shared_workdir, prefix=prefix)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "policyx: tree/secret.txt: permission denied",
        "policyx: tree/locked: cannot list directory: Permission denied",
    ]
    grouped = by_doc(jsonl(done.stdout))
    assert list(grouped) == ["good_news.txt", "tree/a.txt", "good_budget.txt"]
    assert grouped["tree/a.txt"] == expected(extractor, tree / "a.txt", "tree/a.txt")
    for name in GOOD:
        assert grouped[name] == expected(extractor, shared_workdir / name, name)


def test_twenty_megabyte_single_line(extractor, workdir):
    filler = "各地区各部门坚持稳中求进工作总基调，推动经济运行持续向好，高质量发展扎实推进。"
    half = 10 * 1024 * 1024 // len(filler.encode()) + 1
    text = ("前三季度规模以上工业增加值同比增长6.2%。" + filler * half + "全市进出口总值6022.9亿元，新增企业128家。"
            + filler * half + "民营企业占比45.2%。")
    assert "\n" not in text and len(text.encode()) > 20 * 1024 * 1024
    (workdir / "huge.txt").write_text(text, encoding="utf-8")
    done = run_between_good(workdir, "huge.txt")
    assert done.returncode == 0, done.stderr
    records = by_doc(jsonl(done.stdout))["huge.txt"]
    assert [(r["text"], r["value"]) for r in records] == [
        ("6.2%", 6.2), ("6022.9亿元", 602290000000), ("128家", 128), ("45.2%", 45.2),
    ]
    assert all(text[r["start"]:r["end"]] == r["text"] and r["line"] == 1 and r["col"] == r["start"] + 1
               for r in records)
    assert records[-1]["end"] == len(text) - 1
    assert_good_documents_complete(extractor, workdir, done.stdout)


YAML_BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
rules: *i
"""


@pytest.mark.parametrize(
    "content, where, reason",
    [
        (YAML_BOMB, "2:8", "'*a' is an alias, and anchors and aliases (&name, *name) are not allowed"),
        ("rules:\n  - !!python/object/apply:os.system ['echo pwned']\n", "2:5", "could not determine a constructor"),
        ("rules: " + "[" * 5000 + "]" * 5000 + "\n", "1:57", "nested more than 50 levels deep"),
        ("rules:\n  - id: a.b\n    kind: count\n    id: c.d\n", "4:5", "duplicate key 'id'"),
    ],
)
def test_hostile_rule_file_is_a_rule_error(workdir, content, where, reason):
    (workdir / "hostile.yaml").write_text(content, encoding="utf-8")
    done = run_between_good(workdir, "good_news.txt", "--rules", "hostile.yaml")
    assert done.returncode == 2
    first, last = done.stderr.splitlines()
    assert first.startswith(f"policyx: hostile.yaml:{where}: ") and reason in first
    assert last.startswith("policyx: 1 problem(s) in the rules")
    assert done.stdout == ""
    assert not (workdir / "pwned").exists()


def test_pattern_that_backtracks_fails_only_its_document(extractor, workdir):
    (workdir / "slow.yaml").write_text(
        "rules:\n  - id: slow.count\n    kind: count\n    pattern: '(?P<num>(\\d|\\d\\d)+)[^\\d\\n]'\n",
        encoding="utf-8",
    )
    (workdir / "digits.txt").write_text("1" * 60 + "\n", encoding="utf-8")
    done = run("digits.txt", "good_news.txt", "--no-default-rules", "--rules", "slow.yaml", "--timeout", "0.5",
               cwd=workdir, timeout=120)
    assert done.returncode == 1
    assert_one_error(done.stderr, "digits.txt", "rule slow.count ran longer than 0.5s")
    assert by_doc(jsonl(done.stdout))["good_news.txt"]


def test_absurdly_long_number_fails_at_most_its_document(extractor, workdir):
    (workdir / "digits.txt").write_text("全年收入" + "1" * 5000 + "元。", encoding="utf-8")
    done = run_between_good(workdir, "digits.txt")
    assert "internal error" not in done.stderr
    assert_good_documents_complete(extractor, workdir, done.stdout)


def test_output_path_in_a_missing_directory(workdir):
    done = run("good_news.txt", "-o", "no/such/dir/out.jsonl", cwd=workdir)
    assert done.returncode == 2
    assert done.stderr == "policyx: no/such/dir/out.jsonl: directory no/such/dir does not exist; create it first\n"
    assert done.stdout == ""
    assert not (workdir / "no").exists()


def test_output_path_that_is_a_directory(workdir):
    (workdir / "out").mkdir()
    done = run("good_news.txt", "-o", "out", cwd=workdir)
    assert done.returncode == 2
    assert done.stderr == "policyx: out: is a directory; give a file name\n"
    assert list((workdir / "out").iterdir()) == []
