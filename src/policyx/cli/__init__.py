"""The command-line interface: parses options, reads inputs, calls the library,
writes output. Each command lives in its own module of this package; the typer
application that holds them all is in :mod:`.typer_app`.

A plain ``policyx extract ...`` run (the common case, and the one whose start-up
time matters) is parsed by :mod:`.fast_args` without importing typer at all;
anything it does not recognise goes to the typer application, so help, usage
errors and every other command behave exactly as typer makes them."""
from __future__ import annotations

import sys
from typing import Any


def __getattr__(name: str) -> Any:
    if name == "app":
        from .typer_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    from .common import run_cli
    from .fast_args import extract_arguments

    arguments = extract_arguments(sys.argv[1:])
    if arguments is not None:
        from .extract_run import run_extract

        run_cli(lambda: run_extract(**arguments))
    from .typer_app import app

    run_cli(app)
