"""The number forms of SPEC section 1: the parser itself, and the values records carry."""
from __future__ import annotations

import math
from decimal import Decimal

import pytest

import policyx
from policyx.normalize import normalize
from policyx.numbers import NumberError, magnitude, parse_chinese, parse_fraction, parse_number, scaled_number, spoken_range


def only_record(sentence: str):
    records = policyx.extract(sentence)
    assert len(records) == 1, [(r.kind, r.text) for r in records]
    return records[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("6022.9", "6022.9"),
        ("0.5", "0.5"),
        ("23468", "23468"),
        ("1,234.5", "1234.5"),
        ("1,234,567", "1234567"),
        ("3,820", "3820"),
    ],
)
def test_arabic(text, expected):
    assert parse_number(text) == Decimal(expected)


def test_full_width_digits_parse_after_normalization():
    text = normalize("６０２２．９").text
    assert text == "6022.9"
    assert parse_number(text) == Decimal("6022.9")


def test_full_width_amount_in_a_sentence():
    record = only_record("进出口总值６０２２．９亿元。")
    assert record.text == "６０２２．９亿元"
    assert record.to_dict()["value"] == 602290000000


@pytest.mark.parametrize(
    "text, expected",
    [
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("一千零一十", 1010),
        ("三千五百", 3500),
        ("二〇二三", 2023),
        ("一九九八", 1998),
        ("一万二千", 12000),
        ("十万", 100000),
        ("三千五百万", 35000000),
        ("五亿三千万", 530000000),
        ("一亿零五百万", 105000000),
        ("零", 0),
        ("兩", 2),
        ("一萬二千", 12000),
        ("二点五", Decimal("2.5")),
        ("六十二点零五", Decimal("62.05")),
        ("零点五", Decimal("0.5")),
    ],
)
def test_chinese_numerals(text, expected):
    assert parse_number(text) == expected
    assert parse_chinese(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("七千二", 7200),
        ("三百五", 350),
        ("一万四", 14000),
        ("一万七千二", 17200),
        ("一亿二", 120000000),
        ("一万零四", 10004),
        ("一千零五", 1005),
        ("二十五", 25),
    ],
)
def test_a_lone_digit_after_a_unit_counts_in_the_unit_below(text, expected):
    """Speech and the press say 七千二 for 7200; 7002 is written 七千零二."""
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("六七十", ("六十", "七十")),
        ("十五六", ("十五", "十六")),
        ("七八百", ("七百", "八百")),
        ("一千二三百", ("一千二百", "一千三百")),
        ("两三", ("两", "三")),
        ("一两千", ("一千", "两千")),
        ("三五千", ("三千", "五千")),
        ("三十五", None),
        ("二〇二三", None),
        ("一点一二", None),
        ("二十", None),
    ],
)
def test_spoken_range_splits_neighbouring_digits(text, expected):
    assert spoken_range(text) == expected


@pytest.mark.parametrize(
    "sentence, text, value, value_max",
    [
        ("流水七八百吧。", "七八百", 700, 800),
        ("充电一天六七十块。", "六七十块", 60, 70),
        ("去年一年挣了七八万。", "七八万", 70000, 80000),
        ("村里还有三四个合作社。", "三四个", 3, 4),
    ],
)
def test_a_spoken_range_is_a_value_and_a_value_max(sentence, text, value, value_max):
    found = [r for r in policyx.extract(sentence) if r.text == text]
    assert [(r.value, r.value_max) for r in found] == [(Decimal(value), Decimal(value_max))]


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("本地生產總值今年實質增長百分之二點五。", "百分之二點五", 2.5),
        ("森林覆盖率提高到百分之六十二点五。", "百分之六十二点五", 62.5),
        ("今年新增就业一点五万人。", "一点五万人", 15000),
        ("增速比一季度加快零点四个百分点。", "零点四个百分点", 0.4),
        ("一般公共预算收入一百六十三亿五千万元。", "一百六十三亿五千万元", 16350000000),
    ],
)
def test_chinese_decimals_keep_their_tenths(sentence, text, value):
    record = only_record(sentence)
    assert (record.text, record.value) == (text, Decimal(str(value)))


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("一万亿", 10**12, id="一万亿"),
        pytest.param("二十万亿", 2 * 10**13, id="二十万亿"),
        pytest.param("三千万亿", 3 * 10**15, id="三千万亿"),
    ],
)
def test_chinese_numerals_with_compound_magnitude(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.2万亿", Decimal("1200000000000")),
        ("3千万", Decimal("30000000")),
        ("60.18万", Decimal("601800")),
        ("2723.6亿", Decimal("272360000000")),
        ("1,482.6亿", Decimal("148260000000")),
        ("5萬", Decimal("50000")),
    ],
)
def test_arabic_with_chinese_magnitude(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "word, expected",
    [(None, 1), ("", 1), ("万", 10**4), ("亿", 10**8), ("千万", 10**7), ("万亿", 10**12), ("百亿", 10**10), ("萬", 10**4)],
)
def test_magnitude(word, expected):
    assert magnitude(word) == expected


