"""Output that other programs read is never half-written, and ends cleanly (issue 7):
-o is replaced only when complete, interrupts and closed pipes end without a
traceback, CSV is safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "samples" / "industry_news.txt"
BOM = "\ufeff".encode()


def policyx_command() -> list[str]:
    script = Path(sys.executable).with_name("policyx")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policyx"]


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*policyx_command(), "extract", *args], cwd=cwd, capture_output=True, timeout=300,
                          env=env)


@pytest.fixture
def big_dir(tmp_path: Path) -> Path:
    """Enough documents that a run takes a while."""
    corpus = tmp_path / "big"
    corpus.mkdir()
    for i in range(2000):
        shutil.copyfile(NEWS, corpus / f"doc{i:04}.txt")
    return corpus


def temp_files(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.endswith(".part")]


def start_and_stop_partway(cwd: Path, out: Path, signum: int, jobs: str) -> subprocess.Popen[bytes]:
    """Start a run writing ``out``; send ``signum`` once its temporary file has records."""
    proc = subprocess.Popen([*policyx_command(), "extract", "-j", jobs, "big", "-o", out.name], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.stat().st_size > 0 for p in temp_files(cwd)):
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be stopped"
    os.killpg(proc.pid, signum)
    wait_or_kill(proc)
    return proc


def wait_or_kill(proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Wait for a run started in its own session; a hung one is killed, not left behind."""
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail(f"policyx hung: no exit {timeout:g}s after it was stopped")


def run_shell(script: str, cwd: Path) -> None:
    proc = subprocess.Popen(["bash", "-c", script], cwd=cwd, start_new_session=True)
    wait_or_kill(proc, timeout=300)
    assert proc.returncode == 0


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("signum, code, message", [(signal.SIGINT, 130, "interrupted"),
                                                     (signal.SIGTERM, 143, "terminated")])
def test_interrupted_run_keeps_the_old_file_and_cleans_up(big_dir, signum, code, message, jobs):
    cwd = big_dir.parent
    out = cwd / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    proc = start_and_stop_partway(cwd, out, signum, jobs)
    assert proc.returncode == code
    assert proc.stderr.read().decode() == f"policyx: {message}\n"
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert temp_files(cwd) == []


@pytest.mark.parametrize("previous", [True, False])
def test_killed_run_never_leaves_a_partial_output(big_dir, previous):
    cwd = big_dir.parent
    out = cwd / "out.jsonl"
    if previous:
        out.write_text("previous\n", encoding="utf-8")
    proc = start_and_stop_partway(cwd, out, signal.SIGKILL, "1")
    assert proc.returncode == -signal.SIGKILL
    if previous:
        assert out.read_text(encoding="utf-8") == "previous\n"
    else:
        assert not out.exists()
    # nothing can clean up after SIGKILL: what remains is the hidden temporary file,
    # never a file under the output's name
    assert all(p.name.startswith(".out.jsonl.") for p in temp_files(cwd))


def test_completed_run_replaces_the_file_and_keeps_its_permissions(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    out.chmod(0o640)
    done = run(str(NEWS), "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["doc"] for line in out.read_text(encoding="utf-8").splitlines()][:1] == [str(NEWS)]
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert temp_files(tmp_path) == []


def test_new_output_file_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        done = run(str(NEWS), "-o", "new.jsonl", cwd=tmp_path)
    finally:
        os.umask(umask)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((tmp_path / "new.jsonl").stat().st_mode) == 0o644


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "table"])
def test_closed_pipe_ends_quietly(big_dir, fmt):
    command = " ".join(f"'{part}'" for part in policyx_command())
    script = f"{command} extract -j 1 -f {fmt} big 2>err.txt | head -1 > first.txt; echo ${{PIPESTATUS[0]}} > code.txt"
    run_shell(script, big_dir.parent)
    cwd = big_dir.parent
    assert (cwd / "err.txt").read_text() == ""
    assert (cwd / "code.txt").read_text().strip() == "0"
    first = (cwd / "first.txt").read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert json.loads(first)["doc"] == "big/doc0000.txt"
    else:
        assert first.strip()


def test_closed_pipe_with_worker_processes(big_dir):
    command = " ".join(f"'{part}'" for part in policyx_command())
    script = f"{command} extract big 2>err.txt | head -1 > first.txt; echo ${{PIPESTATUS[0]}} > code.txt"
    for _ in range(5):
        run_shell(script, big_dir.parent)
        assert (big_dir.parent / "err.txt").read_text() == ""
        assert (big_dir.parent / "code.txt").read_text().strip() == "0"


