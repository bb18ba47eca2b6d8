"""Context of each record (SPEC section 2): the sentence that holds it, what it
measures (metric), when (period), against what (basis) and whether it is a goal
(status). The cue words live in ``rules/tables/context.yaml``; this module holds the
resolution logic, which works on the normalized text and fills records in place.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from .matching import Mention
from .normalize import Normalized
from .records import Record
from .resources import load_table

SENTENCE_BREAK = regex.compile(r"[。！？!?]+|\n+")
CLAUSE_BREAK = "，,；;：:"
LIST_WORD = "分别"
LIST_SPLIT = regex.compile(r"[、和及与]")


@dataclass(frozen=True)
class ContextData:
    basis: list[tuple[str, "regex.Pattern[str]"]]
    status: list[tuple[str, "regex.Pattern[str]"]]
    period: "regex.Pattern[str]"
    strip_end: "regex.Pattern[str]"
    strip_start: "regex.Pattern[str]"
    junk_ends: "regex.Pattern[str]"
    noun_stop: "regex.Pattern[str]"
    carry_kinds: frozenset[str]


def _alternation(patterns: list[str]) -> "regex.Pattern[str]":
    return regex.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=1)
def context_data() -> ContextData:
    t = load_table("context")
    metric = t["metric"]
    junk = metric["junk"]
    return ContextData(
        basis=[(name, _alternation(pats)) for name, pats in t["basis"].items()],
        status=[(name, _alternation(pats)) for name, pats in t["status"].items()],
        period=regex.compile("(?<![比较与同])(?:" + _alternation(t["period"]).pattern + ")"),
        strip_end=regex.compile(metric["strip_end"]),
        strip_start=regex.compile(metric["strip_start"]),
        junk_ends=regex.compile(f"^{junk}|{junk}$"),
        noun_stop=regex.compile(metric["noun_stop"]),
        carry_kinds=frozenset(metric.get("carry_kinds") or ()),
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


def clause_start(text: str, sent_start: int, pos: int) -> int:
    best = sent_start
    for ch in CLAUSE_BREAK:
        i = text.rfind(ch, sent_start, pos)
        if i + 1 > best:
            best = i + 1
    return best


def last_cue(patterns: list[tuple[str, "regex.Pattern[str]"]], text: str) -> tuple[str, int] | None:
    """The class of the cue that ends last in ``text``, with its end."""
    best: tuple[str, int] | None = None
    for name, pattern in patterns:
        for m in pattern.finditer(text):
            if best is None or m.end() > best[1] or (m.end() == best[1] and name == "other"):
                best = (name, m.end())
    return best


def find_basis(data: ContextData, text: str, sent_start: int, own_start: int, m: Mention, unit: str | None) -> str | None:
    in_parens = m.start > 0 and text[m.start - 1] in "(（"
    own = last_cue(data.basis, text[own_start:m.start])
    if own and not (in_parens and own[0] == "other"):
        return None if own[0] == "other" else own[0]
    earlier = last_cue(data.basis, text[sent_start:own_start])
    if earlier and earlier[0] != "other":
        return earlier[0]
    if unit == "%" and m.rule.id.startswith("growth.percent"):
        return "yoy"
    return None


def find_status(data: ContextData, text: str, sent_start: int, pos: int) -> str:
    cue = last_cue(data.status, text[sent_start:pos])
    return cue[0] if cue else "actual"


class PeriodIndex:
    """Every period expression of a document, for 'nearest before' look-ups.

    A period written in the first clause of a sentence (全年全市…, 2025年，…) sets
    the period of later sentences too; one further into a sentence only governs
    its own sentence.
    """

    def __init__(self, data: ContextData, text: str, starts: list[int]):
        self.spans = [(m.start(), m.end(), m.group()) for m in data.period.finditer(text)]
        self.ends = [e for _, e, _ in self.spans]
        self.leading = [
            span for span in self.spans
            if clause_start(text, sentence_bounds(text, starts, span[0])[0], span[0])
            == sentence_bounds(text, starts, span[0])[0]
        ]
        self.leading_ends = [e for _, e, _ in self.leading]

    def governing(self, pos: int, sent_start: int) -> str | None:
        i = bisect_right(self.ends, pos) - 1
        if i >= 0 and self.spans[i][0] >= sent_start:
            return self.spans[i][2]
        j = bisect_right(self.leading_ends, sent_start) - 1
        return self.leading[j][2] if j >= 0 else None


def clean_metric(data: ContextData, phrase: str) -> str | None:
    previous = None
    phrase = data.period.sub("", phrase)
    while phrase != previous:
        previous = phrase
        phrase = data.junk_ends.sub("", phrase)
        phrase = data.strip_start.sub("", phrase)
        phrase = data.strip_end.sub("", phrase)
    phrase = phrase.strip()
    return phrase if len(phrase) >= 2 else None


def following_noun(data: ContextData, text: str, end: int) -> str | None:
    """The counted thing written after the measure word: 培育100家专精特新企业."""
    if end >= len(text) or not _is_han(text[end]) or data.noun_stop.match(text[end]):
        return None
    stop = data.noun_stop.search(text, end, min(len(text), end + 16))
    phrase = text[end: stop.start() if stop else min(len(text), end + 12)]
    return phrase if len(phrase) >= 2 else None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def list_metrics(data: ContextData, text: str, own_start: int, mentions: Sequence[Mention], index: int) -> list[str] | None:
    """Metrics of a 分别 list: 对沙特、埃及、阿联酋进出口分别增长38.7%、29%、4.7%."""
    m = mentions[index]
    at = text.rfind(LIST_WORD, own_start, m.start)
    if at < 0:
        return None
    head = text[own_start:at]
    if "等" in head:
        head = head[: head.rindex("等")]
    items = [i for i in (clean_metric(data, x) for x in LIST_SPLIT.split(head)) if i]
    return items or None


def attach_context(records: Sequence[Record], mentions: Sequence[Mention], norm: Normalized) -> None:
    data = context_data()
    text = norm.text
    starts = sentence_starts(text)
    periods = PeriodIndex(data, text, starts)
    sentence_metric: dict[int, str] = {}
    list_groups: dict[int, list[int]] = {}
    last_list: list[str] | None = None
    for i, (rec, m) in enumerate(zip(records, mentions)):
        s_start, s_end = sentence_bounds(text, starts, m.start)
        rec.sentence = text[s_start:s_end].strip()
        own_start = clause_start(text, s_start, m.start)
        rec.status = find_status(data, text, s_start, m.start)
        if m.kind == "growth":
            rec.basis = m.basis_word and _basis_of_word(data, m.basis_word) or find_basis(data, text, s_start, own_start, m, rec.unit)
        rec.period = periods.governing(m.start, s_start)
        rec.metric = _metric(data, text, s_start, own_start, m, mentions, i, sentence_metric, list_groups)
        if rec.metric is None and last_list is not None and text.rfind(LIST_WORD, own_start, m.start) >= 0:
            position = list_groups.get(own_start, []).index(i)
            if position < len(last_list):
                rec.metric = last_list[position]
        if rec.metric is None and m.kind in data.carry_kinds:
            rec.metric = sentence_metric.get(s_start)
        if rec.metric and m.kind not in ("growth",):
            sentence_metric.setdefault(s_start, rec.metric)
        if rec.metric and m.kind in ("money", "count", "quantity"):
            sentence_metric[s_start] = rec.metric
        group = list_groups.get(own_start)
        if group and len(group) > 1 and group[0] == i - len(group) + 1:
            pass
        if text.rfind(LIST_WORD, own_start, m.start) >= 0:
            items = list_metrics(data, text, own_start, mentions, i)
            if items:
                last_list = items


def _basis_of_word(data: ContextData, word: str) -> str | None:
    for name, pattern in data.basis:
        if pattern.search(word):
            return None if name == "other" else name
    return None


def _metric(
    data: ContextData, text: str, s_start: int, own_start: int, m: Mention,
    mentions: Sequence[Mention], i: int, sentence_metric: dict[int, str], list_groups: dict[int, list[int]],
) -> str | None:
    if text.rfind(LIST_WORD, own_start, m.start) >= 0:
        group = list_groups.setdefault(own_start, [])
        group.append(i)
        items = list_metrics(data, text, own_start, mentions, i)
        if items is not None:
            position = len(group) - 1
            return items[position] if position < len(items) else items[-1]
        return None
    own_text = text[own_start:m.start]
    prev_end = max((x.end for x in mentions[:i] if own_start <= x.end <= m.start), default=None)
    if prev_end is not None:
        own_text = text[prev_end:m.start]
        own_text = own_text.lstrip("、和及与")
    if m.kind in ("count", "quantity"):
        after = following_noun(data, text, m.end)
        if after:
            return after
    phrase = clean_metric(data, own_text)
    if phrase and phrase.startswith("占") and m.kind == "share":
        subject = sentence_metric.get(s_start)
        return (subject + phrase) if subject else phrase
    return phrase
