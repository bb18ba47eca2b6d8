"""The extractor's document-level choices: which currency a bare 元 stands for."""
from __future__ import annotations

import pytest

import policyx


@pytest.mark.parametrize(
    "text, unit",
    [
        ("全市社会消费品零售总额412.5亿元。", "CNY"),
        ("台北市今年稅收約1,532億元，較上年增加3%。", "TWD"),
        ("地政總署公布，將軍澳一幅住宅用地以約48.6億元批出。", "HKD"),
        ("房屋署公布，新界公屋單位平均造價約186億元。", "HKD"),
        ("澳門特區政府今年博彩稅收入約420億元。", "MOP"),
    ],
)
def test_a_bare_yuan_takes_the_currency_of_the_region_the_text_names(text, unit):
    money = [r for r in policyx.extract(text) if r.kind == "money"]
    assert [r.unit for r in money] == [unit]