def test_mixed_form_is_number_times_magnitude():
    assert parse_number("1.2万亿") == Decimal("1.2") * magnitude("万亿")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("百分之五十", Decimal(50)),
        ("百分之3.5", Decimal("3.5")),
        ("千分之五", Decimal("0.5")),
        ("四分之一", Decimal(25)),
        ("万分之一", Decimal("0.01")),
    ],
)
def test_fractions_exact(text, expected):
    assert parse_fraction(text) == expected


@pytest.mark.parametrize("text, expected", [("七分之一", 100 / 7), ("三分之二", 200 / 3)])
def test_fractions_repeating(text, expected):
    value = parse_fraction(text)
    assert math.isclose(value, expected, rel_tol=1e-9)


def test_seventh_is_fourteen_point_two_eight_five_seven():
    assert str(parse_fraction("七分之一")).startswith("14.2857")


def test_non_fraction_gives_none():
    assert parse_fraction("5%") is None
    assert parse_fraction("三千") is None


@pytest.mark.parametrize(
    "sentence, kind, value",
    [
        ("占全国的七分之一。", "share", 100 / 7),
        ("民生支出占比百分之五十。", "share", 50),
        ("不良贷款率为千分之五。", "share", 0.5),
        ("新能源汽车占新车销量的三成。", "share", 30),
        ("第三产业增加值约占全国的1/3。", "share", 100 / 3),
    ],
)
def test_fraction_and_tenths_records(sentence, kind, value):
    record = only_record(sentence)
    assert record.kind == kind
    assert record.unit == "%"
    assert math.isclose(record.value, value, rel_tol=1e-6)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("工业增加值增长两成。", 20),
        ("出口额增长3成。", 30),
        ("库存下降一成。", -10),
        ("出口额增长1.1倍。", 110),
        ("产量增长一倍。", 100),
        ("营业收入翻一番。", 100),
        ("产值比十年前翻两番。", 300),
        ("增加值同比增长6.2%。", 6.2),
        ("能耗下降2.5%。", -2.5),
    ],
)
def test_growth_multiples(sentence, value):
    record = only_record(sentence)
    assert (record.kind, record.unit) == ("growth", "%")
    assert record.value == Decimal(str(value))


@pytest.mark.parametrize(
    "sentence, kind, text, value",
    [
        ("全国房地产开发投资同比增长-10.3%。", "growth", "-10.3%", -10.3),
        ("规模以上工业企业利润同比-4.3%。", "growth", "-4.3%", -4.3),
        ("人口自然增长率为-0.99‰。", "share", "-0.99‰", -0.099),
        ("净出口对经济增长的贡献率为-12.5%。", "share", "-12.5%", -12.5),
    ],
)
def test_a_minus_sign_is_kept_in_value_and_span(sentence, kind, text, value):
    record = only_record(sentence)
    assert (record.kind, record.text) == (kind, text)
    assert record.value == Decimal(str(value))


def test_a_loss_keeps_its_minus():
    record = only_record("该公司实现净利润-3.2亿元。")
    assert (record.text, record.value) == ("-3.2亿元", Decimal("-320000000"))


@pytest.mark.parametrize("sentence", ["带动就业数千人。", "撬动社会资本数十亿元。", "新建几十个项目。"])
def test_vague_numbers_are_not_indicators(sentence):
    assert policyx.extract(sentence) == []