def test_full_disk_is_one_line(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full to stand for a full disk")
    with open("/dev/full", "w") as full:
        done = subprocess.run([*policyx_command(), "extract", "-j", "1", str(NEWS)], cwd=tmp_path, stdout=full,
                              stderr=subprocess.PIPE, timeout=300)
    assert done.returncode == 1
    assert done.stderr.decode() == "policyx: No space left on device\n"


def test_output_is_utf8_whatever_the_locale(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    done = run("-j", "1", str(NEWS), cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "规模以上工业增加值" in done.stdout.decode("utf-8")


HOSTILE = (
    "=HYPERLINK(\"http://evil\",\"点击\")同比增长6.2%，\n"
    "-2+3 出口额下降1.5%。\n"
    "@SUM(1,2)新增企业128家。\n"
    "+1 进出口总值6022.9亿元，\"进口\",\"出口\"。\n"
)


@pytest.fixture
def hostile_csv(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """A hostile document named like a formula, extracted as CSV to a file and to stdout."""
    (tmp_path / "=cmd.txt").write_text(HOSTILE, encoding="utf-8")
    to_file = run("-j", "1", "=cmd.txt", "-o", "out.csv", cwd=tmp_path)
    assert to_file.returncode == 0, to_file.stderr
    to_stdout = run("-j", "1", "=cmd.txt", "-f", "csv", cwd=tmp_path)
    assert to_stdout.returncode == 0, to_stdout.stderr
    return tmp_path, (tmp_path / "out.csv").read_bytes(), to_stdout.stdout


def test_csv_file_has_a_bom_and_stdout_has_none(hostile_csv):
    _, file_bytes, stdout_bytes = hostile_csv
    assert file_bytes.startswith(BOM + b"doc,rule,kind,text,")
    assert stdout_bytes.startswith(b"doc,rule,kind,text,")
    assert file_bytes[len(BOM):] == stdout_bytes


@pytest.mark.parametrize("option, to_file, has_bom", [
    ("--no-bom", True, False), ("--bom", False, True), ("--bom", True, True), ("--no-bom", False, False),
])
def test_bom_options_override_the_default(tmp_path, option, to_file, has_bom):
    args = ["-j", "1", str(NEWS), option, "-f", "csv"] + (["-o", "x.csv"] if to_file else [])
    done = run(*args, cwd=tmp_path)
    data = (tmp_path / "x.csv").read_bytes() if to_file else done.stdout
    assert data.startswith(BOM) is has_bom
    assert data.lstrip(BOM).startswith(b"doc,rule,")


def test_csv_is_rfc4180(hostile_csv):
    tmp_path, _, stdout_bytes = hostile_csv
    text = stdout_bytes.decode("utf-8")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert len({len(r) for r in rows}) == 1
    jsonl_records = [json.loads(line) for line in run("-j", "1", "=cmd.txt", "-f", "jsonl", cwd=tmp_path)
                     .stdout.decode("utf-8").splitlines()]
    assert len(body) == len(jsonl_records) >= 4
    for row, record in zip(body, jsonl_records):
        cells = dict(zip(header, row))
        assert cells["sentence"].lstrip("'") == record["sentence"]
        assert cells["text"] == record["text"]
    assert any('"' in r["sentence"] and "," in r["sentence"] for r in jsonl_records)


def test_csv_formulas_neutralised_and_numbers_kept(hostile_csv):
    _, _, stdout_bytes = hostile_csv
    rows = list(csv.DictReader(io.StringIO(stdout_bytes.decode("utf-8"), newline="")))
    numeric = ("start", "end", "line", "col", "value", "value_max")
    for row in rows:
        for name, cell in row.items():
            if name in numeric:
                assert cell == "" or float(cell) == float(cell)
            else:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    assert {row["doc"] for row in rows} == {"'=cmd.txt"}
    assert "'=HYPERLINK" in rows[0]["sentence"]
    falling = [row for row in rows if row["value"].startswith("-")]
    assert [row["value"] for row in falling] == ["-1.5"]


def test_standard_input_keeps_its_name_in_csv(tmp_path):
    done = subprocess.run([*policyx_command(), "extract", "-j", "1", "-", "-f", "csv"], cwd=tmp_path,
                          input="同比增长6.2%".encode(), capture_output=True, timeout=300)
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
    assert [row["doc"] for row in rows] == ["-"]
