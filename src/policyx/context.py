"""Context of each record (SPEC section 2): the sentence that holds it, what it
measures (metric), when (period), against what (basis) and whether it is a goal
(status). The cue words live in ``rules/tables/context.yaml``; this module holds the
resolution logic, which works on the normalized text and fills records in place.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Sequence

import regex

from .matching import Mention, in_book_title
from .normalize import Normalized
from .numbers import parse_number
from .prefilter import (FirstOf, Unsupported, anchored_edges, class_of, guarded, needed_words, shape_of,
                        words_pattern)
from .records import Record
from .resources import load_table
from .tablecells import Cell, PipeTables

SENTENCE_BREAK = regex.compile(r"[。！？!?]+|\n+")
CLAUSE_BREAK = "，,；;：:"
SPEAKER_LABEL = regex.compile(r"[\p{Han}A-Za-z]+")
SPEAKER_LABEL_MAX = 8
LEAD_FRAME_END = ("，", ",")
PARENTHESIZED = re.compile(r"[(（][^()（）\n。0-9]{1,40}[)）]")
"""A short aside in brackets, without figures (不含农户，下同): a comma inside it breaks no clause."""
SHARE_OF = re.compile("(?<!应)占(?!比)")
"""Where a share metric names the whole (…占全省…), not 应占 (attributable) or 占比."""
FULLWIDTH_BRACKETS = str.maketrans("()", "（）")
"""A metric keeps the brackets of a name (企（事）业单位, 居民消费价格（CPI）) as Chinese text writes them."""
CLAUSE_BREAKS = re.compile(f"[{re.escape(CLAUSE_BREAK.replace(':', ''))}]|(?<![0-9]):|:(?![0-9])")
LIST_WORD = "分别"
COMPARISON_BASE = ("由", "较", "比", "从", "与")
"""Characters before a period that make it the base of a comparison (由7月至9月的3.9%)."""
BASE_REACH = 6
"""A period written as a comparison base (从上周的35.6%回落至22.7%, 由2021年的2.18%提高到2.96%)
is the period of the figure right after it, within this many characters, and of
no later figure of its sentence."""
AMOUNT_KINDS = ("count", "money", "quantity")
MONTH = regex.compile(r"(?<![0-9])([1-9]|1[0-2]|十[一二]?|[一二三四五六七八九])月")
YEAR_PREFIX = regex.compile(r"^(?:19|20)[0-9]{2}年(?!$)")
LAST_YEAR = regex.compile("去年|上年|上一年")
LEADING_SPACE = regex.compile(r"\s*")
LIST_SPLIT = "、"
LIST_AND = regex.compile("以及|和|及")
HEADING_MAX = 40
COMPARED_REACH = 12
LOCAL_SKIP = 16
"""How many local periods of earlier sentences a look-up steps over."""
PERIOD_NOT_AFTER = "(?<![比较与同上])(?<![比较][去今上前本])(?<![0-9〇○零一二两三四五六七八九十])"
"""A period word right after these is a base of comparison (比上年, 较去年同期), not a period; nor does one start inside a numeral (一月份 of 较十一月份)."""
WINDOW = 300
"""How far before a figure cues are looked for, and how much of an overlong
"sentence" (a file with no punctuation) is kept around a figure: bounds the work
per record so a huge unpunctuated line stays linear."""


@dataclass(frozen=True)
class ContextData:
    basis: list[tuple[str, "regex.Pattern[str]"]]
    default_yoy: frozenset[str]
    basis_frames: list[tuple[str, "regex.Pattern[str]"]]
    no_default_basis: "regex.Pattern[str]"
    status: list[tuple[str, "regex.Pattern[str]"]]
    status_needs: list["re.Pattern[str] | None"]
    status_weak_sentence: frozenset[str]
    status_weak_clause: frozenset[str]
    section_target: "regex.Pattern[str]"
    section_actual: "regex.Pattern[str]"
    section_closes: "regex.Pattern[str]"
    section_facts: "regex.Pattern[str]"
    document_target: "regex.Pattern[str]"
    carried_year: "regex.Pattern[str]"
    carried_local: "regex.Pattern[str]"
    local_after: "regex.Pattern[str]"
    paragraph_only_before: "regex.Pattern[str]"
    paragraph_only_ending: "regex.Pattern[str]"
    paragraph_only_words: "regex.Pattern[str]"
    source_clause: "regex.Pattern[str]"
    relative_period: "regex.Pattern[str]"
    question_label: "regex.Pattern[str]"
    compared_period_only: "regex.Pattern[str]"
    local_before: "regex.Pattern[str]"
    starting_point: "regex.Pattern[str]"
    continues_sentence: "regex.Pattern[str]"
    period_compared: "regex.Pattern[str]"
    carried_words: dict[str, str]
    period: "regex.Pattern[str] | FirstOf"
    period_cut: "PhrasePattern"
    strip_end: "PhrasePattern"
    strip_start: "PhrasePattern"
    remove: "PhrasePattern"
    junk_ends: "PhrasePattern"
    noun_stop: "regex.Pattern[str]"
    last_of: "PhrasePattern"
    carry_kinds: frozenset[str]
    sentence_topic: "regex.Pattern[str]"
    kept_measure: "regex.Pattern[str]"
    names_nothing: "regex.Pattern[str]"
    question_words: "regex.Pattern[str]"
    rank_clause: "regex.Pattern[str]"
    rank_field: "regex.Pattern[str]"
    rank_verb: "regex.Pattern[str]"
    rank_place: "regex.Pattern[str]"
    rank_bare_what: "regex.Pattern[str]"
    superlative_clause: "regex.Pattern[str]"
    money_purpose_after: "regex.Pattern[str]"
    bare_rate: "regex.Pattern[str]"
    per_head_alone: "regex.Pattern[str]"
    per_head_word: "regex.Pattern[str]"
    generic_counted: "regex.Pattern[str]"
    per_unit: dict[str, str]
    per_unit_word: "regex.Pattern[str]"
    per_unit_verbs: "regex.Pattern[str]"
    per_unit_fillers: "regex.Pattern[str]"
    list_head_word: "regex.Pattern[str]"
    list_etc: "regex.Pattern[str]"
    unpaired_quote: "regex.Pattern[str]"
    list_head_cut: "regex.Pattern[str]"
    carries_previous_metric: "regex.Pattern[str]"
    table_generic_header: "regex.Pattern[str]"
    table_rank_header: "regex.Pattern[str]"
    table_growth_header: "regex.Pattern[str]"
    table_change_header: "regex.Pattern[str]"
    table_change_words: "regex.Pattern[str]"
    table_target_header: "regex.Pattern[str]"
    table_actual_header: "regex.Pattern[str]"
    growth_goes_on: "regex.Pattern[str]"
    rate_goes_on: "regex.Pattern[str]"
    comparison_only: "regex.Pattern[str]"
    amount_change: "regex.Pattern[str]"
    amount_change_needs: "regex.Pattern[str]"
    change_suffix: dict[str, tuple[str, str]]
    stock_comparison: "regex.Pattern[str]"
    named_change_stock_word: "regex.Pattern[str]"
    part_gap: "regex.Pattern[str]"
    stock_word: "regex.Pattern[str]"
    bare_measure: "regex.Pattern[str]"
    speaker_label: "regex.Pattern[str]"
    table_row_year: "regex.Pattern[str]"
    other_level: "regex.Pattern[str]"
    rate_named: "regex.Pattern[str]"
    rate_metric: "regex.Pattern[str]"
    list_compounds: dict[str, list[str]]
    list_ellipsis: "regex.Pattern[str]"


def _alternation(patterns: list[str]) -> "regex.Pattern[str]":
    return _compile(_joined(patterns))


def _joined(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _needs(pattern: str) -> "re.Pattern[str] | None":
    """A ``re`` pattern for words of which every match of ``pattern`` reads one
    (:func:`policyx.prefilter.needed_words`, else a class of characters of its
    ``required``; see :class:`policyx.prefilter.Shape`), so that a text holding
    none is not searched; None when the pattern is not understood or has neither."""
    try:
        shape = shape_of(pattern)
    except (Unsupported, ValueError, IndexError):
        return None
    words = needed_words(shape)
    if words:
        return words_pattern(words)
    return re.compile(class_of(min(shape.required, key=len))) if shape.required else None


@dataclass(frozen=True)
class PhrasePattern:
    """A pattern applied to the short phrases of metric cleaning, with a test that
    skips most phrases it cannot match in: a regex call costs microseconds, the
    test a fraction of one. A phrase cannot hold a match when it has no character
    of ``needs`` (see :func:`_needs`), or, for a pattern anchored at the start (end),
    when its first (last) character is not one a match starts (ends) with (see
    :func:`policyx.prefilter.anchored_edges`)."""

    pattern: "regex.Pattern[str] | FirstOf"
    needs: "re.Pattern[str] | None"
    first: frozenset[str] | None
    last: frozenset[str] | None

    @classmethod
    def of(cls, source: str, pattern: "regex.Pattern[str] | FirstOf | None" = None) -> "PhrasePattern":
        """``source`` compiled (see :func:`_compile`) unless ``pattern`` is its compiled form."""
        first, last = anchored_edges(source)
        return cls(pattern or _compile(source), _needs(source), first, last)

    def possible(self, phrase: str) -> bool:
        if self.needs is not None and self.needs.search(phrase) is None:
            return False
        if self.first is not None and phrase[:1] not in self.first:
            return False
        return self.last is None or phrase[-1:] in self.last or phrase.endswith("\n")

    def cut(self, phrase: str) -> str:
        """``phrase`` without the pattern's matches."""
        return self.pattern.sub("", phrase) if self.possible(phrase) else phrase