@pytest.mark.parametrize(
    "sentence, kind, value, unit",
    [
        ("星展集团全天成交额2.35亿新元。", "money", 235000000, "SGD"),
        ("首九个月出口总额达1.18万亿令吉。", "money", 1180000000000, "MYR"),
        ("生物医药业则萎缩3.9%。", "growth", -3.9, "%"),
        ("制造业按年扩张6.2%。", "growth", 6.2, "%"),
        ("核心通胀率比9月放缓0.2个百分点。", "growth", -0.2, "pp"),
        ("城镇人均生活用水量为每人每日186升。", "quantity", 186, "升"),
    ],
)
def test_press_words_from_held_out_set_6(sentence, kind, value, unit):
    record = only_record(sentence)
    assert (record.kind, record.value, record.unit) == (kind, Decimal(str(value)), unit)


def test_a_range_dash_is_not_a_minus():
    record = only_record("全年增长目标为5%-8%。")
    assert (record.value, record.value_max) == (5, 8)


def test_percentage_points_unit():
    record = only_record("增速比上年提高0.5个百分点。")
    assert (record.kind, record.value, record.unit) == ("growth", Decimal("0.5"), "pp")


@pytest.mark.parametrize(
    "sentence, text, value, value_max, unit",
    [
        ("单个项目投资3至5亿元。", "3至5亿元", 300000000, 500000000, "CNY"),
        ("总投资3—5亿元。", "3—5亿元", 300000000, 500000000, "CNY"),
        ("投资2.5亿～3亿元。", "2.5亿～3亿元", 250000000, 300000000, "CNY"),
        ("增速保持在10%—15%。", "10%—15%", 10, 15, "%"),
        ("收入增长10%至15%。", "10%至15%", 10, 15, "%"),
        ("计划招聘110~120人。", "110~120人", 110, 120, "人"),
    ],
)
def test_ranges(sentence, text, value, value_max, unit):
    record = only_record(sentence)
    assert record.text == text
    d = record.to_dict()
    assert (d["value"], d["value_max"], d["unit"]) == (value, value_max, unit)


@pytest.mark.parametrize(
    "sentence, value, value_max",
    [
        pytest.param("占比提高5到8个百分点。", 5, 8, id="percentage-point range"),
        pytest.param("新增市场主体3万至5万户。", 30000, 50000, id="magnitude on both ends"),
    ],
)
def test_ranges_with_magnitudes_and_points(sentence, value, value_max):
    record = only_record(sentence)
    assert (record.to_dict()["value"], record.to_dict()["value_max"]) == (value, value_max)


@pytest.mark.parametrize(
    "sentence, text, approx",
    [
        ("项目投资约5亿元。", "约5亿元", "about"),
        ("项目投资大约5亿元。", "大约5亿元", "about"),
        ("项目投资5亿元左右。", "5亿元左右", "about"),
        ("项目投资5亿元上下。", "5亿元上下", "about"),
        ("项目投资大概5亿元。", "大概5亿元", "about"),
        ("引进资金2900余万元。", "2900余万元", "more_than"),
        ("新增企业300多家。", "300多家", "more_than"),
        ("营业收入超5亿元。", "超5亿元", "more_than"),
        ("营业收入超过5亿元。", "超过5亿元", "more_than"),
        ("营业收入逾5亿元。", "逾5亿元", "more_than"),
        ("营业收入5亿元以上。", "5亿元以上", "more_than"),
        ("营业收入过5亿元。", "过5亿元", "more_than"),
        ("营业收入突破5亿元。", "突破5亿元", "more_than"),
        ("项目投资近5亿元。", "近5亿元", "nearly"),
        ("项目投资接近5亿元。", "接近5亿元", "nearly"),
        ("项目投资将近5亿元。", "将近5亿元", "nearly"),
        ("项目投资不到5亿元。", "不到5亿元", "less_than"),
        ("项目投资不足5亿元。", "不足5亿元", "less_than"),
        ("单笔贷款5亿元以下。", "5亿元以下", "less_than"),
        ("项目投资至少5亿元。", "至少5亿元", "at_least"),
        ("项目投资不低于5亿元。", "不低于5亿元", "at_least"),
        ("新增企业不少于300家。", "不少于300家", "at_least"),
        ("项目投资至多5亿元。", "至多5亿元", "at_most"),
        ("项目投资最多5亿元。", "最多5亿元", "at_most"),
        ("项目投资不超过5亿元。", "不超过5亿元", "at_most"),
        ("项目投资不高于5亿元。", "不高于5亿元", "at_most"),
        ("投资控制在5亿元以内。", "5亿元以内", "at_most"),
        ("地区生产总值增长5.5%左右。", "5.5%左右", "about"),
        ("面积约37万平方米。", "约37万平方米", "about"),
    ],
)
def test_approx_qualifiers(sentence, text, approx):
    record = only_record(sentence)
    assert (record.text, record.approx) == (text, approx)


