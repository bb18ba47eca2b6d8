"""Why a number was, or was not, extracted.

:func:`candidates` runs every rule over a document and keeps all its matches: the
ones that won, the ones that lost an overlap (and to which mention, and why), and
the ones whose number did not parse. :func:`near` takes a snippet the user expected
to be extracted and reports, rule by rule, how close each came: extracted, lost an
overlap, would match without one of its lookarounds, matches the snippet alone but
not in its sentence, or would match if one or two characters were different.
Every verdict is computed by running the rule, never guessed from its text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .extractor import Extractor, regional_yuan
from .matching import Mention, interpret, iter_rule_matches, mention_span
from .normalize import Normalized, normalize
from .records import json_number
from .rules import MacroError, Rule, expand_macros, macro_re

MAX_LEAD = 40
MAX_EDITS = 2
FUZZY_TIMEOUT = 2.0
SENTENCE_END = "。！？!?\n"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)`` in normalized text, its end mark included."""
    s = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, end) for ch in SENTENCE_END) if i >= 0]
    e = min(ends) + 1 if ends else len(text)
    return s, e


@dataclass
class Candidate:
    """One match of one rule, in normalized offsets."""

    rule: Rule
    order: int
    start: int
    end: int
    text: str
    mention: Mention | None
    won: bool = False
    lost_to: "Candidate | None" = None

    def rank(self) -> tuple[int, int, int, int]:
        return (-self.rule.priority, -(self.end - self.start), self.start, self.order)

    def value_text(self) -> str:
        return describe_value(self.mention) if self.mention else "no value"

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def describe_value(m: Mention) -> str:
    value = json_number(m.value)
    text = f"{value}" if m.value_max is None else f"{value}–{json_number(m.value_max)}"
    if m.unit:
        text += f" {m.unit}"
    if m.approx:
        text += f" ({m.approx})"
    return text


def candidates(extractor: Extractor, norm: Normalized) -> list[Candidate]:
    """Every match of every rule; the winners are exactly the extractor's mentions."""
    yuan = regional_yuan(norm)
    found: list[Candidate] = []
    for order, rule in enumerate(extractor.ruleset.rules):
        for m in iter_rule_matches(rule, norm.text, extractor.timeout):
            mention = interpret(rule, m, yuan)
            start, end = (mention.start, mention.end) if mention else m.span()
            found.append(Candidate(rule, order, start, end, norm.text[start:end], mention))
    winners = {(m.rule.id, m.start, m.end) for m in extractor.mentions(norm)}
    kept = []
    for c in sorted((c for c in found if c.mention), key=Candidate.rank):
        c.won = (c.rule.id, c.start, c.end) in winners
        if c.won:
            kept.append(c)
    for c in found:
        if c.mention and not c.won:
            beaters = [k for k in kept if k.overlaps(c.start, c.end)]
            c.lost_to = min(beaters, key=Candidate.rank) if beaters else None
    return found


def why_lost(loser: Candidate, winner: Candidate) -> str:
    """The first rule of the overlap order (SPEC: priority, length, position, file order) that decided."""
    lp, wp = loser.rule.priority, winner.rule.priority
    if wp != lp:
        return f"its priority is higher ({wp} > {lp})"
    wl, ll = winner.end - winner.start, loser.end - loser.start
    if wl != ll:
        return f"its mention is longer ({wl} > {ll} characters)"
    if winner.start != loser.start:
        return "it starts earlier"
    return "its rule comes first in the rule files"


# --- lookarounds in the author's pattern --------------------------------------------

LOOKAROUNDS = (("(?<=", "lookbehind"), ("(?<!", "negative lookbehind"), ("(?=", "lookahead"), ("(?!", "negative lookahead"))


