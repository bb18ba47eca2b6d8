"""Text normalization (SPEC section 3) and the offset map back to the original."""
from __future__ import annotations

import pytest

import policyx
from policyx.normalize import normalize


def original_of(source: str, needle: str) -> str:
    """The source characters behind the first occurrence of ``needle`` in the normalized text."""
    norm = normalize(source)
    i = norm.text.index(needle)
    start, end = norm.original_span(i, i + len(needle))
    return source[start:end]


def wrap(paragraph: str, width: int) -> str:
    return "\n".join(paragraph[i:i + width] for i in range(0, len(paragraph), width))


HEADLINE = "外贸进出口稳中提质"
BYLINE = "本报记者 周岚"
PARAGRAPHS = [
    "据海关统计，今年前三季度，我省货物贸易进出口总值1846.2亿元，同比增长8.7%，高于全国平均水平"
    "3.4个百分点。其中，出口1205.9亿元，增长11.2%，进口640.3亿元，增长3.9%。",
    "从经营主体看，有进出口实绩的外贸企业达到5862家，比去年同期增加431家，民营企业进出口1093.5亿元，"
    "占全省外贸总值的59.2%，比重较去年同期提升2.1个百分点。",
    "从商品结构看，机电产品共出口736.4亿元，增长14.6%，占出口总值的六成以上，其中电动载人汽车出口"
    "3.76万辆，增长1.4倍，锂离子蓄电池出口12.5亿美元。",
]


def column(width: int, paragraphs: list[str] = PARAGRAPHS) -> str:
    return "\n\n".join([HEADLINE, BYLINE] + [wrap(p, width) for p in paragraphs])


def flat(paragraphs: list[str] = PARAGRAPHS) -> str:
    return "\n\n".join([HEADLINE, BYLINE] + paragraphs)


class TestTraditional:
    def test_converted_to_simplified(self):
        norm = normalize("經濟總量增長，網絡零售額達到新高")
        assert norm.text == "经济总量增长,网络零售额达到新高"
        assert norm.traditional

    def test_offsets_preserved(self):
        source = "臺灣電力公司資本支出約1,950億元。"
        norm = normalize(source)
        assert len(norm.text) == len(source)
        assert [norm.to_original(i) for i in range(len(norm.text))] == list(range(len(source)))

    def test_simplified_text_not_flagged_traditional(self):
        assert not normalize("全市规模以上工业增加值同比增长6.8%。").traditional

    def test_span_gives_traditional_characters(self):
        assert original_of("今年上半年用電量達到1,320億度。", "1,320亿度") == "1,320億度"


class TestFullWidth:
    def test_digits_and_marks(self):
        assert normalize("１２３，４５６．７８％").text == "123,456.78%"

    def test_letters(self):
        assert normalize("ＧＤＰ增长").text == "GDP增长"

    def test_one_for_one(self):
        source = "增加值同比增长６．２％，占比４５．２％"
        assert len(normalize(source).text) == len(source)

    def test_full_width_parentheses(self):
        assert normalize("（一）主要指标").text == "(一)主要指标"


class TestPinyin:
    @pytest.mark.parametrize(
        "source, expected",
        [
            ("網(wǎng)絡", "网络"),
            ("產(chǎn)業(yè)發展", "产业发展"),
            ("備轉容量率(lǜ)目前", "备转容量率目前"),
            ("網（wǎng）絡", "网络"),
            ("零售業(yè)總銷貨價值", "零售业总销货价值"),
        ],
    )
    def test_removed(self, source, expected):
        assert normalize(source).text == expected

    @pytest.mark.parametrize(
        "source",
        ["企业(含个体户)", "国内生产总值(GDP)", "第(2)项", "附件(abc)", "条 (ā)"],
    )
    def test_other_parentheses_kept(self, source):
        assert normalize(source).text == source

    def test_span_covers_annotation_inside(self):
        assert original_of("網(wǎng)絡零售額", "网络") == "網(wǎng)絡"

    def test_mention_after_annotation(self):
        (record,) = policyx.extract("網(wǎng)上銷售額約為82億港元。")
        assert record.text == "約為82億港元"
        assert record.approx == "about"
        assert record.kind == "money"
        assert record.unit == "HKD"


