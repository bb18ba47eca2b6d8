"""Context of each record: the sentence that holds it, and what it measures, when,
against what and whether it is a goal (SPEC section 2). Filled in place."""
from __future__ import annotations

from typing import Sequence

from .matching import Mention
from .normalize import Normalized
from .records import Record

SENTENCE_END = "。！？!?\n"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The normalized sentence around ``[start, end)``."""
    s = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    e = len(text)
    for ch in SENTENCE_END:
        i = text.find(ch, end)
        if 0 <= i < e:
            e = i + (0 if ch == "\n" else 1)
    return s, e


def attach_context(records: Sequence[Record], mentions: Sequence[Mention], norm: Normalized) -> None:
    text = norm.text
    for rec, m in zip(records, mentions):
        s, e = sentence_bounds(text, m.start, m.end)
        rec.sentence = text[s:e].strip()