def _first_of(prefix: str, patterns: list[str]) -> "regex.Pattern[str] | FirstOf":
    """The alternation searched branch by branch (see :class:`policyx.prefilter.FirstOf`),
    or as one pattern when a branch cannot be split off."""
    return FirstOf.of(prefix, patterns) or _compile(f"{prefix}(?:{_joined(patterns)})")


def _per_unit_word(metric: dict) -> "regex.Pattern[str]":
    words = "|".join(regex.escape(w) for w in sorted(metric["per_unit"], key=len, reverse=True))
    return regex.compile(f"(?<!{metric['per_unit_before']})(?:{words})(?!{metric['per_unit_after']})")


def _compile(pattern: str) -> "regex.Pattern[str]":
    """The pattern with one-character checks that make it faster and find exactly
    the same (see :func:`policyx.prefilter.guarded`)."""
    return guarded(regex.compile(pattern))


@lru_cache(maxsize=1)
def context_data() -> ContextData:
    """Built once per table and source version, then read from the disk cache
    (compiled patterns pickle with their programs; see policyx.rulecache)."""
    from .resources import table_files
    from .rulecache import cached

    return cached("context", table_files(), _build_context_data)


def _build_context_data() -> ContextData:
    t = load_table("context")
    metric = t["metric"]
    junk = metric["junk"]
    basis = dict(t["basis"])
    default_yoy = frozenset(basis.pop("default_yoy", ()))
    frames = basis.pop("paragraph_frames", None) or {}
    no_default = basis.pop("no_default", None) or "(?!)"
    period = _first_of(PERIOD_NOT_AFTER, t["period"])
    return ContextData(
        basis=[(name, _alternation(pats)) for name, pats in basis.items()],
        default_yoy=default_yoy,
        basis_frames=[(name, _alternation(pats)) for name, pats in frames.items()],
        no_default_basis=_compile(no_default),
        status=[(name, _alternation(pats)) for name, pats in t["status"].items()],
        status_needs=[_needs(_joined(pats)) for pats in t["status"].values()],
        status_weak_sentence=frozenset(t["status_weak"]["sentence"]),
        status_weak_clause=frozenset(t["status_weak"]["clause"]),
        section_target=regex.compile(t["status_sections"]["target"]),
        section_actual=regex.compile(t["status_sections"]["actual"]),
        section_closes=regex.compile(t["status_sections"]["closes"]),
        section_facts=regex.compile(t["status_sections"]["facts"]),
        document_target=regex.compile(t["status_sections"]["document"]),
        carried_year=regex.compile(t["period_carried"]["year"]),
        carried_local=regex.compile(t["period_carried"]["local"]),
        local_after=regex.compile(t["period_carried"]["local_after"]),
        paragraph_only_before=regex.compile(t["period_carried"]["paragraph_only_before"]),
        paragraph_only_ending=regex.compile(t["period_carried"]["paragraph_only_ending"]),
        paragraph_only_words=regex.compile(t["period_carried"]["paragraph_only_words"]),
        source_clause=regex.compile(t["period_carried"]["source_clause"]),
        relative_period=regex.compile(t["period_carried"]["relative"]),
        question_label=regex.compile(t["period_carried"]["question_label"]),
        compared_period_only=regex.compile(t["period_carried"]["compared_only"]),
        local_before=regex.compile(t["period_carried"]["local_before"]),
        starting_point=regex.compile(t["period_carried"]["starting_point"]),
        continues_sentence=regex.compile(t["period_carried"]["continues_sentence"]),
        period_compared=regex.compile(t["period_compared"]),
        carried_words=dict(t["period_carried"]["words"]),
        period=period,
        period_cut=PhrasePattern.of(f"{PERIOD_NOT_AFTER}(?:{_joined(t['period'])})", period),
        strip_end=PhrasePattern.of(metric["strip_end"]),
        strip_start=PhrasePattern.of(metric["strip_start"]),
        remove=PhrasePattern.of(metric["remove"]),
        junk_ends=PhrasePattern.of(f"^{junk}|{junk}$"),
        noun_stop=_compile(metric["noun_stop"]),
        last_of=PhrasePattern.of(metric["last_of"]),
        carry_kinds=frozenset(metric.get("carry_kinds") or ()),
        sentence_topic=regex.compile(metric["sentence_topic"]),
        kept_measure=regex.compile(metric["kept_measure"]),
        names_nothing=regex.compile(metric["names_nothing"]),
        question_words=regex.compile(metric["question_words"]),
        rank_clause=regex.compile(metric["rank_clause"].replace("RANK_VERB", metric["rank_verb"])),
        rank_field=regex.compile(metric["rank_field"]),
        rank_verb=regex.compile(metric["rank_verb"]),
        rank_place=regex.compile(metric["rank_place"]),
        rank_bare_what=regex.compile(metric["rank_bare_what"]),
        superlative_clause=regex.compile(metric["superlative_clause"]),
        money_purpose_after=regex.compile(metric["money_purpose_after"]),
        bare_rate=regex.compile(metric["bare_rate"]),
        per_head_alone=regex.compile(metric["per_head_alone"].replace("PER_HEAD", _joined(metric["per_head_words"]))),
        per_head_word=regex.compile(_joined(metric["per_head_words"])),
        generic_counted=regex.compile(metric["generic_counted"]),
        per_unit=dict(metric["per_unit"]),
        per_unit_word=_per_unit_word(metric),
        per_unit_verbs=regex.compile(metric["per_unit_verbs"]),
        per_unit_fillers=regex.compile(metric["per_unit_fillers"]),
        list_head_word=regex.compile(metric["list_head_word"]),
        list_etc=regex.compile(metric["list_etc"]),
        unpaired_quote=regex.compile(metric["unpaired_quote"]),
        list_head_cut=regex.compile(metric["list_head_cut"]),
        carries_previous_metric=regex.compile(metric["carries_previous_metric"]),
        table_generic_header=regex.compile(metric["table_generic_header"]),
        table_rank_header=regex.compile(metric["table_rank_header"]),
        table_growth_header=regex.compile(metric["table_growth_header"]),
        table_change_header=regex.compile(metric["table_change_header"]),
        table_change_words=regex.compile(metric["table_change_words"]),
        table_target_header=regex.compile(metric["table_target_header"]),
        table_actual_header=regex.compile(metric["table_actual_header"]),
        growth_goes_on=regex.compile(metric["growth_goes_on"]),
        rate_goes_on=regex.compile(metric["rate_goes_on"]),
        comparison_only=regex.compile(metric["comparison_only"]),
        amount_change=regex.compile(metric["amount_change"]),
        amount_change_needs=regex.compile(metric["amount_change_needs"]),
        change_suffix={kind: tuple(words) for kind, words in metric["change_suffix"].items()},
        stock_comparison=regex.compile(metric["stock_comparison"]),
        named_change_stock_word=regex.compile(metric["named_change_stock_word"]),
        part_gap=regex.compile(metric["part_gap"]),
        stock_word=regex.compile(metric["stock_word"]),
        bare_measure=regex.compile(metric["bare_measure"]),
        speaker_label=regex.compile(metric["speaker_label"]),
        table_row_year=regex.compile(t["table_row_year"]),
        other_level=regex.compile(t["other_level"]),
        rate_named=regex.compile(metric["rate_named"]),
        rate_metric=regex.compile(metric["rate_metric"]),
        list_compounds={k: list(v) for k, v in (metric.get("list_compounds") or {}).items()},
        list_ellipsis=regex.compile(metric["list_ellipsis"]),
    )


def sentence_starts(text: str) -> list[int]:
    """Start offsets of the sentences of ``text``, found in one scan."""
    starts = [0]
    for m in SENTENCE_BREAK.finditer(text):
        starts.append(m.end())
    return starts