@dataclass
class Lookaround:
    start: int
    end: int
    kind: str
    text: str


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character set that starts at ``pattern[i] == '['``."""
    j = i + 1
    if pattern[j:j + 1] == "^":
        j += 1
    if pattern[j:j + 1] == "]":
        j += 1
    while j < len(pattern):
        if pattern[j] == "\\":
            j += 2
            continue
        if pattern[j] == "]":
            return j + 1
        j += 1
    return len(pattern)


def lookarounds(pattern: str, macros: dict[str, str] | None = None) -> list[Lookaround]:
    """Lookaround groups written in ``pattern`` (any depth), plus ``{{NAME}}`` references
    to macros that are a single lookaround, in order of appearance."""
    found: list[Lookaround] = []
    stack: list[tuple[int, str | None]] = []
    i = 0
    macro_pattern = macro_re()
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i)
            continue
        macro = macro_pattern.match(pattern, i)
        if macro:
            body = (macros or {}).get(macro.group(1), "")
            inner = lookarounds(body) if body else []
            if inner and inner[0].start == 0 and inner[0].end == len(body):
                found.append(Lookaround(i, macro.end(), inner[0].kind, macro.group(0)))
            i = macro.end()
            continue
        if ch == "(":
            kind = next((k for prefix, k in LOOKAROUNDS if pattern.startswith(prefix, i)), None)
            stack.append((i, kind))
        elif ch == ")" and stack:
            start, kind = stack.pop()
            if kind:
                found.append(Lookaround(start, i + 1, kind, pattern[start:i + 1]))
        i += 1
    return sorted(found, key=lambda la: la.start)


MARK = "policyx_at"


def _without(rule: Rule, spans: list[Lookaround], mark: bool = False) -> "regex.Pattern[str] | None":
    """The rule's pattern with these lookarounds dropped; with ``mark``, an empty
    group named MARK stands where the (single) dropped one was, to find where it applied."""
    source = rule.source
    for la in sorted(spans, key=lambda la: -la.start):
        source = source[:la.start] + (f"(?P<{MARK}>)" if mark else "") + source[la.end:]
    try:
        return regex.compile(expand_macros(source, rule.macros), regex.V0)
    except (regex.error, MacroError):
        return None


# --- verdicts for a snippet ------------------------------------------------------

ORDER = ("extracted", "lost", "unparsed", "shadowed", "relaxed", "alone", "fuzzy", "none")


@dataclass
class Verdict:
    rule: Rule
    status: str
    detail: str
    progress: int = 0

    def sort_key(self) -> tuple[int, int]:
        return (ORDER.index(self.status), -self.progress)


@dataclass
class Occurrence:
    """One place the snippet occurs, with every rule's verdict on it."""

    start: int
    end: int
    sentence: str
    line: int
    col: int
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def extracted(self) -> bool:
        return any(v.status == "extracted" for v in self.verdicts)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _coverage(c: Candidate, start: int, end: int) -> str:
    if c.start <= start and c.end >= end:
        return "" if (c.start, c.end) == (start, end) else " (covers the snippet and more)"
    return " (covers only part of the snippet)"


def find_snippet(norm: Normalized, snippet: str) -> tuple[str, list[int]]:
    """The snippet as normalized, and where it occurs in the normalized text."""
    needle = normalize(snippet).text.strip()
    if not needle:
        return needle, []
    return needle, [m.start() for m in regex.finditer(regex.escape(needle), norm.text, overlapped=True)]


def near(extractor: Extractor, source: str, snippet: str, limit: int = 3) -> tuple[list[Occurrence], int]:
    """Verdicts for the first ``limit`` occurrences of ``snippet``, and how many there are."""
    norm = normalize(source)
    needle, starts = find_snippet(norm, snippet)
    if not starts:
        return [], 0
    found = candidates(extractor, norm)
    lines = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    out = []
    for a in starts[:limit]:
        b = a + len(needle)
        s, e = sentence_bounds(norm.text, a, b)
        o = norm.to_original(a)
        line = max(i for i, ls in enumerate(lines) if ls <= o) + 1
        occ = Occurrence(a, b, norm.text[s:e].strip(), line, o - lines[line - 1] + 1)
        for rule in extractor.ruleset.rules:
            occ.verdicts.append(rule_verdict(extractor, rule, norm.text, found, needle, a, b, s, e))
        occ.verdicts.sort(key=Verdict.sort_key)
        out.append(occ)
    return out, len(starts)


def rule_verdict(extractor: Extractor, rule: Rule, text: str, found: list[Candidate], needle: str,
                 a: int, b: int, s: int, e: int) -> Verdict:
    mine = [c for c in found if c.rule is rule and c.overlaps(a, b)]
    for c in mine:
        if c.won:
            return Verdict(rule, "extracted", f"extracted {c.text!r} = {c.value_text()}{_coverage(c, a, b)}")
    for c in mine:
        if c.mention and c.lost_to:
            w = c.lost_to
            return Verdict(rule, "lost", f"matched {c.text!r} = {c.value_text()}, but lost the overlap to "
                                         f"{w.rule.id} {w.text!r}: {why_lost(c, w)}")
    for c in mine:
        if c.mention is None:
            return Verdict(rule, "unparsed", f"matched {c.text!r}, but found no number it could read there, "
                                             "so the match was dropped")
    timeout = extractor.timeout
    shadow = _shadowed(rule, text, a, b, s, e, found, timeout)
    if shadow:
        return shadow
    relaxed = _relaxed(rule, text, a, b, s, e, timeout)
    if relaxed:
        return relaxed
    alone = rule.compiled.search(needle, timeout=timeout)
    if alone and alone.end() > alone.start():
        return Verdict(rule, "alone", f"matches {alone.group()!r} in the snippet on its own, but not inside this "
                                      "sentence: the text around the snippet stops it")
    return _closest(rule, text, a, b, s, e, timeout)