def test_plain_number_has_no_approx():
    assert only_record("项目投资5亿元。").approx is None


def test_money_value_is_exact_int():
    record = only_record("进出口总值6022.9亿元。")
    assert isinstance(record.value, Decimal)
    assert record.value == Decimal("602290000000")
    value = record.to_dict()["value"]
    assert value == 602290000000
    assert type(value) is int


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("引进资金2900余万元。", 29000000),
        ("投资0.1亿元。", 10000000),
        ("实有经营主体60.18万户。", 601800),
        ("发电量20.8亿千瓦时。", 2080000000),
        ("经济总量1.2万亿元。", 1200000000000),
    ],
)
def test_magnitudes_give_exact_integers(sentence, value):
    d = only_record(sentence).to_dict()
    assert d["value"] == value
    assert type(d["value"]) is int


def test_fractional_value_is_float_in_dict():
    d = only_record("增加值同比增长6.2%。").to_dict()
    assert d["value"] == 6.2
    assert type(d["value"]) is float


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "abc", "1.2.3", "五x", "NaN", "inf", "--1", "1e5", "万万x", "百分之", "点五", "二点", "二点十"],
)
def test_garbage_raises_number_error(garbage):
    with pytest.raises(NumberError):
        parse_number(garbage)


@pytest.mark.parametrize("text", ["三十五一", "三百五一", "十五一", "两千七八", "四百八十千", "十十", "百千"])
def test_a_digit_after_a_digit_in_a_positional_numeral_is_no_number(text):
    """三十五一斤 is 三十五 and 一斤, not 31; 两千七八 is a range, read by spoken_range."""
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize("text,value", [("一百零五", 105), ("两千零八", 2008), ("一千零一十", 1010), ("一百二十一", 121)])
def test_zero_between_digits_still_reads(text, value):
    assert parse_number(text) == value


def test_number_error_is_a_value_error():
    assert issubclass(NumberError, ValueError)


def test_bad_magnitude_word():
    with pytest.raises(NumberError):
        magnitude("元")


@pytest.mark.parametrize("garbage", ["零分之一", "七分之x", "x分之一"])
def test_bad_fraction(garbage):
    with pytest.raises(NumberError):
        parse_fraction(garbage)


@pytest.mark.parametrize("text", ["1" * 25, "1" * 5000, "1" * 30 + ".5", "一" * 30, "一万亿亿亿亿亿亿"])
def test_numbers_too_long_to_be_indicators_are_rejected(text):
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize("text", ["1" * 24, "0.000000000000000000001", "123,456,789,012,345,678,901,234"])
def test_long_but_plausible_numbers_still_parse(text):
    assert parse_number(text) == Decimal(text.replace(",", ""))


@pytest.mark.parametrize("text,value", [
    ("3万2,156", 32156), ("2万3456", 23456), ("3万2千", 32000), ("1亿2000万", 120000000),
    ("七成六", Decimal("7.6")), ("一成四", Decimal("1.4")),
])
def test_sections_and_tenths_as_the_press_writes_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["3千2万", "1万2亿", "成四", "七成"])
def test_sections_out_of_order_are_rejected(text):
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize("num, mag, expected", [
    ("一百六十三亿五千", "万", 16350000000),   # the numeral reads on into its magnitude
    ("三千", "万", 30000000),
    ("十二万五千", "亿", 12500000000000),      # a larger magnitude multiplies
    ("1.5", "亿", 150000000),
])
def test_a_magnitude_after_a_numeral(num, mag, expected):
    assert scaled_number(num, mag) == expected


def test_spoken_metres_and_tenths():
    assert parse_number("一米八") == Decimal("1.8")
    assert parse_number("三米二") == Decimal("3.2")
    with pytest.raises(NumberError):
        parse_number("一米")
