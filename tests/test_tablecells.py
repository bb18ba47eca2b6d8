"""Figures in pipe tables take their row's label and their column's header."""
from __future__ import annotations

import policyx
from policyx.context import newline_starts
from policyx.tablecells import Cell, PipeTables

TABLE = """## 中标结果

| 项目名称 | 预算金额 | 下浮率 | 投标供应商 |
| --- | --- | --- | --- |
| 中小学课桌椅采购（LJCG-2026-0871） | 316.8万元 | 12.45% | 8家 |
| 政务云租赁服务 | 458.0万元 | 8.45% | 5家 |

共有13家供应商参与投标。
"""

QUARTER = """| 指标 | 一季度 | 同比 |
| --- | --- | --- |
| 新设经营主体 | 3.2万户 | +11.6% |
"""


def by_text(text: str) -> dict[str, policyx.Record]:
    return {r.text: r for r in policyx.extract(text)}


def test_cell_label_and_header():
    tables = PipeTables(TABLE, newline_starts(TABLE))
    assert tables.cell_at(TABLE.index("12.45%")) == Cell("中小学课桌椅采购", "下浮率")
    assert tables.cell_at(TABLE.index("13家")) is None
    assert tables.cell_at(TABLE.index("项目名称")) is None


def test_a_measure_header_is_part_of_the_metric():
    records = by_text(TABLE)
    assert records["316.8万元"].metric == "中小学课桌椅采购预算金额"
    assert records["5家"].metric == "政务云租赁服务投标供应商"
    assert records["13家"].metric != records["5家"].metric


def test_a_period_header_is_the_period_and_a_generic_one_is_left_out():
    records = by_text(QUARTER)
    assert (records["3.2万户"].metric, records["3.2万户"].period) == ("新设经营主体", "一季度")
    assert records["+11.6%"].metric == "新设经营主体"


def test_a_row_without_a_closing_pipe_is_not_a_cell():
    text = "| 指标 | 2025年 |\n| --- | --- |\n| 企业 | 4218 |\n全年获奖3项、省奖68项。"
    assert PipeTables(text, newline_starts(text)).cell_at(text.index("68项")) is None


def test_a_percent_under_a_change_header_is_growth():
    text = "| 指标 | 1—10月 | 同比 | 环比 |\n| --- | --- | --- | --- |\n| 换电量 | 3120万千瓦时 | -4.2% | 1.5% |\n"
    records = by_text(text)
    assert (records["-4.2%"].kind, records["-4.2%"].basis, records["-4.2%"].to_dict()["value"]) == ("growth", "yoy", -4.2)
    assert (records["1.5%"].kind, records["1.5%"].basis) == ("growth", "mom")


def test_a_cell_with_a_latin_unit_is_a_figure_not_a_label():
    text = "| 指标 | 2025年 | 2026年 | 增长 |\n| --- | --- | --- | --- |\n| 储能电池出货量 | 12.6GWh | 18.9GWh | 50.0% |\n"
    records = by_text(text)
    assert records["18.9GWh"].metric == "储能电池出货量"
    assert records["50.0%"].metric == "储能电池出货量"


def test_a_figure_under_a_budget_header_is_a_goal():
    text = "| 项目 | 预算数 | 执行数 |\n| --- | --- | --- |\n| 增值税 | 6.20亿元 | 5.84亿元 |\n"
    records = by_text(text)
    assert (records["6.20亿元"].status, records["5.84亿元"].status) == ("target", "actual")