def sentence_bounds(text: str, starts: list[int], pos: int) -> tuple[int, int]:
    i = bisect_right(starts, pos) - 1
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return starts[i], end


def newline_starts(text: str) -> list[int]:
    """0 and the offset after every line break."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


class ClauseBreaks:
    """The clause breaks (CLAUSE_BREAK) of a text, found in one scan, so that the
    start of the clause holding a position is one bisection (an rfind per break
    character read up to WINDOW characters each time)."""

    def __init__(self, text: str):
        self.at = [m.start() for m in CLAUSE_BREAKS.finditer(text)]
        if self.at and ("(" in text or "（" in text):
            inside = {i for m in PARENTHESIZED.finditer(text) for i in range(m.start(), m.end())}
            self.at = [i for i in self.at if i not in inside]

    def clause_start(self, sent_start: int, pos: int) -> int:
        """Where the clause holding ``pos`` starts, in the sentence starting at ``sent_start``."""
        k = bisect_left(self.at, pos) - 1
        return self.at[k] + 1 if k >= 0 and self.at[k] >= sent_start else sent_start

    def opens_sentence(self, sent_start: int, pos: int) -> bool:
        """Whether ``pos`` is in the first clause of its sentence, looking back at
        most WINDOW characters (a longer first clause counts as none)."""
        return pos - sent_start <= WINDOW and self.clause_start(sent_start, pos) == sent_start

    def opens_after_source(self, text: str, sent_start: int, pos: int, source: "regex.Pattern[str]") -> bool:
        """Whether ``pos`` is in the clause right after one naming the source of the
        sentence (据县文旅局统计，赛事期间…): that clause is no part of what is said."""
        start = self.clause_start(sent_start, pos)
        return (start > sent_start and pos - start <= WINDOW
                and source.fullmatch(text, sent_start, start) is not None)

    def opens_after_label(self, text: str, sent_start: int, pos: int) -> bool:
        """Whether ``pos`` is in the clause right after a speaker's label that opens
        its line (记者：明年有啥打算？ 老蒙：现在一半以上是…): the label is no clause."""
        start = self.clause_start(sent_start, pos)
        label = text[sent_start:start - 1]
        return (start > sent_start and pos - start <= WINDOW and text[start - 1] in "：:"
                and (sent_start == 0 or text[sent_start - 1] == "\n") and 0 < len(label) <= SPEAKER_LABEL_MAX
                and SPEAKER_LABEL.fullmatch(label) is not None)


def last_cue(patterns: list[tuple[str, "regex.Pattern[str]"]], text: str) -> tuple[str, int, str] | None:
    """The class of the cue that ends last in ``text``, with its end and text."""
    best: tuple[str, int, str] | None = None
    for name, pattern in patterns:
        for m in pattern.finditer(text):
            if best is None or m.end() > best[1] or (m.end() == best[1] and name == "other"):
                best = (name, m.end(), m.group())
    return best


def resolved_basis(data: ContextData, cue: tuple[str, int, str], period: str | None) -> str | None:
    """The basis a cue gives a figure of ``period``: 比9月份 is mom for 10月份."""
    name, _, word = cue
    if name == "month_before":
        before = _month_number(word)
        return "mom" if before is not None and _month_number(period or "") == before % 12 + 1 else None
    if name == "year_before":
        return "yoy" if period is not None and LAST_YEAR.fullmatch(period) else None
    return None if name in NULL_BASIS else name


def same_time(period: str) -> str:
    """A period's words with its months in digits, 月份 as 月 and a leading year
    dropped: 八月至十月 and 2026年8月至10月 name the same months."""
    months = MONTH.sub(lambda m: f"{int(parse_number(m.group(1)))}月", period).replace("月份", "月")
    return YEAR_PREFIX.sub("", months).replace("—", "至").replace("-", "至")


def _month_number(text: str) -> int | None:
    """The month a text names (9月份, 九月底 → 9), when it names one."""
    found = MONTH.search(text)
    return int(parse_number(found.group(1))) if found else None


NULL_BASIS = ("other", "other_sentence")


def find_basis(data: ContextData, text: str, sent_start: int, own_start: int, m: Mention,
               period: str | None = None, para_start: int | None = None) -> str | None:
    """yoy, mom or None for a growth figure of ``period`` (see context.yaml's header);
    with no cue in its sentence, a frame opening its paragraph (从环比看，…) decides."""
    if m.basis_word:
        cue = last_cue(data.basis, m.basis_word)
        return None if cue is None else resolved_basis(data, cue, period)
    in_parens = m.start > 0 and text[m.start - 1] in "(（"
    own = last_cue(data.basis, text[own_start:m.start])
    if own and not (in_parens and own[0] == "other"):
        return resolved_basis(data, own, period)
    earlier = last_cue(data.basis, text[sent_start:own_start])
    if earlier and earlier[0] not in ("other", "month_before", "year_before"):
        return resolved_basis(data, earlier, period)
    if para_start is not None and para_start < sent_start:
        frame = last_cue(data.basis_frames, text[para_start:min(sent_start, para_start + HEADING_MAX)])
        if frame:
            return frame[0]
    percent = m.unit_text in ("%", "成", "倍") or (m.unit_text is None and m.unit == "%")
    if percent and not data.no_default_basis.search(text, sent_start if para_start is None else para_start, m.start):
        if in_parens or m.dir_word is None or m.dir_word in data.default_yoy:
            return "yoy"
    return None


class _Memo:
    """Results of a pure function of the context tables and a short text, kept for
    the current tables (documents repeat their phrases: 规模以上工业增加值...)."""

    def __init__(self, size: int = 2000):
        self.data: ContextData | None = None
        self.found: dict = {}
        self.size = size

    def table(self, data: ContextData) -> dict:
        if self.data is not data or len(self.found) > self.size:
            self.data, self.found = data, {}
        return self.found


_METRIC = _Memo()


def segment_status(data: ContextData, segment: str, section: str | None = None) -> str:
    """The class of the last status cue in ``segment`` (a sentence up to a figure),
    skipping a weak cue that gives way (see context.yaml's status_weak); with no
    cue, the status of the section the sentence stands in, else actual."""
    cues = sorted(((m.start(), m.end(), name, m.group())
                   for (name, pattern), needs in zip(data.status, data.status_needs)
                   if needs is None or needs.search(segment)
                   for m in pattern.finditer(segment)), key=lambda c: -c[1])
    cut = _last_item_break(segment)
    if cut >= 0:
        cues = [c for c in cues if c[0] > cut or _frames(segment, c[1], cut)]
    for start, _, name, word in cues:
        if _gives_way(data, segment, cues, start, name, word, section):
            continue
        return name
    return section or "actual"


def _last_item_break(segment: str) -> int:
    """Where the last semicolon of ``segment`` that opens a new item (not one
    going on with 其中: …编列128.7亿元；其中统筹分配税款…) stands, or -1."""
    cut = len(segment)
    while True:
        cut = max(segment.rfind("；", 0, cut), segment.rfind(";", 0, cut))
        if cut < 0 or not segment.startswith("其中", cut + 1):
            return cut


def _frames(segment: str, cue_end: int, cut: int) -> bool:
    """Whether a status cue before a semicolon reaches past it: it does when the
    rest of its clause holds no figure (统计处预估，…；…, 预计下周…为主；…), not when
    it qualifies a figure of its own (预计完成386.5亿元，…；一般公共预算收入…)."""
    end = CLAUSE_BREAKS.search(segment, cue_end, cut + 1)
    return not any(ch.isdigit() for ch in segment[cue_end: end.start() if end else cut])


def _gives_way(data: ContextData, segment: str, cues: list[tuple[int, int, str, str]], start: int, name: str,
               word: str, section: str | None) -> bool:
    in_sentence = word in data.status_weak_sentence
    if not in_sentence and word not in data.status_weak_clause:
        return False
    if section is not None and section != name:
        return True
    return any(other != name and end <= start and other_word not in data.status_weak_clause and
               (in_sentence or not any(ch in CLAUSE_BREAK for ch in segment[end:start]))
               for _, end, other, other_word in cues)


def section_statuses(data: ContextData, periods: "PeriodIndex") -> list[tuple[int, str | None]]:
    """(line start, status) at each heading that opens or closes a section of goals,
    or opens a section of facts (二、现状 in a plan whose figures are otherwise goals)."""
    text = periods.text
    marks: list[tuple[int, str | None]] = []
    current: str | None = None
    for start in periods.line_starts:
        if not periods.is_heading(start):
            continue
        end = text.find("\n", start, start + HEADING_MAX + 1)
        line = text[start: len(text) if end < 0 else end]
        if data.section_target.search(line):
            current = "target"
        elif data.section_actual.search(line):
            current = "actual"
        elif current and data.section_closes.match(line):
            current = None
        else:
            continue
        marks.append((start, current))
    return marks


def document_status(data: ContextData, text: str) -> str | None:
    """'target' when the document's title names a plan or a policy (…实施意见,
    …行动计划): its figures are goals unless a sentence says otherwise. A first
    line that is a chapter or section heading (第二章　发展目标) is no title."""
    title = text.lstrip()[:HEADING_MAX * 2].split("\n", 1)[0]
    if data.section_closes.match(title) and not title.startswith("# "):
        return None
    return "target" if data.document_target.search(title) else None


class PeriodIndex:
    """Every period expression of a document, for 'nearest governing' look-ups.

    Two reaches: any period governs the rest of its paragraph (the nearest one
    before a figure wins); one opening a paragraph (the first clause of its first
    sentence), or standing in a heading, also governs later paragraphs until
    another takes over. A local period (context.yaml's period_carried local:
    目前, “十四五”以来, or one after local_after: 其中9月份) inside a sentence governs
    only that sentence.
    """

    def __init__(self, data: ContextData, text: str, starts: list[int], clauses: ClauseBreaks,
                 figure_starts: list[int], written: Callable[[int, int], str] | None = None):
        self.text = text
        self.sentence_starts = starts
        self.figure_starts = figure_starts
        self.continues = data.continues_sentence
        self.question_label = data.question_label
        self.line_starts = newline_starts(text)
        self.tables = PipeTables(text, self.line_starts)
        self.spans: list[tuple[int, int, str]] = []
        self.paragraph_level: list[tuple[int, int, str]] = []
        self.local: list[bool] = []
        self.opening: list[bool] = []
        self.base: list[bool] = []
        self._explained_until = 0
        self.asked: dict[int, str] = {}
        """Periods opening a question after a speaker's label, by the question's line start."""
        last_plain: str | None = None
        for m in data.period.finditer(text):
            if in_book_title(text, m.start()) or self.tables.in_header_row(m.start()) \
                    or self._explains_previous(m.start()) \
                    or data.compared_period_only.match(text, max(0, m.start() - 1), min(len(text), m.end() + 3)) is not None:
                continue
            span = (m.start(), m.end(), m.group() if written is None else written(m.start(), m.end()))
            relative = data.relative_period.fullmatch(span[2]) is not None
            if relative and last_plain is not None:
                span = (span[0], span[1], last_plain + span[2])
            self.spans.append(span)
            self.base.append(text[max(0, m.start() - 1):m.start()] in COMPARISON_BASE and text[m.end():m.end() + 1] == "的")
            s_start, _ = sentence_bounds(text, starts, m.start())
            opens_plainly = clauses.opens_sentence(s_start, m.start()) or clauses.opens_after_source(
                text, s_start, m.start(), data.source_clause)
            after_label = not opens_plainly and clauses.opens_after_label(text, s_start, m.start())
            opens = opens_plainly or after_label
            self.opening.append(opens)
            frames = text[m.end(): m.end() + 1] in LEAD_FRAME_END and clauses.clause_start(s_start, m.start()) == m.start()
            single_month = (data.paragraph_only_before.match(text, m.end()) is not None
                            or data.paragraph_only_ending.search(span[2]) is not None
                            or data.paragraph_only_words.fullmatch(span[2]) is not None)
            starts_from = data.starting_point.fullmatch(text, m.start(), m.end() + 1) is not None
            self.local.append(single_month or starts_from or not opens and not frames and (
                data.carried_local.search(span[2]) is not None
                or data.local_after.search(text, max(0, m.start() - 4), m.start()) is not None
                or data.local_before.match(text, m.end()) is not None))
            if not relative and not self.local[-1]:
                last_plain = span[2]
            line_start = self.paragraph_start(m.start())
            if single_month:
                continue
            if after_label and self._is_question(line_start):
                self.asked.setdefault(line_start, span[2])
                self.local[-1] = True
                continue
            if opens and (s_start <= line_start or self.is_heading(line_start)) \
                    or not self.local[-1] and self._leads(line_start, m.start(), m.end()):
                self.paragraph_level.append(span)
        self._carry_headline_restatement()
        self.ends = [e for _, e, _ in self.spans]
        self.carried_words = data.carried_words
        first = next((span for span in self.spans if data.carried_year.fullmatch(span[2])), None)
        self.first_year_start, self.first_year = (first[0], first[2]) if first else (len(text), None)
        year_spans = [(s, t) for s, _, t in self.paragraph_level if data.carried_year.fullmatch(t)]
        self.year_starts = [s for s, _ in year_spans]
        self.years = [t for _, t in year_spans]
        self.paragraph_ends = [e for _, e, _ in self.paragraph_level]
        self.lead_end, self.body_period = self._body_period()

    def _carry_headline_restatement(self) -> None:
        """A headline's period that the lead restates (十月 over 2026年10月份入境旅客共…)
        governs the later paragraphs in the lead's words (its last restatement),
        even where it does not open its sentence."""
        headline_end = self.headline_end()
        in_headline = [span for span in self.paragraph_level if span[0] < headline_end]
        if not in_headline:
            return
        said = same_time(in_headline[-1][2])
        lead_start, lead_end = self._lead_bounds(headline_end)
        restated = [span for span, local in zip(self.spans, self.local)
                    if lead_start <= span[0] < lead_end and not local and same_time(span[2]) == said]
        if restated and restated[-1] not in self.paragraph_level:
            insort(self.paragraph_level, restated[-1])

    def _body_period(self) -> tuple[int, str | None]:
        """The end of the first paragraph that names a period governing more than
        its own clause, and the first such period in it that is no comparison
        base: what a release's later paragraphs report on when no period opens
        them (失业率由2026年7月至9月的3.9%下降至2026年8月至10月的3.8% … 与对上一个
        三个月期间比较，失业人数减少…)."""
        for j, (start, _, _) in enumerate(self.spans):
            if self.local[j]:
                continue
            para_end = self.text.find("\n", start)
            para_end = len(self.text) if para_end < 0 else para_end
            for (s, _, t), local in zip(self.spans[j:], self.local[j:]):
                if s >= para_end:
                    break
                if not local and self.text[max(0, s - 1):s] not in COMPARISON_BASE:
                    return para_end, t
            return para_end, None
        return len(self.text), None

    def _explains_previous(self, pos: int) -> bool:
        """Whether a period stands in brackets right after another, spelling it
        out (2026年第三季（7月至9月）): the first one is the period."""
        if pos < self._explained_until:
            return True
        if pos >= 1 and self.text[pos - 1] in "(（" and self.spans and self.spans[-1][1] == pos - 1:
            closes = [i for i in (self.text.find(")", pos, pos + 24), self.text.find("）", pos, pos + 24)) if i >= 0]
            self._explained_until = min(closes, default=pos)
            return True
        return False

    def _figure_between(self, start: int, end: int) -> bool:
        """Whether a figure starts in [start, end): a base period (由去年的91%降至87%)
        belongs to the figure right after it only."""
        i = bisect_left(self.figure_starts, start)
        return i < len(self.figure_starts) and self.figure_starts[i] < end

    def _leads(self, line_start: int, pos: int, end: int) -> bool:
        """Whether a period at ``pos`` frames a clause of its own (a comma
        follows it), is its paragraph's first (but for periods governing only
        their sentence: 自2025年12月起), and stands before every figure of it:
        会上通报，今年1—10月，… after a dateline sentence."""
        if self.text[end: end + 1] not in LEAD_FRAME_END or self._earlier_in_line(line_start):
            return False
        i = bisect_left(self.figure_starts, line_start)
        return i == len(self.figure_starts) or self.figure_starts[i] >= pos

    def _earlier_in_line(self, line_start: int) -> bool:
        """Whether a period other than the last one found, and governing more than
        its sentence, stands in the line from ``line_start`` (自2025年12月起 does not)."""
        for j in range(len(self.spans) - 2, -1, -1):
            if self.spans[j][0] < line_start:
                return False
            if not self.local[j]:
                return True
        return False

    def headline_end(self) -> int:
        """The end of the document's first line when it is a headline (a short line
        with no 。), else 0."""
        end = self.text.find("\n")
        return end if end > 0 and self.is_heading(0) else 0

    def lead_period(self, after: int) -> str | None:
        """The first period framing the lead (the first paragraph after ``after``):
        what a headline with no period of its own reports on (澜江市集中供热面积达
        2.86亿平方米 over a lead opening 今冬全市…)."""
        _, lead_end = self._lead_bounds(after)
        i = bisect_left(self.paragraph_level, (after, -1, ""))
        if i == len(self.paragraph_level) or lead_end < self.paragraph_level[i][0]:
            return None
        return self.paragraph_level[i][2]

    def _lead_bounds(self, after: int) -> tuple[int, int]:
        """Start and end of the first paragraph after ``after`` (the lead under a headline)."""
        start = LEADING_SPACE.match(self.text, after).end()
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def paragraph_start(self, pos: int) -> int:
        return self.line_starts[bisect_right(self.line_starts, pos) - 1]

    def _is_question(self, line_start: int) -> bool:
        end = self.text.find("\n", line_start)
        line = self.text[line_start: len(self.text) if end < 0 else end]
        return line.rstrip().endswith(("？", "?")) or self.question_label.match(line) is not None

    def asked_line(self, para_start: int) -> str | None:
        """The question line just before this paragraph (记者：房租贵不贵？), without
        its speaker's label; None when the line before is no question."""
        here = bisect_left(self.line_starts, para_start)
        for i in range(here - 1, max(here - 4, -1), -1):
            start = self.line_starts[i]
            if self.text[start: para_start].strip():
                if not self._is_question(start):
                    return None
                end = self.text.find("\n", start)
                line = self.text[start: len(self.text) if end < 0 else end]
                label = max(line.find("："), line.find(":"))
                return line[label + 1:] if label >= 0 else line
        return None

    def asked_period(self, para_start: int) -> str | None:
        """The period a question just before this paragraph opened with (记者：明年有啥打算？):
        the answer's figures belong to it."""
        if not self.asked:
            return None
        here = bisect_left(self.line_starts, para_start)
        for i in range(here - 1, max(here - 4, -1), -1):
            start = self.line_starts[i]
            if self.text[start: para_start].strip():
                return self.asked.get(start)
        return None

    def is_heading(self, line_start: int) -> bool:
        end = self.text.find("\n", line_start, line_start + HEADING_MAX + 1)
        if end < 0 and len(self.text) - line_start > HEADING_MAX:
            return False
        line = self.text[line_start: len(self.text) if end < 0 else end]
        return "。" not in line and not line.rstrip().endswith(("！", "？", "!", "?"))

    def _local_start(self, sent_start: int, para_start: int) -> int:
        """Where a local period opening a sentence governs this one too: the
        sentence before, when this one goes on with it (10月当月，…。其中，出口…)."""
        if not self.continues.match(self.text, sent_start):
            return sent_start
        i = bisect_left(self.sentence_starts, sent_start)
        return self.sentence_starts[i - 1] if i > 0 and self.sentence_starts[i - 1] >= para_start else sent_start

    def _paragraph_year(self, pos: int) -> str | None:
        """The year the last paragraph opening with one before ``pos`` names."""
        y = bisect_right(self.year_starts, pos) - 1
        return self.years[y] if y >= 0 else None

    def with_year(self, period: str | None, pos: int) -> str | None:
        """A bare 全年 as the year it stands in (2026年全年): the year a paragraph
        before ``pos`` opened with, else the first year of the text before it."""
        if period is None or self.carried_words.get(period) != period:
            return period
        year = self._paragraph_year(pos)
        if year is None and self.first_year_start < pos:
            year = self.first_year
        return period if year is None else year + period

    def governing(self, pos: int, sent_start: int) -> str | None:
        i = bisect_right(self.ends, pos) - 1
        para_start = self.paragraph_start(sent_start)
        local_start = self._local_start(sent_start, para_start)
        for j in range(i, max(i - LOCAL_SKIP, -1), -1):
            if self.spans[j][0] < para_start:
                break
            if self.base[j] and self.spans[j][0] >= sent_start and (
                    pos - self.spans[j][1] > BASE_REACH or self._figure_between(self.spans[j][1], pos)):
                continue
            if not self.local[j] or self.spans[j][0] >= sent_start or self.opening[j] and self.spans[j][0] >= local_start:
                return self.spans[j][2]
        asked = self.asked_period(para_start)
        if asked is not None:
            return asked
        k = bisect_right(self.paragraph_ends, sent_start) - 1
        if k < 0:
            if self.first_year_start < sent_start:
                return self.first_year
            return self.body_period if sent_start > self.lead_end else None
        start, _, carried = self.paragraph_level[k]
        year = self._paragraph_year(start) if carried in self.carried_words else None
        return carried if year is None else year + self.carried_words[carried]


