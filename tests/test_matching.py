"""Which matches become mentions: names that hold numerals are no figures."""
from __future__ import annotations

import pytest

import policyx


def test_a_chinese_numeral_inside_a_short_quoted_name_is_no_figure():
    assert policyx.extract("打通农村物流“最后一公里”") == []
    assert [r.text for r in policyx.extract("新增“超过3万家”企业")] == ["超过3万家"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("少喽，十个里头也就两三个。", [("两三个", "2")]),
        ("猪肉大葱的一两两块八，三鲜的一两三块五。", [("两块八", "2.8"), ("三块五", "3.5")]),
        ("羊肉串两块五一串。", [("两块五", "2.5")]),
        ("雞蛋產地價每台斤調漲2元至38元。", [("2元", "2"), ("38元", "38")]),
        ("每度調漲0.08元至0.19元。", [("0.08元至0.19元", "0.08")]),
        ("汽车、家电两类大宗消费表现突出。", []),
        ("企业贷款加权平均利率比上年同期低28个基点。", [("28个基点", "-0.28")]),
        ("92号汽油每升上调0.12元至7.85元。", [("0.12元", "0.12"), ("7.85元", "7.85")]),
    ],
)
def test_spoken_and_price_change_figures(text, expected):
    """Figures whose neighbours once bent them: the base of a proportion, 两 as a
    weight, a measure word after a price, a change then a new price."""
    records = policyx.extract(text)
    assert [(r.text, str(r.value)) for r in records] == expected


def test_a_currency_written_before_the_number_is_its_unit():
    """Mainland news about a Taiwan company: 新台币 before the figure decides its 元."""
    records = policyx.extract("台积电10月营收新台币3671亿元，公司在大陆的子公司营收52亿元。")
    assert [(r.text, r.unit) for r in records] == [("3671亿元", "TWD"), ("52亿元", "CNY")]
