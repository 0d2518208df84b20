"""Output formats: one module per format, one registry.

A reporter is a function `(report, stream, options) -> None` that writes the
whole report to `stream`. The format modules are imported only when asked for,
because importing rich costs start-up time and a pipeline asking for JSON should
not pay it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TextIO

from lintgoals.model import Report


@dataclass(slots=True, frozen=True)
class ReportOptions:
    # The language of the report's own words (headings, summary); finding
    # messages arrive already rendered in the language the user chose.
    lang: str = "zh"
    version: str = "0.1.0"
    # None: colour when the stream is a terminal (rich decides, honouring NO_COLOR
    # and FORCE_COLOR); False: never, as for a report written to a file.
    color: bool | None = None


Reporter = Callable[[Report, TextIO, ReportOptions], None]

FORMATS: tuple[str, ...] = ("text", "json")

# name -> (module, function), resolved lazily; a tuple so nothing here can be mutated.
_REPORTER_TARGETS: tuple[tuple[str, str, str], ...] = (
    ("text", "lintgoals.reporters.text", "write_text"),
    ("json", "lintgoals.reporters.json", "write_json"),
)


def get_reporter(name: str) -> Reporter:
    """The reporter for a format name; KeyError names the known formats."""
    for format_name, module_name, function_name in _REPORTER_TARGETS:
        if format_name == name:
            reporter: Reporter = getattr(import_module(module_name), function_name)
            return reporter
    raise KeyError(f"unknown report format {name!r}; known formats: {', '.join(FORMATS)}")


__all__ = ["FORMATS", "ReportOptions", "Reporter", "get_reporter"]
