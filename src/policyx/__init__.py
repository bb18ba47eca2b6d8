"""policyx: numeric indicators from Chinese policy documents, with exact source spans.

>>> import policyx
>>> [r.text for r in policyx.extract("规模以上工业增加值同比增长6.2%。")]
['6.2%']
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract", "Extractor", "Record", "RuleError", "__version__"]

if TYPE_CHECKING:
    from .extractor import Extractor, extract
    from .records import Record
    from .rules import RuleError


def __getattr__(name: str) -> Any:
    """Lazy imports keep `policyx --help` and `import policyx` fast."""
    if name in ("extract", "Extractor"):
        from . import extractor

        return getattr(extractor, name)
    if name == "Record":
        from .records import Record

        return Record
    if name == "RuleError":
        from .rules import RuleError

        return RuleError
    raise AttributeError(f"module 'policyx' has no attribute {name!r}")
