"""Text normalization with an offset map back to the original (SPEC section 3).

Every change made here is either a one-for-one character replacement (full-width to
half-width, traditional to simplified) or a deletion (pinyin annotations, markdown
emphasis, layout line breaks, spaces inside numbers). Deletions are recorded as kept
segments, so any offset in the normalized text maps back to the original with a
binary search, and the map is monotonic by construction.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import ne
from functools import lru_cache
from typing import Iterable

import regex

from .resources import load_table

ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")


@dataclass(frozen=True)
class OffsetMap:
    """Kept segments of one deletion pass: normalized offset -> source offset."""

    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    norm_len: int
    orig_len: int

    def to_original(self, i: int) -> int:
        if i >= self.norm_len:
            return self.orig_len + (i - self.norm_len)
        k = bisect_right(self.norm_starts, i) - 1
        return self.orig_starts[k] + (i - self.norm_starts[k])


@dataclass
class Normalized:
    """Normalized text plus the chain of maps that leads back to the source."""

    source: str
    text: str
    maps: list[OffsetMap] = field(default_factory=list)
    traditional: bool = False

    def to_original(self, i: int) -> int:
        for m in reversed(self.maps):
            i = m.to_original(i)
        return i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Half-open source span covering normalized ``[start, end)``.

        The end maps through the last character, so characters deleted after the
        mention (a closing ``**``) stay outside while those inside it (``亿\\n元``)
        are included.
        """
        if end <= start:
            s = self.to_original(start)
            return s, s
        return self.to_original(start), self.to_original(end - 1) + 1

    def as_written(self, start: int, end: int) -> str:
        """Normalized ``[start, end)`` with the full-width punctuation the source
        had there put back (今（4）日, not 今(4)日); the script stays simplified."""
        piece = self.text[start:end]
        if ASCII_PUNCT.search(piece) is None:
            return piece
        chars = list(piece)
        for k, ch in enumerate(chars):
            if ASCII_PUNCT.match(ch):
                was = self.source[self.to_original(start + k)]
                if was != ch and to_halfwidth(was) == ch:
                    chars[k] = was
        return "".join(chars)


@dataclass(frozen=True)
class TextData:
    translate: dict[int, str]
    sentence_end: str
    clause_marks: str
    line_end_keep: str
    pinyin_re: "regex.Pattern[str]"
    markdown_re: "regex.Pattern[str]"
    space_re: "regex.Pattern[str]"
    break_re: "regex.Pattern[str]"
    page_number_re: "regex.Pattern[str]"


@lru_cache(maxsize=1)
def text_data() -> TextData:
    """Through the disk cache, like context_data."""
    return _text_entry()[0]


@lru_cache(maxsize=1)
def _text_entry() -> tuple[TextData, "regex.Pattern[str]", "regex.Pattern[str]",
                           tuple["re.Pattern[str]", dict[str, str]] | None]:
    """TextData, the layout patterns NEXT_ITEM and NUMBER_TAIL and the half-width
    plan, cached together on disk so that a run loads them compiled."""
    from .resources import table_files
    from .rulecache import cached

    return cached("text", table_files(), _build_text_entry)


def _build_text_entry() -> tuple[TextData, "regex.Pattern[str]", "regex.Pattern[str]",
                                 tuple["re.Pattern[str]", dict[str, str]] | None]:
    data = _build_text_data()
    return data, regex.compile(NEXT_ITEM), regex.compile(NUMBER_TAIL), _halfwidth_plan(data.translate)