def _overlapping_match(compiled: "regex.Pattern[str]", text: str, a: int, b: int, s: int, e: int,
                       timeout: float | None) -> "regex.Match[str] | None":
    for m in compiled.finditer(text, pos=s, endpos=e, overlapped=True, timeout=timeout):
        start, end = mention_span(m)
        if start < b and a < end and end > start:
            return m
    return None


def _shadowed(rule: Rule, text: str, a: int, b: int, s: int, e: int, found: list[Candidate],
              timeout: float | None) -> Verdict | None:
    m = _overlapping_match(rule.compiled, text, a, b, s, e, timeout)
    if m is None:
        return None
    span = mention_span(m)
    earlier = [c for c in found if c.rule is rule and c.start < span[1] and span[0] < c.end]
    why = f"its own match {earlier[0].text!r} took that text first" if earlier else \
        "its scan matched earlier text that overlaps this one first"
    return Verdict(rule, "shadowed", f"could match {text[span[0]:span[1]]!r} here, but {why}")


def _relaxed(rule: Rule, text: str, a: int, b: int, s: int, e: int, timeout: float | None) -> Verdict | None:
    found = lookarounds(rule.source, rule.macros)
    for la in found:
        compiled = _without(rule, [la], mark=True)
        m = _overlapping_match(compiled, text, a, b, s, e, timeout) if compiled else None
        if m is None:
            continue
        start, end = mention_span(m)
        at = m.start(MARK)
        side, seen = ("after", text[at:min(e, at + 6)]) if "ahead" in la.kind else ("before", text[max(s, at - 12):at])
        verb = "refuses" if "negative" in la.kind else "does not accept"
        return Verdict(rule, "relaxed", f"would match {text[start:end]!r} without its {la.kind} {_short(la.text)}, "
                                        f"which {verb} the text {side} that point, {seen!r}", progress=end - start)
    if len(found) > 1:
        compiled = _without(rule, found)
        m = _overlapping_match(compiled, text, a, b, s, e, timeout) if compiled else None
        if m is not None:
            start, end = mention_span(m)
            return Verdict(rule, "relaxed", f"would match {text[start:end]!r} only with all of its {len(found)} "
                                            "lookarounds dropped", progress=end - start)
    return None


def _closest(rule: Rule, text: str, a: int, b: int, s: int, e: int, timeout: float | None) -> Verdict:
    """The match overlapping the snippet that needs the fewest one-character changes
    (regex fuzzy matching, at most MAX_EDITS), and which characters those are."""
    try:
        fuzzy = regex.compile(f"(?:{rule.pattern}){{e<={MAX_EDITS}}}", regex.V0 | regex.BESTMATCH)
    except regex.error:
        return Verdict(rule, "none", "no match reaches into the snippet")
    best: "tuple[int, regex.Match[str]] | None" = None
    limit = min(timeout or FUZZY_TIMEOUT, FUZZY_TIMEOUT)
    try:
        for m in fuzzy.finditer(text, pos=max(s, a - MAX_LEAD), endpos=min(e, b + MAX_LEAD), overlapped=True,
                                timeout=limit):
            cost = sum(m.fuzzy_counts)
            if cost and m.start() < b and a < m.end() and (best is None or cost < best[0]):
                best = (cost, m)
    except TimeoutError:
        return Verdict(rule, "none", f"no close match found within {limit:g}s")
    if best is None:
        return Verdict(rule, "none", f"no match reaches into the snippet, even with {MAX_EDITS} characters changed")
    cost, m = best
    subs, ins, dels = m.fuzzy_changes
    changes = [f"{text[p]!r} were another character" for p in subs]
    changes += [f"a character were added before {text[p:p + 1] or 'the end'!r}" for p in ins]
    changes += [f"{text[p]!r} were left out" for p in dels]
    plural = "s" if cost > 1 else ""
    return Verdict(rule, "fuzzy", f"would match {m.group()!r} if {' and '.join(changes)} ({cost} change{plural})",
                   progress=-cost)
