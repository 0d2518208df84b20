"""Output formats: one module per format, one registry.

A reporter is a function `(report, stream, options) -> None` that writes the
whole report to `stream`: a text stream, or a binary one for the formats whose
`Format.binary` is set (xlsx). The format modules are imported only when asked
for, because importing rich or openpyxl costs start-up time and a pipeline asking
for JSON should not pay it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import IO, Any

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
    # The lowest severity that fails the run (error, warning, info or never):
    # JUnit turns findings at or above it into failures.
    fail_on: str = "error"
    # Text report only: counts by code and by unit instead of the findings
    # (statistics), the summary alone (quiet), at most this many findings listed.
    statistics: bool = False
    quiet: bool = False
    max_findings: int | None = None
    # Text report only: wrap lines at this many columns with a hanging indent
    # (None: at the terminal's width when the stream is a terminal, else not at all).
    width: int | None = None
    # The file the report goes to, if any: the xlsx reporter keeps a .xlsm
    # input's macros only in a .xlsm output, which is the only kind Excel opens.
    destination: str | None = None
    # HTML report only: a finding on a PDF cell shows the cell as the page draws it
    # (reporters/pdf_crops.py; the PDF is read again and rendered: on request only).
    pdf_crops: bool = False


# Text reporters take a text stream, binary ones a byte stream; `Format.binary` says which.
Reporter = Callable[[Report, IO[Any], ReportOptions], None]


@dataclass(slots=True, frozen=True)
class Format:
    name: str
    module: str
    function: str
    binary: bool = False  # writes bytes: never to a terminal, only to an -o file
    # Shows each file's model (its units and projects, not just their counts): the
    # linter keeps every model until the report is written only when a format needs it.
    needs_documents: bool = False

    def load(self) -> Reporter:
        reporter: Reporter = getattr(import_module(self.module), self.function)
        return reporter


# A tuple, so nothing here can be mutated; modules are resolved only when used.
FORMAT_SPECS: tuple[Format, ...] = (
    Format("text", "lintgoals.reporters.text", "write_text"),
    Format("json", "lintgoals.reporters.json_report", "write_json"),
    Format("html", "lintgoals.reporters.html", "write_html", needs_documents=True),
    # The marked copy needs the model: where the amounts are (written as numbers) and the headers (print titles).
    Format("xlsx", "lintgoals.reporters.xlsx", "write_xlsx", binary=True, needs_documents=True),
    Format("sarif", "lintgoals.reporters.sarif", "write_sarif"),
    Format("junit", "lintgoals.reporters.junit", "write_junit", needs_documents=True),
    Format("github", "lintgoals.reporters.github", "write_github"),
    Format("gitlab", "lintgoals.reporters.gitlab", "write_gitlab"),
)

FORMATS: tuple[str, ...] = tuple(spec.name for spec in FORMAT_SPECS)


def get_format(name: str) -> Format:
    """The format of a name; KeyError names the known formats."""
    for spec in FORMAT_SPECS:
        if spec.name == name:
            return spec
    raise KeyError(f"unknown report format {name!r}; known formats: {', '.join(FORMATS)}")


def get_reporter(name: str) -> Reporter:
    """The reporter for a format name; KeyError names the known formats."""
    return get_format(name).load()


__all__ = ["FORMATS", "FORMAT_SPECS", "Format", "ReportOptions", "Reporter", "get_format", "get_reporter"]
