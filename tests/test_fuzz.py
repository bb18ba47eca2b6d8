"""The whole pipeline on random text and random bytes (issue 7): nothing escapes,
every record points at its own text, every value is a finite number or null."""
from __future__ import annotations

import io
import json
import math
import os
from functools import lru_cache
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import policyx  # noqa: E402
from policyx.decoding import InputError, decode_bytes  # noqa: E402
from policyx.pipeline import process  # noqa: E402
from policyx.records import Record  # noqa: E402
from policyx.writers import make_writer  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
INDICATOR_CHARACTERS = (
    "0123456789０１２３４５６７８９.．,，%％‰万亿千百十一二两三四五六七八九零〇元美港台币"
    "增长下降减少提高同比环比占比比重率第位名居列全国省市家户个项人台条件吨公里千瓦时平方米亩倍成番"
    "约近超过逾余多以上以下左右至到—–-~、；：:。！？!?()（）《》“”\"'*_ \t\u3000\r\n"
    "年月日季度前今去上半全年目标力争预计有望将计划確保預計億萬增長個百分點網(wǎng)"
)
FRAGMENTS = [
    "同比增长6.2%", "6022.9亿元", "新增企业128家", "占比45.2%", "位列全国第八", "提高0.94个百分点",
    "增长1.1倍", "3至5亿元", "10%—15%", "百分之五十", "七分之一", "2900余万元", "翻两番", "1,234.5万吨",
    "出口 3826.8 亿元", "2723.6亿\n元", "**6.2%**", "全國第三", "成長2.6%", "1—11月", "前8月",
]
QUICK = settings(max_examples=int(os.environ.get("POLICYX_FUZZ_EXAMPLES", "150")), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])
"""A few seconds in the suite; set POLICYX_FUZZ_EXAMPLES=5000 to search longer."""

indicator_text = st.text(alphabet=INDICATOR_CHARACTERS, max_size=300)
any_text = st.text(max_size=300)
spliced = st.lists(st.one_of(st.sampled_from(FRAGMENTS), indicator_text, any_text), max_size=12).map("".join)


@lru_cache(maxsize=1)
def extractor() -> policyx.Extractor:
    return policyx.Extractor()


def check_records(records: list[Record], source: str) -> None:
    for r in records:
        assert 0 <= r.start <= r.end <= len(source)
        assert r.text == source[r.start:r.end]
        assert r.line == source.count("\n", 0, r.start) + 1
        assert r.col == r.start - (source.rfind("\n", 0, r.start) + 1) + 1
        d = r.to_dict()
        for name in ("value", "value_max"):
            assert d[name] is None or (isinstance(d[name], (int, float)) and math.isfinite(d[name]))
        json.dumps(d, ensure_ascii=False, allow_nan=False)
    for fmt in ("jsonl", "csv", "json"):
        out = io.StringIO()
        writer = make_writer(fmt, out)
        writer.write(records, source=source)
        writer.close()


@QUICK
@given(st.one_of(spliced, indicator_text, any_text))
def test_random_text(text):
    records = extractor().extract(text, "fuzz")
    check_records(records, text)


@QUICK
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8), st.sampled_from(["", "\n", "\r\n", "。", "，"]))
def test_figures_joined_in_any_order(fragments, separator):
    text = separator.join(fragments)
    check_records(extractor().extract(text, "fuzz"), text)


@QUICK
@given(st.one_of(
    st.binary(max_size=600),
    spliced.map(lambda t: t.encode("utf-8")),
    spliced.map(lambda t: t.encode("gb18030", errors="ignore")),
    spliced.map(lambda t: t.encode("utf-16")),
    st.tuples(spliced, st.binary(max_size=8)).map(lambda p: p[0].encode("utf-8") + p[1]),
))
def test_random_bytes_through_the_pipeline(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    path.write_bytes(data)
    (result,) = list(process([str(path)], extractor(), jobs=1))
    if result.ok:
        text, _ = decode_bytes(data, str(path))
        assert result.text == text
        check_records(result.records, text)
    else:
        assert result.error.startswith(f"{path}: ")
        assert "\n" not in result.error
        assert not result.records
        with pytest.raises(InputError):
            decode_bytes(data, str(path))
