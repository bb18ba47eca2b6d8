"""The command-line interface: parses options, reads inputs, calls the library,
writes output. Each command lives in its own module of this package."""
from __future__ import annotations

import typer

from . import common

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


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    common.run_cli(app)
