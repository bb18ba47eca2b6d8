"""Figures in pipe tables take their row's label and their column's header."""
from __future__ import annotations

from decimal import Decimal

import pytest

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
    assert tables.cell_at(TABLE.index("12.45%")) == Cell("中小学课桌椅采购", "下浮率", "中小学课桌椅采购（LJCG-2026-0871）")
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


CHANGES = """| 乡镇 | 补贴面积（万亩） | 面积比上年增减（万亩） | 就业率比上届增减（个百分点） | 增速比全市高/低（个百分点） |
| --- | --- | --- | --- | --- |
| 城关镇 | 3.42 | -0.18 | +2.1 | -3.7 |
| 石桥镇 | 2.95 | +0.05 | -1.8 | 3.1 |
"""


def test_a_change_column_names_an_increase_or_a_decrease_by_the_cell_s_sign():
    records = {(r.text, r.metric): r for r in policyx.extract(CHANGES)}
    metrics = {r.text: r.metric for r in records.values()}
    assert metrics["-0.18"] == "城关镇面积减少数" and metrics["+0.05"] == "石桥镇面积增加数"
    assert metrics["+2.1"] == "城关镇就业率"


def test_a_gap_column_named_both_ways_keeps_each_cell_s_sign():
    values = {r.text: r.value for r in policyx.extract(CHANGES)}
    assert (values["-3.7"], values["3.1"]) == (Decimal("-3.7"), Decimal("3.1"))


RANKED = """| 排名 | 企业 | 产值（亿元） | 增速 |
| --- | --- | --- | --- |
| 第1 | 岚海重工 | 412.6 | 8.3% |
| 第2 | 澜江石化 | 356.2 | -2.1% |
"""


def test_a_rank_in_the_first_column_names_the_row_and_what_is_ranked():
    tables = PipeTables(RANKED, newline_starts(RANKED))
    assert tables.ranked_row(RANKED.index("第2")) == ("澜江石化", "产值")
    assert tables.ranked_row(RANKED.index("356.2")) is None
    records = by_text(RANKED)
    assert records["第1"].metric == "岚海重工产值排名"
    assert records["第2"].metric == "澜江石化产值排名"


VILLAGES = """| 排名 | 村名 | 所属乡镇 | 经营性收入（万元） |
| --- | --- | --- | --- |
| 1 | 枫桥村 | 溪口镇 | 1286.5 |
| 2 | TZCG-2026-0417 | 白沙镇 | 1042.3 |
"""


def test_the_first_cell_in_words_labels_the_row():
    tables = PipeTables(VILLAGES, newline_starts(VILLAGES))
    assert tables.cell_at(VILLAGES.index("1286.5")).label == "枫桥村"
    assert tables.cell_at(VILLAGES.index("1042.3")).label == "白沙镇"


RANK_LAST = """| 城市 | 一般公共预算收入（亿元） | 增长 | 排名 |
| --- | --- | --- | --- |
| 澄州市 | 412.6 | 5.1% | 1 |
| 溱州市 | 312.6 | 4.1% | 2 |
"""


def test_a_rank_column_anywhere_names_the_row_and_what_is_ranked():
    assert by_text(RANK_LAST)["2"].metric == "溱州市一般公共预算收入排名"


SHARES = """| 排名 | 企业 | 纳税额（亿元） | 增长 | 占全市（%） |
| --- | --- | --- | --- | --- |
| 1 | 星辰半导体 | 12.6 | 5.1% | 8.1 |
"""


def test_a_share_column_names_what_the_row_s_figure_is_a_share_of():
    assert by_text(SHARES)["8.1"].metric == "星辰半导体纳税额占全市"


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



@pytest.mark.parametrize("header, cell", [("年度预算（万元）", "342"), ("年度目标", "342公里"), ("计划养护里程", "342公里"),
                                          ("计划招生（人）", "342"), ("招生计划", "342人"), ("年度计划投资（亿元）", "342")])
def test_a_figure_under_a_plan_or_goal_header_is_a_goal(header, cell):
    text = f"| 乡镇 | {header} | 完成年度计划（%） |\n| --- | --- | --- |\n| 青石镇 | {cell} | 93.0 |\n"
    records = by_text(text)
    assert (records[cell].status, records["93.0"].status) == ("target", "actual")

UNIT_IN_HEADER = """| 业务板块 | 收入(亿元) | 同比(%) | 占比（%） | 序号 |
| --- | --- | --- | --- | --- |
| 新能源装备 | 162.35 | -3.1 | 42.0 | 1 |
| 智能电网 | 118.70 | 6.5 | 30.7 | 2 |
"""


def test_bare_numbers_take_the_unit_in_their_column_header():
    records = by_text(UNIT_IN_HEADER)
    money = records["162.35"]
    assert (money.kind, money.to_dict()["value"], money.unit, money.metric) == ("money", 16235000000, "CNY", "新能源装备收入")
    assert UNIT_IN_HEADER[money.start:money.end] == "162.35"
    assert (records["-3.1"].kind, records["-3.1"].to_dict()["value"], records["-3.1"].basis) == ("growth", -3.1, "yoy")
    assert (records["30.7"].kind, records["30.7"].unit) == ("share", "%")


def test_a_bare_number_without_a_bracketed_unit_is_not_read():
    records = by_text(UNIT_IN_HEADER)
    assert "1" not in records and "2" not in records
    text = "| 指标 | 2025年 | 2026年 |\n| --- | --- | --- |\n| 企业数 | 4218 | 4390 |\n"
    assert policyx.extract(text) == []


