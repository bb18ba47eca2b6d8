"""policyx benchmark: throughput against jionlp and the floor, memory, startup, --jobs.

    python bench/run.py              # the full run (about ten minutes on 2 cores)
    python bench/run.py --quick      # smaller corpora, to check the script works
    python bench/run.py --only throughput   # one part (repeat --only for more)

Builds a corpus of at least 20 MB from the sample articles (samples/ and, when
present, ../shared/corpus), each copy with its digits rotated so no two documents
are the same text, and measures in one run, one process per tool:

* characters per second of the policyx library (Extractor.extract), of its rules
  alone (normalizing and matching, no context: the part a faster regex engine
  would speed up, printed to show where the time goes), of jionlp's
  extract_money (the ``bench`` extra) and of the floor: decoding, OpenCC t2s and
  one ``regex`` scan for digits, which no extractor of this design can beat;
* peak memory of ``policyx extract DIR -o out.jsonl`` on a 2 MB and a 200 MB corpus;
* ``policyx extract one_small_file.txt`` against ``python -c "import regex, yaml, opencc"``;
* ``policyx extract DIR --jobs 1`` against ``--jobs 2`` (and that their outputs are
  byte-identical).

Every figure is printed as measured; the README quotes them with date and machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared" / "corpus"
SMALL_FILE = SAMPLES / "industry_news.txt"
TEXT_SUFFIXES = (".txt", ".md")
MB = 1_000_000


# --- corpus -----------------------------------------------------------------------

def source_texts() -> list[tuple[str, str]]:
    """(name, text) of every sample article, decoded as policyx decodes them."""
    from policyx.decoding import InputError, decode_bytes

    paths = [p for p in sorted(SAMPLES.rglob("*")) if p.suffix.lower() in TEXT_SUFFIXES and p.name != "README.md"]
    if SHARED.is_dir():
        paths += sorted(p for p in SHARED.rglob("*.txt"))
    texts = []
    for p in paths:
        try:
            texts.append((p.stem, decode_bytes(p.read_bytes(), str(p))[0]))
        except InputError:
            continue
    return texts


def rotate_digits(text: str, k: int) -> str:
    if k % 10 == 0:
        return text
    return text.translate({ord("0") + d: ord("0") + (d + k) % 10 for d in range(10)})


def build_corpus(folder: Path, min_bytes: int, texts: list[tuple[str, str]]) -> tuple[int, int, int]:
    """Copies of the sample articles as UTF-8 files until ``min_bytes`` are
    written; returns (files, bytes, characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = size = chars = 0
    k = 0
    while size < min_bytes:
        for name, text in texts:
            body = rotate_digits(text, k)
            data = body.encode("utf-8")
            (folder / f"{k:05d}_{name}.txt").write_bytes(data)
            files, size, chars = files + 1, size + len(data), chars + len(body)
            if size >= min_bytes:
                break
        k += 1
    return files, size, chars


# --- one process per tool -----------------------------------------------------------

def worker(tool: str, folder: Path) -> None:
    """Runs in its own process: times ``tool`` over every file of ``folder``."""
    files = sorted(folder.glob("*.txt"))
    process = setup(tool)
    chars = found = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for path in files:
        text = path.read_bytes().decode("utf-8")
        chars += len(text)
        found += process(text, path.name)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({"tool": tool, "chars": chars, "seconds": seconds, "cpu": cpu, "found": found,
                      "peak_mb": peak_rss_mb()}))


def setup(tool: str):  # type: ignore[no-untyped-def]
    """The per-document function of ``tool``, returning how many items it found."""
    if tool == "policyx":
        from policyx import Extractor

        extractor = Extractor()
        return lambda text, name: len(extractor.extract(text, name))
    if tool == "policyx-rules":
        from policyx import Extractor
        from policyx.normalize import normalize

        extractor = Extractor()
        return lambda text, name: len(extractor.mentions(normalize(text)))
    if tool == "jionlp":
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):
            from jionlp import ner
        return lambda text, name: len(ner.extract_money(text))
    if tool == "floor":
        import opencc
        import regex

        converter, digits = opencc.OpenCC("t2s"), regex.compile(r"[0-9]+")
        return lambda text, name: len(digits.findall(converter.convert(text)))
    raise SystemExit(f"unknown tool {tool}")


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