class TestMarkdown:
    @pytest.mark.parametrize(
        "source, expected",
        [
            ("增长**6.2%**。", "增长6.2%。"),
            ("占比达到__63.4%__。", "占比达到63.4%。"),
            ("使用外资*3.2亿美元*", "使用外资3.2亿美元"),
            ("增长***5%***", "增长5%"),
            ("~~删除~~线", "删除线"),
        ],
    )
    def test_emphasis_removed(self, source, expected):
        assert normalize(source).text == expected

    def test_snake_case_kept(self):
        assert normalize("rule__id").text == "rule__id"

    def test_span_excludes_closing_emphasis(self):
        assert original_of("增长**6.2%**。", "6.2%") == "6.2%"

    def test_span_includes_emphasis_inside(self):
        assert original_of("计划总投资约**812亿元**。", "约812亿元") == "约**812亿元"
        assert original_of("其中企业**918**家", "918家") == "918**家"

    def test_record_in_emphasis(self):
        (record,) = policyx.extract("一般公共预算收入完成**3120.5亿元**。")
        assert record.text == "3120.5亿元"
        assert record.to_dict()["value"] == 312050000000


class TestLayoutBreaks:
    @pytest.mark.parametrize("width", [12, 16, 20, 24, 30])
    def test_column_text_reads_as_unwrapped(self, width):
        assert normalize(column(width)).text == normalize(flat()).text

    def test_paragraph_and_heading_breaks_stay(self):
        text = normalize(column(16)).text
        assert text.startswith(f"{HEADLINE}\n\n{BYLINE}\n\n据海关统计")
        assert text.count("\n\n") == 4

    def test_column_records_same_as_unwrapped(self):
        def key(records):
            return [(r.kind, r.value, r.unit) for r in records]

        assert key(policyx.extract(column(16))) == key(policyx.extract(flat()))

    def test_unit_split_from_magnitude_in_column(self):
        source = column(20)
        assert "736.4亿\n元" in source
        (record,) = [r for r in policyx.extract(source) if r.text.startswith("736.4")]
        assert record.text == "736.4亿\n元"
        assert record.to_dict()["value"] == 73640000000
        assert source[record.start:record.end] == record.text

    @pytest.mark.parametrize(
        "source, expected",
        [
            ("增长6.\n2%。", "增长6.2%。"),
            ("增长6.2\n%。", "增长6.2%。"),
            ("出口额2723.6\n亿元。", "出口额2723.6亿元。"),
            ("新增企业100\n户。", "新增企业100户。"),
            ("新投产光伏装机243万千\n瓦。", "新投产光伏装机243万千瓦。"),
            ("比上年提高3.6个百\n分点。", "比上年提高3.6个百分点。"),
        ],
    )
    def test_number_split_across_lines(self, source, expected):
        assert normalize(source).text == expected

    def test_prose_line_joined(self):
        source = "全市规模以上工业增加值同比增长6.8%，较上半年提高0.5个百分点，增速居全省\n第三。"
        assert "全省第三" in normalize(source).text
        assert original_of(source, "全省第三") == "全省\n第三"

    @pytest.mark.parametrize(
        "source",
        [
            "增长5%。\n下降3%。",
            "出口增长！\n进口下降。",
            "一、工业经济\n全市规模以上工业增加值增长6.8%，较上半年提高0.5个百分点。",
            "前三季度我市工业经济稳中有进\n\n全市规模以上工业增加值同比增长6.8%，较上半年提高0.5个百分点。",
            "## 主要指标\n\n- 地区生产总值增长5.5%左右；\n- 城镇新增就业60万人以上；",
            "主要目标：\n地区生产总值增长5.5%左右",
            "家人们！澜品优选直播战报来了，单场GMV破亿\n\n11月12日凌晨，直播落下帷幕。",
            "> 市发展改革委｜2026年8月28日｜岚发改价格〔2026〕37号｜咨询电话：0571-8702 6645\n\n根据《定价目录》，现将收费标准公布如下。",
            "澜江港前11月集装箱吞吐量突破3.1亿，同比增长8.2%，连续三年居全省第一，货物吞吐量5.2亿\n\n记者从市港航局获悉，港口运行平稳。",
            "全年共登记技术合同8742项，技术合同成交额386.5亿元，增长27.8%，其中技术开发合同占58.3%，\n"
            "| 指标 | 2025年 | 同比增长 |\n| --- | --- | --- |\n| 高新技术企业（家） | 4218 | 16.4% |\n全年获奖3项。",
        ],
    )
    def test_sentence_and_heading_breaks_kept(self, source):
        assert normalize(source).text.count("\n") == source.count("\n")

    @pytest.mark.parametrize(
        "source, joined",
        [
            ("社会消费品零售总额1093.4亿元\n，增长4.6%。", "社会消费品零售总额1093.4亿元,增长4.6%。"),
            ("9月末，全市金融机构本外币存款余额\n6231.8亿元，比年初增加412.6亿元。",
             "9月末,全市金融机构本外币存款余额6231.8亿元,比年初增加412.6亿元。"),
        ],
    )
    def test_a_short_ocr_line_broken_before_a_comma_or_a_figure_joins(self, source, joined):
        assert normalize(source).text == joined
        assert all(r.metric for r in policyx.extract(source))

    def test_a_numbered_heading_before_a_year_keeps_its_break(self):
        source = "一、2025年预算执行情况\n2025年是“十四五”规划的收官之年，全市收入增长3%。"
        assert normalize(source).text.count("\n") == 1

    def test_spec_example_magnitude_split_from_unit(self):
        source = "前8月民营企业进出口额2723.6亿\n元，同比增长26.6%。"
        assert "2723.6亿元" in normalize(source).text
        money = [r for r in policyx.extract(source) if r.kind == "money"]
        assert [(r.text, r.to_dict()["value"]) for r in money] == [("2723.6亿\n元", 272360000000)]

    def test_column_line_ending_in_semicolon(self):
        paragraph = "据海关统计，前三季度我省货物贸易进出口总值1846.2亿元，同比增长8.7%；其中出口1205.9亿元，" \
                    "增长11.2%；进口640.3亿元，增长3.9%。"
        assert "；\n" in wrap(paragraph, 20)
        assert normalize(column(20, [paragraph] * 3)).text == normalize(flat([paragraph] * 3)).text