def test_a_column_of_head_counts_gives_its_whole_numbers_that_measure_word():
    text = "| 班级 | 人数 | 平均分（分） |\n| --- | --- | --- |\n| 九（1）班 | 54 | 603.2 |\n"
    records = by_text(text)
    assert (records["54"].kind, records["54"].to_dict()["value"], records["54"].unit) == ("count", 54, "人")
    assert "企业数" not in [r.metric for r in records.values()]


def test_a_change_column_gives_the_size_of_a_fall():
    text = "| 乡镇 | 收入（万元） | 比上年增减（万元） |\n| --- | --- | --- |\n| 白石乡 | 2187 | -58 |\n"
    assert by_text(text)["-58"].to_dict()["value"] == 580000


def test_a_bare_number_takes_the_unit_in_its_row_label():
    text = "| 指标 | 2025年 | 2030年目标 |\n| --- | --- | --- |\n| 5G基站数（万个） | 0.6 | 3.5 |\n| 软件业务收入（亿元） | 525 | 1200 |\n"
    records = by_text(text)
    assert (records["0.6"].kind, records["0.6"].to_dict()["value"], records["0.6"].unit) == ("count", 6000, "个")
    assert (records["1200"].kind, records["1200"].to_dict()["value"], records["1200"].period) == ("money", 120000000000, "2030年")


def test_a_cell_with_its_own_unit_is_read_once():
    text = "| 项目 | 金额（万元） |\n| --- | --- |\n| 设备购置 | 316.8万元 |\n"
    assert [r.text for r in policyx.extract(text)] == ["316.8万元"]


def test_a_caption_gives_the_unit_of_columns_without_their_own():
    text = ("表1 2025年一般公共预算收支执行情况（单位：亿元）\n\n| 项目 | 预算数 | 执行数 | 完成预算% |\n"
            "| --- | --- | --- | --- |\n| 一般公共预算收入 | 178.50 | 181.27 | 101.6 |\n")
    records = by_text(text)
    assert (records["178.50"].kind, records["178.50"].to_dict()["value"], records["178.50"].status) == ("money", 17850000000, "target")
    assert (records["181.27"].status, records["101.6"].kind, records["101.6"].unit) == ("actual", "share", "%")


def test_a_caption_unit_skips_columns_of_years_and_codes():
    text = ("单位：万元\n| 序号 | 年份 | 项目 | 投资额 |\n| --- | --- | --- | --- |\n"
            "| 1 | 2025 | 科技创新专项 | 86500 |\n")
    assert [(r.text, r.kind) for r in policyx.extract(text)] == [("86500", "money")]


def test_a_change_column_takes_the_latest_year_and_header_years_stay_in_the_table():
    text = ("2026年，公司持续推进节能降碳。\n\n| 指标 | 2026年 | 2025年 | 变化 |\n| --- | --- | --- | --- |\n"
            "| 新鲜水取用量 | 318万立方米 | 335万立方米 | -5.1% |\n\n公益捐赠1860万元。\n")
    records = by_text(text)
    change = records["-5.1%"]
    assert (change.kind, change.period, change.metric) == ("growth", "2026年", "新鲜水取用量")
    assert records["335万立方米"].period == "2025年"
    assert records["1860万元"].period == "2026年"


def test_a_bare_number_keeps_the_qualifier_written_after_it():
    text = "| 指标 | 2030年目标 |\n| --- | --- |\n| 森林覆盖率（%） | 63以上 |\n"
    (record,) = policyx.extract(text)
    assert (record.text, record.kind, record.to_dict()["value"], record.approx) == ("63以上", "share", 63, "more_than")


def test_a_header_name_ending_in_a_digit_is_kept_apart_from_the_cell_number():
    text = "| 城市 | PM2.5(微克/立方米) |\n| --- | --- |\n| 岚溪市 | 21 |\n"
    records = [r for r in policyx.extract(text) if r.text == "21"]
    assert [(r.kind, r.to_dict()["value"], r.unit) for r in records] == [("quantity", 21, "微克/立方米")]


def test_a_bare_position_under_a_ranking_column_is_a_rank():
    table = ("| 区县 | 地区生产总值(亿元) | 排名 |\n| --- | --- | --- |\n"
             "| 澄南区 | 1,426.8 | 1 |\n| 高新区 | 1,108.5 | 2 |\n| 合计 | 2,535.3 | — |\n")
    ranks = [(r.text, r.value) for r in policyx.extract(table) if r.kind == "rank"]
    assert ranks == [("1", 1), ("2", 2)]
    cell = next(r for r in policyx.extract(table) if r.kind == "rank")
    assert table[cell.start:cell.end] == "1"


def test_a_number_in_a_header_row_names_a_column_and_is_no_figure():
    text = ("| 学校 | 教师（人） | 35岁以下（人） |\n| --- | --- | --- |\n| 一中 | 120 | 48 |\n")
    records = policyx.extract(text)
    assert all(r.start > text.index("| ---") for r in records)
    assert {r.text for r in records} >= {"120", "48"}


def test_a_column_against_the_climate_normal_has_no_basis():
    text = "| 地区 | 降水量（毫米） | 比常年（%） |\n| --- | --- | --- |\n| 澜北 | 1268 | 16.2 |\n"
    record = by_text(text)["16.2"]
    assert (record.kind, record.basis) == ("growth", None)