def clean_metric(data: ContextData, phrase: str) -> str | None:
    """The measured thing out of the words before a figure."""
    found = _METRIC.table(data)
    metric = found.get(phrase, _METRIC)
    if metric is _METRIC:
        metric = found[phrase] = _clean_metric(data, phrase)
    return metric


def _clean_metric(data: ContextData, phrase: str) -> str | None:
    gaps = list(data.part_gap.finditer(phrase)) if " " in phrase or "\u3000" in phrase else []
    if gaps:
        return _clean_part(data, phrase[gaps[-1].end():]) or _clean_part(data, phrase[:gaps[-1].start()])
    return _clean_part(data, phrase)


def _clean_part(data: ContextData, phrase: str) -> str | None:
    per = ""
    while (unit := data.per_unit_word.search(phrase)) is not None:
        per += data.per_unit[unit.group()]
        phrase = phrase[:unit.start()] + phrase[unit.end():]
    if per:
        phrase = data.per_unit_fillers.sub("", phrase)
        said, previous = data.per_unit_verbs.sub("", phrase), None
        while said != previous:
            previous, said = said, data.per_unit_verbs.sub("", data.per_unit_fillers.sub("", said))
        said = data.junk_ends.cut(data.unpaired_quote.sub("", said))
        if not said:
            return per
        rest = _clean_part(data, said) or data.junk_ends.cut(data.unpaired_quote.sub("", phrase))
        return per + rest
    phrase = data.remove.cut(data.period_cut.cut(phrase))
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = data.junk_ends.cut(phrase)
        phrase = data.strip_start.cut(phrase)
        phrase = data.strip_end.cut(phrase)
        if len(phrase) < 2 and data.kept_measure.match(previous):
            phrase = previous
            break
    cut = None
    if data.last_of.possible(phrase):
        for m in data.last_of.pattern.finditer(phrase):
            cut = m.end()
    if cut is not None and len(phrase) - cut >= 2:
        tail = data.junk_ends.cut(phrase[cut:])
        head = data.junk_ends.cut(phrase[:cut].rstrip("的"))
        phrase = head if data.bare_measure.fullmatch(tail) and len(head) >= 2 else tail
    phrase = phrase.strip().translate(FULLWIDTH_BRACKETS)
    return phrase if len(phrase) >= 2 and not data.names_nothing.fullmatch(phrase) else None


