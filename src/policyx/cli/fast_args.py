"""The arguments of a plain ``policyx extract ...`` command line, parsed without
typer (whose import, with the pydantic it coerces values with, costs more than a
one-file run). Only unambiguous command lines are taken: long options, with the
value as the next word or after ``=``, single-letter options each in a word of
their own, plain decimal numbers. Anything else (``--help``, ``--``, ``-vq``,
``-fjsonl``, an unknown option, a missing value, ``1e3``) returns None and the
typer application parses the line, so help, usage errors and their wording stay
typer's. tests/test_fast_args.py checks that both parsers give the command the
same values."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    dest: str
    names: tuple[str, ...]
    kind: str  # "flag", "str", "many" (repeatable str), "int" or "float"
    off: tuple[str, ...] = ()  # names that turn a flag off (--no-bom)


EXTRACT_OPTIONS = (
    Option("format", ("--format", "-f"), "str"),
    Option("output", ("--output", "-o"), "str"),
    Option("rules", ("--rules",), "many"),
    Option("no_default_rules", ("--no-default-rules",), "flag"),
    Option("kind", ("--kind", "-k"), "many"),
    Option("encoding", ("--encoding",), "str"),
    Option("bom", ("--bom",), "flag", off=("--no-bom",)),
    Option("strict", ("--strict",), "flag"),
    Option("config", ("--config",), "str"),
    Option("timeout", ("--timeout",), "float"),
    Option("verbose", ("--verbose", "-v"), "flag"),
    Option("jobs", ("--jobs", "-j"), "int"),
    Option("progress", ("--progress",), "flag"),
    Option("quiet", ("--quiet", "-q"), "flag"),
)
OPTION_BY_NAME = {name: o for o in EXTRACT_OPTIONS for name in (*o.names, *o.off)}
MAX_DIGITS = 9


def extract_defaults() -> dict[str, Any]:
    """What the command receives for options not given (typer's defaults)."""
    values: dict[str, Any] = {"paths": None}
    for o in EXTRACT_OPTIONS:
        values[o.dest] = [] if o.kind == "many" else False if o.kind == "flag" and not o.off else None
    return values


def extract_arguments(argv: list[str]) -> dict[str, Any] | None:
    """``run_extract``'s keyword arguments for ``argv`` (without the program name),
    or None when ``argv`` is not a plain extract command line."""
    if not argv or argv[0] != "extract":
        return None
    values = extract_defaults()
    paths: list[str] = []
    words = iter(argv[1:])
    for word in words:
        if word == "-" or not word.startswith("-"):
            paths.append(word)
            continue
        name, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        option = OPTION_BY_NAME.get(name)
        if option is None:
            return None
        if option.kind == "flag":
            if equals:
                return None
            values[option.dest] = name not in option.off
            continue
        text = attached if equals else next(words, None)
        value = None if text is None else option_value(option.kind, text)
        if value is None:
            return None
        if option.kind == "many":
            values[option.dest].append(value)
        else:
            values[option.dest] = value
    values["paths"] = paths or None
    return values


def option_value(kind: str, text: str) -> str | int | float | None:
    """``text`` as the option's type, or None when it is not a plain decimal number."""
    if kind in ("str", "many"):
        return text
    whole, point, fraction = text.partition(".") if kind == "float" else (text, "", "")
    if not _plain_digits(whole) or (point and not (fraction.isascii() and fraction.isdigit())):
        return None
    return float(text) if kind == "float" else int(text)


def _plain_digits(text: str) -> bool:
    return (text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS
            and (text == "0" or not text.startswith("0")))
