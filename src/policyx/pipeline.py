"""From input names to per-document results: reading, decoding, extracting.

The CLI and other programs iterate :func:`process`; each document's result carries
either its records or the error that stopped it, so one bad file never stops the rest.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .decoding import InputError, expand_inputs, read_document
from .extractor import Extractor
from .records import Record


@dataclass
class DocResult:
    name: str
    text: str = ""
    records: list[Record] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def process_one(name: str, extractor: Extractor, encoding: str | None = None) -> DocResult:
    try:
        doc = read_document(name, encoding)
        return DocResult(name, doc.text, extractor.extract(doc.text, name))
    except InputError as exc:
        return DocResult(name, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the rest
        return DocResult(name, error=f"{name}: {exc}")


def process(paths: Iterable[str], extractor: Extractor, encoding: str | None = None) -> Iterator[DocResult]:
    """Results in input order."""
    for item in expand_inputs(list(paths)):
        if isinstance(item, InputError):
            yield DocResult(item.name, error=str(item))
        else:
            yield process_one(item, extractor, encoding)