def following_noun(data: ContextData, text: str, end: int) -> str | None:
    """The counted thing written after the measure word: 培育100家专精特新企业."""
    if end < len(text) and text[end] == "的":
        end += 1
    if end >= len(text) or not _is_han(text[end]) or data.noun_stop.match(text, end):
        return None
    limit = min(len(text), end + 16)
    stop = data.noun_stop.search(text, end, limit)
    phrase = text[end: stop.start() if stop else min(len(text), end + 12)]
    return phrase if len(phrase) >= 2 else None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def list_items(data: ContextData, text: str, clauses: "ClauseBreaks", sentence_start: int, own_start: int,
               pos: int, size: int, figure_before: int | None = None) -> list[str] | None:
    """The metrics a 分别 list of ``size`` figures pairs with them, in order:
    对沙特、埃及、阿联酋进出口分别增长38.7%、29%、4.7%; with one item too few, the
    last is split at 和 (受灾人次、倒塌房屋数量和直接经济损失分别下降…). A clause
    naming nothing before 分别 takes the items from the clause before it
    (电子、计算机板块涨幅居前，分别上涨3.26%和2.91%) when that holds no figure
    (``figure_before``: where the last figure before the list ends)."""
    at = text.rfind(LIST_WORD, own_start, pos)
    if at < 0:
        return None
    head = text[own_start:at]
    if not data.list_head_word.search(head) and own_start > sentence_start:
        before = clauses.clause_start(sentence_start, own_start - 1)
        if figure_before is None or figure_before < before:
            head = data.list_head_cut.sub("", text[before:own_start - 1])
    etc = max((m.start() for m in data.list_etc.finditer(head)), default=None) if "等" in head else None
    if etc is not None:
        head = head[:etc]
    pieces = _spelled_out(data, head) or head.split(LIST_SPLIT)
    if len(pieces) == size - 1:
        pieces[-1:] = LIST_AND.split(pieces[-1], maxsplit=1)
    items = [i for i in (clean_metric(data, x) for x in pieces) if i]
    if len(items) == 1:
        return compound_parts(data, items[0]) or items
    return items or None