class TestSpaces:
    @pytest.mark.parametrize(
        "source, expected",
        [
            ("出口 3826.8 亿元", "出口3826.8亿元"),
            ("增长 5.1 %", "增长5.1%"),
            ("增长\u30005.1\u3000%", "增长5.1%"),
            ("用电量 1,320 億度", "用电量1,320亿度"),
        ],
    )
    def test_removed_inside_numbers(self, source, expected):
        assert normalize(source).text == expected

    @pytest.mark.parametrize("source", ["GDP growth 5 percent", "本报记者 周岚", "2023 Annual Report"])
    def test_other_spaces_kept(self, source):
        assert normalize(source).text == source

    def test_kept_between_a_percent_and_the_next_figure(self):
        """Headlines separate figures with a space: 18.5% 98.6% are two figures."""
        assert normalize("同比下降18.5% 98.6%的诉求已办结").text == "同比下降18.5% 98.6%的诉求已办结"
        records = policyx.extract("岚城供热投诉量同比下降18.5% 98.6%的诉求已办结")
        assert [(r.text, r.kind) for r in records] == [("18.5%", "growth"), ("98.6%", "share")]

    def test_removed_between_a_percent_and_its_range_end(self):
        assert normalize("增长6.1% 至 6.3%").text == "增长6.1%至6.3%"

    def test_record_span_keeps_spaces(self):
        records = policyx.extract("出口 3826.8 亿元，增长 5.1 %。")
        assert [r.text for r in records] == ["3826.8 亿元", "5.1 %"]
        assert records[0].to_dict()["value"] == 382680000000


class TestCrlf:
    def test_carriage_returns_dropped(self):
        assert normalize("第一行。\r\n第二行。\r\n").text == "第一行。\n第二行。\n"

    def test_split_number_across_crlf(self):
        source = "出口额2723.6\r\n亿元，增长。\r\n"
        assert original_of(source, "2723.6亿元") == "2723.6\r\n亿元"

    def test_records_line_and_column(self):
        source = "标题\r\n\r\n全市地区生产总值2856.3亿元，同比增长5.6%。\r\n社会消费品零售总额1021.7亿元。\r\n"
        records = policyx.extract(source)
        assert [(r.text, r.line, r.col) for r in records] == [
            ("2856.3亿元", 3, 9),
            ("5.6%", 3, 22),
            ("1021.7亿元", 4, 10),
        ]
        for r in records:
            assert source[r.start:r.end] == r.text


