"""Reading only the runs of text a rule can match in must find exactly what a search
of the whole text finds: same matches, same groups, for every rule."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyx.extractor import Extractor
from policyx.matching import iter_all_matches
from policyx.normalize import normalize
from policyx.prefilter import FirstOf, anchored_edges, plan_for, top_branches

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
RULES = Extractor().ruleset.rules
ALPHABET = "".join(sorted(set(
    "0123456789.,%‰-~、，。；：\n 第约近超过余多左右以上下同比增长下降占比百分点个千万亿元人民币美元户家项吨公里倍成番翻之"
    "一二两三四五六七八九十零〇全国位列居排名达到为约增加减少提高营收经费亿萬億元亩米千瓦时度电平方米和至"
)))


def whole_text(rules, text: str) -> list[tuple]:
    return sorted((i,) + signature(m) for i, r in enumerate(rules) for m in r.compiled.finditer(text))


def windowed(rules, text: str) -> list[tuple]:
    return sorted((i,) + signature(m) for i, _, m in iter_all_matches(rules, text, 10.0))


def signature(m: regex.Match[str]) -> tuple:
    return m.span(), tuple((name, m.span(name)) for name in sorted(m.re.groupindex))


def sample_texts() -> list[str]:
    return [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(SAMPLES.rglob("*")) if p.is_file()]


@pytest.mark.parametrize("text", sample_texts())
def test_samples_match_as_whole_text(text):
    norm = normalize(text).text
    assert windowed(RULES, norm) == whole_text(RULES, norm)


def test_rule_examples_match_as_whole_text():
    for rule in RULES:
        for example in list(rule.examples) + list(rule.counterexamples):
            text = getattr(example, "text", example)
            if isinstance(text, str):
                assert windowed(RULES, text) == whole_text(RULES, text), (rule.id, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_any_text_matches_as_whole_text(text):
    assert windowed(RULES, text) == whole_text(RULES, text)


def compile_rules(*patterns: str) -> list:
    class R:
        def __init__(self, i, p):
            self.id, self.compiled = f"r{i}", regex.compile(p, regex.V0)

    return [R(i, p) for i, p in enumerate(patterns)]


@pytest.mark.parametrize("pattern", [
    r"(?P<num>[0-9]+)(?![\p{Han}%])",
    r"(?<=增长[^，。]{0,4})(?P<num>[0-9]+)%",
    r"(?P<num>[0-9]+)(?=个?百分点)",
    r"(?P<num>[0-9]+)(?!元)",
    r"^(?P<num>[0-9]+)",
    r"(?P<num>[0-9]+)(?:万|亿)?元|第(?P<num>[一二三])",
])
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="0123456789增长元亿万个百分点第一二三%，。 ab", max_size=40))
def test_lookarounds_at_run_edges(pattern, text):
    rules = compile_rules(pattern)
    assert windowed(rules, text) == whole_text(rules, text)


@pytest.mark.parametrize("pattern", [
    r"(?P<num>[0-9]*)",            # may match the empty string
    r"(?P<num>[0-9]+)$",           # end anchor sees the end of a run
    r"\b(?P<num>[0-9]+)",          # word boundary
    r"(?P<num>.+)元",               # any character in the match
    r"(?P<num>[0-9]+)(?![^元]+万)",  # reads any character without a bound
    r"(?i)(?P<num>[0-9]+)kg",       # inline flags
    r"(?P<num>[0-9]+)\1",           # backreference
])
def test_patterns_it_cannot_reason_about_get_no_plan(pattern):
    assert plan_for(regex.compile(pattern, regex.V0)) is None


def test_plan_of_a_percent_rule():
    plan = plan_for(regex.compile(r"(?:约)?(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<unit>%|‰)(?!以上)", regex.V0))
    assert plan is not None
    assert frozenset("%‰") in plan.required
    assert plan.over == 2


NEAR_WORDS = sorted({w for rule in RULES if (plan := plan_for(rule.compiled)) and plan.near for w in plan.near})
NUMBERS = ["1", "6.2", "45", "1,234", "3至5", "10%—15", "二", "三百", "1.2万", "0.5"]
UNITS = ["", "%", "‰", "亿元", "万亿元", "元", "万元", "亿", "美元", "个百分点", "倍", "成", "番", "户", "家", "吨", "公里", "位"]
FILLERS = list("，。；、（）() \n第约近超过余多左右以上下之") + ["同比", "全国第", "占比", "达到"]


def figures(cues: list[str]):
    """Texts of numbers with units between cue words, so that the words a pattern
    must read land right before, inside and right after runs."""
    cue = st.sampled_from([""] + cues + FILLERS)
    figure = st.tuples(cue, cue, st.sampled_from(NUMBERS), st.sampled_from(UNITS), cue, cue).map("".join)
    return st.lists(st.one_of(figure, st.sampled_from(FILLERS)), max_size=8).map("".join)


@settings(max_examples=600, deadline=None)
@given(figures(NEAR_WORDS))
def test_runs_without_near_words_hold_no_match(text):
    """Leaving out the runs without a rule's near words (words its lookarounds
    read) finds exactly what a search of the whole text finds."""
    assert windowed(RULES, text) == whole_text(RULES, text)


@pytest.mark.parametrize("pattern, near, back, over", [
    (r"(?P<num>[0-9]+)%(?=的?(?:同比)?(?:增长|下降))", {"增长", "下降"}, 0, 5),
    (r"(?<=(?:营收|投资)(?:达到?|为)?)(?P<num>[0-9]+)亿", {"营收", "投资"}, 4, 0),
    (r"(?<=(?:全国|上年)[(（])(?P<num>[0-9]+)%", {"全国(", "全国（", "上年(", "上年（"}, 3, 0),
    (r"(?P<num>[0-9]+)(?:个)?百分点", {"个百分点", "百分点"}, 0, 0),
])
def test_near_words_of_lookarounds(pattern, near, back, over):
    plan = plan_for(regex.compile(pattern, regex.V0))
    assert (plan.near, plan.back, plan.over) == (near, back, over)


@pytest.mark.parametrize("pattern", [
    r"(?P<num>[0-9]+)%(?!增长)",                    # a word it must not read
    r"(?P<num>[0-9]+)%(?=(?:增长)?)",                # a word it may not read
    r"(?P<num>[0-9]+)%(?=增长|[0-9])",               # a branch without a word
    r"(?<=增长(?=率))(?P<num>[0-9]+)%",             # a lookaround inside a lookbehind
    r"(?<=增长[^。]*)(?P<num>[0-9]+)%",              # a lookbehind without a bound
])
def test_no_near_words_where_a_match_need_not_read_them(pattern):
    assert plan_for(regex.compile(pattern, regex.V0)).near is None


@pytest.mark.parametrize("pattern", [
    r"(?<=(?:营收|投资)(?:达到?|为)?)(?P<num>[0-9]+)亿",
    r"(?P<num>[0-9]+)%(?=的?(?:同比)?(?:增长|下降))",
    r"(?<=(?:全国|上年)[(（])(?P<num>[0-9]+)%(?=[)）])",
    r"(?<=(?:降幅|增速)[^，。]{0,3}(?:至|到))(?P<num>[0-9]+)%",
])
@settings(max_examples=200, deadline=None)
@given(text=figures(["营收", "投资", "达到", "为", "增长", "下降", "的", "全国", "上年", "降幅", "增速", "至", "到"]))
def test_near_words_at_run_edges(pattern, text):
    rules = compile_rules(pattern)
    assert windowed(rules, text) == whole_text(rules, text)


PERIOD_WORDS = ["2025年", "年末", "全年", "上半年", "一季度", "10月", "1-9月", "今年", "以来", "期间", "比", "较",
                "同", "上", "假期", "国庆", "前三季度", "至", "底", "近3年", "“十四五”", "假日"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(PERIOD_WORDS + ["，", "。", "增长", "6.2%", "\n", "工业"]), max_size=120).map("".join))
def test_period_branches_find_what_the_joined_pattern_finds(text):
    from policyx.context import context_data
    period = context_data().period
    assert isinstance(period, FirstOf)
    joined = [(m.span(), m.group()) for m in period.whole.finditer(text)]
    assert [(m.span(), m.group()) for m in period.branch_matches(text, 0, len(text))] == joined
    assert [(m.span(), m.group()) for m in period.finditer(text)] == joined
    assert period.sub("", text) == period.whole.sub("", text)


@pytest.mark.parametrize("patterns", [
    ["ab|a", "abc"],                     # at one start the earlier branch wins, even if shorter
    ["b", "abc|(?:x|ab)"],               # a later, longer branch starting earlier wins
    ["(?:ab|bc)", "c"],                  # a branch's own next match overlaps the one taken
    ["(?<![x])a+", "aab|b+"],
])
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="abcx", max_size=300))
def test_first_of_matches_the_joined_pattern(patterns, text):
    first = FirstOf.of("(?<!y)", patterns)
    assert [m.span() for m in first.branch_matches(text, 0, len(text))] == [m.span() for m in first.whole.finditer(text)]


@pytest.mark.parametrize("pattern, branches", [
    ("a|b(?:c|d)", ["a", "b(?:c|d)"]),
    ("(?:a|(?:b|c))", ["a", "b", "c"]),
    ("(?:a|b)c", ["(?:a|b)c"]),
    ("a|b?", None),                      # a branch that can match empty
    ("a|(?i)b", None),                   # inline flags are not understood
])
def test_top_branches(pattern, branches):
    assert top_branches(pattern) == branches


@pytest.mark.parametrize("pattern, edges", [
    ("^(?:ab|c)", (frozenset("ac"), None)),
    ("(?:ab|c)d?$", (None, frozenset("bcd"))),
    ("^a[xy]$", (frozenset("a"), frozenset("xy"))),
    ("a\\$", (None, None)),              # an escaped dollar is a literal
    ("^a|b$", (None, None)),               # a top-level | anchors one branch only
    ("^a?$", (None, None)),                # a match can be empty
])
def test_anchored_edges(pattern, edges):
    assert anchored_edges(pattern) == edges