def _spelled_out(data: ContextData, head: str) -> list[str] | None:
    """第一、二、三产业增加值 → [第一产业增加值, 第二产业增加值, 第三产业增加值];
    东、中、西部地区 → [东部地区, 中部地区, 西部地区] (items of one character share
    the last item's words)."""
    found = data.list_ellipsis.fullmatch(head)
    if found is None:
        return _sharing_the_last(head.split(LIST_SPLIT))
    ordinals = [found.group("first")] + found.group("rest").split(LIST_SPLIT)[1:]
    return [found.group("pre") + n + found.group("tail") for n in ordinals]


def _sharing_the_last(pieces: list[str]) -> list[str] | None:
    *singles, last = pieces
    if not singles or len(last) < 2 or not all(len(p) == 1 and _is_han(p) for p in singles) or not _is_han(last[0]):
        return None
    return [p + last[1:] for p in singles] + [last]


def list_size(text: str, mentions: Sequence[Mention], i: int) -> int:
    """How many figures from the ``i``-th on stand in its clause: the figures a
    分别 list pairs with its items."""
    end = len(text)
    for ch in CLAUSE_BREAK + "。！？!?\n":
        found = text.find(ch, mentions[i].end)
        if 0 <= found < end:
            end = found
    j = i
    while j < len(mentions) and mentions[j].start < end:
        j += 1
    return j - i


PAIR_JOINS = ("和", "、", "与", "及")
PAIR_REACH = 30


def _pair_part(data: ContextData, text: str, records: Sequence[Record], mentions: Sequence[Mention], i: int,
               metric: str) -> str:
    """The part of a two-part metric a figure of a pair gives, without 分别:
    汽车产销累计完成362.4万辆和358.7万辆 → 汽车产量, 汽车销量."""
    joined_before = i > 0 and text[mentions[i - 1].end:mentions[i].start] in PAIR_JOINS
    if joined_before and records[i - 1].metric == metric:
        before = text[max(0, mentions[i - 1].start - PAIR_REACH):mentions[i - 1].start]
        for word, (first, second) in _two_part_compounds(data):
            if word in before and first in metric:
                return metric.replace(first, second, 1)
    parts = compound_parts(data, metric)
    if parts is None or len(parts) != 2:
        return metric
    if i + 1 < len(mentions) and text[mentions[i].end:mentions[i + 1].start] in PAIR_JOINS:
        return parts[0]
    return metric


def _two_part_compounds(data: ContextData) -> list[tuple[str, tuple[str, str]]]:
    return [(word, (parts[0], parts[1])) for word, parts in data.list_compounds.items() if len(parts) == 2]


def compound_parts(data: ContextData, item: str) -> list[str] | None:
    """汽车产销 -> [汽车产量, 汽车销量] (context.yaml's list_compounds)."""
    for word, parts in data.list_compounds.items():
        if word in item:
            return [item.replace(word, part, 1) for part in parts]
    return None


class _Sentences:
    """One string per sentence window of a document, shared by its records (a
    dense document has a record every few dozen characters), and whether it
    states facts (context.yaml's status_sections facts), asked at most once."""

    def __init__(self, text: str, data: ContextData):
        self.text, self.data = text, data
        self.texts: dict[tuple[int, int], str] = {}
        self.facts: dict[tuple[int, int], bool] = {}

    def sentence(self, start: int, end: int) -> tuple[str, Callable[[], bool]]:
        key = (start, end)
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = self.text[start:end].strip()
        return found, lambda: self._facts(key, found)

    def _facts(self, key: tuple[int, int], sentence: str) -> bool:
        known = self.facts.get(key)
        if known is None:
            known = self.facts[key] = self.data.section_facts.search(sentence) is not None
        return known


@dataclass
class _SentenceState:
    start: int = -1
    last_metric: str | None = None
    metrics: list[str] = field(default_factory=list)
    """The metrics of the sentence's figures so far, outside 分别 lists."""
    previous_list: list[str] | None = None
    opening: str | None = None
    """The metric the sentence's opening gives (see :func:`opening_metric`)."""


def opening_metric(data: ContextData, text: str, start: int, previous: str | None) -> str | None:
    """The metric a sentence's opening gives figures that name none: a topic
    (海外生产比方面，…), or the previous sentence's metric when the sentence breaks
    it down by period (分季度看，一季度增长5.2%)."""
    topic = data.sentence_topic.match(text, start)
    if topic:
        return data.strip_start.cut(topic.group("topic")).strip() or None
    if previous and data.carries_previous_metric.match(text, start):
        return previous
    return None


def compared_period(data: ContextData, text: str, start: int) -> str | None:
    """The earlier period a figure is the level of (较去年同月的3,912亿元 → 去年同月)."""
    found = data.period_compared.search(text, max(0, start - COMPARED_REACH), start)
    return found.group("period") if found else None


def attach_context(records: Sequence[Record], mentions: Sequence[Mention], norm: Normalized) -> None:
    data = context_data()
    text = norm.text
    starts = sentence_starts(text)
    clauses = ClauseBreaks(text)
    periods = PeriodIndex(data, text, starts, clauses, [m.start for m in mentions], norm.as_written)
    sections = section_statuses(data, periods)
    section_starts = [start for start, _ in sections]
    document = document_status(data, text)
    state = _SentenceState()
    shared = _Sentences(text, data)
    tables = periods.tables
    headline_end = periods.headline_end()
    list_groups: dict[int, list[int]] = {}
    list_sizes: dict[int, int] = {}
    for i, (rec, m) in enumerate(zip(records, mentions)):
        s_start, s_end = sentence_bounds(text, starts, m.start)
        if s_start != state.start:
            state = _SentenceState(start=s_start, opening=opening_metric(data, text, s_start, state.last_metric))
        s_start, s_end = max(s_start, m.start - WINDOW), min(s_end, m.end + WINDOW)
        rec.sentence, facts = shared.sentence(s_start, s_end)
        own_start = clauses.clause_start(s_start, m.start)
        k = bisect_right(section_starts, s_start) - 1
        section = ((sections[k][1] if k >= 0 else None) or document) if not facts() else None
        rec.status = segment_status(data, text[s_start:m.start], section)
        rec.period = compared_period(data, text, m.start) or periods.with_year(periods.governing(m.start, s_start), m.start)
        if rec.period is None and m.start < headline_end:
            rec.period = periods.lead_period(headline_end)
        if m.kind == "growth":
            rec.basis = find_basis(data, text, s_start, own_start, m, rec.period, periods.paragraph_start(s_start))
        cell = tables.cell_at(m.start)
        in_list = cell is None and text.rfind(LIST_WORD, own_start, m.start) >= 0
        raw = _own_text(text, own_start, m, mentions, i)
        compares = data.comparison_only.fullmatch(raw.strip(" ,，")) is not None
        change = amount_change(data, raw) if cell is None and not in_list and m.kind in AMOUNT_KINDS else None
        if change is not None:
            raw = raw[:change.start()]
            compares = compares or not raw.strip(" ,，")
        changes = False
        ranked = None
        if cell is not None:
            named = header_period(data, cell)
            row_period = row_label_period(data, cell)
            rec.metric = table_metric(data, cell, named, row_period is not None)
            if rec.metric and (gap := data.table_change_words.search(rec.metric)):
                rec.metric = _table_change_metric(data, rec.metric[:gap.start()], rec) or rec.metric
            if m.kind == "rank" and (ranked := tables.ranked_row(m.start, data.table_rank_header)):
                rec.metric = ranked_metric(data, *ranked) or rec.metric
            elif rec.metric and cell.header and cell.header.startswith("占") and cell.label:
                rec.metric = _share_column_metric(data, cell, tables.row_measure(m.start)) or rec.metric
            rec.period = named or row_period or table_period(data, tables.header_row(m.start)) or rec.period
            if cell.header:
                if rec.kind in ("share", "growth") and data.table_growth_header.search(cell.header):
                    rec.kind, rec.basis = "growth", _header_basis(data, cell.header)
                elif rec.value is not None and rec.value < 0 and data.table_change_header.search(cell.header):
                    rec.value = -rec.value
                if data.table_target_header.search(cell.header):
                    rec.status = "target"
                elif data.table_actual_header.search(cell.header):
                    rec.status = "actual"
        elif m.kind == "rank" and (ranked := tables.ranked_row(m.start, data.table_rank_header)):
            rec.metric = ranked_metric(data, *ranked)
        elif in_list:
            group = list_groups.setdefault(own_start, [])
            group.append(i)
            size = list_sizes.setdefault(own_start, list_size(text, mentions, i))
            first = group[0]
            items = list_items(data, text, clauses, s_start, own_start, m.start, size,
                               mentions[first - 1].end if first > 0 else None)
            earlier = state.metrics[-size:] if len(state.metrics) >= size else None
            source = items or state.previous_list or earlier
            if source:
                position = len(group) - 1
                rec.metric = source[position] if position < len(source) else source[-1]
            if items:
                state.previous_list = items
        else:
            rec.metric = _own_metric(data, text, raw, compares, m, state.last_metric)
            if m.kind == "rank" and (rec.metric is None or data.rank_verb.search(rec.metric)
                                     or data.rank_bare_what.fullmatch(rec.metric)):
                previous = records[i - 1] if i > 0 and mentions[i - 1].end > s_start else None
                ranked = _ranked_metric(data, raw, state.last_metric, _rank_measure(previous))
                if ranked:
                    rec.metric, state.last_metric = ranked
            if rec.metric is None and own_start > s_start and text[own_start - 1] in "：:":
                rec.metric = _label_metric(data, text[clauses.clause_start(s_start, own_start - 1):own_start - 1])
            if rec.metric is None:
                rec.metric = (_superlative_metric(data, text, clauses, s_start, own_start, m.start)
                              or (_purpose_metric(data, text, m.end) if m.kind == "money" else None))
        own = rec.metric is not None and cell is None and not in_list
        if rec.metric is None and m.kind in data.carry_kinds:
            rec.metric = (state.last_metric or _level_metric(data, text, clauses, s_start, own_start, mentions, i)
                          or state.opening)
            if rec.metric and m.kind == "growth" and rec.unit == "%":
                rec.metric = share_owner(rec.metric)
            if rec.metric and compares and m.kind in AMOUNT_KINDS:
                if change is None:
                    rec.metric = _changed_metric(data, rec.metric)
                changes = True
        if rec.metric is None and cell is None and (asked := periods.asked_line(periods.paragraph_start(m.start))):
            rec.metric = asked_metric(data, asked)
        if rec.metric and cell is None and not in_list and not ranked:
            part = _pair_part(data, text, records, mentions, i, rec.metric)
            if own or part != rec.metric:
                state.metrics.append(part)
            rec.metric = part
        if _is_level_compared_with(data, text, records, mentions, i, s_start, own_start):
            rec.kind = records[i - 1].kind
            if rec.kind == "share":
                rec.basis = None
        if rec.kind == "share" and _continues_growth(data, text, records, mentions, i, s_start, own_start):
            previous = records[i - 1]
            rec.kind, rec.metric, rec.basis = "growth", previous.metric, previous.basis
        elif rec.kind == "share" and (rise := _named_rate(data, text, s_start, own_start, m.start)):
            rec.kind = "growth"
            if rise.group("down") and rec.value is not None:
                rec.value = -rec.value
                rec.value_max = -rec.value_max if rec.value_max is not None else None
        elif rec.kind == "share" and rec.unit == "%" and rec.metric and data.rate_metric.search(rec.metric):
            rec.kind = "growth"
            rec.basis = (records[i - 1].basis if _is_level_compared_with(data, text, records, mentions, i, s_start, own_start)
                         else find_basis(data, text, s_start, own_start, m, rec.period, periods.paragraph_start(s_start)))
        if change is not None and rec.metric:
            stem = data.named_change_stock_word.sub("", rec.metric)
            if own:
                state.last_metric = rec.metric
            rec.metric = (stem if len(stem) >= 2 else rec.metric) + change_suffix(data, change, m.kind)
            changes = True
        if rec.metric and not changes and not ranked:
            state.last_metric = rec.metric
    if headline_end:
        _headline_periods_from_body(records, mentions, headline_end)


