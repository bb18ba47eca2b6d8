"""Which parts of a text a rule can match at all, found by reading its pattern.

A rule pattern that consumes only characters from a finite set C (in the match and
in its lookaheads) can never match across a character outside C. Cutting the text
into runs of C characters and searching each run on its own (``pos``/``endpos`` at
the run's ends) therefore finds exactly the matches a search of the whole text
finds: lookbehinds still see the text before a run, and a lookahead that would read
the character after a run fails there either way. A lookahead that reads a
bounded number of characters (``(?!元)``, ``(?![\\p{Han}%])``) need not stay in a
run at all: the search then sees that many characters past the run, and its
characters do not lengthen the runs.

A run is searched only when it holds a character of every set the pattern must
consume (a digit, a unit...), so most of a text is never looked at by most rules.
Words the pattern must read outside the run's characters narrow that further: a
run of ``6.2%`` is searched for ``[0-9.]+%(?=的?(?:增长|下降))`` only when 增长 or
下降 starts within the lookahead's reach after it, and for
``(?<=(?:收入|投资)达?)[0-9]+亿`` only when 收入 or 投资 lies within the
lookbehind's reach before it. Such words come from literal text the pattern cannot
skip (no optional part, no branch without one, no lookaround nested in a
lookbehind, nor a lookbehind with words nested in a lookahead: a lookahead's
words lie in its run, or within ``over`` after it, whatever it nests).
Patterns this reader does not fully understand (end anchors, ``\\b``,
backreferences, inline flags, unbounded reads of any character outside
lookbehinds, a possibly empty match) get no plan and are searched over the whole
text, as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from heapq import heapify, heappop, heapreplace
from typing import FrozenSet, NamedTuple, Optional

import regex

try:
    from _pickle import loads as _loads  # CPython's, without importing pickle
except ImportError:
    from pickle import loads as _loads

ANY = None
MAX_RANGE = 4096
MAX_REQUIRED = 3
RUN_CACHE = 20_000
"""Runs whose checks are remembered per scanner (about 130 bytes each): enough for
the runs a document repeats, small enough that a long batch job stays flat in memory."""
MERGE_GAP = 12
"""Runs of one pattern closer than this share one search. Measured (instructions of
an extract pass over 95 documents): gaps of 6, 12, 16, 24 and 48 cost 2462, 2446,
2465, 2491 and 2593 M; a longer gap makes the search read more text between
runs than the call it saves costs."""
MERGE_MAX = 2000
"""Merged runs stay this short, so one search (and its time limit) covers a
bounded stretch of text however dense the figures are."""
CATEGORY_ESCAPES = ("p", "P", "d", "D", "w", "W", "s", "S")
LITERAL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
UNPLANNED_FLAGS = (regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.VERBOSE | regex.REVERSE
                   | regex.WORD | regex.BESTMATCH | regex.ENHANCEMATCH | regex.POSIX | regex.FULLCASE)
Chars = Optional[FrozenSet[str]]
Words = FrozenSet[str]
EMPTY: Words = frozenset({""})
EXACT_MAX = 64
"""Sets of exact strings grow by products; beyond this size they are dropped."""
BEHIND_KINDS = ("behind", "not_behind")
FIRST_OF_MIN = 256
"""Texts shorter than this are searched by :class:`FirstOf` as one pattern: a
search per branch costs more than it saves there."""


class Unsupported(Exception):
    """A construct this reader does not model; the rule then gets no plan."""


@dataclass
class Shape:
    """What a piece of pattern reads.

    ``chars``: characters the match itself may consume (None: any character).
    ``ahead``: characters lookaheads inside it may read (None: any character).
    ``length``: the most characters it consumes (None: no bound).
    ``over``: the most characters a lookahead reading any character reads.
    ``required``: sets of which every successful match reads at least one
    character each (in the match or a positive lookahead).
    ``exact``: the strings it can consume, when they are few (None: too many).
    ``words``: sets of which every successful match reads one string each,
    in the match, a positive lookahead, or up to ``back`` characters before a
    position of the match (a positive lookbehind).
    """

    chars: Chars = frozenset()
    ahead: Chars = frozenset()
    nullable: bool = True
    length: int | None = 0
    over: int = 0
    looks: bool = False
    required: list[frozenset[str]] = field(default_factory=list)
    first: Chars = frozenset()
    last: Chars = frozenset()
    exact: Words | None = EMPTY
    words: list[Words] = field(default_factory=list)
    back: int = 0


@dataclass(frozen=True)
class Plan:
    """Where a rule can match: inside runs of ``chars``, with a character of each
    ``required`` set, reading at most ``over`` characters past the run, and, when
    there are ``near`` words, with one of them between ``back`` characters before
    the run and ``over`` characters after it."""

    chars: frozenset[str]
    required: tuple[frozenset[str], ...]
    over: int = 0
    near: Words | None = None
    back: int = 0


def _union(a: Chars, b: Chars) -> Chars:
    if a is ANY or b is ANY:
        return ANY
    return a | b


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def _one(chars: Chars) -> Shape:
    exact = chars if chars is not ANY and len(chars) <= EXACT_MAX else None
    return Shape(chars, frozenset(), False, 1, 0, False, [chars] if chars is not ANY else [], chars, chars, exact)


def _concat(a: Words | None, b: Words | None) -> Words | None:
    if a is None or b is None or len(a) * len(b) > EXACT_MAX:
        return None
    return frozenset(x + y for x in a for y in b)


def _repeat(exact: Words | None, low: int, high: int | None) -> Words | None:
    if exact is None or high is None or high > EXACT_MAX:
        return None
    out: set[str] = set()
    power: Words | None = EMPTY
    for times in range(high + 1):
        if power is None:
            return None
        if times >= low:
            out |= power
        power = _concat(power, exact)
    return frozenset(out) if len(out) <= EXACT_MAX else None


def _literal(exact: Words | None) -> list[Words]:
    """``exact`` as a words set, when every string of it reads something."""
    return [exact] if exact and "" not in exact else []


def _sharpest(sets: list[Words]) -> Words:
    return min(sets, key=lambda words: (-min(map(len, words)), len(words), sorted(words)))


def needed_words(shape: Shape) -> Words | None:
    """The sharpest of the shape's sets of words a match reads one of (longest
    shortest word, then fewest words); None when it has none."""
    return _sharpest(shape.words) if shape.words else None


@dataclass(frozen=True)
class Alternation:
    """An alternation read inside a group (or the whole pattern): where its body
    lies in the pattern, its branches, and whether a lookbehind reads it."""

    start: int
    end: int
    branches: tuple[tuple[int, int, Shape], ...]
    shape: Shape
    reversed: bool


class _Reader:
    def __init__(self, pattern: str):
        self.p = pattern
        self.i = 0
        self.behind = 0
        self.directions: list[str] = []
        self.alternations: list[Alternation] = []
        self.captures: list[tuple[int, int]] = []
        self.groups: dict[int, tuple[int, int, str]] = {}

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.p[j] if j < len(self.p) else ""

    def take(self) -> str:
        if self.i >= len(self.p):
            raise Unsupported("pattern ends early")
        ch = self.p[self.i]
        self.i += 1
        return ch

    def alternation(self) -> Shape:
        start = self.i
        branches = [self.sequence()]
        spans = [(start, self.i)]
        while self.peek() == "|":
            self.i += 1
            begin = self.i
            branches.append(self.sequence())
            spans.append((begin, self.i))
        if len(branches) == 1:
            return branches[0]
        out = Shape(nullable=any(b.nullable for b in branches), exact=frozenset())
        picked: list[frozenset[str]] = []
        for b in branches:
            out.exact = None if out.exact is None or b.exact is None else out.exact | b.exact
            out.back = max(out.back, b.back)
            out.chars = _union(out.chars, b.chars)
            out.ahead = _union(out.ahead, b.ahead)
            out.first = _union(out.first, b.first)
            out.last = _union(out.last, b.last)
            out.length = None if out.length is None or b.length is None else max(out.length, b.length)
            out.over = max(out.over, b.over)
            out.looks = out.looks or b.looks
            if b.required:
                picked.append(min(b.required, key=len))
        if len(picked) == len(branches):
            out.required = [frozenset().union(*picked)]
        if out.exact is not None and len(out.exact) > EXACT_MAX:
            out.exact = None
        if all(b.words for b in branches):
            out.words = [frozenset().union(*(_sharpest(b.words) for b in branches))]
        reverse = bool(self.directions) and self.directions[-1] == "behind"
        branch_spans = tuple((a, b, shape) for (a, b), shape in zip(spans, branches))
        self.alternations.append(Alternation(start, self.i, branch_spans, out, reverse))
        return out

    def sequence(self) -> Shape:
        out = Shape()
        joined: Words | None = EMPTY
        while self.peek() not in ("", "|", ")"):
            item = self.quantified(self.atom())
            out.exact = _concat(out.exact, item.exact)
            longer = _concat(joined, item.exact)
            if longer is None:
                out.words += _literal(joined)
                longer = item.exact if item.exact is not None else EMPTY
            joined = longer
            out.words += item.words
            out.back = max(out.back, item.back)
            if out.nullable:
                out.first = _union(out.first, item.first)
            out.last = _union(out.last, item.last) if item.nullable else item.last
            out.chars = _union(out.chars, item.chars)
            out.ahead = _union(out.ahead, item.ahead)
            out.nullable = out.nullable and item.nullable
            out.length = _add(out.length, item.length)
            out.over = max(out.over, item.over)
            out.looks = out.looks or item.looks
            out.required += item.required
        out.words += _literal(joined)
        return out

    def quantified(self, item: Shape) -> Shape:
        bounds = self.quantifier()
        if bounds is None:
            return item
        low, high = bounds
        if self.peek() in ("?", "+"):
            self.i += 1
        length = None if high is None or item.length is None else item.length * high
        exact = _repeat(item.exact, low, high)
        if low == 0:
            return Shape(item.chars, item.ahead, True, length, item.over, item.looks, [], item.first, item.last,
                         exact, [], item.back)
        return Shape(item.chars, item.ahead, item.nullable, length, item.over, item.looks, item.required,
                     item.first, item.last, exact, item.words, item.back)

    def quantifier(self) -> tuple[int, int | None] | None:
        ch = self.peek()
        if ch in ("*", "?", "+"):
            self.i += 1
            return {"*": (0, None), "?": (0, 1), "+": (1, None)}[ch]
        if ch != "{":
            return None
        end = self.p.find("}", self.i)
        body = self.p[self.i + 1:end] if end > 0 else ""
        low, sep, high = body.partition(",")
        if end < 0 or not (low.isdigit() or low == "") or not (high.isdigit() or high == "") or (not sep and not low):
            raise Unsupported("'{' that is not a plain repeat")
        self.i = end + 1
        if not sep:
            return int(low), int(low)
        return int(low or 0), (int(high) if high else None)

    def atom(self) -> Shape:
        ch = self.take()
        if ch == "(":
            return self.group()
        if ch == "[":
            return _one(self.char_class())
        if ch == "\\":
            if self.peek() in CATEGORY_ESCAPES:
                self.i -= 1
                self.class_char()
                return _one(ANY)
            if self.peek() == "A":
                self.i += 1
                return Shape()
            return _one(frozenset(self.escape()))
        if ch == ".":
            return _one(ANY)
        if ch == "^":
            return Shape()
        if ch == "$":
            raise Unsupported("end anchor")
        if ch in "*+?{)":
            raise Unsupported("repeat of nothing")
        return _one(frozenset(ch))

    def group_kind(self) -> str:
        if self.peek() != "?":
            self.captures.append((self.i - 1, self.i))
            return "capture"
        for prefix, kind in (("?:", "plain"), ("?>", "plain"), ("?=", "ahead"), ("?!", "not_ahead"),
                             ("?<=", "behind"), ("?<!", "not_behind"), ("?#", "comment")):
            if self.p.startswith(prefix, self.i):
                self.i += len(prefix)
                return kind
        if self.p.startswith("?P<", self.i) or (self.p.startswith("?<", self.i) and self.peek(2).isidentifier()):
            opened = self.i - 1
            self.i = self.p.index(">", self.i) + 1
            self.captures.append((opened, self.i))
            return "capture"
        raise Unsupported("inline flags, conditionals, recursion or a backreference group")

    def group(self) -> Shape:
        opened = self.i - 1
        kind = self.group_kind()
        body = self.i
        if kind == "comment":
            self.i = self.p.index(")", self.i) + 1
            return Shape()
        self.behind += kind in BEHIND_KINDS
        looks = kind in BEHIND_KINDS + ("ahead", "not_ahead")
        if looks:
            self.directions.append("behind" if kind in BEHIND_KINDS else "ahead")
        inner = self.alternation()
        if looks:
            self.directions.pop()
        self.behind -= kind in BEHIND_KINDS
        if self.peek() != ")":
            raise Unsupported("unbalanced group")
        self.groups[opened] = (body, self.i, kind)
        self.i += 1
        if kind in ("capture", "plain"):
            return inner
        shape = self.lookaround(kind, inner)
        if kind == "ahead" and not inner.back:  # back: a nested lookbehind read words
            shape.words = inner.words
        if not inner.looks and kind == "behind" and inner.length is not None:
            shape.words, shape.back = inner.words, inner.length
        return shape

    def lookaround(self, kind: str, inner: Shape) -> Shape:
        if kind in BEHIND_KINDS:
            if inner.over:
                raise Unsupported("a lookbehind holding a lookahead that reads any character")
            return Shape(frozenset(), inner.ahead, True, 0, 0, True, [])
        if not self.behind and not inner.looks and inner.length is not None:
            return Shape(frozenset(), frozenset(), True, 0, inner.length, True, [])
        reads = _union(inner.chars, inner.ahead)
        required = inner.required if kind == "ahead" else []
        if reads is not ANY:
            return Shape(frozenset(), reads, True, 0, inner.over, True, required)
        if inner.looks or inner.length is None:
            raise Unsupported("a lookahead reading any character without a bound")
        return Shape(frozenset(), frozenset(), True, 0, inner.length, True, [])

    def escape(self) -> str:
        ch = self.take()
        if ch in LITERAL_ESCAPES:
            return LITERAL_ESCAPES[ch]
        if ch in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[ch]
            digits = self.p[self.i:self.i + width]
            if len(digits) != width or any(c not in "0123456789abcdefABCDEF" for c in digits):
                raise Unsupported("escape")
            self.i += width
            return chr(int(digits, 16))
        if ch.isalnum() or ch == "_":
            raise Unsupported(f"escape \\{ch}")
        return ch

    def char_class(self) -> Chars:
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        chars = self.class_items()
        return ANY if negated else chars

    def class_items(self) -> Chars:
        chars: set[str] = set()
        unbounded = False
        first = True
        while True:
            ch = self.peek()
            if ch == "":
                raise Unsupported("unclosed class")
            if ch == "]" and not first:
                self.i += 1
                break
            first = False
            if ch == "[":
                raise Unsupported("nested set or POSIX class")
            low = self.class_char()
            if low is None:
                unbounded = True
                continue
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                high = self.class_char()
                if high is None or ord(high) < ord(low):
                    raise Unsupported("bad range")
                if ord(high) - ord(low) > MAX_RANGE:
                    unbounded = True
                    continue
                chars.update(chr(c) for c in range(ord(low), ord(high) + 1))
            else:
                chars.add(low)
        return ANY if unbounded else frozenset(chars)

    def class_char(self) -> str | None:
        """One character of a class; None for a category escape (\\p{..}, \\d, ...)."""
        ch = self.take()
        if ch != "\\":
            return ch
        nxt = self.peek()
        if nxt in ("p", "P"):
            self.i += 1
            if self.peek() == "{":
                self.i = self.p.index("}", self.i) + 1
            else:
                self.i += 1
            return None
        if nxt in CATEGORY_ESCAPES:
            self.i += 1
            return None
        if nxt == "b":
            raise Unsupported("\\b in a class")
        return self.escape()


def shape_of(pattern: str) -> Shape:
    return _read(pattern)[1]


def _read(pattern: str) -> tuple[_Reader, Shape]:
    """The reader after reading all of ``pattern``, and the pattern's shape;
    raises Unsupported (or ValueError, IndexError) when it cannot be read."""
    reader = _Reader(pattern)
    shape = reader.alternation()
    if reader.i != len(pattern):
        raise Unsupported("unbalanced ')'")
    return reader, shape


def _read_or_none(pattern: str) -> tuple[_Reader, Shape] | None:
    try:
        return _read(pattern)
    except (Unsupported, ValueError, IndexError):
        return None


def anchored_edges(pattern: str) -> tuple[Chars, Chars]:
    """(first, last) for a pattern without a top-level ``|``: when it starts with
    ``^``, the characters a match can start with; when it ends with ``$``, those a
    match can end with (``$`` also matches before a final newline); ANY for an end
    that is not anchored or a pattern this reader does not understand."""
    ends = pattern.endswith("$") and (len(pattern) - len(pattern[:-1].rstrip("\\"))) % 2 == 1
    body = pattern[:-1] if ends else pattern
    read = _read_or_none(body)
    if read is None:
        return ANY, ANY
    reader, shape = read
    whole = any(a.start == 0 and a.end == len(body) for a in reader.alternations)
    if whole or shape.nullable:
        return ANY, ANY
    return (shape.first if body.startswith("^") else ANY), (shape.last if ends else ANY)


def plan_for(compiled: "regex.Pattern[str]") -> Plan | None:
    """A plan when every match of ``compiled`` stays inside runs of a finite set of
    characters and no match is empty; None otherwise."""
    if compiled.flags & UNPLANNED_FLAGS:
        return None
    read = _read_or_none(compiled.pattern)
    if read is None:
        return None
    shape = read[1]
    if shape.nullable or shape.chars is ANY or shape.ahead is ANY:
        return None
    required = sorted(set(shape.required), key=lambda s: (len(s), sorted(s)))[:MAX_REQUIRED]
    chars = shape.chars | shape.ahead
    near = _near_words(shape.words, chars)
    return Plan(chars, tuple(required), shape.over, near, shape.back if near else 0)


def _near_words(sets: list[Words], chars: frozenset[str]) -> Words | None:
    """The sharpest set of words a match reads that the run's own characters do not
    already tell: a single character of the run is in almost every run."""
    useful = [words for words in sets if not any(len(w) == 1 and w in chars for w in words)]
    return _sharpest(useful) if useful else None


def class_of(chars: frozenset[str]) -> str:
    """A regex character class matching exactly ``chars``."""
    return "[" + "".join("\\" + c if c in "\\]-[^" else c for c in sorted(chars)) + "]"


def compact_class_of(chars: frozenset[str]) -> str:
    """A character class matching exactly ``chars``, with runs of consecutive code
    points written as ranges, every ASCII punctuation escaped (safe under V0 and V1)."""
    codes = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        low, high = _class_char(codes[i]), _class_char(codes[j])
        parts.append(low if i == j else low + high if j == i + 1 else f"{low}-{high}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _class_char(code: int) -> str:
    ch = chr(code)
    if code < 128 and not ch.isalnum():
        return f"\\x{code:02x}"
    return ch


GUARD_MAX_CHARS = 1024
"""A one-character check is only worth it when it rejects most characters."""
GUARD_MAX_WRITTEN = 2


def guarded_pattern(pattern: str) -> str | None:
    """``pattern`` with a one-character check in front of each alternation (and of
    the whole pattern), or behind it where a lookbehind reads it backwards.

    The ``regex`` module tries every branch of an alternation at every position;
    ``(?=[F])`` (F: every character a match of the alternation can start with)
    rejects most positions with one set test. Each check is implied by what it
    guards, and only non-capturing groups are added, so matches and groups are
    unchanged. A branch that can start with too many characters (``[一-龥]{2}期间``)
    is checked as written, its captures made non-capturing. None when the reader
    does not understand the pattern or there is nothing to guard.
    """
    read = _read_or_none(pattern)
    if read is None:
        return None
    reader, shape = read
    edits: list[tuple[int, int, str]] = []
    for alt in reader.alternations:
        if alt.shape.nullable:
            continue
        if alt.reversed:
            if alt.shape.last is not ANY and len(alt.shape.last) <= GUARD_MAX_CHARS:
                edits += [(alt.start, 1, "(?:"), (alt.end, 0, f"){_behind_check(alt.shape.last)}")]
            continue
        check = _ahead_check(reader, alt)
        if check:
            edits += [(alt.start, 1, check + "(?:"), (alt.end, 0, ")")]
    whole = reader.alternations and reader.alternations[-1].start == 0 and reader.alternations[-1].end == len(pattern)
    if not whole and not shape.nullable:
        check = _ahead_check(reader, Alternation(0, len(pattern), ((0, len(pattern), shape),), shape, False))
        if check:
            edits.append((0, 1, check))
    if not edits:
        return None
    out, last = [], 0
    for pos, _, text in sorted(edits):
        out += [pattern[last:pos], text]
        last = pos
    out.append(pattern[last:])
    return "".join(out)


def _behind_check(chars: frozenset[str]) -> str:
    return f"(?<={compact_class_of(chars)})"


def _ahead_check(reader: _Reader, alt: Alternation) -> str | None:
    small: set[str] = set()
    written: list[str] = []
    if not _split_branches(reader, alt, small, written):
        return None
    options = ([compact_class_of(frozenset(small))] if small else []) + written
    return f"(?={'|'.join(options)})"


def _split_branches(reader: _Reader, alt: Alternation, small: set[str], written: list[str]) -> bool:
    """Collect the first characters of branches into ``small`` and the text of
    branches with too many first characters into ``written`` (descending into a
    branch that is one group holding an alternation). False when a branch to be
    written reads no character of a small set (its check would pass almost
    everywhere) or more than GUARD_MAX_WRITTEN branches would be written."""
    for start, end, shape in alt.branches:
        if shape.first is not ANY and len(shape.first) <= GUARD_MAX_CHARS:
            small.update(shape.first)
            continue
        inner = _group_alternation(reader, start, end)
        if inner is not None:
            if not _split_branches(reader, inner, small, written):
                return False
            continue
        if not any(len(chars) <= GUARD_MAX_CHARS for chars in shape.required):
            return False
        written.append("(?:" + _without_captures(reader, start, end) + ")")
    return len(written) <= GUARD_MAX_WRITTEN


def _group_alternation(reader: _Reader, start: int, end: int) -> Alternation | None:
    """The alternation of the capturing or plain group that a branch ``[start, end)``
    begins with, after zero-width lookarounds, when the branch's first character
    is that group's: the group spans the rest of the branch or cannot match empty."""
    group = reader.groups.get(start)
    while group is not None and group[2] in ("ahead", "not_ahead") + BEHIND_KINDS:
        start = group[1] + 1
        if reader.p[start:start + 1] in ("?", "*", "+", "{"):
            return None
        group = reader.groups.get(start)
    if group is None or group[2] not in ("capture", "plain") or reader.p[group[1] + 1:group[1] + 2] in ("?", "*", "+", "{"):
        return None
    for alt in reader.alternations:
        if alt.start == group[0] and alt.end == group[1] and (group[1] == end - 1 or not alt.shape.nullable):
            return alt
    return None