def _build_text_data() -> TextData:
    table = load_table("text")
    translate: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        translate[code] = chr(code - 0xFEE0)
    for src, dst in (table.get("replace") or {}).items():
        if len(src) != 1 or len(dst) != 1:
            raise ValueError(f"rules/text.yaml: replace must map one character to one: {src!r}")
        translate[ord(src)] = dst
    letters = regex.escape(table["pinyin_letters"])
    toned = regex.escape(table["pinyin_toned"])
    pinyin = regex.compile(
        rf"(?<=\p{{Han}})\((?=[{letters}]{{0,5}}[{toned}])[{letters}]{{1,6}}\)"
    )
    markdown = regex.compile(r"\*{1,3}|~~|(?<![A-Za-z0-9])__|__(?![A-Za-z0-9])|\r(?=\n)")
    digit_unit = r"[0-9.%‰\p{Han}]"
    space = regex.compile(
        rf"(?<=[0-9])[ \t\u00a0\u3000]+(?={digit_unit})|(?<=\p{{Han}})[ \t\u00a0\u3000]+(?=[0-9])"
        rf"|(?<=[%‰])[ \t\u00a0\u3000]+(?=[.%‰\p{{Han}}\-—~～])"
        rf"|(?<=[0-9]\p{{Han}}{{1,4}})[ \t\u00a0\u3000]+(?=以上|以下|左右|上下|以内)"
        rf"|(?<=[0-9][ \t\u00a0\u3000]+\.)[ \t\u00a0\u3000]+(?=[0-9])"
    )
    breaks = regex.compile(r"[ \t\u3000]*\n(?:[ \t\u3000]*\n)?[ \t\u3000]*(?=\S)")
    page_number = regex.compile(rf"(?m)^[ \t\u3000]*(?:{table['page_number']})[ \t\u3000]*(?:\n|\Z)")
    return TextData(
        translate=translate,
        sentence_end=table["sentence_end"],
        clause_marks=table["clause_marks"],
        line_end_keep=table["line_end_keep"],
        pinyin_re=pinyin,
        markdown_re=markdown,
        space_re=space,
        break_re=breaks,
        page_number_re=page_number,
    )


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A code point that cannot be encoded (a str decoded with surrogateescape): OpenCC
would raise on it, so it is read as U+FFFD, one for one, keeping every offset."""


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified, keeping the length (and so every offset).

    OpenCC converts phrase by phrase; when a phrase conversion changes the length
    of a line, that line is converted character by character instead.
    """
    if not text:
        return text
    if _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub("\ufffd", text)
    conv = _converter()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    fixed = []
    for line in lines:
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(ch2 if len(ch2 := conv.convert(ch)) == 1 else ch for ch in line)
        fixed.append(c)
    return "\n".join(fixed)


