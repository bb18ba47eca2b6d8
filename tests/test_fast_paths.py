"""The shortcuts taken for speed must not change what is found: guarded patterns
match exactly like the patterns they come from, time limits apply to each search,
and per-record work stays bounded on long unpunctuated text."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyx import context as context_module
from policyx import prefilter as prefilter_module
from policyx.context import WINDOW, ClauseBreaks, context_data
from policyx.extractor import Extractor
from policyx.matching import RuleTimeout, find_mentions, iter_rule_matches
from policyx.normalize import normalize
from policyx.prefilter import guarded, guarded_pattern

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
RULES = Extractor().ruleset.rules
ALPHABET = "".join(sorted(set(
    "0123456789.,%‰-~、，。；：\n 第约近超过余多左右以上下同比增长下降占比百分点个千万亿元人民币美元户家项吨公里倍成番翻之"
    "一二两三四五六七八九十零〇全国位列居排名达到为约增加减少提高营收经费预计力争目标今年去年前月季度期间春节截至底末的等"
)))


def context_patterns(data) -> list[regex.Pattern[str]]:
    return ([p for _, p in data.basis] + [p for _, p in data.status]
            + [data.period, data.strip_end.pattern, data.strip_start.pattern, data.remove.pattern, data.noun_stop,
               data.last_of.pattern])


def fake_rule(rule_id: str, pattern: str):  # type: ignore[no-untyped-def]
    return type("FakeRule", (), {"id": rule_id, "compiled": regex.compile(pattern)})()


def signature(m: regex.Match[str]) -> tuple:
    return m.span(), tuple(m.span(i) for i in range(1, m.re.groups + 1))


def same_matches(plain: regex.Pattern[str], fast: regex.Pattern[str], text: str) -> bool:
    return [signature(m) for m in plain.finditer(text)] == [signature(m) for m in fast.finditer(text)]


def sample_texts() -> list[str]:
    return [normalize(p.read_bytes().decode("utf-8", errors="replace")).text
            for p in sorted(SAMPLES.rglob("*")) if p.is_file() and p.suffix in (".txt", ".md")]


def test_rules_are_guarded():
    assert sum(guarded(rule.compiled) is not rule.compiled for rule in RULES) >= len(RULES) // 2


@pytest.mark.parametrize("text", sample_texts()[:12])
def test_guarded_rules_match_like_their_rules_on_samples(text):
    for rule in RULES:
        assert same_matches(rule.compiled, guarded(rule.compiled), text), rule.id


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_guarded_rules_match_like_their_rules_on_any_text(text):
    for rule in RULES:
        assert same_matches(rule.compiled, guarded(rule.compiled), text), rule.id


@pytest.fixture(scope="module")
def context_pairs() -> list[tuple[regex.Pattern[str], regex.Pattern[str]]]:
    """(as the table writes it, as context uses it) for every context pattern."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(context_module, "guarded", lambda p: p)
        mp.setattr(prefilter_module, "guarded", lambda p: p)
        plain = context_patterns(context_module._build_context_data())
    return list(zip(plain, context_patterns(context_data())))


def test_context_patterns_are_guarded(context_pairs):
    assert sum(plain.pattern != fast.pattern for plain, fast in context_pairs) >= len(context_pairs) // 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_guarded_context_patterns_match_like_the_table(context_pairs, text):
    for plain, fast in context_pairs:
        assert same_matches(plain, fast, text), plain.pattern[:60]


@pytest.mark.parametrize("text", sample_texts()[:12])
def test_guarded_context_patterns_match_like_the_table_on_samples(context_pairs, text):
    for plain, fast in context_pairs:
        assert same_matches(plain, fast, text), plain.pattern[:60]


