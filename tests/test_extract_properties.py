"""Properties every record and every offset map must have, on text as messy as the press makes it."""
from __future__ import annotations

import json
import math
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import policyx
from policyx.normalize import normalize
from policyx.resources import load_table

INDICATORS = [
    "同比增长6.2%", "增長５．２％", "營業收入2,356.7億元", "新增企业128家", "占比45.2%", "位列全省第三",
    "发电量76.5亿千瓦时", "增长两成", "翻一番", "投资3至5亿元", "约**812亿元**", "2723.6亿\n元",
    "七分之一", "下降1.2个百分点", "裝置容量260萬瓩", "超过300户", "增长1.1倍", "百分之五十",
    "增速10%—15%", "出口 3826.8 亿元", "**6.2%**", "1,320億度", "第17位", "约为82亿港元",
]
TRADITIONAL = "經濟總量網絡產業發展臺灣電萬億兩個與為這門業貨價額統計機組裝置備轉"
PINYIN = ["(wǎng)", "(chǎn)", "(yè)", "(lǜ)", "（zhí）", "(jì)", "(é)"]
PUNCTUATION = [
    "，", "。", "、", "；", "：", "！", "？", "\n", "\n\n", "\r\n", " ", "\u3000", "\t", "**", "__", "*", "~~",
    "(", ")", "（", "）", "%", "％", ".", "．", ",", "—", "-", "~", "“", "”", "#", "- ", "|",
]
EMOJI = ["👍", "👍🏽", "👨\u200d👩\u200d👧", "❤\ufe0f", "🇨🇳", "📈"]
UNITS = ["亿元", "万户", "家", "个百分点", "倍", "成", "番", "萬瓩", "千瓦时", "美元", "人次", "吨", "%"]

fragments = st.one_of(
    st.sampled_from(INDICATORS),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),
    st.text(st.sampled_from(TRADITIONAL), min_size=1, max_size=6),
    st.sampled_from(PINYIN),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(EMOJI),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
    st.text(st.sampled_from("0123456789.,%"), min_size=1, max_size=7),
    st.text(st.sampled_from("０１２３４５６７８９．，％"), min_size=1, max_size=5),
    st.text(st.sampled_from("零〇一二两兩三四五六七八九十百千万萬亿億"), min_size=1, max_size=5),
    st.sampled_from(UNITS),
    st.text(max_size=3),
)
documents = st.lists(fragments, max_size=40).map("".join)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DELETABLE = set("\n\r \t\u3000\u00a0*~_()（）") | set(load_table("text")["pinyin_letters"])


def line_and_col(source: str, offset: int) -> tuple[int, int]:
    line_start = source.rfind("\n", 0, offset) + 1
    return source.count("\n", 0, offset) + 1, offset - line_start + 1


@SETTINGS
@given(documents)
@example("前8月民营企业进出口额2723.6亿\n元，同比增长26.6%。")
@example("網(wǎng)上銷售額**約為82億港元**，增長５．２％👍")
@example("\r\n\r\n**")
@example("")
def test_records_point_into_the_source(source):
    for r in policyx.extract(source):
        assert 0 <= r.start < r.end <= len(source)
        assert r.text == source[r.start:r.end]
        assert (r.line, r.col) == line_and_col(source, r.start)
        for value in (r.value, r.value_max):
            assert value is None or value.is_finite()
        d = r.to_dict()
        for value in (d["value"], d["value_max"]):
            assert value is None or math.isfinite(value)
        json.dumps(d, allow_nan=False)


@SETTINGS
@given(documents)
@example("網(wǎng)絡**１２３**\r\n亿元")
def test_offset_map_is_monotonic(source):
    norm = normalize(source)
    mapped = [norm.to_original(i) for i in range(len(norm.text) + 1)]
    assert all(0 <= m <= len(source) for m in mapped)
    assert all(a < b for a, b in zip(mapped[:-1], mapped[1:-1]))
    assert mapped[-1] == len(source)
    if len(mapped) > 1:
        assert mapped[-2] < mapped[-1]


@SETTINGS
@given(documents)
def test_kept_characters_keep_their_meaning(source):
    """A digit in the normalized text is the same digit in the source, and nothing but
    layout, emphasis and pinyin annotations is ever deleted."""
    norm = normalize(source)
    kept = set()
    for i, ch in enumerate(norm.text):
        j = norm.to_original(i)
        kept.add(j)
        if "0" <= ch <= "9":
            assert unicodedata.digit(source[j]) == int(ch)
        if ch == "%":
            assert source[j] in "%％﹪"
    deleted = {source[j] for j in range(len(source)) if j not in kept}
    assert deleted <= DELETABLE
