"""Reading input documents: bytes to text, with the encoding detected (SPEC section 3)."""
from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

TEXT_SUFFIXES = (".txt", ".md")


class InputError(Exception):
    """A document that cannot be read or decoded; the message says why."""

    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason
        super().__init__(f"{name}: {reason}")


@dataclass
class Document:
    name: str
    text: str
    encoding: str


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Text and the encoding used. BOMs first, then strict UTF-8, then a detector."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(name, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(name, f"not valid {encoding} at byte {exc.start}; try another --encoding") from None
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data:
        raise InputError(name, "binary file (contains NUL bytes), skipped")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data, name)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"invalid {encoding} at byte {exc.start}") from None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """GB18030 accepts nearly any bytes, so a detector chooses between the CJK codecs."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8", "utf_16"]).best()
    if best is None or best.encoding is None:
        raise InputError(name, "not text in UTF-8, UTF-16, GB18030/GBK or Big5; give --encoding")
    enc = "gb18030" if best.encoding in ("gb2312", "gbk", "gb18030") else best.encoding
    text = _strict(data, enc, name)
    if _mostly_unprintable(text):
        raise InputError(name, "binary or unknown encoding (mostly non-text), skipped; give --encoding")
    return text, enc


def _mostly_unprintable(text: str) -> bool:
    sample = text[:4000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad > 0.05 * len(sample)


def read_document(path: str, encoding: str | None = None) -> Document:
    """A named input: a file path, or '-' for standard input."""
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except IsADirectoryError:
            raise InputError(path, "is a directory") from None
        except PermissionError:
            raise InputError(path, "permission denied") from None
        except OSError as exc:
            raise InputError(path, exc.strerror or str(exc)) from None
    text, enc = decode_bytes(data, path, encoding)
    return Document(path, text, enc)


def expand_inputs(paths: list[str]) -> Iterator[str | InputError]:
    """Input names in order: files as given, directories as their *.txt/*.md files
    (recursively, sorted). A directory with no text files yields an InputError."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            try:
                found = sorted(
                    str(f) for f in path.rglob("*") if f.suffix.lower() in TEXT_SUFFIXES and f.is_file()
                )
            except PermissionError:
                yield InputError(p, "permission denied")
                continue
            if not found:
                yield InputError(p, "directory holds no .txt or .md files")
            yield from found
        else:
            yield p