@pytest.mark.parametrize(("pattern", "guarded_text"), [
    ("(?:约|近)?[0-9]+%", "(?=[0-9约近])(?:(?=[约近])(?:约|近))?[0-9]+%"),
    ("(?<=(?:增长|下降)[^，]{0,4})[0-9]+", "(?=[0-9])(?<=(?:(?:增长|下降)(?<=[长降]))[^，]{0,4})[0-9]+"),
    ("截至|[一-龥]{2}期间", "(?=[截]|(?:[一-龥]{2}期间))(?:截至|[一-龥]{2}期间)"),
    ("(?<![比较])(?:截至|到)x", "(?=[到截])(?<![比较])(?:(?=[到截])(?:截至|到))x"),
    ("(?!占|比重)[^，]", "(?!(?=[占比])(?:占|比重))[^，]"),
])
def test_guards_added(pattern, guarded_text):
    assert guarded_pattern(pattern) == guarded_text
    assert regex.compile(guarded_text).groups == regex.compile(pattern).groups


@pytest.mark.parametrize("pattern", [
    "(?P<a>x)|y?",          # may match the empty string
    "[^，]+",               # starts with almost anything
    "(?:a|b)\\1",           # a backreference: not understood
    "(?:a|b)\\b",           # a word boundary: not understood
])
def test_no_guard_where_it_could_change_matches_or_would_not_help(pattern):
    assert guarded_pattern(pattern) is None


def test_time_limit_applies_to_each_search_not_the_whole_document():
    text = "规模以上工业增加值同比增长6.2%，出口3826.8亿元，新增企业100户。" * 40_000
    mentions = find_mentions(Extractor().ruleset, text, timeout=0.5)
    assert len(mentions) == 120_000


def test_time_limit_of_a_rule_without_a_plan_applies_to_each_search():
    rule = fake_rule("r.boundary", r"\b[0-9]+%")
    text = "增长 6.2% " * 150_000
    assert sum(1 for _ in iter_rule_matches(rule, text, 0.5)) == 150_000


def test_a_catastrophic_pattern_still_times_out():
    rule = fake_rule("bad.backtrack", r"(a+)+b")
    with pytest.raises(RuleTimeout, match="rule bad.backtrack ran longer than 0.2s"):
        list(iter_rule_matches(rule, "a" * 100_000, 0.2))


@pytest.mark.parametrize("pattern", [r"x*", r"a??", r"(?<=a)|b", r"[0-9]*"])
@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="ab0x1", max_size=20))
def test_matches_one_search_at_a_time_equal_finditer(pattern, text):
    rule = fake_rule("r", pattern)
    assert [m.span() for m in iter_rule_matches(rule, text, 5.0)] == [m.span() for m in rule.compiled.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET + "我市其中[]()（）① 按年分地区看以来总计", max_size=30))
def test_phrase_patterns_skip_only_phrases_without_a_match(phrase):
    data = context_data()
    for p in (data.period_cut, data.strip_end, data.strip_start, data.remove, data.junk_ends, data.last_of):
        if not p.possible(phrase):
            assert not list(p.pattern.finditer(phrase)), p.pattern
        assert p.cut(phrase) == p.pattern.sub("", phrase)


def test_first_clause_is_looked_for_within_the_window_only():
    text = "今年" + "产" * (WINDOW + 10) + "增长5%"
    assert ClauseBreaks(text).opens_sentence(0, 2)
    assert not ClauseBreaks(text).opens_sentence(0, WINDOW + 5)
    assert not ClauseBreaks("产，今年").opens_sentence(0, 2)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="产值，,；;：:。", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_clause_start_is_after_the_last_break_before_the_position(text, sent_start, pos):
    expected = max([sent_start] + [text.rfind(ch, sent_start, pos) + 1 for ch in "，,；;：:"])
    assert ClauseBreaks(text).clause_start(sent_start, pos) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET + "要将已累提出确保拟规划可望有望测算估算", max_size=60), st.sampled_from([None, "target"]))
def test_status_skips_only_text_without_a_needed_character(segment, section):
    data = context_data()
    unskipped = dataclasses.replace(data, status_needs=[None] * len(data.status))
    assert context_module.segment_status(data, segment, section) == context_module.segment_status(unskipped, segment, section)
    for (_, pattern), needs in zip(data.status, data.status_needs):
        if needs is not None and not needs.search(segment):
            assert pattern.search(segment) is None
