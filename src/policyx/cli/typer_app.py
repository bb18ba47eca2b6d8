"""The typer application with every command registered. Imported only when a run
needs it (help, usage errors, every command but a plain ``extract``): typer and
the pydantic it coerces values with cost more to import than a one-file run."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="policyx",
    help="Extract numeric indicators from Chinese policy documents, reports and economic news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

from . import evaluate as _evaluate  # noqa: E402,F401  (registers commands)
from . import extract as _extract  # noqa: E402,F401
from . import rules as _rules  # noqa: E402,F401
from . import explain as _explain  # noqa: E402,F401
from . import report as _report  # noqa: E402,F401