def _without_captures(reader: _Reader, start: int, end: int) -> str:
    out, last = [], start
    for opened, closed in sorted(reader.captures):
        if start <= opened and closed <= end:
            out += [reader.p[last:opened], "(?:"]
            last = closed
    out.append(reader.p[last:end])
    return "".join(out)


def guarded(compiled: "regex.Pattern[str]") -> "regex.Pattern[str]":
    """``compiled`` with one-character checks (see :func:`guarded_pattern`), or
    ``compiled`` itself when that cannot be done safely."""
    if compiled.flags & UNPLANNED_FLAGS:
        return compiled
    text = guarded_pattern(compiled.pattern)
    if text is None:
        return compiled
    try:
        faster = regex.compile(text, compiled.flags)
    except regex.error:
        return compiled
    if faster.groupindex != compiled.groupindex or faster.groups != compiled.groups:
        return compiled
    return faster


class Check(NamedTuple):
    """How one group of patterns (same required sets, same near words) picks its runs:
    ``finder``, when given, must find a word from ``back`` characters before a run
    to ``over`` characters after it."""

    group: int
    finder: "re.Pattern[str] | None"
    back: int
    over: int


def words_pattern(words: Words) -> "re.Pattern[str]":
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


class Scanner:
    """Finds every match of a list of patterns, reading each pattern only on the runs
    of text it can match in (patterns without a plan read the whole text)."""

    def __init__(self, patterns: tuple["regex.Pattern[str]", ...]):
        self.patterns = patterns
        self.searchers = tuple(guarded(p) for p in patterns)
        plans = [plan_for(p) for p in patterns]
        self.unplanned = tuple(i for i, p in enumerate(plans) if p is None)
        self.over = [p.over if p else 0 for p in plans]
        chars: set[str] = set()
        bit_of: dict[frozenset[str], int] = {}
        needs: list[int] = []
        for plan in plans:
            need = 0
            if plan is not None:
                chars |= plan.chars
                for req in plan.required:
                    need |= bit_of.setdefault(req, 1 << len(bit_of))
            needs.append(need)
        self.char_bits: dict[str, int] = {}
        for req, bit in bit_of.items():
            for ch in req:
                self.char_bits[ch] = self.char_bits.get(ch, 0) | bit
        groups: dict[tuple[int, Words | None, int, int], tuple[int, ...]] = {}
        for i, plan in enumerate(plans):
            if plan is not None:
                key = (needs[i], plan.near, plan.back, plan.over) if plan.near else (needs[i], None, 0, 0)
                groups[key] = groups.get(key, ()) + (i,)
        self.sharing = tuple(groups.values())
        self.checks: dict[int, tuple[Check, ...]] = {}
        for group, (need, near, back, over) in enumerate(groups):
            check = Check(group, words_pattern(near) if near else None, back, over)
            self.checks[need] = self.checks.get(need, ()) + (check,)
        self.runs = run_finder(chars, [plan for plan in plans if plan is not None])
        self._by_mask: dict[int, tuple[Check, ...]] = {}
        self._by_run: dict[str, tuple[Check, ...]] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickled (by the rule cache) with each searcher pickled apart, so that a
        loaded scanner unpickles a searcher only when a text first needs it (a
        small document runs a few of the rules: a third of the patterns' load
        time). A searcher that is its rule's own pattern is stored as its index."""
        import pickle

        own = {id(p): i for i, p in enumerate(self.patterns)}
        state = self.__dict__.copy()
        state["searchers"] = tuple(own[id(s)] if id(s) in own else pickle.dumps(s, pickle.HIGHEST_PROTOCOL)
                                   for s in self.searchers)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.searchers = _LazySearchers(state["searchers"], self.patterns)  # type: ignore[arg-type]

    def applicable_checks(self, run: str) -> tuple[Check, ...]:
        """The checks of the pattern groups whose required characters all occur
        in ``run``."""
        mask = 0
        bits = self.char_bits
        for ch in set(run):
            mask |= bits.get(ch, 0)
        found = self._by_mask.get(mask)
        if found is None:
            found = tuple(check for need, checks in self.checks.items() if need & mask == need for check in checks)
            self._by_mask[mask] = found
        return found

    def windows(self, text: str) -> list[tuple[int, int, tuple[Check, ...]]]:
        """Runs of text some pattern can match in, with the checks (see
        :meth:`applicable_checks`) of the patterns that may match there."""
        if self.runs is None:
            return []
        if len(self._by_run) > RUN_CACHE:
            self._by_run.clear()
        known = self._by_run
        out = []
        for m in self.runs.finditer(text):
            run = m[0]
            which = known.get(run)
            if which is None:
                which = known[run] = self.applicable_checks(run)
            if which:
                out.append((*m.span(), which))
        return out

    def spans(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """For each planned pattern, the spans of text to search, in order.

        A run is left out for the patterns whose near words (see :class:`Plan`)
        are not around it. Runs closer than ``MERGE_GAP`` characters share one
        search (up to ``MERGE_MAX`` characters): the text between them cannot hold
        a match, and one search costs less than two calls.
        """
        by_group: dict[int, list[tuple[int, int]]] = {}
        for start, end, which in self.windows(text):
            for group, finder, back, over in which:
                if finder is not None and finder.search(text, start - back if start > back else 0, end + over) is None:
                    continue
                found = by_group.get(group)
                if found is None:
                    by_group[group] = [(start, end)]
                elif start - found[-1][1] < MERGE_GAP and end - found[-1][0] < MERGE_MAX:
                    found[-1] = (found[-1][0], end)
                else:
                    found.append((start, end))
        return {i: spans for group, spans in by_group.items() for i in self.sharing[group]}


def run_finder(chars: set[str], plans: list[Plan]) -> "re.Pattern[str] | None":
    """A pattern for the runs of ``chars`` that hold a character some plan requires.

    It is a ``re`` pattern: ``re`` tests a large character class in constant time,
    where ``regex`` searches it.
    """
    if not chars:
        return None
    cls = class_of(frozenset(chars))
    if not all(plan.required for plan in plans):
        return re.compile(cls + "+")
    trigger = frozenset().union(*(plan.required[0] for plan in plans))
    return re.compile(f"{cls}*{class_of(trigger)}{cls}*")


def top_branches(pattern: str) -> list[str] | None:
    """The branches of ``pattern``'s top-level alternation, those of a branch that
    is one non-capturing group split in turn (``[pattern]`` when there is none);
    None when the reader does not understand it or a branch can match empty (see
    :class:`FirstOf`)."""
    read = _read_or_none(pattern)
    if read is None or read[1].nullable:
        return None
    reader = read[0]
    whole = reader.groups.get(0)
    if pattern.startswith("(?:") and whole is not None and whole[1] == len(pattern) - 1:
        return top_branches(pattern[3:-1])
    top = next((a for a in reader.alternations if a.start == 0 and a.end == len(pattern)), None)
    if top is None:
        return [pattern]
    if any(b.nullable for _, _, b in top.branches):
        return None
    return [b for start, end, _ in top.branches for b in top_branches(pattern[start:end]) or [pattern[start:end]]]


class _LazySearchers:
    """A loaded :class:`Scanner`'s searchers: each unpickled on first use."""

    __slots__ = ("_stored", "_patterns", "_loaded")

    def __init__(self, stored: tuple[int | bytes, ...], patterns: tuple["regex.Pattern[str]", ...]):
        self._stored = stored
        self._patterns = patterns
        self._loaded: list["regex.Pattern[str]" | None] = [None] * len(stored)

    def __getitem__(self, i: int) -> "regex.Pattern[str]":
        found = self._loaded[i]
        if found is None:
            stored = self._stored[i]
            found = self._loaded[i] = self._patterns[stored] if isinstance(stored, int) else _loads(stored)
        return found

    def __len__(self) -> int:
        return len(self._stored)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return (self[i] for i in range(len(self._stored)))


class FirstOf:
    """Searches ``prefix(?:b1|b2|…)`` as its branches, each compiled on its own,
    with exactly the joined pattern's matches.

    The ``regex`` module tries every branch of an alternation at every position,
    which costs about a microsecond a character for a few dozen branches; a branch
    alone that starts with (or holds) a literal is found by a fast string search.
    The joined pattern's matches are, from where the last one ended, the leftmost
    start any branch matches at, by the first branch in order matching there: that
    is what :meth:`finditer` picks from the branches' own matches, searching a
    branch again from the last end when its next match started before it. Every
    branch must be unable to match empty (:func:`top_branches` checks), so each
    match moves the search on.
    """

    def __init__(self, branches: list["regex.Pattern[str]"], whole: "regex.Pattern[str]"):
        self.branches = branches
        self.whole = whole

    @classmethod
    def of(cls, prefix: str, patterns: list[str]) -> "FirstOf | None":
        """None when some pattern cannot be split (:func:`top_branches`)."""
        branches: list[str] = []
        for pattern in patterns:
            split = top_branches(pattern)
            if split is None:
                return None
            branches += split
        whole = guarded(regex.compile(f"{prefix}(?:{'|'.join(f'(?:{p})' for p in patterns)})"))
        return cls([regex.compile(f"{prefix}(?:{b})") for b in branches], whole)

    @property
    def pattern(self) -> str:
        """The joined pattern's text, as ``regex.Pattern.pattern`` gives it."""
        return self.whole.pattern

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list["regex.Match[str]"]:
        end = len(text) if endpos is None else endpos
        if end - pos < FIRST_OF_MIN:
            return list(self.whole.finditer(text, pos, end))
        return self.branch_matches(text, pos, end)

    def branch_matches(self, text: str, pos: int, end: int) -> list["regex.Match[str]"]:
        """The joined pattern's matches, from the branches' own searches."""
        iters = [p.finditer(text, pos, end) for p in self.branches]
        heap = []
        for i, found in enumerate(iters):
            m = next(found, None)
            if m is not None:
                heap.append((m.start(), i, m))
        heapify(heap)
        out = []
        at = pos
        while heap:
            start, i, m = heap[0]
            if start >= at:
                out.append(m)
                at = m.end()
            else:
                iters[i] = self.branches[i].finditer(text, at, end)
            m = next(iters[i], None)
            if m is None:
                heappop(heap)
            else:
                heapreplace(heap, (m.start(), i, m))
        return out

    def sub(self, replacement: str, text: str) -> str:
        """``text`` with every match replaced by ``replacement``."""
        if len(text) < FIRST_OF_MIN:
            return self.whole.sub(replacement, text)
        parts = []
        last = 0
        for m in self.finditer(text):
            parts += [text[last:m.start()], m.expand(replacement)]
            last = m.end()
        parts.append(text[last:])
        return "".join(parts)