class TestOriginalSpan:
    def test_plain_text_identity(self):
        norm = normalize("增长6.2%")
        assert norm.original_span(2, 6) == (2, 6)

    def test_empty_span(self):
        norm = normalize("增长**6.2%**")
        start, end = norm.original_span(2, 2)
        assert start == end

    def test_span_at_end_of_text(self):
        source = "增长**6.2%**"
        norm = normalize(source)
        assert norm.text == "增长6.2%"
        start, end = norm.original_span(2, len(norm.text))
        assert source[start:end] == "6.2%"

    def test_to_original_past_end_is_source_length(self):
        source = "網(wǎng)絡**增长**"
        norm = normalize(source)
        assert norm.to_original(len(norm.text)) == len(source)

    def test_everything_at_once(self):
        source = "二、對外貿易\n\n今年前三季度，網(wǎng)上零售額達到 **１，２３４．５億\n元**，按年增長１２．５％。"
        norm = normalize(source)
        assert "网上零售额达到1,234.5亿元" in norm.text
        assert original_of(source, "1,234.5亿元") == "１，２３４．５億\n元"


def test_a_numbered_heading_before_a_blank_line_stays_its_own_sentence():
    text = "二、前三季度人民币贷款增加14.75万亿元\n\n9月末，本外币贷款余额270.31万亿元，同比增长6.9%。"
    assert "万亿元\n\n9月末" in normalize(text).text


def test_a_space_between_a_figure_and_its_qualifier_goes():
    assert normalize("**90%** 以上的企业").text == "90%以上的企业"
    assert normalize("新增**150家** 以上").text == "新增150家以上"


class TestPageFurniture:
    TITLE = "关于岚川市2025年预算执行情况的报告"

    def test_page_number_and_running_header_go(self):
        source = (f"{self.TITLE}\n\n全市一般公共预算支出完成786.92亿元，增长4.1%。其中，教育支出\n\n— 3 —\n\n"
                  f"{self.TITLE}\n138.27亿元，增长6.2%。")
        text = normalize(source).text
        assert "其中,教育支出138.27亿元" in text
        assert text.count(self.TITLE) == 1
        (record,) = [r for r in policyx.extract(source) if r.text.startswith("138.27")]
        assert source[record.start:record.end] == "138.27亿元"
        assert record.metric == "教育支出"

    @pytest.mark.parametrize("footer", ["- 12 -", "第3页", "第 3 页 / 共 12 页"])
    def test_page_number_forms(self, footer):
        source = f"全市民生支出621.4亿元，占一般公共预算支出的比重为79.0%，其中教育支出\n{footer}\n138.27亿元。"
        assert "教育支出138.27亿元" in normalize(source).text

    def test_a_line_that_is_a_figure_stays(self):
        assert normalize("增长\n-3.2%\n").text.count("-3.2%") == 1


def test_ocr_spaces_inside_a_decimal_go():
    source = "地区生产总值 4 1 2 . 6亿元，增长 7 4 . 8%。"
    records = policyx.extract(source)
    assert [(r.text, r.to_dict()["value"]) for r in records] == [("4 1 2 . 6亿元", 41260000000), ("7 4 . 8%", 74.8)]


def test_a_numbered_item_does_not_become_a_decimal():
    assert "1. 2025年" in normalize("1. 2025年全市生产总值增长5%。").text


def test_as_written_puts_back_full_width_punctuation_but_keeps_simplified_script():
    norm = normalize("台股今（4）日開高，收在23,856.21點")
    start = norm.text.index("今")
    assert norm.text[start:start + 5] == "今(4)日"
    assert norm.as_written(start, start + 5) == "今（4）日"


def test_a_lone_surrogate_is_read_as_a_replacement_character_keeping_offsets():
    """A str decoded with surrogateescape (bytes that were not UTF-8) must not crash
    the traditional-to-simplified step, and spans must still point into the source."""
    import policyx

    source = "增长6.2%\udce5\udc8a，营收3亿元"
    records = policyx.extract(source)
    assert [r.text for r in records] == ["6.2%", "3亿元"]
    assert all(source[r.start:r.end] == r.text for r in records)