RESTATED_WITHIN = Decimal("0.25")
"""How far a headline's figure may stand from the body's figure it restates
(突破两千亿元 over 2138.6亿元, 逾六成 over 63.5%), relative to the larger."""


def _headline_periods_from_body(records: Sequence[Record], mentions: Sequence[Mention], headline_end: int) -> None:
    """A headline figure with no period of its own takes the period of the first
    body figure it restates, of the same kind and unit and close in value:
    体育产业总规模突破两千亿元 over 2025年全省体育产业总规模达到2138.6亿元 is 2025年's."""
    body = [r for r, m in zip(records, mentions) if m.start >= headline_end and r.period is not None and r.value is not None]
    for rec, m in zip(records, mentions):
        if m.start >= headline_end:
            break
        if rec.period is not None or rec.value is None:
            continue
        for other in body:
            if other.kind == rec.kind and other.unit == rec.unit and _restates(rec.value, other.value):
                rec.period = other.period
                break


def _restates(a: Decimal, b: Decimal) -> bool:
    larger = max(abs(a), abs(b))
    return larger > 0 and (a >= 0) == (b >= 0) and abs(a - b) <= RESTATED_WITHIN * larger


LEVEL_BEFORE = regex.compile(r"(?:为|是|达到?|报)?[0-9][0-9.,]*(?:点|%)?$")


def _level_metric(data: ContextData, text: str, clauses: ClauseBreaks, s_start: int, own_start: int,
                  mentions: Sequence[Mention], i: int) -> str | None:
    """The metric of a level written in the clause before, which no rule reads as a
    figure (10月工业生产指数为113.52，较上月增加2.31%): what the change measures."""
    if own_start <= s_start or (i > 0 and mentions[i - 1].end > s_start):
        return None
    before = text[clauses.clause_start(s_start, own_start - 1):own_start - 1]
    level = LEVEL_BEFORE.search(before)
    if level is None or level.start() == 0:
        return None
    return clean_metric(data, before[:level.start()])


def _continues_growth(data: ContextData, text: str, records: Sequence[Record], mentions: Sequence[Mention], i: int,
                      sent_start: int, own_start: int) -> bool:
    """Whether a bare percent goes on with the growth rate before it in its
    sentence, its clause naming nothing else: 成长率由3.1%上修至3.45%，明年则预估为2.6%."""
    return (i > 0 and records[i - 1].kind == "growth" and mentions[i - 1].start >= sent_start
            and data.growth_goes_on.fullmatch(text, own_start, mentions[i].start) is not None)


def _superlative_metric(data: ContextData, text: str, clauses: "ClauseBreaks", sent_start: int,
                        own_start: int, pos: int) -> str | None:
    """The metric of a figure whose clause only says 达/为, named with a superlative
    in the clause before it: 港湾区住用率最高，达81.3% → 港湾区住用率."""
    if own_start <= sent_start or data.rate_goes_on.fullmatch(text, own_start, pos) is None:
        return None
    before = text[clauses.clause_start(sent_start, own_start - 1):own_start - 1]
    found = data.superlative_clause.search(before)
    return clean_metric(data, found.group("what")) if found else None


def _purpose_metric(data: ContextData, text: str, end: int) -> str | None:
    """What an amount is given as, written after it: 按每人1500元给予一次性扩岗补贴."""
    found = data.money_purpose_after.match(text, end)
    return clean_metric(data, found.group("what")) if found else None


def _named_rate(data: ContextData, text: str, sent_start: int, own_start: int, pos: int) -> "regex.Match[str] | None":
    """The rate named at the end of the clause before a percent whose own clause
    only says 达到: 岚芯科技周涨幅居首，达到47.3% (a rise), 其中青溪县降幅最大，达到11.8%
    (a fall: its group 'down' is set)."""
    if own_start <= sent_start or data.rate_goes_on.fullmatch(text, own_start, pos) is None:
        return None
    return data.rate_named.search(text, max(sent_start, own_start - 1 - HEADING_MAX), own_start - 1)


def _is_level_compared_with(data: ContextData, text: str, records: Sequence[Record], mentions: Sequence[Mention],
                            i: int, s_start: int, own_start: int) -> bool:
    """Whether figure ``i`` is the level the rate before it in its sentence is compared
    with (回报率为2.1%，较10月的负1.4%; 供给率约为三成，远低于…的45%左右): it is then of
    that rate's kind, a share or a growth rate."""
    rec, m = records[i], mentions[i]
    return (rec.kind == "growth" and i > 0 and mentions[i - 1].start >= s_start
            and records[i - 1].kind in ("share", "growth") and records[i - 1].unit == rec.unit
            and data.other_level.search(text, own_start, m.start) is not None)


def table_metric(data: ContextData, cell: Cell, named_period: str | None, row_is_year: bool = False) -> str | None:
    """A table cell's metric: its row's label, followed by its column's header
    when the header names a measure (中标金额, 下浮率) rather than a period (2025年,
    一季度; ``named_period``, see :func:`header_period`) or a generic word (指标, 同比).
    A row labelled by a year (| 2022 | 112 |) names the period, not the metric."""
    label = clean_metric(data, cell.label) if cell.label and not (row_is_year and cell.label == cell.row_head) else None
    header = cell.header
    if header and (named_period or data.table_generic_header.fullmatch(header)):
        header = None
    return (label or "") + (header or "") or None