def delete_spans(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, OffsetMap | None]:
    """Remove the given spans; return the new text and its map (None if unchanged)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if not merged:
        return text, None
    pieces: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    pos = 0
    n = 0
    for s, e in merged:
        if s > pos:
            norm_starts.append(n)
            orig_starts.append(pos)
            pieces.append(text[pos:s])
            n += s - pos
        pos = e
    if pos < len(text) or not norm_starts:
        norm_starts.append(n)
        orig_starts.append(pos)
        pieces.append(text[pos:])
        n += len(text) - pos
    return "".join(pieces), OffsetMap(tuple(norm_starts), tuple(orig_starts), n, len(text))


def _wrap_width(text: str) -> int | None:
    """The column width of a newspaper/OCR layout, or None for paragraph-per-line text."""
    lengths = [len(line.strip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < 8:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    width, hits = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    near = sum(c for n, c in counts.items() if abs(n - width) <= 2)
    if width < 8 or near < 0.4 * len(lengths):
        return None
    return width


RUNNING_HEADER_MAX = 60


def page_furniture(text: str, data: TextData) -> list[tuple[int, int]]:
    """Page-number lines (text.yaml's page_number), each with the blank lines after
    it and the running header under it: a line of at most RUNNING_HEADER_MAX
    characters that the document writes more than once (its title, repeated on every
    page). What is left is a blank line where the page broke, which
    :func:`layout_breaks` joins when a sentence runs across it."""
    spans = []
    for m in data.page_number_re.finditer(text):
        end = m.end()
        while end < len(text) and text[end] in " \t\u3000\n":
            end += 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        line = text[end:line_end].strip()
        if line and len(line) <= RUNNING_HEADER_MAX and text.count(line) > 1:
            end = min(line_end + 1, len(text))
        spans.append((m.start(), end))
    return spans


def layout_breaks(text: str, data: TextData) -> list[tuple[int, int]]:
    """Spans of line breaks that sit inside a sentence and should vanish.

    A break goes when the line before it does not end a sentence and either the
    break splits a number from its digits or unit, the line is as wide as the
    page's column layout, the next line opens with a comma-like mark, or the line
    is running prose (holds a comma-like mark; eight characters and a comma are
    enough when a figure opens the next line and the line is no numbered heading)
    and not a numbered heading followed by a blank line. At most one blank line
    may sit in such a break (OCR page gaps), and not after a document's first line
    (its title), nor where a line ending in a number is followed by words (a
    headline ending 突破3.1亿, then the body), nor where a blank line parts a line ending in a number from one opening with digits
    (a headline ending 单场GMV破亿, then 11月12日凌晨…). A break before
    a list item, a numbered heading (- 项, 1. 项, （一）, 二、, 第三条), a table row (| …) or a
    speaker's turn in an interview (记者：…, 老彭：…) always stays.
    """
    width = _wrap_width(text)
    next_item, number_tail = _text_entry()[1:3]
    spans = []
    first = len(text) - len(text.lstrip())
    for m in data.break_re.finditer(text):
        s, e = m.span()
        if s == 0 or e >= len(text):
            continue
        line_start = text.rfind("\n", 0, s) + 1
        line = text[line_start:s].strip()
        if not line or line[-1] in data.line_end_keep:
            continue
        nxt = text[e]
        if next_item.match(text, e):
            continue
        gap = text.count("\n", s, e) > 1
        if gap and (nxt.isdigit() and (line[-1].isdigit() or line[-1] in "万亿千百%") or line_start <= first):
            continue
        if gap and _is_han(nxt) and number_tail.search(line) is not None:
            continue
        split_number = number_tail.search(line) is not None and (nxt.isdigit() or nxt in ".%" or _is_han(nxt) and not gap)
        wrapped = width is not None and len(line) >= 0.8 * width
        prose = (len(line) >= 20 and any(c in data.clause_marks for c in line)
                 and not (next_item.match(line) and gap))
        short_prose = (not gap and nxt.isdigit() and len(line) >= 8 and ("，" in line or "," in line)
                       and not next_item.match(line))
        continued = not gap and nxt in data.clause_marks
        if split_number or wrapped or prose or short_prose or continued:
            spans.append((s, e))
    return spans


# Compiled in the cached text entry (see _text_entry), so they load compiled.
NEXT_ITEM = (
    r"[-*+•·●♦■◆▪]\s|[0-9]{1,2}[.、)）](?![0-9])|[（(][一二三四五六七八九十0-9]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}、|#|\||第[一二三四五六七八九十百0-9]+[条章节]"
    r"|(?:记者|主持人|听众|嘉宾|网友|问|答|[老小阿][\u4e00-\u9fff]{1,2}"
    r"|[\u4e00-\u9fff]{1,3}(?:师傅|大姐|大哥|阿姨|大爷|老板|女士|先生))[：:]"
)
NUMBER_TAIL = r"[0-9][0-9.,]*(?:[万亿千百]{1,2}|个百?)?$|[0-9]\.$"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


TRADITIONAL_SAMPLE = 20000


@lru_cache(maxsize=1)
def _han_re() -> "re.Pattern[str]":
    """Compiled on first use (a few milliseconds): only a text with characters changed needs it."""
    return re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def is_traditional(before: str, after: str) -> bool:
    """Whether a text sample is written in traditional script (many characters changed)."""
    changed = 0 if before == after else sum(map(ne, before, after))
    if changed < 3:
        return False
    han = len(_han_re().findall(after))
    return han > 0 and changed >= max(3, 0.1 * han)


def _replacements() -> tuple["re.Pattern[str]", dict[str, str]] | None:
    return _text_entry()[3]


def _halfwidth_plan(translate: dict[int, str]) -> tuple["re.Pattern[str]", dict[str, str]] | None:
    """The translate table as a pattern of the characters it changes, when replacing
    them one character at a time gives what ``str.translate`` gives (no replacement
    produces a character that is itself replaced)."""
    table = {chr(k): v for k, v in translate.items() if chr(k) != v}
    if not table or any(v in table for v in table.values()):
        return None
    return re.compile("[" + "".join(re.escape(k) for k in sorted(table)) + "]"), table


def to_halfwidth(text: str) -> str:
    """``text.translate(text_data().translate)``, faster: only the characters present
    are replaced, each in one pass of ``str.replace``."""
    plan = _replacements()
    if plan is None:
        return text.translate(text_data().translate)
    pattern, table = plan
    for ch in set(pattern.findall(text)):
        text = text.replace(ch, table[ch])
    return text


def normalize(source: str) -> Normalized:
    data = text_data()
    result = Normalized(source=source, text=source)
    halfwidth = to_halfwidth(source)
    text = to_simplified(halfwidth)
    result.traditional = is_traditional(halfwidth[:TRADITIONAL_SAMPLE], text[:TRADITIONAL_SAMPLE])
    spans = [m.span() for m in data.pinyin_re.finditer(text)]
    spans += [m.span() for m in data.markdown_re.finditer(text)]
    spans += page_furniture(text, data)
    text, m1 = delete_spans(text, spans)
    if m1:
        result.maps.append(m1)
    spans = layout_breaks(text, data)
    text, m2 = delete_spans(text, spans)
    if m2:
        result.maps.append(m2)
    text, m3 = delete_spans(text, [m.span() for m in data.space_re.finditer(text)])
    if m3:
        result.maps.append(m3)
    result.text = text
    return result