@dataclass
class Throughput:
    tool: str
    chars: int
    seconds: float
    cpu: float
    found: int
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.chars / self.seconds


def measure_tool(tool: str, folder: Path) -> Throughput | str:
    done = subprocess.run([sys.executable, __file__, "--worker", tool, str(folder)], capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return (done.stderr.strip().splitlines() or ["failed"])[-1]
    return Throughput(**json.loads(lines[-1]))


# --- commands ---------------------------------------------------------------------------

def policyx_command() -> list[str]:
    script = Path(sys.executable).parent / "policyx"
    return [str(script)] if script.exists() else [sys.executable, "-m", "policyx"]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def run_measured(args: list[str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak memory of the whole process tree in MB (sampled every
    50 ms; on systems without /proc, the largest single process), exit code and
    CPU seconds of the whole tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0.0]
    has_proc = Path("/proc/self/status").exists()

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if has_proc:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if has_proc:
        sampler.join()
    else:
        peak[0] = usage.ru_maxrss / (1 << 20 if sys.platform == "darwin" else 1024)
    return seconds, peak[0], proc.returncode, usage.ru_utime + usage.ru_stime


def best_wall(args: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of ``runs`` runs, after one unmeasured warm-up run."""
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- report ------------------------------------------------------------------------------

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    ram = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        ram = f", {kb / (1 << 20):.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return f"{cpu}, {os.cpu_count()} cores{ram}, {platform.system()} {platform.release()}, Python {platform.python_version()}{load}"


def say(line: str = "") -> None:
    print(line, flush=True)


def check(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 MB throughput corpus, 20 MB memory corpus")
    parser.add_argument("--workdir", help="where to build the corpora (default: a temporary folder)")
    parser.add_argument("--only", choices=PARTS, action="append",
                        help="run only this part (repeatable; default: all of them)")
    parser.add_argument("--worker", nargs=2, metavar=("TOOL", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="policyx-bench-"))
    try:
        run_all(work, quick=args.quick, parts=tuple(args.only or PARTS))
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


PARTS = ("throughput", "memory", "startup", "parallel")


def run_all(work: Path, quick: bool, parts: tuple[str, ...] = PARTS) -> None:
    corpus_mb, small_mb, large_mb = (2, 0.2, 20) if quick else (20, 2, 200)
    say(f"policyx benchmark, {datetime.now().strftime('%Y-%m-%d %H:%M')}")
    say(f"machine: {machine()}")
    texts = source_texts()
    files, size, chars = build_corpus(work / "corpus", int(corpus_mb * MB), texts)
    say(f"corpus: {len(texts)} sample articles copied to {files} files, {size / MB:.1f} MB, {chars:,} characters")
    say()
    rates: dict[str, float] = {}
    steps = {"throughput": lambda: rates.update(throughput(work / "corpus")),
             "memory": lambda: memory(work, small_mb, large_mb, texts),
             "startup": startup,
             "parallel": lambda: parallel(work / "corpus", files)}
    for part in (p for p in PARTS if p in parts):
        steps[part]()
        say()
    say("targets:")
    pol, jio, floor = rates.get("policyx"), rates.get("jionlp"), rates.get("floor")
    if pol and jio:
        say(f"  policyx >= 2x jionlp: {pol / jio:.2f}x, {check(pol / jio >= 2)}")
    if pol and floor:
        say(f"  policyx within 4x of the floor: {floor / pol:.2f}x, {check(floor / pol <= 4)}")


def throughput(folder: Path) -> dict[str, float]:
    say("throughput, one process per tool, the same documents (read + decode + process):")
    rates: dict[str, float] = {}
    labels = {"floor": "floor: decode + OpenCC t2s + regex digit scan",
              "policyx": "policyx library: Extractor.extract",
              "policyx-rules": "  of which rules only: normalize + match",
              "jionlp": "jionlp: ner.extract_money"}
    for tool in ("floor", "policyx", "policyx-rules", "jionlp"):
        result = measure_tool(tool, folder)
        if isinstance(result, str):
            say(f"  {labels[tool]:48s} could not run: {result}")
            continue
        rates[tool] = result.rate
        say(f"  {labels[tool]:48s} {result.rate / 1e6:6.3f} M chars/s  ({result.chars:,} chars in {result.seconds:.1f} s, "
            f"{result.chars / result.cpu / 1e6:.3f} M chars per CPU second, {result.found:,} found, "
            f"peak {result.peak_mb:.0f} MB)")
    if "policyx" in rates and "jionlp" in rates:
        say(f"  policyx / jionlp = {rates['policyx'] / rates['jionlp']:.2f}")
    if "policyx" in rates and "policyx-rules" in rates:
        say(f"  share of policyx's time in its rules: {rates['policyx'] / rates['policyx-rules']:.0%} (the rest: context)")
    if "policyx" in rates and "floor" in rates:
        say(f"  floor / policyx = {rates['floor'] / rates['policyx']:.2f}")
    return rates


def memory(work: Path, small_mb: float, large_mb: float, texts: list[tuple[str, str]]) -> None:
    say("peak memory of `policyx extract DIR -o out.jsonl` (all its processes together):")
    peaks = []
    for mb in (small_mb, large_mb):
        folder = work / f"memory-{mb:g}mb"
        files, size, chars = build_corpus(folder, int(mb * MB), texts)
        seconds, peak, code, cpu = run_measured(policyx_command() + ["extract", str(folder), "-o", str(work / "memory.jsonl")])
        peaks.append(peak)
        say(f"  {size / MB:6.1f} MB corpus ({files} files): peak {peak:.0f} MB in {seconds:.1f} s "
            f"({chars / seconds / 1e6:.2f} M chars/s, {cpu:.0f} CPU s, exit {code})")
        shutil.rmtree(folder, ignore_errors=True)
    say(f"  difference: {peaks[1] - peaks[0]:.0f} MB (target: within 50 MB), {check(peaks[1] - peaks[0] <= 50)}")


def startup() -> None:
    """Both commands run as on a normal install: with bytecode files written and
    read (an inherited PYTHONDONTWRITEBYTECODE would make every run recompile
    every policyx module, which no installed copy does)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    note = " (PYTHONDONTWRITEBYTECODE unset for both)" if len(env) < len(os.environ) else ""
    say(f"startup (median of 7 runs after a warm-up, bytecode on{note}):")
    baseline = best_wall([sys.executable, "-c", "import regex, yaml, opencc"], 7, env)
    one = best_wall(policyx_command() + ["extract", str(SMALL_FILE), "-f", "jsonl"], 7, env)
    say(f"  python -c \"import regex, yaml, opencc\"  {baseline:.3f} s")
    say(f"  policyx extract {SMALL_FILE.name:22s} {one:.3f} s  = {one / baseline:.2f}x (target: at most 2.5x), "
        f"{check(one / baseline <= 2.5)}")


def parallel(folder: Path, files: int) -> None:
    say(f"`policyx extract DIR -o out.jsonl --jobs N` on {files} files:")
    chars = sum(len(p.read_bytes().decode("utf-8")) for p in folder.glob("*.txt"))
    outputs, rates = [], []
    for jobs in (1, 2):
        out = folder.parent / f"jobs{jobs}.jsonl"
        load = f", load average before {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
        seconds, peak, code, cpu = run_measured(policyx_command() + ["extract", str(folder), "-o", str(out), "--jobs", str(jobs)])
        rates.append(chars / seconds)
        outputs.append(out.read_bytes())
        say(f"  --jobs {jobs}: {seconds:.1f} s, {chars / seconds / 1e6:.3f} M chars/s, {cpu:.1f} CPU s, "
            f"peak {peak:.0f} MB, exit {code}{load}")
    same = outputs[0] == outputs[1]
    say(f"  speedup {rates[1] / rates[0]:.2f}x (target: at least 1.7x on 2 cores), {check(rates[1] / rates[0] >= 1.7)}; "
        f"outputs byte-identical: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