def _table_change_metric(data: ContextData, stem: str, rec: Record) -> str | None:
    """The metric of a cell under a 比上年增减 column: a rate is the stem's own
    (| 机械工程学院 | +2.1 | → 机械工程学院), an amount its 增加数/减少数 by the
    cell's sign (| 城关镇 | -0.18 | under 面积比上年增减 → 城关镇面积减少数)."""
    if len(stem) < 2:
        return None
    if rec.kind in AMOUNT_KINDS and rec.value is not None:
        up, down = data.change_suffix[rec.kind]
        falls = rec.value < 0 or rec.text.startswith(("-", "−", "－"))
        return stem + (down if falls else up)
    return stem if rec.kind in ("growth", "share") else None


def ranked_metric(data: ContextData, label: str, measure: str | None) -> str | None:
    """The metric of a rank in a table's first column: the row's label, what the
    table ranks by and 排名 (| 第1 | 岚海重工 | 412.6 | under | 排名 | 企业 | 产值（亿元） |
    → 岚海重工产值排名)."""
    name = clean_metric(data, label)
    if not name:
        return None
    by = clean_metric(data, measure) if _names_measure(data, measure) else None
    return name + (by or "") + "排名"


def _share_column_metric(data: ContextData, cell: Cell, measure: str | None) -> str | None:
    """The metric of a cell under a 占… header: the row's label, the measure of the
    row's figure before it and the header (| 星辰半导体 | 12.6 | 8.1 | under | 企业 |
    纳税额（亿元） | 占全市 | → 星辰半导体纳税额占全市)."""
    if measure is None or not _names_measure(data, measure) or _first_period(data, measure) is not None:
        return None
    return (clean_metric(data, cell.label or "") or "") + measure + (cell.header or "")


def _names_measure(data: ContextData, header: str | None) -> bool:
    return bool(header) and not data.table_generic_header.fullmatch(header)


def _header_basis(data: ContextData, header: str) -> str | None:
    cue = last_cue(data.basis, header)
    if cue is None:
        return None if data.no_default_basis.search(header) else "yoy"
    return resolved_basis(data, cue, None)


def table_period(data: ContextData, header: list[str] | None) -> str | None:
    """The period of a cell whose column header names none (| 变化 |, | 增长% |):
    the latest year among the headers (| 2025年 | 2026年 | 增长% | is a change to
    2026), else the first period a header names (| 一季度 | 同比 |)."""
    if not header:
        return None
    named = [found.group() for cell in header for found in data.period.finditer(cell)]
    if not named:
        return None
    if all(data.carried_year.fullmatch(p) for p in named):
        return max(named)  # years of four digits: the greatest string is the latest
    return named[0]


def row_label_period(data: ContextData, cell: Cell) -> str | None:
    """The period a row's label names, when the label is nothing but a period: a
    year (| 2022 | 112 | 865.3 |, | 2023年 | …), written with 年 as the text would
    say it, or a quarter or months (| 第一季度 | 15.2 |, | 1—3月 | …) as written."""
    if not cell.row_head:
        return None
    found = data.table_row_year.fullmatch(cell.row_head)
    if found:
        return f"{found.group('year')}年"
    label = cell.row_head.strip()
    whole = next((m for m in data.period.finditer(label) if m.start() == 0 and m.end() == len(label)), None)
    return whole.group() if whole else None


def header_period(data: ContextData, cell: Cell) -> str | None:
    """The period a column header names (2025年, 一季度, 1-10月)."""
    return _first_period(data, cell.header) if cell.header else None


def _first_period(data: ContextData, text: str) -> str | None:
    found = next(iter(data.period.finditer(text)), None)
    return found.group() if found else None


def _label_metric(data: ContextData, label: str) -> str | None:
    """The metric a label before a colon names (营业收入：428.6亿元), unless the
    label names who speaks (主计总处：10月失业率3.36%)."""
    if data.speaker_label.search(label):
        return None
    return clean_metric(data, label)


def _own_text(text: str, own_start: int, m: Mention, mentions: Sequence[Mention], i: int) -> str:
    """The clause's words before the figure, from the figure before it when that
    stands in the same clause."""
    begin = own_start
    if i > 0 and own_start <= mentions[i - 1].end <= m.start:
        begin = mentions[i - 1].end
    return text[begin:m.start].lstrip("、和及与")


def change_suffix(data: ContextData, change: "regex.Match[str]", kind: str) -> str:
    """增加额 or 减少额 (money), 增加数 or 减少数 (counts, quantities); 净增 and 多增
    name themselves (高新技术企业净增数, 人民币贷款多增额); money compared with the
    start of the year says so, as financial statistics do (住户存款比年初增加额)."""
    up, down = data.change_suffix[kind]
    compared = change.group("compared") or ""
    prefix = compared if kind == "money" and data.stock_comparison.match(compared) else ""
    word = change.group("net")
    if word:
        return prefix + word + up[-1]
    return prefix + (up if change.group("up") else down)


def amount_change(data: ContextData, raw: str) -> "regex.Match[str] | None":
    """The words saying that the amount after them is a change (比上年增加, 较上月减少),
    when they compare with something: a bare 增加 may name a flow (增加就业岗位500个)."""
    change = data.amount_change.search(raw)
    if change is None or not data.amount_change_needs.search(raw, max(0, change.start() - 1)):
        return None
    return change


def asked_metric(data: ContextData, question: str) -> str | None:
    """What a question asks about, for an answer's figure that names nothing itself:
    房租贵不贵？ → 房租, 一个月能挣多少？ → 每月."""
    asked = data.question_words.sub("", question)
    return clean_metric(data, asked) if asked else None


def _changed_metric(data: ContextData, metric: str) -> str:
    """The metric of an amount whose clause only compares with an earlier time
    (比上年增加1126个), from the level's before it: 医疗卫生机构总数 → 医疗卫生机构,
    住户存款余额 → 住户存款 (a change of a stock is not a stock)."""
    stem = data.stock_word.sub("", metric)
    return stem if len(stem) >= 2 else metric


def share_owner(metric: str) -> str:
    """What a share metric (工业技改投资占全省工业固定资产投资) is a share of the whole
    for: 工业技改投资; any other metric as it is."""
    found = SHARE_OF.search(metric)
    return metric[:found.start()] if found and found.start() >= 2 else metric


def _rank_measure(previous: Record | None) -> str:
    """What a rank written after a figure in its sentence ranks by, when its clause names
    only the field: a growth's 增速."""
    return "增速" if previous is not None and previous.kind == "growth" and previous.unit == "%" else ""


def _ranked_metric(data: ContextData, raw: str, subject: str | None, measure: str) -> tuple[str, str] | None:
    """A rank's metric when its clause names nothing else or leaves the ranking verb in
    it, and what it ranks: what is ranked, the field and 排名 (…512公里，居全国城市第11位
    → 地铁运营总里程全国城市排名; …增长25%，居全省首位 → its 增速); None when the
    clause names no field to rank in."""
    found = data.rank_clause.search(raw.strip(" ,，"))
    if found is None or not data.rank_field.match(found.group("field")):
        return None
    written = found.group("what").strip(" ,，")
    what = clean_metric(data, written) if written else None
    if subject and (what is None or data.rank_bare_what.fullmatch(written)):
        if data.rank_place.fullmatch(subject):
            return None
        bare = written if data.rank_bare_what.fullmatch(written) else measure
        counted = bare in ("数量", "总量") and subject.endswith(("数", "量", "口"))
        what = subject if counted else subject.removesuffix(bare) + bare
    if not what or data.rank_place.fullmatch(what):
        return None
    return what + found.group("field") + "排名", what


def _own_metric(data: ContextData, text: str, raw: str, compares: bool, m: Mention,
                subject: str | None) -> str | None:
    """The metric the figure's own clause ``raw`` names; None when the clause only
    compares with an earlier time (``compares``: the figure takes the metric before it).
    A share of a whole (占…) or a bare rate word (涨幅) is the ``subject``'s, the metric
    before it in the sentence, and so is an amount per head written alone
    (劳务收入580万元，人均约4600元 → 人均劳务收入)."""
    if m.kind in ("count", "quantity"):
        after = following_noun(data, text, m.end)
        if after and not data.generic_counted.match(after):
            return after
    if compares:
        return None
    per_head = data.per_head_alone.fullmatch(raw.strip(" ,，"))
    if per_head and subject and m.kind in AMOUNT_KINDS:
        stem = data.per_head_word.sub("", subject, count=1)
        return per_head.group("per") + stem if len(stem) >= 2 else None
    phrase = clean_metric(data, raw)
    if phrase and subject and phrase.startswith("占") and m.kind == "share":
        return share_owner(subject) + phrase
    if phrase and subject and data.bare_rate.match(phrase):
        stem = subject.removesuffix(phrase).rstrip("涨跌升降增减")
        return stem + phrase if len(stem) >= 2 else phrase
    return phrase
