"""The mapping the YAML loader makes, in a module of its own: a cached table or
rule set unpickles it without importing the loader (and with it PyYAML)."""
from __future__ import annotations


class MarkedDict(dict):
    """A mapping that remembers where it and each of its values stand in the file."""

    line: int = 1
    col: int = 1
    value_marks: dict

    def mark_of(self, key: str) -> tuple[int, int]:
        return self.value_marks.get(key, (self.line, self.col))
