"""Parallel extraction (`--jobs`), progress on standard error, Parquet output."""
from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

import policyx.pipeline as pipeline
import policyx.workers as workers
from policyx.extractor import Extractor
from policyx.pipeline import process

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SENTENCES = [
    "全年地区生产总值{a}.{b}亿元，同比增长{c}.{d}%。",
    "新增企业{a}{b}户，带动就业{c}万人以上。",
    "民营企业进出口额占外贸总值的{c}{d}.{b}%。",
    "规模继续位列全国第{c}，粮食产量{a}{d}万吨。",
    "今年3~4月营收约{a}000多万，比去年同期下降{d}.{c}%。",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Sixty generated articles in nested folders, with one binary file among them."""
    root = tmp_path_factory.mktemp("corpus")
    rnd = random.Random(5)
    for i in range(60):
        folder = root / f"part{i % 3}"
        folder.mkdir(exist_ok=True)
        lines = [rnd.choice(SENTENCES).format(a=rnd.randint(1, 99), b=rnd.randint(0, 9), c=rnd.randint(1, 9),
                                              d=rnd.randint(0, 9)) for _ in range(rnd.randint(1, 40))]
        (folder / f"doc{i:03d}.txt").write_text("\n".join(lines), encoding="utf-8")
    (root / "part1" / "broken.txt").write_bytes(b"\x00\x01binary")
    return root


def policyx(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policyx", *args], capture_output=True, timeout=300, cwd=cwd)


def test_two_jobs_write_the_same_bytes_as_one(corpus):
    one = policyx("extract", str(corpus), "--jobs", "1")
    two = policyx("extract", str(corpus), "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert one.stderr.decode().startswith(f"policyx: {corpus / 'part1' / 'broken.txt'}: binary file")
    assert len(one.stdout.splitlines()) > 300


def test_records_come_out_in_input_order(corpus):
    names = [r.name for r in process([str(corpus)], Extractor(), jobs=2)]
    assert names == sorted(str(p) for p in corpus.rglob("*.txt"))
    docs = [json.loads(line)["doc"] for line in policyx("extract", str(corpus), "-j", "2").stdout.splitlines()]
    assert docs == sorted(docs, key=names.index)


def test_library_results_equal_in_parallel(corpus):
    extractor = Extractor()
    single = [(r.name, r.error, [x.to_dict() for x in r.records]) for r in process([str(corpus)], extractor, jobs=1)]
    double = [(r.name, r.error, [x.to_dict() for x in r.records]) for r in process([str(corpus)], extractor, jobs=2)]
    assert double == single


def test_an_extractor_pickles_by_its_configuration():
    extractor = Extractor(kinds=["money"], timeout=3.0)
    copy = pickle.loads(pickle.dumps(extractor))
    assert copy.kinds == {"money"} and copy.timeout == 3.0
    assert [r.to_dict() for r in copy.extract("投资6022.9亿元，增长6.2%")] == \
        [r.to_dict() for r in extractor.extract("投资6022.9亿元，增长6.2%")]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to patch workers")
def test_a_worker_that_dies_fails_only_its_document(corpus, monkeypatch):
    victim = str(corpus / "part0" / "doc003.txt")
    real = pipeline.process_one

    def dies_on_victim(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == victim:
            os._exit(3)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(pipeline, "process_one", dies_on_victim)
    results = list(process([str(corpus)], Extractor(), jobs=2))
    failed = [r.name for r in results if not r.ok]
    assert victim in failed and len(failed) == 2
    assert [r.name for r in results] == sorted(str(p) for p in corpus.rglob("*.txt"))


def test_one_file_runs_without_workers(monkeypatch):
    monkeypatch.setattr(workers, "_pool", lambda *a: pytest.fail("no pool for a single document"))
    (result,) = process([str(SAMPLES / "industry_news.txt")], Extractor(), jobs=4)
    assert result.ok and result.records


def test_workers_are_forked_before_a_folder_is_listed(corpus, monkeypatch):
    """Forked after the listing, every worker would carry a copy of it: on a
    folder of 80,000 files, tens of MB each."""
    real = pipeline.expand_inputs
    workers_at_listing = []

    def listing(names):  # type: ignore[no-untyped-def]
        workers_at_listing.append(len(multiprocessing.active_children()))
        return real(names)

    monkeypatch.setattr(pipeline, "expand_inputs", listing)
    results = list(process([str(corpus)], Extractor(), jobs=2))
    assert workers_at_listing == [2] and len(results) == 61


def test_jobs_must_be_positive():
    done = policyx("extract", "--jobs", "0", str(SAMPLES / "industry_news.txt"))
    assert done.returncode == 2
    assert done.stderr == b"policyx: --jobs must be at least 1, not 0\n"


def test_no_progress_when_standard_error_is_not_a_terminal(corpus):
    assert policyx("extract", str(corpus / "part0"), "-j", "2").stderr == b""


def test_progress_on_request_is_a_plain_line(corpus):
    done = policyx("extract", str(corpus / "part0"), "--progress", "-o", "out.jsonl", cwd=corpus)
    lines = done.stderr.decode().splitlines()
    assert lines and lines[-1].startswith("policyx: 20/20 documents, ")
    assert lines[-1].endswith(" records, 0 errors")
    (corpus / "out.jsonl").unlink()


def test_quiet_wins_over_progress(corpus):
    assert policyx("extract", str(corpus / "part0"), "--progress", "--quiet").stderr == b""


def test_parquet_holds_the_same_records_as_json_lines(corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "records.parquet"
    done = policyx("extract", str(corpus / "part2"), "-o", str(target))
    assert done.returncode == 0, done.stderr
    rows = pq.read_table(target).to_pylist()
    expected = [json.loads(line) for line in policyx("extract", str(corpus / "part2")).stdout.splitlines()]
    assert len(rows) == len(expected) > 0
    for row, want in zip(rows, expected):
        assert row.keys() == want.keys()
        for key, value in want.items():
            assert row[key] == pytest.approx(value) if isinstance(value, float) else row[key] == value
