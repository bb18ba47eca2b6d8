"""The Dask path: a local cluster of worker processes gives the records one process gives."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from policyx.extractor import Extractor, _rebuild  # noqa: E402

SENTENCES = [
    "全年地区生产总值{a}.{b}亿元，同比增长{c}.{d}%。",
    "新增企业{a}{b}户，带动就业{c}万人以上。",
    "民营企业进出口额占外贸总值的{c}{d}.{b}%。",
    "规模继续位列全国第{c}，粮食产量{a}{d}万吨。",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dask-corpus")
    rnd = random.Random(11)
    for i in range(50):
        lines = [rnd.choice(SENTENCES).format(a=rnd.randint(1, 99), b=rnd.randint(0, 9), c=rnd.randint(1, 9),
                                              d=rnd.randint(0, 9)) for _ in range(rnd.randint(1, 30))]
        (root / f"doc{i:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def single_process(corpus: Path) -> list[dict]:
    extractor = Extractor()
    return [r.to_dict() for p in sorted(corpus.glob("*.txt")) for r in extractor.extract(p.read_text("utf-8"), str(p))]


def test_cluster_records_equal_single_process_records(client, corpus):
    from policyx.dask import read_records

    bag = read_records(str(corpus), files_per_partition=4)
    assert bag.npartitions == 13
    assert bag.compute() == single_process(corpus)


def test_each_worker_compiles_the_rules_once(client, corpus):
    from policyx.dask import read_records

    read_records(str(corpus), files_per_partition=2).compute()
    builds = client.run(lambda: _rebuild.cache_info().misses)
    assert len(builds) == 2 and all(n <= 1 for n in builds.values())


def test_globs_and_urls_name_documents_as_given(client, corpus):
    from policyx.dask import list_files, read_records

    assert list_files(str(corpus / "doc0*.txt")) == [str(corpus / f"doc0{i}.txt") for i in range(10)]
    url = f"file://{corpus}/doc1*.txt"
    docs = {r["doc"] for r in read_records(url).compute()}
    assert docs and all(d.startswith("file://") for d in docs)


def test_parquet_and_json_lines_partitions(client, corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from policyx.dask import read_records, to_jsonl, to_parquet

    bag = read_records(str(corpus), files_per_partition=10)
    to_parquet(bag, str(tmp_path / "pq"))
    to_jsonl(bag, str(tmp_path / "jl"))
    expected = single_process(corpus)
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == [f"part-{i:05d}.parquet" for i in range(5)]
    assert pq.read_table(tmp_path / "pq").num_rows == len(expected)
    lines = [json.loads(line) for p in sorted((tmp_path / "jl").iterdir()) for line in p.read_text("utf-8").splitlines()]
    assert lines == expected


def test_unreadable_files_are_skipped(client, corpus, tmp_path):
    from policyx.dask import read_records

    (tmp_path / "good.txt").write_text("同比增长6.2%", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    assert [r["doc"] for r in read_records(str(tmp_path)).compute()] == [str(tmp_path / "good.txt")]


def test_the_partition_function_is_what_spark_calls(corpus):
    import pickle

    from policyx.dask import SPARK_SCHEMA, ExtractFiles
    from policyx.records import FIELDS

    extract = pickle.loads(pickle.dumps(ExtractFiles(Extractor())))
    paths = [str(p) for p in sorted(corpus.glob("*.txt"))]
    assert extract(paths) == single_process(corpus)
    assert [part.split("`")[1] for part in SPARK_SCHEMA.split(", ")] == list(FIELDS)
