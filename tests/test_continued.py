"""A bare spoken figure takes the kind and unit of the figure just before it."""
from policyx import extract


def _record(text: str, span: str):
    return next((r for r in extract(text) if r.text == span), None)


def test_bare_figure_takes_the_money_unit_before_it():
    r = _record("一个月到手七千来块，好的时候能有八千出头。", "八千出头")
    assert r is not None and (r.kind, r.unit, r.value, r.approx) == ("money", "CNY", 8000, "more_than")


def test_bare_figure_takes_the_measure_word_before_it():
    r = _record("平常一天卖三百来碗吧，周末能到四百出头。", "四百出头")
    assert r is not None and (r.kind, r.unit) == ("count", "碗")


def test_no_figure_without_one_before_it_in_the_paragraph():
    assert _record("村里两千多，都是老人。", "两千多") is None
    assert _record("一个月到手七千来块。\n好的时候能有八千出头。", "八千出头") is None


def test_no_figure_after_a_duration_or_a_far_larger_figure():
    assert _record("种了三十年地，今年六十多，身体还行。", "六十多") is None
    assert _record("最多那场卖了四百二十多万，在线人数最多的时候一万出头。", "一万出头") is None


def test_a_rate_standing_between_is_looked_past():
    r = _record("一个月到手七千来块，比去年多了两成，好的时候能有八千出头。", "八千出头")
    assert r is not None and (r.kind, r.unit, r.value) == ("money", "CNY", 8000)


def test_a_change_may_be_far_smaller_than_the_level_before_it():
    r = _record("房租一个月四千二，去年涨了三百。", "三百")
    assert r is not None and (r.kind, r.value) == ("money", 300)
    assert _record("房租一个月四万二，去年涨了三十。", "三十") is None
